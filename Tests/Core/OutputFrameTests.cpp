// OutputFrame: slot values 0..1 into a 512-slot image, with the rounding OutputFrame.h documents.
// Expected raw values are worked out from that rule by hand in the comments.

#include "Core/Mapping.h"
#include "Core/OutputFrame.h"

#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <limits>
#include <vector>

using namespace dmxin;

namespace {

OutputChannel eightBit(int channel, int slot, int lo = 0, int hi = -1, bool invert = false) {
    OutputChannel c;
    c.channel = channel;
    c.slot = slot;
    c.dmxMin = lo;
    c.dmxMax = hi;
    c.invert = invert;
    return c;
}

OutputChannel sixteenBit(int channel, int slot, int fine = 0, bool invert = false) {
    OutputChannel c = eightBit(channel, slot, 0, -1, invert);
    c.sixteenBit = true;
    c.fineChannel = fine;
    return c;
}

using Image = std::array<std::uint8_t, kDmxSlots>;

Image render(const OutputUniverse& u, const std::vector<float>& slots) {
    Image image;
    image.fill(0xAA);   // stale bytes from the last frame must not survive
    renderOutputFrame(u, slots, image);
    return image;
}

} // namespace

TEST_CASE("8-bit output: ends exact, nearest step, halves up", "[output][frame]") {
    const OutputChannel c = eightBit(1, 1);
    CHECK(outputRawValue(c, 0.0f) == 0);
    CHECK(outputRawValue(c, 1.0f) == 255);
    CHECK(outputRawValue(c, 0.5f) == 128);           // 127.5 rounds up
    CHECK(outputRawValue(c, 0.25f) == 64);           // 63.75
    CHECK(outputRawValue(c, 0.1f) == 26);            // 25.5000004 (0.1f is a hair above 0.1)
    CHECK(outputRawValue(c, 1.0f / 255.0f) == 1);
    // Outside 0..1 is clamped; NaN reads as 0.
    CHECK(outputRawValue(c, -0.5f) == 0);
    CHECK(outputRawValue(c, 1.5f) == 255);
    CHECK(outputRawValue(c, std::numeric_limits<float>::infinity()) == 255);
    CHECK(outputRawValue(c, std::numeric_limits<float>::quiet_NaN()) == 0);
}

TEST_CASE("output window and invert", "[output][frame]") {
    const OutputChannel window = eightBit(1, 1, 10, 20);
    CHECK(outputRawValue(window, 0.0f) == 10);
    CHECK(outputRawValue(window, 1.0f) == 20);
    CHECK(outputRawValue(window, 0.25f) == 13);      // 10 + 2.5 -> 13
    CHECK(outputRawValue(window, 0.2f) == 12);       // 10 + 2.0000000298 -> 12
    const OutputChannel inverted = eightBit(1, 1, 0, -1, true);
    CHECK(outputRawValue(inverted, 0.0f) == 255);
    CHECK(outputRawValue(inverted, 1.0f) == 0);
    CHECK(outputRawValue(inverted, 0.25f) == 191);   // 0.75 * 255 = 191.25
    // NaN reads as 0 before the invert, so an inverted channel shows its dmxMax.
    CHECK(outputRawValue(inverted, std::numeric_limits<float>::quiet_NaN()) == 255);
    const OutputChannel both = eightBit(1, 1, 100, 200, true);
    CHECK(outputRawValue(both, 0.0f) == 200);
    CHECK(outputRawValue(both, 1.0f) == 100);
    CHECK(outputRawValue(both, 0.3f) == 170);        // 100 + (1 - 0.3f) * 100 = 100 + 69.9999988
    // A one-step window: every value gives that step.
    const OutputChannel fixed = eightBit(1, 1, 42, 42);
    CHECK(outputRawValue(fixed, 0.0f) == 42);
    CHECK(outputRawValue(fixed, 0.7f) == 42);
}

TEST_CASE("16-bit output: coarse is the high byte, fine the low byte", "[output][frame]") {
    OutputUniverse u;
    u.channels = {sixteenBit(1, 1), sixteenBit(10, 2, 100), sixteenBit(20, 3, 0, true), sixteenBit(30, 4)};
    // slot 1: 1.0 -> 65535; slot 2: 0.5 -> 32767.5 -> 32768 = 0x8000;
    // slot 3 inverted 0.0 -> 65535; slot 4: 258/65535 -> 258 = 0x0102.
    const Image image = render(u, {1.0f, 0.5f, 0.0f, 258.0f / 65535.0f});
    CHECK(image[0] == 0xFF);
    CHECK(image[1] == 0xFF);
    CHECK(image[9] == 0x80);
    CHECK(image[99] == 0x00);                        // the named fine channel 100
    CHECK(image[10] == 0x00);                        // channel 11 is not written by the pair 10/100
    CHECK(image[19] == 0xFF);
    CHECK(image[20] == 0xFF);
    CHECK(image[29] == 0x01);
    CHECK(image[30] == 0x02);
    CHECK(outputRawValue(sixteenBit(1, 1), 1.0f / 65535.0f) == 1);
    CHECK(outputRawValue(sixteenBit(1, 1, 0, true), 1.0f / 65535.0f) == 65534);
}

TEST_CASE("the image holds only what the channels write; one slot may feed several channels", "[output][frame]") {
    OutputUniverse u;
    u.channels = {eightBit(1, 5), eightBit(2, 5, 0, -1, true), eightBit(512, 5), eightBit(7, 200)};
    std::vector<float> slots(kNumParameterSlots, 0.0f);
    slots[4] = 1.0f;   // slot 5
    const Image image = render(u, slots);
    CHECK(image[0] == 255);
    CHECK(image[1] == 0);
    CHECK(image[511] == 255);
    CHECK(image[6] == 0);                            // slot 200 does not exist: reads as 0
    int written = 0;
    for (std::size_t i = 0; i < image.size(); ++i)
        if (image[i] != 0)
            ++written;
    CHECK(written == 2);                             // the stale 0xAA fill is gone everywhere else
    // No channels: all zero.
    const Image empty = render(OutputUniverse{}, slots);
    CHECK(empty == Image{});
}

TEST_CASE("output is the inverse of an input mapping with the same window", "[output][frame]") {
    // An input Mapping turns raw r into a parameter value; the output channel with the same window
    // and invert turns that value back into r, for every raw value.
    for (const bool invert : {false, true}) {
        for (const auto& [lo, hi] : {std::pair{0, 255}, std::pair{10, 240}, std::pair{0, 65535}, std::pair{1000, 60000}}) {
            Mapping m;
            m.sixteenBit = hi > 255;
            m.inMin = lo;
            m.inMax = hi;
            m.invert = invert;
            OutputChannel c;
            c.sixteenBit = m.sixteenBit;
            c.dmxMin = lo;
            c.dmxMax = hi;
            c.invert = invert;
            int mismatches = 0;
            for (int raw = lo; raw <= hi; ++raw)
                if (outputRawValue(c, mapRawValue(m, raw)) != raw)
                    ++mismatches;
            INFO("window " << lo << ".." << hi << (invert ? " inverted" : ""));
            CHECK(mismatches == 0);
        }
    }
}
