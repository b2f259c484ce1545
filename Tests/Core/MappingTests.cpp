#include "Core/ExactlyEqual.h"
#include "Core/Mapping.h"

#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <cstdint>
#include <string>

using namespace dmxin;

namespace {

Mapping eightBit(int channel = 1) {
    Mapping m;
    m.channel = channel;
    return m;
}

Mapping sixteenBit(int channel = 1, int fine = 0) {
    Mapping m;
    m.channel = channel;
    m.sixteenBit = true;
    m.fineChannel = fine;
    return m;
}

} // namespace

TEST_CASE("readRawValue reads 8- and 16-bit inputs", "[mapping]") {
    std::array<std::uint8_t, kDmxSlots> slots{};
    for (std::size_t i = 0; i < kDmxSlots; ++i)
        slots[i] = static_cast<std::uint8_t>(i * 7 + 3);

    CHECK(readRawValue(eightBit(1), slots.data()) == slots[0]);
    CHECK(readRawValue(eightBit(12), slots.data()) == slots[11]);
    CHECK(readRawValue(eightBit(512), slots.data()) == slots[511]);
    CHECK(readRawValue(eightBit(0), slots.data()) == 0);
    CHECK(readRawValue(eightBit(513), slots.data()) == 0);
    CHECK(readRawValue(eightBit(-5), slots.data()) == 0);

    slots[9] = 0x12;
    slots[10] = 0x34;
    slots[99] = 0xAB;
    CHECK(readRawValue(sixteenBit(10), slots.data()) == 0x1234);          // fine = channel + 1
    CHECK(readRawValue(sixteenBit(10, 100), slots.data()) == 0x12AB);     // explicit fine
    CHECK(readRawValue(sixteenBit(100, 10), slots.data()) == 0xAB12);     // fine may precede coarse
    slots[511] = 0xFF;
    CHECK(readRawValue(sixteenBit(512), slots.data()) == 0xFF00);         // fine 513 reads 0
}

TEST_CASE("mapRawValue scales 8-bit inputs exactly at the edges", "[mapping]") {
    const Mapping m = eightBit();
    CHECK(exactlyEqual(mapRawValue(m, 0), 0.0f));
    CHECK(exactlyEqual(mapRawValue(m, 255), 1.0f));
    CHECK(mapRawValue(m, 51) == Approx(0.2f));
    CHECK(mapRawValue(m, 128) == Approx(128.0f / 255.0f));
    CHECK(exactlyEqual(mapRawValue(m, -10), 0.0f));
    CHECK(exactlyEqual(mapRawValue(m, 300), 1.0f));
}

TEST_CASE("mapRawValue scales 16-bit inputs exactly at the edges", "[mapping]") {
    const Mapping m = sixteenBit();
    CHECK(m.rawMax() == 65535);
    CHECK(exactlyEqual(mapRawValue(m, 0), 0.0f));
    CHECK(exactlyEqual(mapRawValue(m, 65535), 1.0f));
    CHECK(mapRawValue(m, 1) > 0.0f);
    CHECK(mapRawValue(m, 1) == Approx(1.0f / 65535.0f));
    CHECK(mapRawValue(m, 65534) < 1.0f);
    CHECK(mapRawValue(m, 32768) == Approx(32768.0f / 65535.0f));
    // A 16-bit mapping must resolve every step, not only the coarse byte.
    float previous = -1.0f;
    int strictlyIncreasing = 0;
    for (int raw = 0; raw <= 65535; raw += 1) {
        const float v = mapRawValue(m, raw);
        if (v > previous)
            ++strictlyIncreasing;
        previous = v;
    }
    CHECK(strictlyIncreasing == 65536);
}

