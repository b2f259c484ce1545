#pragma once
// What the Core tests share: byte arrays written as integer lists, and a MergeSink that records
// every output of an Art-Net or sACN merger. Test threads only.

#include "Core/MergeOutput.h"

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <vector>

namespace dmxin::testing {

using Bytes = std::vector<std::uint8_t>;

inline Bytes bytes(std::initializer_list<int> values) {
    Bytes out;
    for (int v : values)
        out.push_back(static_cast<std::uint8_t>(v));
    return out;
}

// One MergeOutput, copied (the merger's slots are only valid during the call).
struct Recorded {
    std::uint16_t universe = 0;
    Bytes slots;   // all 512
    std::uint16_t length = 0;
    std::uint64_t arrivalNs = 0;
    bool lost = false;
    bool merging = false;

    Bytes used() const { return Bytes(slots.begin(), slots.begin() + length); }
};

struct RecordingSink final : MergeSink {
    std::vector<Recorded> outputs;
    void onMergeOutput(const MergeOutput& o) noexcept override {
        outputs.push_back({o.universe, Bytes(o.slots, o.slots + 512), o.length, o.arrivalNs, o.lost, o.merging});
    }
    const Recorded& last() const { return outputs.back(); }
    // The first `n` slots of the last output.
    Bytes head(std::size_t n) const { return Bytes(last().slots.begin(), last().slots.begin() + static_cast<std::ptrdiff_t>(n)); }
};

} // namespace dmxin::testing
