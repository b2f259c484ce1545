// libFuzzer harness: MappingTable::build + UniverseImages + MappingEngine with arbitrary tables and
// frames. The input is decoded with FuzzedDataProvider into up to 12 mappings (fields
// mostly in range, sometimes hostile: NaN, out-of-range channels, unknown curves ...) and then a
// sequence of frames. Checks, aborting on failure:
//   - build() returns a table exactly when it reports no error;
//   - every value the engine produces is finite and within 0..1, for a target slot that an enabled
//     mapping of the table drives;
//   - re-evaluating without a new frame produces nothing (outputs only follow input changes).

#include "Core/DmxFrame.h"
#include "Core/Mapping.h"
#include "Core/MappingEngine.h"

#include <fuzzer/FuzzedDataProvider.h>

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace {

using namespace dmxin;

void check(bool condition, const char* what) {
    if (!condition) {
        std::fprintf(stderr, "fuzz_mapping_engine: %s\n", what);
        std::abort();
    }
}

// A small universe pool so that mappings share universes and frames hit them; one in eight is any
// Port-Address.
PortAddress pickUniverse(FuzzedDataProvider& in) {
    static constexpr int kPool[] = {0, 1, 0x0423, 0x7FFF};
    if (in.ConsumeIntegralInRange(0, 7) == 0)
        return *PortAddress::fromFlat(in.ConsumeIntegralInRange(0, static_cast<int>(PortAddress::kMaxFlat)));
    return *PortAddress::fromFlat(kPool[in.ConsumeIntegralInRange<std::size_t>(0, std::size(kPool) - 1)]);
}

// Mostly a value in 0..1; sometimes anything a float can hold, NaN and infinities included.
float pickUnit(FuzzedDataProvider& in) {
    switch (in.ConsumeIntegralInRange(0, 9)) {
    case 0: return in.ConsumeFloatingPoint<float>();
    case 1: return std::numeric_limits<float>::quiet_NaN();
    case 2: return -std::numeric_limits<float>::infinity();
    default: return in.ConsumeFloatingPointInRange(0.0f, 1.0f);
    }
}

Mapping pickMapping(FuzzedDataProvider& in) {
    Mapping m;
    m.enabled = in.ConsumeIntegralInRange(0, 5) != 0;
    m.universe = pickUniverse(in);
    m.channel = in.ConsumeIntegralInRange(-1, 514);
    m.sixteenBit = in.ConsumeBool();
    m.fineChannel = in.ConsumeIntegralInRange(-1, 514);
    m.inMin = in.ConsumeIntegralInRange(-1, 65536);
    m.inMax = in.ConsumeIntegralInRange(-2, 65536);
    m.outMin = pickUnit(in);
    m.outMax = pickUnit(in);
    m.invert = in.ConsumeBool();
    m.curve = static_cast<Curve>(in.ConsumeIntegralInRange(0, 4));   // 4 is not a curve
    m.curveAmount = pickUnit(in);
    m.targetSlot = in.ConsumeIntegralInRange(0, kNumParameterSlots + 1);
    return m;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider in(data, size);

    std::vector<Mapping> mappings(in.ConsumeIntegralInRange<std::size_t>(0, 12));
    for (auto& m : mappings)
        m = pickMapping(in);

    std::vector<std::string> errors;
    const std::unique_ptr<MappingTable> table = MappingTable::build(mappings, errors);
    check((table != nullptr) == errors.empty(), "build() result and errors disagree");
    if (!table)
        return 0;

    std::array<bool, kNumParameterSlots> driven{};
    for (const auto& c : table->compiled()) {
        check(c.targetIndex < kNumParameterSlots || c.targetIndex == MappingTable::kNoTarget,
              "compiled target out of range");
        check(c.universeIndex < table->universes().size(), "compiled universe index out of range");
        check(c.coarse < kDmxSlots && c.fine < kDmxSlots, "compiled slot out of range");
        if (c.targetIndex != MappingTable::kNoTarget)
            driven[c.targetIndex] = true;
    }

    // Heap-allocated once for the run: UniverseImages holds two 64 x 512 arrays, too big for a
    // fuzzer's stack, and allocating them per input cost most of the time. rebind() from an empty
    // universe list zeroes every image and clears every hasData / lost flag, and clearChanged()
    // the changed flags, so the images are in exactly the state of a fresh UniverseImages: a crash
    // reproduces from its input alone (fuzz_mapping_engine <input>). The engine is reused too:
    // reset() puts every per-mapping entry an input touched back to the state of a fresh engine
    // (the entries beyond are untouched since), which the harness relies on like a table swap does.
    static UniverseImages* const images = new UniverseImages();
    images->rebind({}, table->universes());
    images->clearChanged();
    static MappingEngine* const reused = new MappingEngine();
    MappingEngine& engine = *reused;
    engine.reset();

    auto sink = [&driven](const Mapping&, int, int target, float value) {
        check(target >= -1 && target < kNumParameterSlots, "target index out of range");
        check(target < 0 || driven[static_cast<std::size_t>(target)], "output for a slot no enabled mapping drives");
        check(std::isfinite(value), "output is not finite");
        check(value >= 0.0f && value <= 1.0f, "output is outside 0..1");
    };

    DmxFrame frame;
    while (in.remaining_bytes() > 0) {
        frame.universeKey = UniverseId(pickUniverse(in)).key();
        frame.length = in.ConsumeIntegralInRange<std::uint16_t>(1, kDmxSlots);
        frame.slots.fill(0);
        const std::vector<std::uint8_t> bytes = in.ConsumeBytes<std::uint8_t>(frame.length);
        std::copy(bytes.begin(), bytes.end(), frame.slots.begin());
        images->apply(table->universeIndex(frame.universeKey), frame);

        switch (in.ConsumeIntegralInRange(0, 7)) {
        case 0: engine.reset(); break;
        case 1: images->markAllChanged(); break;
        default: break;
        }
        engine.evaluate(*table, *images, 1'000'000, sink);
        images->clearChanged();
        // Nothing changed since: a second pass must produce nothing.
        check(engine.evaluate(*table, *images, 1'000'000, sink) == 0, "output without an input change");
    }
    return 0;
}
