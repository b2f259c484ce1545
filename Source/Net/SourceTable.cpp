#include "SourceTable.h"

#include <algorithm>
#include <cstring>
#include <thread>

namespace dmxin::net {

SourceTable::SourceTable() {
    sources_.reserve(kMaxTracked);
}

void SourceTable::publish(std::size_t from, std::size_t to) noexcept {
    // Seqlock write side: odd while writing. The release fence keeps the data stores after the odd
    // sequence; the release store of the even one keeps them before it.
    const std::uint64_t seq = seq_.load(std::memory_order_relaxed);
    seq_.store(seq + 1, std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_release);
    for (std::size_t i = from; i < to; ++i) {
        std::array<std::uint64_t, kWords> raw{};
        std::memcpy(raw.data(), &sources_[i], sizeof(SourceInfo));
        for (std::size_t w = 0; w < kWords; ++w)
            published_[i][w].store(raw[w], std::memory_order_relaxed);
    }
    count_.store(sources_.size(), std::memory_order_relaxed);
    seq_.store(seq + 2, std::memory_order_release);
}

void SourceTable::note(const SourceInfo& seen) noexcept {
    for (std::size_t i = 0; i < sources_.size(); ++i) {
        SourceInfo& s = sources_[i];
        const bool same = s.protocol == seen.protocol
                       && (seen.protocol == DmxProtocol::Sacn ? s.cid == seen.cid
                                                              : s.ip == seen.ip && s.physical == seen.physical);
        if (same) {
            ++s.packets;
            s.ip = seen.ip;
            s.lastSeenNs = seen.lastSeenNs;
            s.lastUniverse = seen.lastUniverse;
            publish(i, i + 1);
            return;
        }
    }
    // Bounded so a flood of fake sources cannot grow memory: evict the stalest after 10 s idle.
    std::size_t from = sources_.size();
    if (sources_.size() >= kMaxTracked) {
        auto stalest = std::min_element(sources_.begin(), sources_.end(),
                                        [](const SourceInfo& a, const SourceInfo& b) { return a.lastSeenNs < b.lastSeenNs; });
        if (seen.lastSeenNs - stalest->lastSeenNs < 10'000'000'000ull) {
            dropped_.fetch_add(1, std::memory_order_relaxed);
            return;
        }
        from = static_cast<std::size_t>(stalest - sources_.begin());
        sources_.erase(stalest);   // the entries after it move down: republished below
    }
    sources_.push_back(seen);      // capacity reserved: no allocation
    sources_.back().packets = 1;
    publish(from, sources_.size());
}

std::vector<SourceInfo> SourceTable::snapshot() const {
    // The words are read into a plain buffer first and turned into entries only once the copy is
    // known to be consistent (status() readers call this often; the fuzzers around every input).
    std::array<std::array<std::uint64_t, kWords>, kMaxTracked> raw;
    std::size_t n = 0;
    for (int attempt = 0;; ++attempt) {
        // Seqlock read side: retry if a write was in progress or happened while copying.
        const std::uint64_t before = seq_.load(std::memory_order_acquire);
        if ((before & 1) == 0) {
            n = std::min(count_.load(std::memory_order_relaxed), kMaxTracked);
            for (std::size_t i = 0; i < n; ++i) {
                const std::atomic<std::uint64_t>* from = published_[i].data();
                std::uint64_t* to = raw[i].data();
                for (std::size_t w = 0; w < kWords; ++w)
                    to[w] = from[w].load(std::memory_order_relaxed);
            }
            std::atomic_thread_fence(std::memory_order_acquire);
            if (seq_.load(std::memory_order_relaxed) == before)
                break;
        }
        // A write takes well under a microsecond; under a packet flood let the writer run.
        if (attempt >= 8)
            std::this_thread::yield();
    }
    std::vector<SourceInfo> out(n);
    for (std::size_t i = 0; i < n; ++i)
        std::memcpy(static_cast<void*>(&out[i]), raw[i].data(), sizeof(SourceInfo));   // trivially copyable
    return out;
}

} // namespace dmxin::net
