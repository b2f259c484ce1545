// LearnDetector: which channel a programmer moved, ignoring channels that flicker by themselves.

#include "Editor/LearnDetector.h"

#include <catch2/catch.hpp>

#include <array>

using namespace dmxin;

namespace {
constexpr std::uint64_t kMs = 1'000'000ull;
const UniverseId kU = *PortAddress::fromFlat(0);

struct Feed {
    LearnDetector detector;
    std::array<std::uint8_t, 512> slots{};
    std::uint64_t now = 1000 * kMs;
    void tick(int frames = 1) {
        for (int i = 0; i < frames; ++i) {
            detector.observe(kU, slots.data(), now);
            now += 33 * kMs;
        }
    }
};
} // namespace

TEST_CASE("learn: the channel that moved most wins once it settles") {
    Feed f;
    f.detector.arm(f.now);
    f.slots[9] = 50;
    f.tick(15);   // baseline: nothing moves
    CHECK_FALSE(f.detector.result(f.now));
    f.slots[9] = 90;    // channel 10 moves 40
    f.slots[19] = 250;  // channel 20 moves 250
    f.tick(1);
    auto r = f.detector.result(f.now);
    REQUIRE(r);
    CHECK(r->channel == 20);
    CHECK_FALSE(r->settled);
    f.tick(20);
    r = f.detector.result(f.now);
    REQUIRE(r);
    CHECK(r->settled);
    CHECK(r->channel == 20);
    CHECK(r->universe == kU);
    CHECK_FALSE(r->pair);
}

TEST_CASE("learn: a channel that flickers by itself during the baseline is ignored") {
    Feed f;
    f.detector.arm(f.now);
    for (int i = 0; i < 15; ++i) {
        f.slots[2] = (i % 2) ? 100 : 200;   // channel 3 flickers wildly
        f.tick();
    }
    f.slots[2] = 0;
    f.tick(3);
    CHECK_FALSE(f.detector.result(f.now));   // flicker alone never wins
    f.slots[40] = 60;                        // channel 41 moves by less than the flicker
    f.tick(20);
    const auto r = f.detector.result(f.now);
    REQUIRE(r);
    CHECK(r->channel == 41);
}

TEST_CASE("learn: small noise stays below the threshold") {
    Feed f;
    f.detector.arm(f.now);
    f.tick(15);
    f.slots[100] = 10;   // below the 20-step threshold
    f.tick(20);
    CHECK_FALSE(f.detector.result(f.now));
}

TEST_CASE("learn: two adjacent channels moving together offer a coarse/fine pair") {
    Feed f;
    f.detector.arm(f.now);
    f.tick(15);
    for (int step = 0; step < 10; ++step) {
        f.slots[99] = static_cast<std::uint8_t>(step * 3);          // coarse 100 moves a little
        f.slots[100] = static_cast<std::uint8_t>((step * 97) % 256); // fine 101 moves a lot
        f.tick();
    }
    f.tick(20);
    const auto r = f.detector.result(f.now);
    REQUIRE(r);
    CHECK(r->settled);
    CHECK(r->pair);
    CHECK(r->coarse == 100);
    CHECK(r->fine == 101);
}

TEST_CASE("learn: disarmed, nothing is reported") {
    Feed f;
    f.detector.arm(f.now);
    f.tick(15);
    f.slots[0] = 255;
    f.tick(20);
    REQUIRE(f.detector.result(f.now));
    f.detector.disarm();
    CHECK_FALSE(f.detector.result(f.now));
}
