#include "GdtfExport.h"

#include "Crc32.h"
#include "XmlText.h"
#include "ZipWriter.h"

#include <cstdio>
#include <set>

namespace dmxin {

namespace {
std::uint32_t hashText(const std::string& text, std::uint32_t seed) {
    return crc32({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()}, seed);
}

// A stable GUID for a model name, so exporting the same instance twice gives the same fixture type.
std::string fixtureTypeId(const std::string& model) {
    const std::uint32_t a = hashText(model, 1), b = hashText(model, 2), c = hashText(model, 3), d = hashText(model, 4);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%08X-%04X-4%03X-8%03X-%04X%08X", a, b >> 16, b & 0xFFFu, c >> 20, c & 0xFFFFu, d);
    return buf;
}
} // namespace

std::string gdtfName(const std::string& label) {
    std::string out;
    for (const char c : label) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        out += ok ? c : '_';
    }
    return out.empty() ? std::string("Control") : out;
}

std::string exportGdtfDescription(const ProfileInput& input) {
    const auto layouts = buildFixtureLayout(input);
    const std::string model = input.model.empty() ? "DMX In" : input.model;

    struct Channel {
        int dmxBreak;
        std::string offset;
        int bytes;
        std::string attribute;   // GDTF name
        std::string pretty;      // label as typed
    };
    std::vector<Channel> channels;
    std::set<std::string> attributes;
    std::string breaks;
    for (std::size_t b = 0; b < layouts.size(); ++b) {
        const auto& layout = layouts[b];
        const int dmxBreak = static_cast<int>(b) + 1;
        breaks += (b == 0 ? "" : "; ") + std::string("break ") + std::to_string(dmxBreak) + " = "
                  + layout.universe.describe() + " at address " + std::to_string(layout.startAddress);
        for (const auto& ch : layout.channels) {
            if (ch.role == ChannelRole::Fine)
                continue;   // carried by its coarse channel's Offset
            Channel out;
            out.dmxBreak = dmxBreak;
            out.offset = std::to_string(ch.address - layout.startAddress + 1);
            out.bytes = 1;
            if (ch.role == ChannelRole::Coarse)
                for (const int index : ch.mappings) {
                    const Mapping& m = input.mappings[static_cast<std::size_t>(index)];
                    if (m.sixteenBit && m.channel == ch.address) {
                        out.offset += "," + std::to_string(m.effectiveFineChannel() - layout.startAddress + 1);
                        out.bytes = 2;
                        break;
                    }
                }
            out.pretty = ch.name;
            std::string name = gdtfName(ch.name);
            std::string candidate = name;
            for (int n = 2; attributes.count(candidate) != 0; ++n)
                candidate = name + "_" + std::to_string(n);
            attributes.insert(candidate);
            out.attribute = candidate;
            channels.push_back(std::move(out));
        }
    }

    std::string x;
    x += "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n";
    x += "<GDTF DataVersion=\"1.2\">\n";
    x += "  <FixtureType Name=\"" + xmlEscape(gdtfName(model)) + "\" ShortName=\"" + xmlEscape(model) + "\" LongName=\""
         + xmlEscape(model) + "\" Manufacturer=\"DMX In\" Description=\""
         + xmlEscape("DMX In parameters (" + breaks + ")") + "\" FixtureTypeID=\"" + fixtureTypeId(model)
         + "\" CanHaveChildren=\"No\">\n";
    x += "    <AttributeDefinitions>\n";
    x += "      <ActivationGroups/>\n";
    x += "      <FeatureGroups>\n";
    x += "        <FeatureGroup Name=\"Control\" Pretty=\"Control\">\n";
    x += "          <Feature Name=\"Control\"/>\n";
    x += "        </FeatureGroup>\n";
    x += "      </FeatureGroups>\n";
    x += "      <Attributes>\n";
    for (const auto& c : channels)
        x += "        <Attribute Name=\"" + c.attribute + "\" Pretty=\"" + xmlEscape(c.pretty)
             + "\" Feature=\"Control.Control\" PhysicalUnit=\"None\"/>\n";
    x += "      </Attributes>\n";
    x += "    </AttributeDefinitions>\n";
    x += "    <Wheels/>\n";
    x += "    <PhysicalDescriptions/>\n";
    x += "    <Models/>\n";
    x += "    <Geometries>\n";
    x += "      <Geometry Name=\"Body\" Position=\"{1,0,0,0}{0,1,0,0}{0,0,1,0}{0,0,0,1}\"/>\n";
    x += "    </Geometries>\n";
    x += "    <DMXModes>\n";
    x += "      <DMXMode Name=\"DMX_In\" Geometry=\"Body\">\n";
    x += "        <DMXChannels>\n";
    for (const auto& c : channels) {
        const std::string bytes = std::to_string(c.bytes);
        x += "          <DMXChannel DMXBreak=\"" + std::to_string(c.dmxBreak) + "\" Offset=\"" + c.offset
             + "\" InitialFunction=\"Body_" + c.attribute + "." + c.attribute + "." + c.attribute
             + "\" Highlight=\"None\" Geometry=\"Body\">\n";
        x += "            <LogicalChannel Attribute=\"" + c.attribute
             + "\" Snap=\"No\" Master=\"None\" MibFade=\"0\" DMXChangeTimeLimit=\"0\">\n";
        x += "              <ChannelFunction Name=\"" + c.attribute + "\" Attribute=\"" + c.attribute
             + "\" OriginalAttribute=\"\" DMXFrom=\"0/" + bytes + "\" Default=\"0/" + bytes
             + "\" PhysicalFrom=\"0\" PhysicalTo=\"1\" RealFade=\"0\" RealAcceleration=\"0\"/>\n";
        x += "            </LogicalChannel>\n";
        x += "          </DMXChannel>\n";
    }
    x += "        </DMXChannels>\n";
    x += "        <Relations/>\n";
    x += "        <FTMacros/>\n";
    x += "      </DMXMode>\n";
    x += "    </DMXModes>\n";
    x += "    <Revisions/>\n";
    x += "    <FTPresets/>\n";
    x += "    <Protocols/>\n";
    x += "  </FixtureType>\n";
    x += "</GDTF>\n";
    return x;
}

std::vector<std::uint8_t> exportGdtf(const ProfileInput& input) {
    ZipWriter zip;
    zip.add("description.xml", exportGdtfDescription(input));
    return zip.finish();
}

} // namespace dmxin
