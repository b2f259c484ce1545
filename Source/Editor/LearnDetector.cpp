// LearnDetector (see LearnDetector.h). Message thread only.

#include "LearnDetector.h"

#include <cstdlib>

namespace dmxin {

void LearnDetector::arm(std::uint64_t nowNs) {
    armed_ = true;
    armedNs_ = nowNs;
    universes_.clear();
}

void LearnDetector::observe(UniverseId universe, const std::uint8_t* slots, std::uint64_t nowNs) {
    if (!armed_ || slots == nullptr)
        return;
    Track* track = nullptr;
    for (auto& t : universes_)
        if (t.universe == universe)
            track = &t;
    if (track == nullptr) {
        universes_.emplace_back();
        track = &universes_.back();
        track->universe = universe;
    }
    auto& t = *track;
    if (!t.seeded) {
        for (std::size_t i = 0; i < kDmxSlots; ++i)
            t.base[i] = t.low[i] = t.high[i] = slots[i];
        t.seeded = true;
        return;
    }
    const bool baseline = learningBaseline(nowNs);
    for (std::size_t i = 0; i < kDmxSlots; ++i) {
        const std::uint8_t v = slots[i];
        if (baseline) {
            t.low[i] = std::min(t.low[i], v);
            t.high[i] = std::max(t.high[i], v);
            t.base[i] = v;   // the newest value before the move is the reference
            if (t.high[i] - t.low[i] > settings_.noiseThreshold)
                t.flicker[i] = true;
            continue;
        }
        if (t.flicker[i])
            continue;
        const int distance = std::abs(static_cast<int>(v) - static_cast<int>(t.base[i]));
        if (distance > t.change[i]) {
            t.change[i] = static_cast<std::uint8_t>(distance);
            if (distance > settings_.noiseThreshold)
                t.lastGrowthNs = nowNs;
        }
    }
}

std::optional<LearnDetector::Result> LearnDetector::result(std::uint64_t nowNs) const {
    if (!armed_)
        return std::nullopt;
    std::optional<Result> best;
    for (const auto& t : universes_) {
        for (std::size_t i = 0; i < kDmxSlots; ++i) {
            const int change = t.change[i];
            if (change < settings_.threshold || (best && change <= best->change))
                continue;
            Result r;
            r.universe = t.universe;
            r.channel = static_cast<int>(i) + 1;
            r.change = change;
            r.settled = nowNs >= t.lastGrowthNs + settings_.settleNs;
            // A neighbour that moved too (and is not flicker) makes a coarse/fine pair.
            const auto moved = [&](std::size_t j) { return t.change[j] > settings_.noiseThreshold && !t.flicker[j]; };
            const bool left = i > 0 && moved(i - 1);
            const bool right = i + 1 < kDmxSlots && moved(i + 1);
            if (left || right) {
                // With both neighbours moving, pair with the one that moved more.
                const bool useLeft = left && (!right || t.change[i - 1] >= t.change[i + 1]);
                r.pair = true;
                r.coarse = useLeft ? static_cast<int>(i) : static_cast<int>(i) + 1;
                r.fine = r.coarse + 1;
            }
            best = r;
        }
    }
    return best;
}

} // namespace dmxin
