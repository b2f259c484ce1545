// Schema-2 shaping: steps, switch with hysteresis (pure, Mapping.cpp), and deadband and smoothing
// (time and history, MappingEngine). Values are checked exactly where the arithmetic is exact.

#include "Core/ExactlyEqual.h"
#include "Core/MappingEngine.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

using namespace dmxin;

namespace {

Mapping onUniverse1(int channel = 1, int slot = 1) {
    Mapping m;
    m.universe = *PortAddress::parse("0:0:1");
    m.channel = channel;
    m.targetSlot = slot;
    return m;
}

// One mapping driven through UniverseImages + MappingEngine exactly as the pipeline does: a frame
// pass (elapsed 0) per frame, then one pass with the block's elapsed time.
class Rig {
public:
    explicit Rig(const Mapping& m) {
        std::vector<std::string> errors;
        table_ = MappingTable::build({m}, errors);
        REQUIRE(table_);
        images_ = std::make_unique<UniverseImages>();
        images_->rebind({}, table_->universes());
    }
    // Applies a frame with channel 1 = raw (and 2 = raw & 0xFF for 16-bit), evaluates it.
    void frame(int raw, bool sixteen = false) {
        DmxFrame f;
        f.length = 512;
        if (sixteen) {
            f.slots[0] = static_cast<std::uint8_t>(raw >> 8);
            f.slots[1] = static_cast<std::uint8_t>(raw & 0xFF);
        } else {
            f.slots[0] = static_cast<std::uint8_t>(raw);
        }
        images_->apply(0, f);
        pass(0);
    }
    void block(std::uint64_t elapsedNs) { pass(elapsedNs); }
    // Every source of the universe is gone.
    void lose() {
        DmxFrame f;
        f.lost = true;
        images_->apply(0, f);
        pass(0);
    }
    std::vector<float> outputs;

private:
    void pass(std::uint64_t elapsedNs) {
        engine_.evaluate(*table_, *images_, elapsedNs, [this](const Mapping&, int, int, float v) { outputs.push_back(v); });
        images_->clearChanged();
    }
    std::unique_ptr<MappingTable> table_;
    std::unique_ptr<UniverseImages> images_;
    MappingEngine engine_;
};

constexpr std::uint64_t kMs = 1'000'000ull;

} // namespace

TEST_CASE("steps quantise the output to N evenly spaced values, nearest, halves up", "[mapping][shaping]") {
    CHECK(exactlyEqual(quantiseSteps(0.3f, 0), 0.3f));
    CHECK(exactlyEqual(quantiseSteps(0.3f, 1), 0.3f));
    CHECK(exactlyEqual(quantiseSteps(0.49f, 2), 0.0f));
    CHECK(exactlyEqual(quantiseSteps(0.5f, 2), 1.0f));
    CHECK(exactlyEqual(quantiseSteps(0.0f, 5), 0.0f));
    CHECK(exactlyEqual(quantiseSteps(0.12f, 5), 0.0f));
    CHECK(exactlyEqual(quantiseSteps(0.125f, 5), 0.25f));
    CHECK(exactlyEqual(quantiseSteps(0.6f, 5), 0.5f));
    CHECK(exactlyEqual(quantiseSteps(0.63f, 5), 0.75f));
    CHECK(exactlyEqual(quantiseSteps(1.0f, 5), 1.0f));

    Mapping m = onUniverse1();
    m.steps = 5;
    m.outMin = 0.2f;
    m.outMax = 0.6f;
    // Raw 0..255 in 5 steps: 0, 0.25, 0.5, 0.75, 1 of the window, mapped onto 0.2..0.6.
    CHECK(exactlyEqual(mapRawValue(m, 0), 0.2f));
    CHECK(exactlyEqual(mapRawValue(m, 31), 0.2f));            // 31/255 = 0.1216 -> 0
    CHECK(exactlyEqual(mapRawValue(m, 32), std::lerp(0.2f, 0.6f, 0.25f)));   // 0.1255 -> 0.25
    CHECK(exactlyEqual(mapRawValue(m, 128), std::lerp(0.2f, 0.6f, 0.5f)));
    CHECK(exactlyEqual(mapRawValue(m, 255), 0.6f));
    // The distinct outputs over every raw value are exactly the 5 levels.
    std::vector<float> levels;
    for (int raw = 0; raw <= 255; ++raw) {
        const float v = mapRawValue(m, raw);
        if (levels.empty() || !exactlyEqual(levels.back(), v))
            levels.push_back(v);
    }
    CHECK(levels.size() == 5);
    // Steps come after the curve: an exponential curve keeps low raw values on the first step longer.
    m.curve = Curve::Exponential;
    m.curveAmount = 1.0f;   // t^5
    CHECK(exactlyEqual(mapRawValue(m, 128), 0.2f));           // (128/255)^5 = 0.032 -> 0
}