TEST_CASE("mapRawValue input window", "[mapping]") {
    Mapping m = eightBit();
    m.inMin = 100;
    m.inMax = 200;
    CHECK(exactlyEqual(mapRawValue(m, 0), 0.0f));
    CHECK(exactlyEqual(mapRawValue(m, 100), 0.0f));
    CHECK(mapRawValue(m, 150) == Approx(0.5f));
    CHECK(exactlyEqual(mapRawValue(m, 200), 1.0f));
    CHECK(exactlyEqual(mapRawValue(m, 255), 1.0f));

    SECTION("inMax -1 means the full range") {
        m.inMax = -1;
        CHECK(m.effectiveInMax() == 255);
        CHECK(exactlyEqual(mapRawValue(m, 255), 1.0f));
        CHECK(exactlyEqual(mapRawValue(m, 100), 0.0f));
    }
    SECTION("a zero-width window is a threshold") {
        m.inMin = 128;
        m.inMax = 128;
        CHECK(exactlyEqual(mapRawValue(m, 127), 0.0f));
        CHECK(exactlyEqual(mapRawValue(m, 128), 1.0f));
        CHECK(exactlyEqual(mapRawValue(m, 255), 1.0f));
    }
    SECTION("16-bit window") {
        Mapping w = sixteenBit();
        w.inMin = 1000;
        w.inMax = 3000;
        CHECK(exactlyEqual(mapRawValue(w, 999), 0.0f));
        CHECK(mapRawValue(w, 2000) == Approx(0.5f));
        CHECK(exactlyEqual(mapRawValue(w, 3000), 1.0f));
    }
}

TEST_CASE("mapRawValue invert and output ranges", "[mapping]") {
    Mapping m = eightBit();
    SECTION("invert") {
        m.invert = true;
        CHECK(exactlyEqual(mapRawValue(m, 0), 1.0f));
        CHECK(exactlyEqual(mapRawValue(m, 255), 0.0f));
        CHECK(mapRawValue(m, 51) == Approx(0.8f));
    }
    SECTION("output sub-range") {
        m.outMin = 0.25f;
        m.outMax = 0.75f;
        CHECK(exactlyEqual(mapRawValue(m, 0), 0.25f));
        CHECK(exactlyEqual(mapRawValue(m, 255), 0.75f));
        CHECK(mapRawValue(m, 51) == Approx(0.35f));
    }
    SECTION("outMin > outMax runs backwards, exact at both ends") {
        m.outMin = 0.8f;
        m.outMax = 0.2f;
        CHECK(exactlyEqual(mapRawValue(m, 0), 0.8f));
        CHECK(exactlyEqual(mapRawValue(m, 255), 0.2f));
        float previous = 2.0f;
        bool decreasing = true;
        for (int raw = 0; raw <= 255; ++raw) {
            const float v = mapRawValue(m, raw);
            decreasing = decreasing && v <= previous;
            previous = v;
        }
        CHECK(decreasing);
    }
    SECTION("invert with a reversed range cancels out") {
        m.invert = true;
        m.outMin = 1.0f;
        m.outMax = 0.0f;
        CHECK(exactlyEqual(mapRawValue(m, 0), 0.0f));
        CHECK(exactlyEqual(mapRawValue(m, 255), 1.0f));
    }
    SECTION("the result is clamped to 0..1 even for unvalidated ranges") {
        m.outMin = -0.5f;
        m.outMax = 1.5f;
        CHECK(exactlyEqual(mapRawValue(m, 0), 0.0f));
        CHECK(exactlyEqual(mapRawValue(m, 255), 1.0f));
    }
}

