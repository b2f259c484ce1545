#include "DelayMeter.h"

#include <algorithm>

namespace dmxin {

namespace {
constexpr std::uint64_t kSecondNs = 1'000'000'000ull;
} // namespace

DelayMeter::DelayMeter() = default;

void DelayMeter::record(std::uint64_t nowNs, std::uint64_t delayNs) noexcept {
    const std::uint64_t second = nowNs / kSecondNs;
    Second& s = seconds_[static_cast<std::size_t>(second % kSlots)];
    if (s.stamp.load(std::memory_order_relaxed) != second + 1) {
        // A new second reuses the slot of one kSlots seconds ago: clear it, then claim it.
        s.stamp.store(0, std::memory_order_relaxed);
        for (auto& b : s.bins)
            b.store(0, std::memory_order_relaxed);
        s.worstNs.store(0, std::memory_order_relaxed);
        s.stamp.store(second + 1, std::memory_order_release);
    }
    const auto bin = static_cast<std::size_t>(std::min<std::uint64_t>(delayNs / kBinNs, kBins - 1));
    s.bins[bin].fetch_add(1, std::memory_order_relaxed);
    if (delayNs > s.worstNs.load(std::memory_order_relaxed))
        s.worstNs.store(delayNs, std::memory_order_relaxed);   // one writer: no lost update
}

DelayMeter::Summary DelayMeter::summary(std::uint64_t nowNs) const noexcept {
    const std::uint64_t second = nowNs / kSecondNs;
    const std::uint64_t oldest = second >= kSeconds ? second - kSeconds : 0;
    std::array<std::uint64_t, kBins> counts{};
    Summary out;
    for (const Second& s : seconds_) {
        const std::uint64_t stamp = s.stamp.load(std::memory_order_acquire);
        if (stamp == 0 || stamp - 1 < oldest || stamp - 1 > second)
            continue;
        for (std::size_t i = 0; i < counts.size(); ++i) {
            const std::uint32_t n = s.bins[i].load(std::memory_order_relaxed);
            counts[i] += n;
            out.count += n;
        }
        out.worstNs = std::max(out.worstNs, s.worstNs.load(std::memory_order_relaxed));
    }
    if (out.count == 0)
        return out;
    // The lower median: the bin holding the ((count + 1) / 2)-th smallest figure.
    const std::uint64_t rank = (out.count + 1) / 2;
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        seen += counts[i];
        if (seen >= rank) {
            out.medianNs = std::min<std::uint64_t>((i + 1) * kBinNs, out.worstNs);
            break;
        }
    }
    return out;
}

} // namespace dmxin
