#include "Core/ExactlyEqual.h"
#include "Core/MappingEngine.h"

#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

using namespace dmxin;

namespace {

Mapping mapping(const char* universe, int channel, int target, bool enabled = true) {
    Mapping m;
    m.name = "m" + std::to_string(target);
    m.universe = *PortAddress::parse(universe);
    m.channel = channel;
    m.targetSlot = target;
    m.enabled = enabled;
    return m;
}

DmxFrame frame(std::uint16_t length, std::uint8_t fillValue) {
    DmxFrame f;
    f.length = length;
    f.slots.fill(fillValue);
    return f;
}

struct Recorder {
    std::map<int, float> values;
    int calls = 0;
    auto sink() {
        return [this](const Mapping&, int, int target, float v) {
            values[target] = v;
            ++calls;
        };
    }
};

} // namespace

TEST_CASE("MappingTable compiles enabled mappings only", "[engine]") {
    std::vector<Mapping> maps = {
        mapping("0:0:5", 10, 3),
        mapping("0:0:1", 1, 1),
        mapping("0:0:9", 7, 2, false),   // disabled: no universe, no compiled entry
        mapping("0:0:1", 2, 4),
    };
    maps[3].sixteenBit = true;
    maps[3].fineChannel = 100;
    std::vector<std::string> errors;
    const auto table = MappingTable::build(maps, errors);
    REQUIRE(table);
    CHECK(errors.empty());
    CHECK(table->mappings().size() == 4);

    REQUIRE(table->universes().size() == 2);
    CHECK(table->universes()[0].number() == 1);
    CHECK(table->universes()[1].number() == 5);
    CHECK(table->universeIndex(*PortAddress::fromFlat(1)) == 0);
    CHECK(table->universeIndex(*PortAddress::fromFlat(5)) == 1);
    CHECK(table->universeIndex(*PortAddress::fromFlat(9)) == -1);
    CHECK(table->universeIndex(*PortAddress::fromFlat(0)) == -1);
    CHECK(table->universeIndex(*PortAddress::fromFlat(32767)) == -1);

    // Grouped by universe (universes() order), table order inside a universe.
    const auto& c = table->compiled();
    REQUIRE(c.size() == 3);
    CHECK(c[0].mappingIndex == 1);
    CHECK(c[0].universeIndex == 0);
    CHECK(c[0].coarse == 0);
    CHECK(c[0].targetIndex == 0);
    CHECK(c[1].mappingIndex == 3);
    CHECK(c[1].universeIndex == 0);
    CHECK(c[1].coarse == 1);
    CHECK(c[1].fine == 99);
    CHECK(c[1].targetIndex == 3);
    CHECK(c[2].mappingIndex == 0);
    CHECK(c[2].universeIndex == 1);
    CHECK(c[2].coarse == 9);
    CHECK(c[2].targetIndex == 2);
    CHECK(table->universeRange(0) == std::pair<std::uint16_t, std::uint16_t>{0, 2});
    CHECK(table->universeRange(1) == std::pair<std::uint16_t, std::uint16_t>{2, 3});

    // 8-bit mappings get a value table equal to mapRawValue for every input; 16-bit ones none.
    CHECK(c[1].lutIndex == MappingTable::kNoLut);
    REQUIRE(c[0].lutIndex != MappingTable::kNoLut);
    REQUIRE(c[2].lutIndex != MappingTable::kNoLut);
    for (int raw = 0; raw < 256; ++raw) {
        CHECK(exactlyEqual(table->mapped8(c[0], raw), mapRawValue(maps[1], raw)));
        CHECK(exactlyEqual(table->mapped8(c[2], raw), mapRawValue(maps[0], raw)));
    }
}

