#include "JsonRead.h"

#include "PortAddress.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>

namespace dmxin::jsonread {

using nlohmann::json;
using namespace wording;

Read readInt(const json& obj, const char* key, const std::string& path, Errors& errors, int& out) {
    const auto it = obj.find(key);
    if (it == obj.end())
        return Read::Absent;
    if (!it->is_number_integer()) {
        errors.add(path, "expected an integer");
        return Read::Bad;
    }
    if (it->is_number_unsigned()) {
        const auto v = it->get<std::uint64_t>();
        if (v > static_cast<std::uint64_t>(std::numeric_limits<int>::max())) {
            errors.add(path, std::to_string(v) + " is out of range");
            return Read::Bad;
        }
        out = static_cast<int>(v);
        return Read::Ok;
    }
    const auto v = it->get<std::int64_t>();
    if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max()) {
        errors.add(path, std::to_string(v) + " is out of range");
        return Read::Bad;
    }
    out = static_cast<int>(v);
    return Read::Ok;
}

Read readFloat(const json& obj, const char* key, const std::string& path, Errors& errors, float& out) {
    const auto it = obj.find(key);
    if (it == obj.end())
        return Read::Absent;
    if (!it->is_number()) {
        errors.add(path, "expected a number");
        return Read::Bad;
    }
    const auto v = it->get<double>();
    if (!(std::fabs(v) <= static_cast<double>(std::numeric_limits<float>::max()))) {
        errors.add(path, formatNumber(v) + " is out of range");
        return Read::Bad;
    }
    out = static_cast<float>(v);
    return Read::Ok;
}

Read readBool(const json& obj, const char* key, const std::string& path, Errors& errors, bool& out) {
    const auto it = obj.find(key);
    if (it == obj.end())
        return Read::Absent;
    if (!it->is_boolean()) {
        errors.add(path, "expected a boolean");
        return Read::Bad;
    }
    out = it->get<bool>();
    return Read::Ok;
}

Read readString(const json& obj, const char* key, const std::string& path, Errors& errors, std::string& out) {
    const auto it = obj.find(key);
    if (it == obj.end())
        return Read::Absent;
    if (!it->is_string()) {
        errors.add(path, "expected a string");
        return Read::Bad;
    }
    out = it->get<std::string>();
    return Read::Ok;
}


static const char* const kUniverseHint = "expected a \"Net:Sub:Uni\" string such as \"0:0:1\"";

// "protocol" and "universe" into one UniverseId; false when either could not be read.
bool readUniverse(const json& el, const std::string& p, Errors& errors, UniverseId& universe) {
    DmxProtocol protocol = DmxProtocol::ArtNet;
    std::string protocolName;
    bool ok = true;
    const Read protocolRead = readString(el, "protocol", p + ".protocol", errors, protocolName);
    if (protocolRead == Read::Ok && !protocolFromString(protocolName, protocol)) {
        errors.add(p + ".protocol", inQuotes(protocolName) + " is not one of artnet, sacn");
        ok = false;
    } else if (protocolRead == Read::Bad) {
        ok = false;
    }

    const auto u = el.find("universe");
    if (u == el.end()) {
        errors.add(p + ".universe", "missing");
        return false;
    }
    if (!ok)
        return false;   // the protocol could not be read, so the universe cannot be interpreted either
    if (protocol == DmxProtocol::Sacn) {
        // sACN universes are 1-based everywhere (1..63999), so a number is unambiguous here.
        std::optional<UniverseId> id;
        if (u->is_number_integer())
            id = UniverseId::sacn(u->is_number_unsigned() ? static_cast<int>(std::min<std::uint64_t>(u->get<std::uint64_t>(), 1u << 20))
                                                          : static_cast<int>(std::clamp<std::int64_t>(u->get<std::int64_t>(), -1, 1 << 20)));
        else if (u->is_string())
            id = UniverseId::parse(DmxProtocol::Sacn, u->get<std::string>());
        if (!id) {
            errors.add(p + ".universe", (u->is_string() ? inQuotes(u->get<std::string>()) : u->dump())
                                            + " is not an sACN universe (1..63999)");
            return false;
        }
        universe = *id;
        return true;
    }
    if (u->is_number()) {
        // 1 could mean "0:0:1" (0-based wire value) or "0:0:0" (1-based UI number): refuse to guess.
        errors.add(p + ".universe", std::string(kUniverseHint) + ", not a number");
        return false;
    }
    if (!u->is_string()) {
        errors.add(p + ".universe", kUniverseHint);
        return false;
    }
    const auto text = u->get<std::string>();
    // PortAddress::parse also takes a bare 1-based number; a state file must not be that ambiguous.
    const auto address = text.find(':') != std::string::npos ? PortAddress::parse(text) : std::nullopt;
    if (!address) {
        errors.add(p + ".universe", inQuotes(text) + " is not a Net:Sub:Uni Port-Address (Net 0..127, Sub 0..15, Uni 0..15)");
        return false;
    }
    universe = UniverseId::artnet(*address);
    return true;
}

void writeUniverse(nlohmann::ordered_json& j, UniverseId universe) {
    j["protocol"] = toString(universe.protocol());
    if (universe.isSacn())
        j["universe"] = universe.number();
    else
        j["universe"] = universe.text();
}

// A float widened to double would serialise as 0.10000000149011612; going through the float's
// shortest decimal gives "0.1", which still reads back to the identical float.
double cleanDouble(float value) {
    char buffer[64];
    const auto res = std::to_chars(buffer, buffer + sizeof(buffer), value);
    double out = 0.0;
    std::from_chars(buffer, res.ptr, out);
    return out;
}


} // namespace dmxin::jsonread