TEST_CASE("curves are monotonic with exact endpoints", "[mapping][curve]") {
    for (Curve c : {Curve::Linear, Curve::Exponential, Curve::Logarithmic, Curve::SCurve}) {
        for (float amount : {0.0f, 0.1f, 0.25f, 0.5f, 0.75f, 1.0f}) {
            INFO("curve " << toString(c) << " amount " << amount);
            CHECK(exactlyEqual(applyCurve(c, amount, 0.0f), 0.0f));
            CHECK(exactlyEqual(applyCurve(c, amount, 1.0f), 1.0f));
            float previous = 0.0f;
            bool monotonic = true, inRange = true;
            for (int i = 0; i <= 10000; ++i) {
                const float t = static_cast<float>(i) / 10000.0f;
                const float v = applyCurve(c, amount, t);
                monotonic = monotonic && v >= previous;
                inRange = inRange && v >= 0.0f && v <= 1.0f;
                previous = v;
            }
            CHECK(monotonic);
            CHECK(inRange);

            // The adjacent floats next to both ends, where rounding overshoot would show.
            bool edgesMonotonic = true;
            float lo = 0.0f, prevLo = 0.0f, hi = 1.0f, prevHi = 1.0f;
            for (int i = 0; i < 20000; ++i) {
                lo = std::nextafter(lo, 1.0f);
                hi = std::nextafter(hi, 0.0f);
                const float vLo = applyCurve(c, amount, lo), vHi = applyCurve(c, amount, hi);
                edgesMonotonic = edgesMonotonic && vLo >= prevLo && vHi <= prevHi && vLo >= 0.0f && vHi <= 1.0f;
                prevLo = vLo;
                prevHi = vHi;
            }
            CHECK(edgesMonotonic);

            // Through the whole mapping too, for 8- and 16-bit inputs.
            Mapping m8 = eightBit();
            m8.curve = c;
            m8.curveAmount = amount;
            CHECK(exactlyEqual(mapRawValue(m8, 0), 0.0f));
            CHECK(exactlyEqual(mapRawValue(m8, 255), 1.0f));
            Mapping m16 = sixteenBit();
            m16.curve = c;
            m16.curveAmount = amount;
            CHECK(exactlyEqual(mapRawValue(m16, 0), 0.0f));
            CHECK(exactlyEqual(mapRawValue(m16, 65535), 1.0f));
        }
    }
}

TEST_CASE("curve shapes", "[mapping][curve]") {
    CHECK(exactlyEqual(applyCurve(Curve::Linear, 0.5f, 0.3f), 0.3f));
    // amount 0.5 gives exponent 3.
    CHECK(applyCurve(Curve::Exponential, 0.5f, 0.5f) == Approx(0.125f));
    CHECK(applyCurve(Curve::Exponential, 1.0f, 0.5f) == Approx(0.03125f));
    CHECK(applyCurve(Curve::Exponential, 0.0f, 0.5f) == Approx(0.5f));
    CHECK(applyCurve(Curve::Logarithmic, 0.5f, 0.5f) == Approx(0.875f));
    CHECK(applyCurve(Curve::Logarithmic, 0.0f, 0.3f) == Approx(0.3f));
    // smootherstep(0.25) = 0.103515625; amount 1 is pure smootherstep, 0 is linear.
    CHECK(applyCurve(Curve::SCurve, 1.0f, 0.25f) == Approx(0.103515625f));
    CHECK(applyCurve(Curve::SCurve, 0.0f, 0.25f) == Approx(0.25f));
    CHECK(applyCurve(Curve::SCurve, 0.5f, 0.25f) == Approx((0.25f + 0.103515625f) / 2.0f));
    CHECK(applyCurve(Curve::SCurve, 1.0f, 0.5f) == Approx(0.5f));
    // Out-of-range input is clamped, not extrapolated.
    CHECK(exactlyEqual(applyCurve(Curve::Exponential, 0.5f, -1.0f), 0.0f));
    CHECK(exactlyEqual(applyCurve(Curve::Exponential, 0.5f, 2.0f), 1.0f));
}

TEST_CASE("curve names", "[mapping][curve]") {
    CHECK(std::string(toString(Curve::Linear)) == "linear");
    CHECK(std::string(toString(Curve::Exponential)) == "exponential");
    CHECK(std::string(toString(Curve::Logarithmic)) == "logarithmic");
    CHECK(std::string(toString(Curve::SCurve)) == "s-curve");
    for (Curve c : {Curve::Linear, Curve::Exponential, Curve::Logarithmic, Curve::SCurve}) {
        Curve parsed = Curve::Linear;
        CHECK(curveFromString(toString(c), parsed));
        CHECK(parsed == c);
    }
    Curve untouched = Curve::Logarithmic;
    CHECK_FALSE(curveFromString("Linear", untouched));
    CHECK_FALSE(curveFromString("scurve", untouched));
    CHECK_FALSE(curveFromString("", untouched));
    CHECK(untouched == Curve::Logarithmic);
}
