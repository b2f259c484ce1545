// Fixture-profile exports: every export is parsed back and every enabled mapping is
// found at its address, with its width and name, in QLC+ .qxf, GDTF description.xml (inside the
// zip) and the CSV patch sheet.

#include "Core/CsvExport.h"
#include "Core/Crc32.h"
#include "Core/GdtfExport.h"
#include "Core/ProfileFile.h"
#include "Core/QxfExport.h"
#include "Core/ZipWriter.h"
#include "MiniXml.h"

#include <catch2/catch.hpp>

#include <cstring>
#include <map>
#include <set>

using namespace dmxin;
using dmxin::testing::XmlNode;
using dmxin::testing::parseXml;

namespace {

Mapping mapping(const char* name, UniverseId u, int channel, int slot, bool sixteen = false, int fine = 0) {
    Mapping m;
    m.name = name;
    m.universe = u;
    m.channel = channel;
    m.targetSlot = slot;
    m.sixteenBit = sixteen;
    m.fineChannel = fine;
    return m;
}

UniverseId art(const char* text) { return *UniverseId::parse(DmxProtocol::ArtNet, text); }

// A table with what the exports must handle: labels and plain names, a 16-bit pair next to each
// other and one with a far fine channel, two mappings on one channel, a gap, two Art-Net universes
// and one sACN universe, a disabled mapping, a MIDI-only mapping and text that needs escaping.
ProfileInput sampleInput() {
    ProfileInput in;
    in.model = "Synth <rack> & \"FX\"";
    in.mappings.push_back(mapping("cutoff", art("0:0:1"), 10, 1));
    in.mappings.push_back(mapping("pitch", art("0:0:1"), 12, 2, true));           // 12 + 13
    in.mappings.push_back(mapping("mix a", art("0:0:1"), 20, 3));
    in.mappings.push_back(mapping("mix b", art("0:0:1"), 20, 4));                 // same channel
    in.mappings.push_back(mapping("pan", art("0:0:1"), 15, 5, true, 40));         // fine far away
    in.mappings.push_back(mapping("off", art("0:0:1"), 100, 6));
    in.mappings.back().enabled = false;
    in.mappings.push_back(mapping("", art("1:2:3"), 1, 7));                       // unnamed, no label
    in.mappings.push_back(mapping("note", *UniverseId::sacn(5), 7, 0));            // MIDI only
    in.mappings.back().midi.kind = MidiKind::Note;
    in.mappings.back().midi.number = 60;
    in.mappings.push_back(mapping("reverb", *UniverseId::sacn(5), 3, 8));
    in.mappings.back().outMin = 0.25f;
    in.mappings.back().outMax = 0.75f;
    in.labels[1] = "Filter, \"cutoff\"";   // a comma and quotes: CSV quoting, XML escaping
    in.labels[2] = "Pitch";
    in.labels[8] = "Reverb <wet>";
    return in;
}

struct Expected {
    UniverseId universe;
    int channel;
    int fine;            // 0 for 8-bit
    std::string name;
};

std::vector<Expected> expectedChannels(const ProfileInput& in) {
    std::vector<Expected> out;
    for (const auto& m : in.mappings)
        if (m.enabled)
            out.push_back({m.universe, m.channel, m.sixteenBit ? m.effectiveFineChannel() : 0, displayName(m, in.labels)});
    return out;
}

// Stored-zip reader for the test: end record -> central directory -> local headers; checks CRCs.
std::map<std::string, std::string> readStoredZip(const std::vector<std::uint8_t>& z) {
    auto u16 = [&](std::size_t p) { return static_cast<std::uint32_t>(z.at(p) | (z.at(p + 1) << 8)); };
    auto u32 = [&](std::size_t p) { return u16(p) | (u16(p + 2) << 16); };
    REQUIRE(z.size() >= 22);
    const std::size_t eocd = z.size() - 22;   // no comment
    REQUIRE(u32(eocd) == 0x06054b50u);
    const std::uint32_t count = u16(eocd + 10), dirSize = u32(eocd + 12), dirOffset = u32(eocd + 16);
    REQUIRE(dirOffset + dirSize == eocd);
    std::map<std::string, std::string> files;
    std::size_t p = dirOffset;
    for (std::uint32_t n = 0; n < count; ++n) {
        REQUIRE(u32(p) == 0x02014b50u);
        REQUIRE(u16(p + 10) == 0);   // stored
        const std::uint32_t crc = u32(p + 16), size = u32(p + 20), nameLen = u16(p + 28), local = u32(p + 42);
        REQUIRE(u32(p + 24) == size);
        const std::string name(z.begin() + static_cast<std::ptrdiff_t>(p + 46),
                               z.begin() + static_cast<std::ptrdiff_t>(p + 46 + nameLen));
        REQUIRE(u32(local) == 0x04034b50u);
        REQUIRE(u32(local + 14) == crc);
        REQUIRE(u32(local + 18) == size);
        const std::size_t data = local + 30 + u16(local + 26) + u16(local + 28);
        REQUIRE(data + size <= dirOffset);
        const std::span<const std::uint8_t> bytes(z.data() + data, size);
        CHECK(crc32(bytes) == crc);
        files[name] = std::string(bytes.begin(), bytes.end());
        p += 46 + nameLen + u16(p + 30) + u16(p + 32);
    }
    return files;
}

std::vector<std::vector<std::string>> parseCsv(const std::string& text) {
    std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') { rows.back().back() += '"'; ++i; }
            else if (c == '"') quoted = false;
            else rows.back().back() += c;
        } else if (c == '"') quoted = true;
        else if (c == ',') rows.back().emplace_back();
        else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') { rows.emplace_back(1); ++i; }
        else { REQUIRE(c != '\n'); rows.back().back() += c; }
    }
    REQUIRE(rows.back() == std::vector<std::string>(1));   // the text ends with CRLF
    rows.pop_back();
    return rows;
}

} // namespace

