#pragma once
// SourceTable: every sender the hub has heard, of both protocols (an Art-Net source is its IP and
// physical port, an sACN source its CID), with packet counts and when it was last heard. Bounded
// so a flood of fake sources cannot grow memory: when full, the stalest entry makes room once it
// has been silent for 10 s; until then newcomers are counted in dropped() and not tracked.
//
// Threads: note() on the hub's receive thread (and on test threads driving a detached hub);
// snapshot()/dropped() from any non-audio thread. mutex_ holds no other lock.

#include "HubStatus.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <vector>

namespace dmxin::net {

class SourceTable {
public:
    static constexpr std::size_t kMaxTracked = 64;

    // Counts one packet from `seen` (ip, physical/cid, lastSeenNs and lastUniverse filled in).
    void note(const SourceInfo& seen);
    std::vector<SourceInfo> snapshot() const;
    // Sources that could not be tracked because the table was full.
    std::uint64_t dropped() const noexcept { return dropped_.load(); }

private:
    mutable std::mutex mutex_;
    std::vector<SourceInfo> sources_;
    std::atomic<std::uint64_t> dropped_{0};
};

} // namespace dmxin::net
