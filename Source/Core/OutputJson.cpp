#include "OutputJson.h"

#include "DmxFrame.h"
#include "JsonRead.h"
#include "OutputRules.h"
#include "StateWording.h"

namespace dmxin {

namespace {

using nlohmann::json;
using namespace wording;
using namespace jsonread;

// A read that did not fail: absent (the default stays) or read.
bool fine(Read r) noexcept {
    return r != Read::Bad;
}

bool readChannel(const json& el, const std::string& p, Errors& errors, OutputChannel& c) {
    if (!el.is_object()) {
        errors.add(p, "expected an object such as {\"channel\": 1, \"slot\": 1}");
        return false;
    }
    bool ok = true;
    for (const auto& [key, value] : {std::pair{"channel", &c.channel}, std::pair{"slot", &c.slot}}) {
        const Read r = readInt(el, key, p + "." + key, errors, *value);
        if (r == Read::Absent)
            errors.add(p + "." + key, "missing");
        ok = r == Read::Ok && ok;
    }
    ok = fine(readBool(el, "sixteenBit", p + ".sixteenBit", errors, c.sixteenBit)) && ok;
    ok = fine(readInt(el, "fineChannel", p + ".fineChannel", errors, c.fineChannel)) && ok;
    ok = fine(readInt(el, "dmxMin", p + ".dmxMin", errors, c.dmxMin)) && ok;
    ok = fine(readInt(el, "dmxMax", p + ".dmxMax", errors, c.dmxMax)) && ok;
    ok = fine(readBool(el, "invert", p + ".invert", errors, c.invert)) && ok;
    return ok;
}

bool readAddresses(const json& el, const std::string& p, Errors& errors, std::vector<std::string>& out) {
    const auto it = el.find("addresses");
    if (it == el.end())
        return true;
    if (!it->is_array()) {
        errors.add(p + ".addresses", "expected an array of IPv4 addresses such as [\"10.0.0.5\"]");
        return false;
    }
    bool ok = true;
    for (std::size_t k = 0; k < it->size(); ++k) {
        const json& v = (*it)[k];
        if (!v.is_string()) {
            errors.add(p + ".addresses[" + std::to_string(k) + "]", "expected a string");
            ok = false;
            continue;
        }
        out.push_back(v.get<std::string>());
    }
    return ok;
}

// One element of "universes"; false when any field could not be read.
bool readUniverseEntry(const json& el, const std::string& p, Errors& errors, OutputUniverse& u) {
    if (!el.is_object()) {
        errors.add(p, "expected an object");
        return false;
    }
    bool ok = fine(readString(el, "name", p + ".name", errors, u.name));
    ok = fine(readBool(el, "enabled", p + ".enabled", errors, u.enabled)) && ok;
    const bool universeOk = readUniverse(el, p, errors, u.universe);
    ok = universeOk && ok;

    std::string destination;
    const Read d = readString(el, "destination", p + ".destination", errors, destination);
    if (d == Read::Ok && !outputDestinationFromString(destination, u.destination)) {
        errors.add(p + ".destination", inQuotes(destination) + " is not one of unicast, broadcast, multicast");
        ok = false;
    } else if (d == Read::Absent && universeOk) {
        u.destination = u.universe.isSacn() ? OutputDestination::Multicast : OutputDestination::Unicast;
    }
    ok = d != Read::Bad && ok;

    ok = readAddresses(el, p, errors, u.addresses) && ok;
    ok = fine(readString(el, "interface", p + ".interface", errors, u.interfaceAddress)) && ok;
    ok = fine(readInt(el, "prefixLength", p + ".prefixLength", errors, u.prefixLength)) && ok;
    ok = fine(readInt(el, "port", p + ".port", errors, u.port)) && ok;
    ok = fine(readInt(el, "rateHz", p + ".rateHz", errors, u.rateHz)) && ok;
    ok = fine(readInt(el, "priority", p + ".priority", errors, u.priority)) && ok;

    const auto channels = el.find("channels");
    if (channels != el.end()) {
        if (!channels->is_array()) {
            errors.add(p + ".channels", "expected an array");
            return false;
        }
        // Bounded before copying: a hostile file cannot make the rules walk a million channels.
        if (channels->size() > kDmxSlots) {
            errors.add(p + ".channels", std::to_string(channels->size()) + " channels; at most 512");
            return false;
        }
        u.channels.resize(channels->size());
        for (std::size_t j = 0; j < channels->size(); ++j)
            ok = readChannel((*channels)[j], p + ".channels[" + std::to_string(j) + "]", errors, u.channels[j]) && ok;
    }
    return ok;
}

} // namespace

void readOutput(const json& root, std::vector<std::string>& out, OutputSettings& output, std::vector<bool>& skip) {
    Errors errors(out);
    const auto it = root.find("output");
    if (it == root.end())
        return;
    if (!it->is_object()) {
        errors.add("output", "expected an object");
        return;
    }
    const json& o = *it;
    readBool(o, "enabled", "output.enabled", errors, output.enabled);
    std::string cid;
    if (readString(o, "cid", "output.cid", errors, cid) == Read::Ok) {
        if (cid.empty())
            output.cid = kNilCid;
        else if (const auto parsed = parseCid(cid))
            output.cid = *parsed;
        else
            errors.add("output.cid", inQuotes(cid) + " is not a UUID such as \"7b39c89d-e6be-4757-a472-58a1b2c3d4e5\" (or \"\" for none yet)");
    }
    readString(o, "sourceName", "output.sourceName", errors, output.sourceName);
    readBool(o, "artnetSync", "output.artnetSync", errors, output.artnetSync);

    const auto universes = o.find("universes");
    if (universes == o.end())
        return;
    if (!universes->is_array()) {
        errors.add("output.universes", "expected an array");
        return;
    }
    if (universes->size() > static_cast<std::size_t>(kMaxOutputUniverses)) {
        errors.add("output.universes", std::to_string(universes->size()) + " output universes; at most "
                                           + std::to_string(kMaxOutputUniverses));
        return;
    }
    output.universes.resize(universes->size());
    skip.assign(universes->size(), false);
    for (std::size_t i = 0; i < universes->size(); ++i)
        skip[i] = !readUniverseEntry((*universes)[i], outputPath(i), errors, output.universes[i]);
}

nlohmann::ordered_json writeOutput(const OutputSettings& output) {
    using ojson = nlohmann::ordered_json;
    ojson universes = ojson::array();
    for (const OutputUniverse& u : output.universes) {
        ojson j;
        j["name"] = u.name;
        j["enabled"] = u.enabled;
        writeUniverse(j, u.universe);
        j["destination"] = toString(u.destination);
        j["addresses"] = u.addresses;
        j["interface"] = u.interfaceAddress;
        j["prefixLength"] = u.prefixLength;
        j["port"] = u.port;
        j["rateHz"] = u.rateHz;
        j["priority"] = u.priority;
        ojson channels = ojson::array();
        for (const OutputChannel& c : u.channels)
            channels.push_back(ojson{{"channel", c.channel},
                                     {"sixteenBit", c.sixteenBit},
                                     {"fineChannel", c.fineChannel},
                                     {"slot", c.slot},
                                     {"dmxMin", c.dmxMin},
                                     {"dmxMax", c.effectiveDmxMax()},   // -1 is written as 255 or 65535
                                     {"invert", c.invert}});
        j["channels"] = std::move(channels);
        universes.push_back(std::move(j));
    }
    return ojson{{"enabled", output.enabled},
                 {"cid", isNilCid(output.cid) ? std::string() : formatCid(output.cid)},
                 {"sourceName", output.sourceName},
                 {"artnetSync", output.artnetSync},
                 {"universes", std::move(universes)}};
}

} // namespace dmxin
