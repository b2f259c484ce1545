#include "SourceTable.h"

#include <algorithm>

namespace dmxin::net {

void SourceTable::note(const SourceInfo& seen) {
    std::lock_guard lock(mutex_);
    for (auto& s : sources_) {
        const bool same = s.protocol == seen.protocol
                       && (seen.protocol == DmxProtocol::Sacn ? s.cid == seen.cid
                                                              : s.ip == seen.ip && s.physical == seen.physical);
        if (same) {
            ++s.packets;
            s.ip = seen.ip;
            s.lastSeenNs = seen.lastSeenNs;
            s.lastUniverse = seen.lastUniverse;
            return;
        }
    }
    // Bounded so a flood of fake sources cannot grow memory: evict the stalest after 10 s idle.
    if (sources_.size() >= kMaxTracked) {
        auto stalest = std::min_element(sources_.begin(), sources_.end(),
                                        [](const SourceInfo& a, const SourceInfo& b) { return a.lastSeenNs < b.lastSeenNs; });
        if (seen.lastSeenNs - stalest->lastSeenNs < 10'000'000'000ull) {
            dropped_.fetch_add(1, std::memory_order_relaxed);
            return;
        }
        sources_.erase(stalest);
    }
    sources_.push_back(seen);
    sources_.back().packets = 1;
}

std::vector<SourceInfo> SourceTable::snapshot() const {
    std::lock_guard lock(mutex_);
    return sources_;
}

} // namespace dmxin::net