TEST_CASE("crc32 matches the ISO-HDLC check value and continues across chunks", "[export][zip]") {
    const std::string s = "123456789";
    const std::span<const std::uint8_t> all(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
    CHECK(crc32(all) == 0xCBF43926u);
    CHECK(crc32(all.subspan(4), crc32(all.first(4))) == 0xCBF43926u);
    CHECK(crc32({}) == 0u);
}

TEST_CASE("ZipWriter writes stored entries a reader finds with their CRCs", "[export][zip]") {
    ZipWriter zip;
    REQUIRE(zip.add("description.xml", "<GDTF/>"));
    REQUIRE(zip.add("dir/empty.txt", ""));
    CHECK_FALSE(zip.add("", "x"));
    const auto bytes = zip.finish();
    // Fixed layout: 30 + 15 + 7, 30 + 13 + 0, central 46 + 15, 46 + 13, end record 22.
    CHECK(bytes.size() == 52u + 43u + 61u + 59u + 22u);
    const auto files = readStoredZip(bytes);
    REQUIRE(files.size() == 2);
    CHECK(files.at("description.xml") == "<GDTF/>");
    CHECK(files.at("dir/empty.txt").empty());
    CHECK(zip.finish() == bytes);   // deterministic (fixed timestamps)
}

TEST_CASE("layout: one block per universe, shared channels once, fine channels named", "[export]") {
    const auto in = sampleInput();
    const auto layouts = buildFixtureLayout(in);
    REQUIRE(layouts.size() == 3);   // 0:0:1, 1:2:3, sACN 5
    CHECK(layouts[0].universe == art("0:0:1"));
    CHECK(layouts[0].startAddress == 10);
    CHECK(layouts[0].footprint == 31);   // 10..40
    std::map<int, std::string> names;
    for (const auto& c : layouts[0].channels)
        names[c.address] = c.name;
    CHECK(names == std::map<int, std::string>{{10, "Filter, \"cutoff\""}, {12, "Pitch"}, {13, "Pitch fine"},
                                              {15, "pan"}, {20, "mix a / mix b"}, {40, "pan fine"}});
    CHECK(layouts[1].channels.at(0).name == "Control 007");
    CHECK(layouts[2].universe == *UniverseId::sacn(5));
    CHECK(layouts[2].startAddress == 3);
    CHECK(layouts[2].channels.at(1).name == "note");
}

TEST_CASE("layout: equal names in different universes are made unique", "[export]") {
    ProfileInput in;
    in.mappings.push_back(mapping("Level", art("0:0:0"), 1, 1));
    in.mappings.push_back(mapping("Level", art("0:0:1"), 1, 2));
    in.mappings.push_back(mapping("Unused 3", art("0:0:1"), 2, 3));   // would collide with a QLC+ gap filler
    const auto layouts = buildFixtureLayout(in);
    REQUIRE(layouts.size() == 2);
    CHECK(layouts[0].channels[0].name == "Level");
    CHECK(layouts[1].channels[0].name == "Level (2)");
    CHECK(layouts[1].channels[1].name == "Unused 3 (2)");
}

TEST_CASE("QLC+ .qxf: every mapped channel sits at its offset in its universe's mode", "[export][qxf]") {
    const auto in = sampleInput();
    const auto xml = exportQxf(in);
    const auto root = parseXml(xml);
    REQUIRE(root->name == "FixtureDefinition");
    CHECK(root->attr("xmlns") == "http://www.qlcplus.org/FixtureDefinition");
    CHECK(root->child("Manufacturer")->text == "DMX In");
    CHECK(root->child("Model")->text == in.model);
    CHECK(root->child("Type")->text == "Other");

    std::map<std::string, int> byteOf;   // channel name -> Group Byte
    for (const auto* ch : root->all("Channel")) {
        REQUIRE(byteOf.count(ch->attr("Name")) == 0);   // names are unique
        const auto* group = ch->child("Group");
        REQUIRE(group != nullptr);
        byteOf[ch->attr("Name")] = std::stoi(group->attr("Byte"));
        CHECK(ch->child("Capability")->attr("Min") == "0");
        CHECK(ch->child("Capability")->attr("Max") == "255");
    }
    const auto layouts = buildFixtureLayout(in);
    std::map<std::string, std::vector<std::string>> modes;   // mode name -> channels by offset
    for (const auto* mode : root->all("Mode")) {
        auto& list = modes[mode->attr("Name")];
        for (const auto* ch : mode->all("Channel")) {
            REQUIRE(std::stoul(ch->attr("Number")) == list.size());   // 0, 1, 2 ... in order
            REQUIRE(byteOf.count(ch->text) == 1);                      // defined above
            list.push_back(ch->text);
        }
    }
    REQUIRE(modes.size() == layouts.size());

    auto startOf = [&](UniverseId u) {
        for (const auto& l : layouts)
            if (l.universe == u)
                return std::pair{qxfModeName(l), l.startAddress};
        FAIL("no layout for " << u.describe());
        return std::pair{std::string(), 0};
    };
    for (const auto& e : expectedChannels(in)) {
        INFO(e.name << " at " << e.universe.describe() << " ch " << e.channel);
        const auto [modeName, start] = startOf(e.universe);
        CHECK(modeName == e.universe.describe() + " @ " + std::to_string(start));
        const auto& list = modes.at(modeName);
        const auto& coarse = list.at(static_cast<std::size_t>(e.channel - start));
        CHECK(coarse.find(e.name) != std::string::npos);
        CHECK(byteOf.at(coarse) == 0);
        if (e.fine != 0) {
            const auto& fine = list.at(static_cast<std::size_t>(e.fine - start));
            CHECK(fine == e.name + " fine");
            CHECK(byteOf.at(fine) == 1);
        }
    }
    // Gaps are placeholders, not mapped names: 0:0:1 offsets 1 (ch 11) and 19 (ch 29).
    const auto& first = modes.at(qxfModeName(layouts[0]));
    CHECK(first.size() == 31);
    CHECK(first.at(1) == "Unused 11");
    CHECK(first.at(19) == "Unused 29");
}

TEST_CASE("GDTF: description.xml in the zip has one DMX channel per mapping, by break and offset", "[export][gdtf]") {
    const auto in = sampleInput();
    const auto files = readStoredZip(exportGdtf(in));
    REQUIRE(files.count("description.xml") == 1);
    CHECK(files.at("description.xml") == exportGdtfDescription(in));
    const auto root = parseXml(files.at("description.xml"));

    // The structure DIN SPEC 15800 (GDTF 1.2) describes, checked element by element.
    REQUIRE(root->name == "GDTF");
    CHECK(root->attr("DataVersion") == "1.2");
    REQUIRE(root->children.size() == 1);
    const XmlNode* ft = root->child("FixtureType");
    REQUIRE(ft != nullptr);
    for (const char* a : {"Name", "Manufacturer", "Description", "FixtureTypeID"})
        CHECK(ft->has(a));
    CHECK(ft->attr("Manufacturer") == "DMX In");
    CHECK(ft->attr("LongName") == in.model);
    const std::string guid = ft->attr("FixtureTypeID");
    REQUIRE(guid.size() == 36);
    for (std::size_t i : {8u, 13u, 18u, 23u})
        CHECK(guid[i] == '-');
    std::vector<std::string> order;
    for (const auto& c : ft->children)
        order.push_back(c->name);
    CHECK(order == std::vector<std::string>{"AttributeDefinitions", "Wheels", "PhysicalDescriptions", "Models", "Geometries",
                                            "DMXModes", "Revisions", "FTPresets", "Protocols"});
    const auto* attrsNode = ft->child("AttributeDefinitions")->child("Attributes");
    REQUIRE(attrsNode != nullptr);
    std::map<std::string, std::string> pretty;   // attribute name -> pretty
    for (const auto* a : attrsNode->all("Attribute")) {
        const std::string name = a->attr("Name");
        CHECK(gdtfName(name) == name);           // only name characters
        CHECK(a->attr("Feature") == "Control.Control");
        REQUIRE(pretty.count(name) == 0);
        pretty[name] = a->attr("Pretty");
    }
    CHECK(ft->child("Geometries")->child("Geometry")->attr("Name") == "Body");
    const auto modes = ft->child("DMXModes")->all("DMXMode");
    REQUIRE(modes.size() == 1);
    CHECK(modes[0]->attr("Geometry") == "Body");

    struct Seen { int dmxBreak; std::string offset; std::string pretty; std::string dmxFrom; };
    std::vector<Seen> seen;
    std::set<std::string> initialFunctions;
    for (const auto* ch : modes[0]->child("DMXChannels")->all("DMXChannel")) {
        const auto* logical = ch->child("LogicalChannel");
        REQUIRE(logical != nullptr);
        const std::string attribute = logical->attr("Attribute");
        REQUIRE(pretty.count(attribute) == 1);   // the keyref the schema asks for
        const auto* fn = logical->child("ChannelFunction");
        REQUIRE(fn != nullptr);
        CHECK(fn->attr("Attribute") == attribute);
        CHECK(ch->attr("InitialFunction") == "Body_" + attribute + "." + attribute + "." + fn->attr("Name"));
        CHECK(initialFunctions.insert(ch->attr("InitialFunction")).second);
        seen.push_back({std::stoi(ch->attr("DMXBreak")), ch->attr("Offset"), pretty.at(attribute), fn->attr("DMXFrom")});
    }

    const auto layouts = buildFixtureLayout(in);
    for (const auto& e : expectedChannels(in)) {
        INFO(e.name << " at " << e.universe.describe() << " ch " << e.channel);
        int dmxBreak = 0, start = 0;
        for (std::size_t b = 0; b < layouts.size(); ++b)
            if (layouts[b].universe == e.universe) {
                dmxBreak = static_cast<int>(b) + 1;
                start = layouts[b].startAddress;
            }
        REQUIRE(dmxBreak > 0);
        std::string offset = std::to_string(e.channel - start + 1);
        if (e.fine != 0)
            offset += "," + std::to_string(e.fine - start + 1);
        bool found = false;
        for (const auto& s : seen)
            if (s.dmxBreak == dmxBreak && s.offset == offset && s.pretty.find(e.name) != std::string::npos) {
                found = true;
                CHECK(s.dmxFrom == (e.fine != 0 ? "0/2" : "0/1"));
            }
        CHECK(found);
        CHECK(ft->attr("Description").find("break " + std::to_string(dmxBreak) + " = " + e.universe.describe()
                                           + " at address " + std::to_string(start)) != std::string::npos);
    }
    CHECK(seen.size() == 7);   // 8 enabled mappings, two of them on one channel
}

TEST_CASE("CSV patch sheet: one row per enabled mapping, both universe notations, quoted fields", "[export][csv]") {
    const auto in = sampleInput();
    const auto rows = parseCsv(exportCsv(in));
    REQUIRE(rows.size() == 1 + 8);
    CHECK(rows[0] == std::vector<std::string>{"Protocol", "Net:Sub:Uni", "Universe #", "sACN universe", "Address",
                                              "Fine address", "Width", "Name", "Target", "Input range", "Output range"});
    for (std::size_t r = 1; r < rows.size(); ++r)
        CHECK(rows[r].size() == rows[0].size());

    for (const auto& m : in.mappings) {
        if (!m.enabled)
            continue;
        const std::string name = displayName(m, in.labels);
        INFO(name);
        const std::vector<std::string>* row = nullptr;
        for (std::size_t r = 1; r < rows.size(); ++r)
            if (rows[r][7] == name && rows[r][4] == std::to_string(m.channel))
                row = &rows[r];
        REQUIRE(row != nullptr);
        const auto& f = *row;
        if (m.universe.isArtNet()) {
            CHECK(f[0] == "Art-Net");
            CHECK(f[1] == m.universe.portAddress().netSubUni());
            CHECK(f[2] == std::to_string(m.universe.number() + 1));
            CHECK(f[3] == std::to_string(m.universe.number() + 1));
        } else {
            CHECK(f[0] == "sACN");
            CHECK(f[3] == std::to_string(m.universe.number()));
            CHECK(f[1] == PortAddress::fromFlat(m.universe.number() - 1)->netSubUni());
            CHECK(f[2] == std::to_string(m.universe.number()));
        }
        CHECK(f[5] == (m.sixteenBit ? std::to_string(m.effectiveFineChannel()) : ""));
        CHECK(f[6] == (m.sixteenBit ? "16" : "8"));
        CHECK(f[8] == targetText(m, in.labels));
        CHECK(f[9] == "0.." + std::to_string(m.effectiveInMax()));
    }
    // Spot checks of the notations and the formatting, written out.
    CHECK(rows[1] == std::vector<std::string>{"Art-Net", "0:0:1", "2", "2", "10", "", "8", "Filter, \"cutoff\"",
                                              "control001 (Filter, \"cutoff\")", "0..255", "0.000..1.000"});
    CHECK(rows.back() == std::vector<std::string>{"sACN", "0:0:4", "5", "5", "7", "", "8", "note", "MIDI note ch 1 #60",
                                                  "0..255", "0.000..1.000"});
    CHECK(exportCsv(in).find("\"Filter, \"\"cutoff\"\"\"") != std::string::npos);
    CHECK(csvField("plain") == "plain");
    CHECK(csvField("a\nb") == "\"a\nb\"");
}

TEST_CASE("profile files: formats by extension, model from the file name", "[export]") {
    CHECK(profileFormatFromExtension(".qxf") == ProfileFormat::Qxf);
    CHECK(profileFormatFromExtension("gdtf") == ProfileFormat::Gdtf);
    CHECK(profileFormatFromExtension("csv") == ProfileFormat::Csv);
    CHECK_FALSE(profileFormatFromExtension("xml").has_value());
    CHECK(modelFromFileName("/tmp/Synth rack.qxf") == "Synth rack");
    CHECK(modelFromFileName("plain") == "plain");
    CHECK(modelFromFileName("/dir/.qxf") == ".qxf");
    std::string error;
    CHECK_FALSE(writeProfile("/nonexistent-dir/a.csv", ProfileFormat::Csv, sampleInput(), error));
    CHECK(error.find("export: cannot write /nonexistent-dir/a.csv: ") == 0);
}