TEST_CASE("MappingTable value tables match mapRawValue for every curve", "[engine]") {
    std::vector<Mapping> maps;
    for (int k = 0; k < 4; ++k) {
        Mapping m = mapping("0:0:1", 1 + k, 1 + k);
        m.curve = static_cast<Curve>(k);
        m.curveAmount = 0.3f + 0.15f * static_cast<float>(k);
        m.inMin = 10 * k;
        m.inMax = 250 - 5 * k;
        m.outMin = 0.1f * static_cast<float>(k);
        m.outMax = 0.9f;
        m.invert = (k % 2) == 1;
        maps.push_back(m);
    }
    std::vector<std::string> errors;
    const auto table = MappingTable::build(maps, errors);
    REQUIRE(table);
    for (const auto& c : table->compiled())
        for (int raw = 0; raw < 256; ++raw)
            CHECK(exactlyEqual(table->mapped8(c, raw), mapRawValue(maps[c.mappingIndex], raw)));
}

TEST_CASE("MappingTable refuses invalid mappings", "[engine]") {
    std::vector<Mapping> maps = {mapping("0:0:1", 600, 1), mapping("0:0:1", 1, 200)};
    std::vector<std::string> errors;
    const auto table = MappingTable::build(maps, errors);
    CHECK_FALSE(table);
    REQUIRE(errors.size() == 2);
    CHECK(errors[0] == "mappings[0].channel: 600 is outside 1..512");
    CHECK(errors[1] == "mappings[1].target: 200 is outside 0..128 (0 means MIDI only)");
}

TEST_CASE("MappingTable handles 64 universes and an empty list", "[engine]") {
    std::vector<Mapping> maps;
    for (int i = 0; i < 64; ++i)
        maps.push_back(mapping(std::to_string(64 - i).c_str(), 1, i + 1));   // 1-based numbers, reverse order
    std::vector<std::string> errors;
    auto table = MappingTable::build(maps, errors);
    REQUIRE(table);
    REQUIRE(table->universes().size() == 64);
    for (int i = 0; i < 64; ++i) {
        CHECK(table->universes()[static_cast<std::size_t>(i)].number() == i);
        CHECK(table->universeIndex(*PortAddress::fromFlat(i)) == i);
    }
    table = MappingTable::build({}, errors);
    REQUIRE(table);
    CHECK(table->universes().empty());
    CHECK(table->universeIndex(PortAddress{}) == -1);
}

TEST_CASE("UniverseImages apply copies only the frame's length", "[engine]") {
    UniverseImages images;
    images.clearChanged();
    images.apply(0, frame(512, 10));
    CHECK(images.changed(0));
    CHECK_FALSE(images.changed(1));
    CHECK(images.slots(0)[0] == 10);
    CHECK(images.slots(0)[511] == 10);

    images.apply(0, frame(4, 99));
    CHECK(images.slots(0)[0] == 99);
    CHECK(images.slots(0)[3] == 99);
    CHECK(images.slots(0)[4] == 10);   // beyond the frame's length: the previous value stays
    CHECK(images.slots(0)[511] == 10);
    CHECK(images.slots(1)[0] == 0);

    images.clearChanged();
    CHECK_FALSE(images.changed(0));
    images.markAllChanged();
    CHECK(images.changed(0));
    CHECK_FALSE(images.changed(63));   // never received a frame: stays unchanged
}

TEST_CASE("UniverseImages rebind keeps the contents of universes that stay", "[engine]") {
    const PortAddress a = *PortAddress::fromFlat(1), b = *PortAddress::fromFlat(2), c = *PortAddress::fromFlat(3),
                      d = *PortAddress::fromFlat(4);
    UniverseImages images;
    images.apply(0, frame(512, 11));   // a
    images.apply(1, frame(512, 22));   // b
    images.apply(2, frame(512, 33));   // c
    images.clearChanged();

    // a leaves, d arrives before c; b and c move down.
    images.rebind({a, b, c}, {b, c, d});
    CHECK(images.slots(0)[0] == 22);
    CHECK(images.slots(0)[511] == 22);
    CHECK(images.slots(1)[0] == 33);
    CHECK(images.slots(2)[0] == 0);    // new universe starts dark
    CHECK(images.slots(2)[511] == 0);
    CHECK(images.slots(3)[0] == 0);
    // Kept universes are re-evaluated; the new one has no data yet and is not.
    CHECK(images.changed(0));
    CHECK(images.changed(1));
    CHECK_FALSE(images.changed(2));
    CHECK_FALSE(images.hasData(2));
    for (int i = 3; i < 64; ++i)
        CHECK_FALSE(images.changed(i));

    // Move up as well: c goes from index 1 to index 2.
    images.rebind({b, c, d}, {a, b, c});
    CHECK(images.slots(0)[0] == 0);
    CHECK(images.slots(1)[0] == 22);
    CHECK(images.slots(2)[0] == 33);

    images.rebind({a, b, c}, {});
    CHECK(images.slots(1)[0] == 0);
    CHECK(images.slots(2)[0] == 0);
}

