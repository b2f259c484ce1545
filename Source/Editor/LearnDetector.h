#pragma once
// LearnDetector: finds the DMX channel a programmer moves. Armed, it watches 512-slot images of
// one or more universes over time. The first images (baselineNs) only learn what is normal: a
// channel that moves more than the noise threshold while nobody touches anything flickers by
// itself and is ignored from then on. After that, the channel whose value moved furthest from its
// baseline (at least `threshold` steps) wins; once it has not moved further for `settleNs`, the
// result is settled. When a neighbour moved with it (beyond the noise threshold), the pair is
// offered as a 16-bit coarse/fine channel pair (lower channel coarse).
// Plain C++, no JUCE; message thread (the editor's timer) only.

#include "Core/DmxFrame.h"
#include "Core/UniverseId.h"

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

namespace dmxin {

class LearnDetector {
public:
    struct Settings {
        int noiseThreshold = 4;                     // steps a channel may wander by itself
        int threshold = 20;                         // steps a deliberate move must reach
        std::uint64_t baselineNs = 300'000'000ull;  // quiet time learned after arming
        std::uint64_t settleNs = 400'000'000ull;    // no further growth for this long: settled
    };

    struct Result {
        UniverseId universe;
        int channel = 0;          // 1..512, the channel that moved most
        int change = 0;           // how far it moved (steps)
        bool pair = false;        // a neighbour moved too: offer coarse/fine
        int coarse = 0;           // the pair, when offered (coarse = lower channel)
        int fine = 0;
        bool settled = false;
    };

    LearnDetector() = default;
    explicit LearnDetector(Settings settings) : settings_(settings) {}

    void arm(std::uint64_t nowNs);
    void disarm() noexcept { armed_ = false; universes_.clear(); }
    bool armed() const noexcept { return armed_; }
    bool learningBaseline(std::uint64_t nowNs) const noexcept { return armed_ && nowNs < armedNs_ + settings_.baselineNs; }

    // Feeds the current image of a watched universe (call every tick for each one).
    void observe(UniverseId universe, const std::uint8_t* slots, std::uint64_t nowNs);
    // The best candidate so far, if any channel moved past the threshold.
    std::optional<Result> result(std::uint64_t nowNs) const;

private:
    struct Track {
        UniverseId universe;
        bool seeded = false;
        std::array<std::uint8_t, kDmxSlots> base{};
        std::array<std::uint8_t, kDmxSlots> low{}, high{};   // range during the baseline
        std::array<bool, kDmxSlots> flicker{};
        std::array<std::uint8_t, kDmxSlots> change{};        // furthest distance from base after the baseline
        std::uint64_t lastGrowthNs = 0;
    };

    Settings settings_;
    bool armed_ = false;
    std::uint64_t armedNs_ = 0;
    std::vector<Track> universes_;
};

} // namespace dmxin
