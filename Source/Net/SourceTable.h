#pragma once
// SourceTable: every sender the hub has heard, of both protocols (an Art-Net source is its IP and
// physical port, an sACN source its CID), with packet counts and when it was last heard. Bounded
// so a flood of fake sources cannot grow memory: when full, the stalest entry makes room once it
// has been silent for 10 s; until then newcomers are counted in dropped() and not tracked.
//
// Threads: note() on one thread at a time, the writer (the hub's receive thread, or the test
// thread driving a detached hub); snapshot()/dropped() from any non-audio thread. No lock: note()
// runs for every packet, so it must not contend with status() readers. The writer keeps its own
// table and publishes each change into a seqlock-guarded copy made of relaxed atomic words (so a
// reader racing a write retries instead of reading torn data, and TSan sees no plain race).

#include "HubStatus.h"

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <vector>

namespace dmxin::net {

class SourceTable {
public:
    static constexpr std::size_t kMaxTracked = 64;

    SourceTable();

    // Counts one packet from `seen` (ip, physical/cid, lastSeenNs and lastUniverse filled in).
    // Writer thread only; never locks or allocates.
    void note(const SourceInfo& seen) noexcept;
    // A consistent copy of the table as of some moment. Any non-audio thread.
    std::vector<SourceInfo> snapshot() const;
    // Sources that could not be tracked because the table was full.
    std::uint64_t dropped() const noexcept { return dropped_.load(); }

private:
    static_assert(std::is_trivially_copyable_v<SourceInfo>, "published as raw words");
    static constexpr std::size_t kWords = (sizeof(SourceInfo) + 7) / 8;
    using Words = std::array<std::atomic<std::uint64_t>, kWords>;

    void publish(std::size_t from, std::size_t to) noexcept;   // entries [from, to) and the count

    // The writer's own table: read and changed only by the writer thread. Capacity reserved at
    // construction, so note() never allocates.
    std::vector<SourceInfo> sources_;
    // The published copy. seq_ is odd while the writer updates it.
    std::atomic<std::uint64_t> seq_{0};
    std::atomic<std::size_t> count_{0};
    std::array<Words, kMaxTracked> published_{};
    std::atomic<std::uint64_t> dropped_{0};
};

} // namespace dmxin::net