TEST_CASE("MappingEngine evaluates only changed mappings; reset forces all", "[engine]") {
    std::vector<Mapping> maps = {
        mapping("0:0:1", 1, 1),
        mapping("0:0:1", 2, 2),
        mapping("0:0:2", 1, 3),
        mapping("0:0:2", 1, 4, false),
    };
    std::vector<std::string> errors;
    const auto table = MappingTable::build(maps, errors);
    REQUIRE(table);
    UniverseImages images;
    images.rebind({}, table->universes());
    MappingEngine engine;
    Recorder rec;

    // Before any frame nothing is evaluated, even by a fresh engine.
    CHECK(engine.evaluate(*table, images, 0, rec.sink()) == 0);
    images.apply(0, frame(512, 0));
    images.apply(1, frame(512, 0));

    // A fresh engine evaluates everything once.
    CHECK(engine.evaluate(*table, images, 0, rec.sink()) == 3);
    CHECK(rec.values.size() == 3);
    CHECK(exactlyEqual(rec.values[0], 0.0f));
    CHECK(exactlyEqual(rec.values[2], 0.0f));
    CHECK(rec.values.count(3) == 0);   // disabled mapping never produces
    images.clearChanged();

    // Nothing changed: nothing produced.
    CHECK(engine.evaluate(*table, images, 0, rec.sink()) == 0);

    // Universe 0:0:1 changes on channel 2 only.
    DmxFrame f = frame(512, 0);
    f.slots[1] = 255;
    images.apply(table->universeIndex(*PortAddress::parse("0:0:1")), f);
    rec.calls = 0;
    CHECK(engine.evaluate(*table, images, 0, rec.sink()) == 1);
    CHECK(rec.calls == 1);
    CHECK(exactlyEqual(rec.values[1], 1.0f));
    images.clearChanged();

    // The same frame again: universe marked changed, but raw values equal.
    images.apply(table->universeIndex(*PortAddress::parse("0:0:1")), f);
    CHECK(engine.evaluate(*table, images, 0, rec.sink()) == 0);
    images.clearChanged();

    // A change on universe 0:0:2 only touches its mapping.
    DmxFrame g = frame(512, 51);
    images.apply(table->universeIndex(*PortAddress::parse("0:0:2")), g);
    rec.calls = 0;
    CHECK(engine.evaluate(*table, images, 0, rec.sink()) == 1);
    CHECK(rec.values[2] == Approx(0.2f));
    images.clearChanged();

    // reset forces every enabled mapping once, even though nothing changed.
    engine.reset();
    rec.calls = 0;
    CHECK(engine.evaluate(*table, images, 0, rec.sink()) == 3);
    CHECK(rec.calls == 3);
    CHECK(engine.evaluate(*table, images, 0, rec.sink()) == 0);
}

TEST_CASE("The engine never evaluates a universe that has not received a frame", "[engine]") {
    std::vector<std::string> errors;
    Mapping m;
    m.universe = *PortAddress::parse("0:0:1");
    m.channel = 1;
    m.targetSlot = 1;
    m.outMin = 0.5f;   // an all-zero image would map to 0.5: visible if it were evaluated
    auto table = MappingTable::build({m}, errors);
    REQUIRE(table);
    UniverseImages images;
    images.rebind({}, table->universes());
    MappingEngine engine;
    int produced = engine.evaluate(*table, images, 0, [](const Mapping&, int, int, float) {});
    CHECK(produced == 0);
    images.markAllChanged();
    produced = engine.evaluate(*table, images, 0, [](const Mapping&, int, int, float) {});
    CHECK(produced == 0);

    DmxFrame f;
    f.universeKey = m.universe.key();
    f.length = 512;
    f.slots[0] = 255;
    images.apply(0, f);
    float value = -1.0f;
    produced = engine.evaluate(*table, images, 0, [&](const Mapping&, int, int, float v) { value = v; });
    CHECK(produced == 1);
    CHECK(exactlyEqual(value, 1.0f));
    CHECK(images.hasData(0));
    // A rebind that keeps the universe keeps its data; a new universe starts without.
    images.rebind(table->universes(), {m.universe, *PortAddress::parse("0:0:2")});
    CHECK(images.hasData(0));
    CHECK_FALSE(images.hasData(1));
}

