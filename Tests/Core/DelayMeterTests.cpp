#include "Core/DelayMeter.h"

#include <catch2/catch.hpp>

#include <memory>

using namespace dmxin;

namespace {
constexpr std::uint64_t kMs = 1'000'000ull;
constexpr std::uint64_t kS = 1'000'000'000ull;
} // namespace

TEST_CASE("DelayMeter: empty, one figure, median and worst", "[delay]") {
    auto meter = std::make_unique<DelayMeter>();
    const std::uint64_t t0 = 100 * kS;
    CHECK(meter->summary(t0).count == 0);
    CHECK(meter->summary(t0).medianNs == 0);
    CHECK(meter->summary(t0).worstNs == 0);

    meter->record(t0, 2'340'000);   // 2.34 ms
    auto s = meter->summary(t0);
    CHECK(s.count == 1);
    CHECK(s.worstNs == 2'340'000);
    CHECK(s.medianNs == 2'340'000);   // its bin's upper edge (2.4 ms) clamped to the worst

    // 1, 2, 3, 4, 20 ms: median 3 ms (resolved to the bin's upper edge 3.1 ms), worst 20 ms.
    meter = std::make_unique<DelayMeter>();
    for (std::uint64_t d : {1 * kMs, 20 * kMs, 3 * kMs, 2 * kMs, 4 * kMs})
        meter->record(t0 + 100 * kMs, d);
    s = meter->summary(t0 + 200 * kMs);
    CHECK(s.count == 5);
    CHECK(s.worstNs == 20 * kMs);
    CHECK(s.medianNs == 3 * kMs + DelayMeter::kBinNs);
    // Even count: the lower median.
    meter->record(t0 + 300 * kMs, 1 * kMs);
    CHECK(meter->summary(t0 + 300 * kMs).medianNs == 2 * kMs + DelayMeter::kBinNs);
    // Beyond the histogram: counted in the last bin, the worst is still exact.
    meter->record(t0 + 300 * kMs, 250 * kMs);
    CHECK(meter->summary(t0 + 300 * kMs).worstNs == 250 * kMs);
    CHECK(meter->summary(t0 + 300 * kMs).count == 7);
}

TEST_CASE("DelayMeter: figures older than the window fall out", "[delay]") {
    auto meter = std::make_unique<DelayMeter>();
    const std::uint64_t t0 = 1000 * kS;
    meter->record(t0, 30 * kMs);                      // second 1000
    meter->record(t0 + 2 * kS, 5 * kMs);              // second 1002
    CHECK(meter->summary(t0 + 2 * kS).count == 2);
    CHECK(meter->summary(t0 + 2 * kS).worstNs == 30 * kMs);
    // At second 1005 the window is 1000..1005: both still in.
    CHECK(meter->summary(t0 + 5 * kS).count == 2);
    // At 1006 second 1000 is out: its worst goes with it.
    auto s = meter->summary(t0 + 6 * kS);
    CHECK(s.count == 1);
    CHECK(s.worstNs == 5 * kMs);
    CHECK(meter->summary(t0 + 8 * kS).count == 0);
    // Writing second 1006 reuses second 1000's slot and starts it empty.
    meter->record(t0 + 6 * kS, 1 * kMs);
    s = meter->summary(t0 + 6 * kS);
    CHECK(s.count == 2);
    CHECK(s.worstNs == 5 * kMs);
}
