#include "QxfExport.h"

#include "XmlText.h"

namespace dmxin {

std::string qxfModeName(const UniverseLayout& layout) {
    return layout.universe.describe() + " @ " + std::to_string(layout.startAddress);
}

std::string exportQxf(const ProfileInput& input) {
    const auto layouts = buildFixtureLayout(input);
    std::string x;
    x += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    x += "<!DOCTYPE FixtureDefinition>\n";
    x += "<FixtureDefinition xmlns=\"http://www.qlcplus.org/FixtureDefinition\">\n";
    x += " <Creator>\n  <Name>DMX In</Name>\n  <Version>" DMXIN_CORE_VERSION "</Version>\n  <Author>DMX In export</Author>\n </Creator>\n";
    x += " <Manufacturer>DMX In</Manufacturer>\n";
    x += " <Model>" + xmlEscape(input.model.empty() ? "DMX In" : input.model) + "</Model>\n";
    x += " <Type>Other</Type>\n";

    auto unusedName = [](int address) { return "Unused " + std::to_string(address); };
    // Channel definitions: every used channel once, then the gap fillers (shared between modes).
    bool gapUsed[kDmxSlots + 1] = {};
    for (const auto& layout : layouts) {
        std::size_t next = 0;
        for (int a = layout.startAddress; a < layout.startAddress + layout.footprint; ++a) {
            if (next < layout.channels.size() && layout.channels[next].address == a) {
                const auto& ch = layout.channels[next++];
                x += " <Channel Name=\"" + xmlEscape(ch.name) + "\">\n";
                x += std::string("  <Group Byte=\"") + (ch.role == ChannelRole::Fine ? "1" : "0") + "\">Effect</Group>\n";
                x += "  <Capability Min=\"0\" Max=\"255\">" + xmlEscape(ch.name) + "</Capability>\n";
                x += " </Channel>\n";
            } else {
                gapUsed[a] = true;
            }
        }
    }
    for (int a = 1; a <= static_cast<int>(kDmxSlots); ++a)
        if (gapUsed[a]) {
            x += " <Channel Name=\"" + unusedName(a) + "\">\n";
            x += "  <Group Byte=\"0\">Nothing</Group>\n";
            x += "  <Capability Min=\"0\" Max=\"255\">Not used by DMX In</Capability>\n";
            x += " </Channel>\n";
        }
    for (const auto& layout : layouts) {
        x += " <Mode Name=\"" + xmlEscape(qxfModeName(layout)) + "\">\n";
        std::size_t next = 0;
        for (int offset = 0; offset < layout.footprint; ++offset) {
            const int a = layout.startAddress + offset;
            std::string name = unusedName(a);
            if (next < layout.channels.size() && layout.channels[next].address == a)
                name = layout.channels[next++].name;
            x += "  <Channel Number=\"" + std::to_string(offset) + "\">" + xmlEscape(name) + "</Channel>\n";
        }
        x += " </Mode>\n";
    }
    x += "</FixtureDefinition>\n";
    return x;
}

} // namespace dmxin