namespace {
DmxFrame lossFrame() {
    DmxFrame f;
    f.lost = true;
    return f;
}
} // namespace

TEST_CASE("Loss behaviour: hold keeps, default jumps, fade glides, and data takes back at once") {
    std::vector<Mapping> maps(3);
    for (int i = 0; i < 3; ++i) {
        maps[static_cast<std::size_t>(i)].universe = *PortAddress::parse("0:0:1");
        maps[static_cast<std::size_t>(i)].channel = i + 1;
        maps[static_cast<std::size_t>(i)].targetSlot = i + 1;
        maps[static_cast<std::size_t>(i)].lossValue = 0.0f;
        maps[static_cast<std::size_t>(i)].lossFadeMs = 1000;
    }
    maps[0].onLoss = LossAction::Hold;
    maps[1].onLoss = LossAction::Default;
    maps[2].onLoss = LossAction::Fade;
    std::vector<std::string> errors;
    auto table = MappingTable::build(maps, errors);
    REQUIRE(table);
    UniverseImages images;
    images.rebind({}, table->universes());
    MappingEngine engine;
    std::map<int, float> out;
    auto sink = [&](const Mapping&, int, int slot, float v) { out[slot] = v; };

    DmxFrame data;
    data.length = 3;
    data.slots[0] = data.slots[1] = data.slots[2] = 255;
    images.apply(0, data);
    engine.evaluate(*table, images, 0, sink);
    REQUIRE(out.size() == 3);
    images.clearChanged();

    // A lost frame for a universe never heard would do nothing; this one had data.
    images.apply(0, lossFrame());
    CHECK(images.lost(0));
    out.clear();
    engine.evaluate(*table, images, 0, sink);
    CHECK(out.count(0) == 0);            // hold: nothing
    CHECK(exactlyEqual(out.at(1), 0.0f));            // default: jumps
    CHECK(exactlyEqual(out.at(2), 1.0f));            // fade: starts at the last value
    out.clear();
    engine.evaluate(*table, images, 250'000'000, sink);   // a quarter of the fade
    CHECK(out.count(1) == 0);            // default fires once
    CHECK(out.at(2) == Approx(0.75f));
    out.clear();
    engine.evaluate(*table, images, 750'000'000, sink);
    CHECK(exactlyEqual(out.at(2), 0.0f));            // reached the default
    out.clear();
    engine.evaluate(*table, images, 100'000'000, sink);
    CHECK(out.empty());                  // done: nothing more

    // Data again: every mapping follows the frame at once, even with the same raw values as before.
    images.apply(0, data);
    CHECK_FALSE(images.lost(0));
    out.clear();
    engine.evaluate(*table, images, 0, sink);
    CHECK(exactlyEqual(out.at(1), 1.0f));
    CHECK(exactlyEqual(out.at(2), 1.0f));
}

TEST_CASE("A lost frame for a universe that never had data changes nothing") {
    std::vector<Mapping> maps(1);
    maps[0].universe = *PortAddress::parse("0:0:1");
    maps[0].onLoss = LossAction::Default;
    maps[0].lossValue = 0.5f;
    std::vector<std::string> errors;
    auto table = MappingTable::build(maps, errors);
    UniverseImages images;
    images.rebind({}, table->universes());
    images.apply(0, lossFrame());
    CHECK_FALSE(images.lost(0));
    MappingEngine engine;
    int calls = 0;
    engine.evaluate(*table, images, 0, [&](const Mapping&, int, int, float) { ++calls; });
    CHECK(calls == 0);
}