TEST_CASE("switch mode: on at threshold + h/2, off at threshold - h/2, outMin/outMax", "[mapping][shaping]") {
    Mapping m = onUniverse1();
    m.mode = OutputMode::Switch;
    m.threshold = 0.5f;
    m.hysteresis = 0.2f;   // on at >= 0.6, off at <= 0.4
    m.outMin = 0.1f;
    m.outMax = 0.9f;
    // No history: the threshold decides.
    CHECK(nextSwitchState(m, 0.49f, -1) == 0);
    CHECK(nextSwitchState(m, 0.5f, -1) == 1);
    // From off: stays off inside the band, turns on at the upper edge.
    CHECK(nextSwitchState(m, 0.55f, 0) == 0);
    CHECK(nextSwitchState(m, 0.61f, 0) == 1);
    // From on: stays on inside the band, turns off at the lower edge.
    CHECK(nextSwitchState(m, 0.45f, 1) == 1);
    CHECK(nextSwitchState(m, 0.41f, 1) == 1);
    CHECK(nextSwitchState(m, 0.39f, 1) == 0);

    int state = 0;
    CHECK(exactlyEqual(mapRawValue(m, 140, state), 0.1f));    // 0.549: in the band, stays off
    CHECK(state == 0);
    CHECK(exactlyEqual(mapRawValue(m, 160, state), 0.9f));    // 0.627: on
    CHECK(state == 1);
    CHECK(exactlyEqual(mapRawValue(m, 110, state), 0.9f));    // 0.431: in the band, stays on
    CHECK(exactlyEqual(mapRawValue(m, 100, state), 0.1f));    // 0.392: off
    CHECK(state == 0);
    // Stateless overload: the threshold alone.
    CHECK(exactlyEqual(mapRawValue(m, 127), 0.1f));
    CHECK(exactlyEqual(mapRawValue(m, 128), 0.9f));
    // Invert flips the input position before the threshold.
    m.invert = true;
    CHECK(exactlyEqual(mapRawValue(m, 0), 0.9f));
    CHECK(exactlyEqual(mapRawValue(m, 255), 0.1f));
    // Zero hysteresis is a plain threshold both ways.
    m.invert = false;
    m.hysteresis = 0.0f;
    state = 0;
    CHECK(exactlyEqual(mapRawValue(m, 128, state), 0.9f));
    CHECK(exactlyEqual(mapRawValue(m, 127, state), 0.1f));
}

TEST_CASE("engine: switch mode outputs only on a change of state", "[engine][shaping]") {
    Mapping m = onUniverse1();
    m.mode = OutputMode::Switch;
    m.threshold = 0.5f;
    m.hysteresis = 0.2f;
    Rig rig(m);
    rig.frame(0);
    CHECK(rig.outputs == std::vector<float>{0.0f});
    rig.frame(140);    // inside the band: stays off, no output
    rig.frame(150);
    CHECK(rig.outputs == std::vector<float>{0.0f});
    rig.frame(160);    // on
    rig.frame(200);
    rig.frame(110);    // inside the band: stays on
    CHECK(rig.outputs == std::vector<float>{0.0f, 1.0f});
    rig.frame(100);    // off
    CHECK(rig.outputs == std::vector<float>{0.0f, 1.0f, 0.0f});
}

TEST_CASE("engine: steps output only when the step changes", "[engine][shaping]") {
    Mapping m = onUniverse1();
    m.steps = 3;   // 0, 0.5, 1
    Rig rig(m);
    rig.frame(0);
    rig.frame(10);
    rig.frame(63);
    rig.frame(64);     // 0.251 -> 0.5
    rig.frame(100);
    rig.frame(255);
    CHECK(rig.outputs == std::vector<float>{0.0f, 0.5f, 1.0f});
}

TEST_CASE("engine: deadband ignores raw changes smaller than N steps; the window ends always pass", "[engine][shaping]") {
    Mapping m = onUniverse1();
    m.deadband = 4;
    Rig rig(m);
    rig.frame(100);
    rig.frame(103);    // 3 < 4: ignored
    rig.frame(97);     // 3 from the last accepted (100): ignored
    CHECK(rig.outputs.size() == 1);
    rig.frame(104);    // 4: passes
    REQUIRE(rig.outputs.size() == 2);
    CHECK(exactlyEqual(rig.outputs[1], mapRawValue(m, 104)));
    rig.frame(106);    // 2 from 104: ignored
    rig.frame(108);    // 4 from 104: passes
    REQUIRE(rig.outputs.size() == 3);
    CHECK(exactlyEqual(rig.outputs[2], mapRawValue(m, 108)));
    // Near the top, a small step that reaches the end of the window still passes.
    rig.frame(253);
    rig.frame(255);
    REQUIRE(rig.outputs.size() == 5);
    CHECK(exactlyEqual(rig.outputs[4], 1.0f));
    rig.frame(2);
    rig.frame(0);
    REQUIRE(rig.outputs.size() == 7);
    CHECK(exactlyEqual(rig.outputs[6], 0.0f));
    // The end of a narrowed input window counts as an end too.
    Mapping w = onUniverse1();
    w.deadband = 10;
    w.inMin = 20;
    w.inMax = 200;
    Rig r2(w);
    r2.frame(25);
    r2.frame(20);      // 5 < 10, but reaches inMin
    r2.frame(195);
    r2.frame(200);     // reaches inMax
    CHECK(r2.outputs == std::vector<float>{mapRawValue(w, 25), 0.0f, mapRawValue(w, 195), 1.0f});
}

