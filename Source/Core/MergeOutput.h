#pragma once
// What a universe merger (ArtNetMerger, SacnMerger) hands to the receive path: the merged image of
// one universe after a packet, a sync, a source leaving, or the loss of every source.
// Receive thread only: the mergers call the sink synchronously from their own methods.

#include <cstdint>

namespace dmxin {

struct MergeOutput {
    std::uint16_t universe = 0;            // Art-Net Port-Address (0..32767) or sACN universe (1..63999), per merger
    const std::uint8_t* slots = nullptr;   // 512 slots, slot 1 first; valid only during the sink call
    std::uint16_t length = 0;              // slots that carry data (1..512)
    std::uint64_t arrivalNs = 0;           // arrival time of the newest packet that contributed
    bool lost = false;                     // every source has gone: slots hold the last output, apply loss behaviour
    bool merging = false;                  // more than one source contributes right now
};

class MergeSink {
public:
    virtual ~MergeSink() = default;
    virtual void onMergeOutput(const MergeOutput& output) noexcept = 0;
};

} // namespace dmxin