TEST_CASE("engine: deadband on a 16-bit pair counts 16-bit steps", "[engine][shaping]") {
    Mapping m = onUniverse1();
    m.sixteenBit = true;
    m.deadband = 256;
    Rig rig(m);
    rig.frame(0x8000, true);
    rig.frame(0x80FF, true);   // 255 steps: ignored
    CHECK(rig.outputs.size() == 1);
    rig.frame(0x8100, true);   // 256: passes
    CHECK(rig.outputs.size() == 2);
}

TEST_CASE("engine: smoothing glides at full range per smoothingMs, block-size independent", "[engine][shaping]") {
    Mapping m = onUniverse1();
    m.smoothingMs = 100;   // 0 -> 1 takes 100 ms; 0 -> 0.5 takes 50 ms
    Rig rig(m);
    rig.frame(0);
    REQUIRE(rig.outputs == std::vector<float>{0.0f});   // the first value jumps: nothing to glide from
    rig.frame(255);
    CHECK(rig.outputs.size() == 1);                      // a frame pass (no time) does not move the glide
    rig.block(25 * kMs);
    REQUIRE(rig.outputs.size() == 2);
    CHECK(exactlyEqual(rig.outputs[1], 0.25f));
    rig.block(50 * kMs);
    CHECK(exactlyEqual(rig.outputs[2], 0.75f));
    rig.block(50 * kMs);                                 // past the end: exactly the target, then nothing
    CHECK(exactlyEqual(rig.outputs[3], 1.0f));
    rig.block(50 * kMs);
    CHECK(rig.outputs.size() == 4);

    // The same move in 1 ms blocks and in one 37 ms block reaches the identical value at 37 ms.
    auto valueAfter = [&](std::uint64_t blockNs, int blocks) {
        Rig r(m);
        r.frame(0);
        r.frame(128);
        for (int i = 0; i < blocks; ++i)
            r.block(blockNs);
        return r.outputs.back();
    };
    const float fine = valueAfter(1 * kMs, 37);
    const float coarse = valueAfter(37 * kMs, 1);
    const float odd = valueAfter(37 * kMs / 4, 4);   // 9.25 ms blocks
    CHECK(exactlyEqual(fine, coarse));
    CHECK(exactlyEqual(odd, coarse));
    CHECK(exactlyEqual(coarse, 0.37f));                          // 37 ms at 1/100 ms per unit, below the target 0.502
}

TEST_CASE("engine: a new target mid-glide glides on from the current value", "[engine][shaping]") {
    Mapping m = onUniverse1();
    m.smoothingMs = 1000;
    Rig rig(m);
    rig.frame(255);                 // jumps to 1
    rig.frame(0);                   // glide 1 -> 0
    rig.block(200 * kMs);
    CHECK(exactlyEqual(rig.outputs.back(), 0.8f));
    rig.frame(255);                 // back up from 0.8
    rig.block(100 * kMs);
    CHECK(rig.outputs.back() == Approx(0.9f).margin(1e-6));   // 0.8f + 0.1: float rounding of 0.8f
    rig.block(100 * kMs);
    CHECK(exactlyEqual(rig.outputs.back(), 1.0f));
    const auto count = rig.outputs.size();
    rig.frame(255);                 // the same input again: nothing
    rig.block(100 * kMs);
    CHECK(rig.outputs.size() == count);
}

TEST_CASE("engine: smoothing with steps glides between steps; switch with smoothing glides on/off", "[engine][shaping]") {
    Mapping m = onUniverse1();
    m.smoothingMs = 100;
    m.mode = OutputMode::Switch;
    Rig rig(m);
    rig.frame(0);
    rig.frame(255);
    rig.block(40 * kMs);
    CHECK(exactlyEqual(rig.outputs.back(), 0.4f));
    rig.block(60 * kMs);
    CHECK(exactlyEqual(rig.outputs.back(), 1.0f));
}

TEST_CASE("engine: loss takes over from a glide, and data back jumps", "[engine][shaping]") {
    Mapping m = onUniverse1();
    m.smoothingMs = 1000;
    m.onLoss = LossAction::Default;
    m.lossValue = 0.25f;
    Rig rig(m);
    rig.frame(0);
    rig.frame(255);
    rig.block(100 * kMs);
    CHECK(exactlyEqual(rig.outputs.back(), 0.1f));
    // Lost: the default wins at once; the glide does not continue underneath.
    rig.lose();
    rig.block(100 * kMs);
    rig.block(100 * kMs);
    CHECK(rig.outputs == std::vector<float>{0.0f, 0.1f, 0.25f});
    // Data back: taken back at once (no glide from the loss value).
    rig.frame(255);
    CHECK(exactlyEqual(rig.outputs.back(), 1.0f));
}
