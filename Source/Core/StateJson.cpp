#include "StateJson.h"

#include "Ipv4.h"
#include "SourceAllowlist.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <set>

namespace dmxin {

namespace {

using nlohmann::json;

constexpr std::size_t kMaxNameChars = 128;
constexpr std::size_t kMaxLabelChars = 64;

// Fields of one mapping whose JSON was missing or of the wrong type. The rule checks skip them,
// so one bad field yields one message instead of a second, misleading one about its default.
enum FieldBit : unsigned {
    kName = 1u << 0,
    kEnabled = 1u << 1,
    kUniverse = 1u << 2,
    kChannel = 1u << 3,
    kSixteenBit = 1u << 4,
    kFineChannel = 1u << 5,
    kInMin = 1u << 6,
    kInMax = 1u << 7,
    kOutMin = 1u << 8,
    kOutMax = 1u << 9,
    kInvert = 1u << 10,
    kCurve = 1u << 11,
    kCurveAmount = 1u << 12,
    kTarget = 1u << 13,
    kLoss = 1u << 14,
    kLossValue = 1u << 15,
    kLossFade = 1u << 16,
    kMidi = 1u << 17,
    kHostAutomation = 1u << 18,
    kSmoothing = 1u << 19,
    kDeadband = 1u << 20,
    kSteps = 1u << 21,
    kMode = 1u << 22,
    kThreshold = 1u << 23,
    kHysteresis = 1u << 24,
    kAllFields = (1u << 25) - 1,
};

class Errors {
public:
    explicit Errors(std::vector<std::string>& out) : out_(out) {}
    void add(const std::string& path, const std::string& reason) { out_.push_back(path + ": " + reason); }
    bool empty() const noexcept { return out_.empty(); }

private:
    std::vector<std::string>& out_;
};

// Shortest text that reads back to the same value, so messages show "1.5", not "1.500000".
template <typename F>
std::string formatNumber(F value) {
    if (std::isnan(value))
        return "nan";
    if (std::isinf(value))
        return value > 0 ? "inf" : "-inf";
    char buffer[64];
    const auto res = std::to_chars(buffer, buffer + sizeof(buffer), value);
    return std::string(buffer, res.ptr);
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

std::string inQuotes(const std::string& text) {
    return '"' + text + '"';
}

std::size_t utf8Length(const std::string& text) noexcept {
    std::size_t n = 0;
    for (unsigned char c : text)
        if ((c & 0xC0) != 0x80)
            ++n;
    return n;
}

std::string outside(long long value, long long lo, long long hi) {
    return std::to_string(value) + " is outside " + std::to_string(lo) + ".." + std::to_string(hi);
}

// A slot key such as "12": canonical decimal only, so "012" and "12" cannot both name slot 12.
std::optional<int> slotKey(const std::string& key) {
    if (key.empty() || key.size() > 6 || (key.size() > 1 && key[0] == '0'))
        return std::nullopt;
    for (char c : key)
        if (c < '0' || c > '9')
            return std::nullopt;
    return std::stoi(key);
}

enum class Read { Absent, Ok, Bad };

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

std::string mappingPath(std::size_t index) {
    return "mappings[" + std::to_string(index) + "]";
}

void checkUnitRange(float value, const std::string& path, Errors& errors) {
    if (!std::isfinite(value))
        errors.add(path, formatNumber(value) + " is not a finite number");
    else if (value < 0.0f || value > 1.0f)
        errors.add(path, formatNumber(value) + " is outside 0..1");
}

// The mapping rules shared by validateMappings and parseState. skip[i] masks the fields of
// mapping i that already failed to read from JSON.
void checkMappings(const std::vector<Mapping>& mappings, const std::vector<unsigned>& skip, Errors& errors) {
    constexpr int kSlots = static_cast<int>(kDmxSlots);
    std::array<int, kNumParameterSlots + 1> driver;   // target slot -> index of the enabled mapping driving it
    driver.fill(-1);
    std::set<std::uint32_t> universes;

    for (std::size_t i = 0; i < mappings.size(); ++i) {
        const Mapping& m = mappings[i];
        const unsigned bad = i < skip.size() ? skip[i] : 0u;
        const std::string p = mappingPath(i);
        auto ok = [bad](unsigned field) { return (bad & field) == 0; };

        if (ok(kName) && utf8Length(m.name) > kMaxNameChars)
            errors.add(p + ".name", std::to_string(utf8Length(m.name)) + " characters is longer than "
                                        + std::to_string(kMaxNameChars));

        const bool channelOk = ok(kChannel) && m.channel >= 1 && m.channel <= kSlots;
        if (ok(kChannel) && !channelOk)
            errors.add(p + ".channel", outside(m.channel, 1, kSlots));

        if (ok(kFineChannel)) {
            if (m.fineChannel < 0 || m.fineChannel > kSlots)
                errors.add(p + ".fineChannel", outside(m.fineChannel, 0, kSlots) + " (0 means channel + 1)");
            else if (m.sixteenBit && ok(kSixteenBit) && channelOk) {
                if (m.fineChannel == m.channel)
                    errors.add(p + ".fineChannel", std::to_string(m.fineChannel) + " is the same as channel");
                else if (m.fineChannel == 0 && m.channel == kSlots)
                    errors.add(p + ".fineChannel",
                               "0 means channel + 1 = 513, which is outside 1..512; name the fine channel");
            }
        }

        const bool rawMaxKnown = ok(kSixteenBit);
        const int rawMax = m.rawMax();
        const bool inMinOk = ok(kInMin) && m.inMin >= 0 && m.inMin <= rawMax;
        if (ok(kInMin) && rawMaxKnown && !inMinOk)
            errors.add(p + ".inMin", outside(m.inMin, 0, rawMax));
        if (ok(kInMax) && rawMaxKnown && m.inMax != -1) {
            if (m.inMax < 0 || m.inMax > rawMax)
                errors.add(p + ".inMax", outside(m.inMax, 0, rawMax) + " (-1 means the full range)");
            else if (inMinOk && m.inMax < m.inMin)
                errors.add(p + ".inMax", std::to_string(m.inMax) + " is below inMin (" + std::to_string(m.inMin) + ")");
        }

        if (ok(kOutMin))
            checkUnitRange(m.outMin, p + ".outMin", errors);
        if (ok(kOutMax))
            checkUnitRange(m.outMax, p + ".outMax", errors);
        if (ok(kCurve) && static_cast<unsigned>(m.curve) > static_cast<unsigned>(Curve::SCurve))
            errors.add(p + ".curve", "unknown curve " + std::to_string(static_cast<unsigned>(m.curve)));
        if (ok(kCurveAmount))
            checkUnitRange(m.curveAmount, p + ".curveAmount", errors);

        if (ok(kLossValue))
            checkUnitRange(m.lossValue, p + ".lossValue", errors);
        if (ok(kLossFade) && (m.lossFadeMs < 1 || m.lossFadeMs > 600000))
            errors.add(p + ".lossFadeMs", outside(m.lossFadeMs, 1, 600000));

        if (ok(kSmoothing) && (m.smoothingMs < 0 || m.smoothingMs > kMaxSmoothingMs))
            errors.add(p + ".smoothingMs", outside(m.smoothingMs, 0, kMaxSmoothingMs) + " (0 means off)");
        if (ok(kDeadband) && rawMaxKnown && (m.deadband < 0 || m.deadband > rawMax))
            errors.add(p + ".deadband", outside(m.deadband, 0, rawMax) + " (raw DMX steps; 0 means off)");
        if (ok(kSteps) && (m.steps < 0 || m.steps > kMaxSteps))
            errors.add(p + ".steps", outside(m.steps, 0, kMaxSteps) + " (0 or 1 means off)");
        if (ok(kMode) && static_cast<unsigned>(m.mode) > static_cast<unsigned>(OutputMode::Switch))
            errors.add(p + ".mode", "unknown mode " + std::to_string(static_cast<unsigned>(m.mode)));
        if (ok(kThreshold))
            checkUnitRange(m.threshold, p + ".threshold", errors);
        if (ok(kHysteresis))
            checkUnitRange(m.hysteresis, p + ".hysteresis", errors);

        if (ok(kMidi)) {
            const MidiTarget& t = m.midi;
            if (t.kind != MidiKind::None) {
                if (t.channel < 1 || t.channel > 16)
                    errors.add(p + ".midi.channel", outside(t.channel, 1, 16));
                const int maxNumber = t.kind == MidiKind::Cc14 ? 31 : t.kind == MidiKind::Nrpn ? 16383 : 127;
                if (t.number < 0 || t.number > maxNumber)
                    errors.add(p + ".midi.number", outside(t.number, 0, maxNumber)
                                                       + (t.kind == MidiKind::Cc14 ? " (the MSB controller; LSB is number + 32)" : ""));
                if (t.kind == MidiKind::Note) {
                    checkUnitRange(t.threshold, p + ".midi.threshold", errors);
                    if (t.velocity < 1 || t.velocity > 127)
                        errors.add(p + ".midi.velocity", outside(t.velocity, 1, 127));
                }
            }
        }

        const bool targetOk = ok(kTarget) && m.targetSlot >= 0 && m.targetSlot <= kNumParameterSlots;
        if (ok(kTarget) && !targetOk)
            errors.add(p + ".target", outside(m.targetSlot, 0, kNumParameterSlots) + " (0 means MIDI only)");
        else if (ok(kTarget) && ok(kMidi) && m.targetSlot == 0 && m.midi.kind == MidiKind::None)
            errors.add(p + ".target", "0 (no parameter) needs a \"midi\" target, or the mapping does nothing");

        if (!m.enabled || !ok(kEnabled))
            continue;
        if (targetOk && m.targetSlot >= 1) {
            int& owner = driver[static_cast<std::size_t>(m.targetSlot)];
            if (owner >= 0) {
                const Mapping& first = mappings[static_cast<std::size_t>(owner)];
                std::string who = mappingPath(static_cast<std::size_t>(owner));
                if (!first.name.empty())
                    who += " (" + inQuotes(first.name) + ")";
                errors.add(p + ".target", "slot " + std::to_string(m.targetSlot) + " is already driven by " + who);
            } else {
                owner = static_cast<int>(i);
            }
        }
        if (ok(kUniverse))
            universes.insert(m.universe.key());
    }

    if (mappings.size() > static_cast<std::size_t>(kMaxMappings))
        errors.add("mappings", std::to_string(mappings.size()) + " mappings; at most " + std::to_string(kMaxMappings));
    if (universes.size() > kMaxUniversesPerInstance)
        errors.add("mappings", std::to_string(universes.size()) + " distinct universes among enabled mappings; at most "
                                   + std::to_string(kMaxUniversesPerInstance) + " are allowed");
}

const char* const kUniverseHint = "expected a \"Net:Sub:Uni\" string such as \"0:0:1\"";

// Reads one element of "mappings" into `m`; returns the mask of fields that could not be read.
unsigned readMapping(const json& el, const std::string& p, Errors& errors, Mapping& m) {
    if (!el.is_object()) {
        errors.add(p, "expected an object");
        return kAllFields;
    }
    unsigned bad = 0;
    auto mark = [&bad](Read r, unsigned field) {
        if (r == Read::Bad)
            bad |= field;
    };
    auto required = [&](Read r, const char* key, unsigned field) {
        if (r == Read::Absent) {
            errors.add(p + "." + key, "missing");
            bad |= field;
        }
        mark(r, field);
    };

    mark(readString(el, "name", p + ".name", errors, m.name), kName);
    mark(readBool(el, "enabled", p + ".enabled", errors, m.enabled), kEnabled);

    DmxProtocol protocol = DmxProtocol::ArtNet;
    std::string protocolName;
    const Read protocolRead = readString(el, "protocol", p + ".protocol", errors, protocolName);
    if (protocolRead == Read::Ok && !protocolFromString(protocolName, protocol)) {
        errors.add(p + ".protocol", inQuotes(protocolName) + " is not one of artnet, sacn");
        bad |= kUniverse;
    } else if (protocolRead == Read::Bad) {
        bad |= kUniverse;
    }

    const auto u = el.find("universe");
    if (u == el.end()) {
        errors.add(p + ".universe", "missing");
        bad |= kUniverse;
    } else if ((bad & kUniverse) != 0) {
        // The protocol could not be read, so the universe cannot be interpreted either.
    } else if (protocol == DmxProtocol::Sacn) {
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
            bad |= kUniverse;
        } else {
            m.universe = *id;
        }
    } else if (u->is_number()) {
        // 1 could mean "0:0:1" (0-based wire value) or "0:0:0" (1-based UI number): refuse to guess.
        errors.add(p + ".universe", std::string(kUniverseHint) + ", not a number");
        bad |= kUniverse;
    } else if (!u->is_string()) {
        errors.add(p + ".universe", kUniverseHint);
        bad |= kUniverse;
    } else {
        const auto text = u->get<std::string>();
        // PortAddress::parse also takes a bare 1-based number; a state file must not be that ambiguous.
        const auto address = text.find(':') != std::string::npos ? PortAddress::parse(text) : std::nullopt;
        if (!address) {
            errors.add(p + ".universe", inQuotes(text) + " is not a Net:Sub:Uni Port-Address (Net 0..127, Sub 0..15, Uni 0..15)");
            bad |= kUniverse;
        } else {
            m.universe = UniverseId::artnet(*address);
        }
    }

    required(readInt(el, "channel", p + ".channel", errors, m.channel), "channel", kChannel);
    mark(readBool(el, "sixteenBit", p + ".sixteenBit", errors, m.sixteenBit), kSixteenBit);
    mark(readInt(el, "fineChannel", p + ".fineChannel", errors, m.fineChannel), kFineChannel);
    mark(readInt(el, "inMin", p + ".inMin", errors, m.inMin), kInMin);
    mark(readInt(el, "inMax", p + ".inMax", errors, m.inMax), kInMax);
    mark(readFloat(el, "outMin", p + ".outMin", errors, m.outMin), kOutMin);
    mark(readFloat(el, "outMax", p + ".outMax", errors, m.outMax), kOutMax);
    mark(readBool(el, "invert", p + ".invert", errors, m.invert), kInvert);

    std::string curveName;
    const Read curveRead = readString(el, "curve", p + ".curve", errors, curveName);
    mark(curveRead, kCurve);
    if (curveRead == Read::Ok && !curveFromString(curveName, m.curve)) {
        errors.add(p + ".curve", inQuotes(curveName) + " is not one of linear, exponential, logarithmic, s-curve");
        bad |= kCurve;
    }
    mark(readFloat(el, "curveAmount", p + ".curveAmount", errors, m.curveAmount), kCurveAmount);
    required(readInt(el, "target", p + ".target", errors, m.targetSlot), "target", kTarget);

    std::string lossName;
    const Read lossRead = readString(el, "onLoss", p + ".onLoss", errors, lossName);
    mark(lossRead, kLoss);
    if (lossRead == Read::Ok && !lossActionFromString(lossName, m.onLoss)) {
        errors.add(p + ".onLoss", inQuotes(lossName) + " is not one of hold, default, fade");
        bad |= kLoss;
    }
    mark(readFloat(el, "lossValue", p + ".lossValue", errors, m.lossValue), kLossValue);
    mark(readInt(el, "lossFadeMs", p + ".lossFadeMs", errors, m.lossFadeMs), kLossFade);

    std::string policy;
    const Read policyRead = readString(el, "hostAutomation", p + ".hostAutomation", errors, policy);
    mark(policyRead, kHostAutomation);
    if (policyRead == Read::Ok && !hostAutomationFromString(policy, m.hostAutomation)) {
        errors.add(p + ".hostAutomation", inQuotes(policy) + " is not one of dmx-overrides, host-wins");
        bad |= kHostAutomation;
    }

    mark(readInt(el, "smoothingMs", p + ".smoothingMs", errors, m.smoothingMs), kSmoothing);
    mark(readInt(el, "deadband", p + ".deadband", errors, m.deadband), kDeadband);
    mark(readInt(el, "steps", p + ".steps", errors, m.steps), kSteps);
    std::string modeName;
    const Read modeRead = readString(el, "mode", p + ".mode", errors, modeName);
    mark(modeRead, kMode);
    if (modeRead == Read::Ok && !outputModeFromString(modeName, m.mode)) {
        errors.add(p + ".mode", inQuotes(modeName) + " is not one of continuous, switch");
        bad |= kMode;
    }
    mark(readFloat(el, "threshold", p + ".threshold", errors, m.threshold), kThreshold);
    mark(readFloat(el, "hysteresis", p + ".hysteresis", errors, m.hysteresis), kHysteresis);

    if (const auto midi = el.find("midi"); midi != el.end()) {
        const std::string mp = p + ".midi";
        if (!midi->is_object()) {
            errors.add(mp, "expected an object such as {\"type\": \"cc\", \"channel\": 1, \"number\": 7}");
            bad |= kMidi;
        } else {
            std::string type;
            const Read typeRead = readString(*midi, "type", mp + ".type", errors, type);
            if (typeRead == Read::Absent) {
                errors.add(mp + ".type", "missing");
                bad |= kMidi;
            } else if (typeRead == Read::Bad) {
                bad |= kMidi;
            } else if (!midiKindFromString(type, m.midi.kind)) {
                errors.add(mp + ".type", inQuotes(type) + " is not one of none, cc, cc14, nrpn, note");
                bad |= kMidi;
            }
            if (readInt(*midi, "channel", mp + ".channel", errors, m.midi.channel) == Read::Bad)
                bad |= kMidi;
            if (readInt(*midi, "number", mp + ".number", errors, m.midi.number) == Read::Bad)
                bad |= kMidi;
            if (readFloat(*midi, "threshold", mp + ".threshold", errors, m.midi.threshold) == Read::Bad)
                bad |= kMidi;
            if (readInt(*midi, "velocity", mp + ".velocity", errors, m.midi.velocity) == Read::Bad)
                bad |= kMidi;
        }
    }
    return bad;
}

void readNetwork(const json& root, Errors& errors, NetworkSettings& network) {
    const auto it = root.find("network");
    if (it == root.end())
        return;
    if (!it->is_object()) {
        errors.add("network", "expected an object");
        return;
    }
    if (readString(*it, "bindAddress", "network.bindAddress", errors, network.bindAddress) == Read::Ok
        && !parseIpv4(network.bindAddress))
        errors.add("network.bindAddress", inQuotes(network.bindAddress) + " is not a dotted-quad IPv4 address");
    if (readInt(*it, "artnetPort", "network.artnetPort", errors, network.artnetPort) == Read::Ok
        && (network.artnetPort < 0 || network.artnetPort > 65535))
        errors.add("network.artnetPort", outside(network.artnetPort, 0, 65535));
    if (readInt(*it, "sacnPort", "network.sacnPort", errors, network.sacnPort) == Read::Ok
        && (network.sacnPort < 0 || network.sacnPort > 65535))
        errors.add("network.sacnPort", outside(network.sacnPort, 0, 65535));
    if (readString(*it, "sacnInterface", "network.sacnInterface", errors, network.sacnInterface) == Read::Ok
        && !parseIpv4(network.sacnInterface))
        errors.add("network.sacnInterface", inQuotes(network.sacnInterface) + " is not a dotted-quad IPv4 address");
    readBool(*it, "sacnOneIsArtnetZero", "network.sacnOneIsArtnetZero", errors, network.sacnOneIsArtnetZero);
    readBool(*it, "answerPolls", "network.answerPolls", errors, network.answerPolls);
    readBool(*it, "shareAcrossProcesses", "network.shareAcrossProcesses", errors, network.shareAcrossProcesses);
    if (readInt(*it, "artnetLossMs", "network.artnetLossMs", errors, network.artnetLossMs) == Read::Ok
        && (network.artnetLossMs < 500 || network.artnetLossMs > 600000))
        errors.add("network.artnetLossMs", outside(network.artnetLossMs, 500, 600000));
    if (const auto ltp = it->find("ltpUniverses"); ltp != it->end()) {
        if (!ltp->is_array()) {
            errors.add("network.ltpUniverses", "expected an array of \"Net:Sub:Uni\" strings");
        } else {
            for (std::size_t i = 0; i < ltp->size(); ++i) {
                const auto& v = (*ltp)[i];
                const std::string path = "network.ltpUniverses[" + std::to_string(i) + "]";
                if (!v.is_string() || v.get<std::string>().find(':') == std::string::npos
                    || !PortAddress::parse(v.get<std::string>())) {
                    errors.add(path, "expected a \"Net:Sub:Uni\" Port-Address string");
                    continue;
                }
                network.ltpUniverses.push_back(PortAddress::parse(v.get<std::string>())->netSubUni());
            }
            if (network.ltpUniverses.size() > 512)
                errors.add("network.ltpUniverses", std::to_string(network.ltpUniverses.size()) + " entries; at most 512");
        }
    }
    if (readString(*it, "allowlist", "network.allowlist", errors, network.allowlist) == Read::Ok) {
        if (network.allowlist.size() > 4096)
            errors.add("network.allowlist", std::to_string(network.allowlist.size()) + " characters; at most 4096");
        else
            for (const auto& e : SourceAllowlist::parse(network.allowlist).errors)
                errors.add("network.allowlist", e);
    }
}

// Reads a {"<slot>": value} section; `readValue` validates one value and returns false to drop it.
template <typename T, typename ReadValue>
void readSlotMap(const json& root, const char* section, Errors& errors, std::map<int, T>& out, ReadValue readValue) {
    const auto it = root.find(section);
    if (it == root.end())
        return;
    if (!it->is_object()) {
        errors.add(section, "expected an object");
        return;
    }
    for (const auto& [key, value] : it->items()) {
        const std::string path = std::string(section) + "[" + inQuotes(key) + "]";
        const auto slot = slotKey(key);
        if (!slot) {
            errors.add(path, "key must be a slot number 1.." + std::to_string(kNumParameterSlots));
            continue;
        }
        if (*slot < 1 || *slot > kNumParameterSlots) {
            errors.add(path, "slot " + outside(*slot, 1, kNumParameterSlots));
            continue;
        }
        T parsed{};
        if (readValue(value, path, parsed))
            out[*slot] = std::move(parsed);
    }
}

// The deepest nesting of objects/arrays in `text` (outside strings), stopping once it exceeds
// `limit`. Runs before the parser so that a hostile "[[[[..." never reaches it.
int nestingDepth(std::string_view text, int limit) noexcept {
    int depth = 0, deepest = 0;
    bool inString = false, escaped = false;
    for (const char c : text) {
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            deepest = std::max(deepest, ++depth);
            if (deepest > limit)
                break;
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return deepest;
}

// Parser callback that refuses duplicate keys. nlohmann's DOM parser keeps the last of two equal
// keys in one object, so {"channel": 1, "channel": 600} would load as 600 with no word; we name
// the first duplicate with its path instead. Tracks one frame per open object/array (bounded by
// kMaxStateDepth, checked before parsing).
class DuplicateKeyFinder {
public:
    bool operator()(int /*depth*/, json::parse_event_t event, json& parsed) {
        switch (event) {
        case json::parse_event_t::object_start: frames_.push_back({false, 0, {}, {}}); break;
        case json::parse_event_t::array_start: frames_.push_back({true, 0, {}, {}}); break;
        case json::parse_event_t::key:
            if (!frames_.empty()) {
                Frame& f = frames_.back();
                f.key = parsed.get<std::string>();
                if (!f.keys.insert(f.key).second && duplicate_.empty())
                    duplicate_ = path();
            }
            break;
        case json::parse_event_t::object_end:
        case json::parse_event_t::array_end:
            if (!frames_.empty())
                frames_.pop_back();
            valueDone();
            break;
        case json::parse_event_t::value: valueDone(); break;
        }
        return true;
    }
    // The path of the first duplicate key ("network.artnetPort", "mappings[2].channel"), or empty.
    const std::string& duplicate() const noexcept { return duplicate_; }

private:
    struct Frame {
        bool array;
        std::size_t index;
        std::string key;
        std::set<std::string> keys;
    };
    void valueDone() {
        if (!frames_.empty() && frames_.back().array)
            ++frames_.back().index;
    }
    std::string path() const {
        std::string p;
        for (const Frame& f : frames_) {
            if (f.array)
                p += "[" + std::to_string(f.index) + "]";
            else
                p += (p.empty() ? "" : ".") + f.key;
        }
        return p;
    }
    std::vector<Frame> frames_;
    std::string duplicate_;
};

std::string parseErrorText(const json::parse_error& e) {
    // what() is "[json.exception.parse_error.101] parse error at line 1, column 2: <reason>"; keep the reason.
    std::string text = e.what();
    const auto bracket = text.find("] ");
    if (bracket != std::string::npos)
        text.erase(0, bracket + 2);
    const auto colon = text.find(": ");
    if (colon != std::string::npos)
        text.erase(0, colon + 2);
    return "parse error at byte " + std::to_string(e.byte) + ": " + text;
}

// Schema upgrades, one step per version, applied to the parsed document before it is read, so the
// readers below only ever see the current schema. Each step says what it changed in `notes`.
//   1 -> 2: mappings gained smoothingMs, deadband, steps, mode, threshold and hysteresis. A
//           schema-1 reader ignored unknown keys, so any such keys in a schema-1 file meant nothing:
//           they are replaced by the defaults (off / continuous), which behave exactly as schema 1.
void upgradeState(json& root, int fromSchema, std::vector<std::string>& notes) {
    if (fromSchema <= 1) {
        int upgraded = 0;
        if (const auto maps = root.find("mappings"); maps != root.end() && maps->is_array()) {
            const Mapping defaults;
            for (auto& el : *maps) {
                if (!el.is_object())
                    continue;   // reported by the reader with its path
                el["smoothingMs"] = defaults.smoothingMs;
                el["deadband"] = defaults.deadband;
                el["steps"] = defaults.steps;
                el["mode"] = toString(defaults.mode);
                el["threshold"] = cleanDouble(defaults.threshold);
                el["hysteresis"] = cleanDouble(defaults.hysteresis);
                ++upgraded;
            }
        }
        notes.push_back("schema: upgraded from 1 to 2: " + std::to_string(upgraded)
                        + " mapping(s) got smoothingMs 0, deadband 0, steps 0, mode \"continuous\" (no change in behaviour)");
        fromSchema = 2;
    }
    root["schema"] = fromSchema;
}

} // namespace

std::vector<std::string> validateMappings(const std::vector<Mapping>& mappings) {
    std::vector<std::string> out;
    Errors errors(out);
    checkMappings(mappings, {}, errors);
    return out;
}

StateLoadResult parseState(std::string_view text) {
    StateLoadResult result;
    Errors errors(result.errors);

    // Bounds first, so hostile input costs no parsing (and no memory) at all.
    if (text.size() > kMaxStateBytes) {
        errors.add("json", std::to_string(text.size()) + " bytes is larger than the "
                               + std::to_string(kMaxStateBytes / (1024 * 1024)) + " MiB limit");
        return result;
    }
    if (nestingDepth(text, kMaxStateDepth) > kMaxStateDepth) {
        errors.add("json", "nested deeper than " + std::to_string(kMaxStateDepth) + " levels");
        return result;
    }

    json root;
    DuplicateKeyFinder duplicates;
    try {
        root = json::parse(text.begin(), text.end(), std::ref(duplicates));
    } catch (const json::parse_error& e) {
        errors.add("json", parseErrorText(e));
        return result;
    } catch (const json::exception& e) {
        // A number beyond a double ("1e309") is out_of_range 406, not a parse_error (found by fuzzing).
        const std::string what = e.what();   // "[json.exception.out_of_range.406] number overflow ..."
        const auto bracket = what.find("] ");
        errors.add("json", bracket == std::string::npos ? what : what.substr(bracket + 2));
        return result;
    }
    if (!duplicates.duplicate().empty()) {
        errors.add("json", "duplicate key " + inQuotes(duplicates.duplicate()));
        return result;
    }
    if (!root.is_object()) {
        errors.add("json", "the root must be an object");
        return result;
    }

    PluginState state;

    const auto schema = root.find("schema");
    if (schema == root.end()) {
        errors.add("schema", "missing");
    } else if (!schema->is_number_integer()) {
        errors.add("schema", "expected an integer");
    } else if (schema->is_number_unsigned() ? schema->get<std::uint64_t>() > static_cast<std::uint64_t>(kStateSchema)
                                            : schema->get<std::int64_t>() > kStateSchema) {
        const std::string shown = schema->is_number_unsigned() ? std::to_string(schema->get<std::uint64_t>())
                                                               : std::to_string(schema->get<std::int64_t>());
        errors.add("schema", shown + " is newer than this DMX In supports (" + std::to_string(kStateSchema) + ")");
    } else if (schema->get<std::int64_t>() < 1) {
        errors.add("schema", std::to_string(schema->get<std::int64_t>()) + " is not a valid schema version");
    } else {
        result.loadedSchema = static_cast<int>(schema->get<std::int64_t>());
        if (result.loadedSchema < kStateSchema)
            upgradeState(root, result.loadedSchema, result.notes);
    }

    readBool(root, "dmxEnabled", "dmxEnabled", errors, state.dmxEnabled);
    readBool(root, "sendToHost", "sendToHost", errors, state.sendToHost);
    if (readInt(root, "gestureIdleMs", "gestureIdleMs", errors, state.gestureIdleMs) == Read::Ok
        && (state.gestureIdleMs < 50 || state.gestureIdleMs > 5000))
        errors.add("gestureIdleMs", outside(state.gestureIdleMs, 50, 5000));
    readNetwork(root, errors, state.network);

    readSlotMap<std::string>(root, "labels", errors, state.labels,
                             [&errors](const json& v, const std::string& path, std::string& out) {
                                 if (!v.is_string()) {
                                     errors.add(path, "expected a string");
                                     return false;
                                 }
                                 out = v.get<std::string>();
                                 if (utf8Length(out) > kMaxLabelChars) {
                                     errors.add(path, std::to_string(utf8Length(out))
                                                          + " characters is longer than " + std::to_string(kMaxLabelChars));
                                     return false;
                                 }
                                 return true;
                             });
    readSlotMap<float>(root, "parameters", errors, state.parameterValues,
                       [&errors](const json& v, const std::string& path, float& out) {
                           if (!v.is_number()) {
                               errors.add(path, "expected a number");
                               return false;
                           }
                           const auto d = v.get<double>();
                           if (!(d >= 0.0 && d <= 1.0)) {
                               errors.add(path, formatNumber(d) + " is outside 0..1");
                               return false;
                           }
                           out = static_cast<float>(d);
                           return true;
                       });

    const auto maps = root.find("mappings");
    if (maps != root.end()) {
        if (!maps->is_array()) {
            errors.add("mappings", "expected an array");
        } else {
            std::vector<unsigned> skip;
            state.mappings.resize(maps->size());
            skip.resize(maps->size());
            for (std::size_t i = 0; i < maps->size(); ++i)
                skip[i] = readMapping((*maps)[i], mappingPath(i), errors, state.mappings[i]);
            checkMappings(state.mappings, skip, errors);
        }
    }

    if (errors.empty())
        result.state = std::move(state);
    return result;
}

std::string serializeState(const PluginState& state) {
    using ojson = nlohmann::ordered_json;
    ojson root;
    root["schema"] = kStateSchema;
    root["dmxEnabled"] = state.dmxEnabled;
    root["sendToHost"] = state.sendToHost;
    root["gestureIdleMs"] = state.gestureIdleMs;
    const NetworkSettings& n = state.network;
    root["network"] = ojson{{"bindAddress", n.bindAddress},
                            {"artnetPort", n.artnetPort},
                            {"sacnPort", n.sacnPort},
                            {"sacnInterface", n.sacnInterface},
                            {"sacnOneIsArtnetZero", n.sacnOneIsArtnetZero},
                            {"answerPolls", n.answerPolls},
                            {"artnetLossMs", n.artnetLossMs},
                            {"ltpUniverses", n.ltpUniverses},
                            {"allowlist", n.allowlist}};
    // Written only when off: states and presets that keep the default stay byte-identical.
    if (!n.shareAcrossProcesses)
        root["network"]["shareAcrossProcesses"] = false;

    ojson labels = ojson::object();
    for (const auto& [slot, label] : state.labels)
        labels[std::to_string(slot)] = label;
    root["labels"] = std::move(labels);

    ojson parameters = ojson::object();
    for (const auto& [slot, value] : state.parameterValues)
        parameters[std::to_string(slot)] = cleanDouble(value);
    root["parameters"] = std::move(parameters);

    ojson mappings = ojson::array();
    for (const Mapping& m : state.mappings) {
        ojson j;
        j["name"] = m.name;
        j["enabled"] = m.enabled;
        j["protocol"] = toString(m.universe.protocol());
        if (m.universe.isSacn())
            j["universe"] = m.universe.number();
        else
            j["universe"] = m.universe.text();
        j["channel"] = m.channel;
        j["sixteenBit"] = m.sixteenBit;
        j["fineChannel"] = m.fineChannel;
        j["inMin"] = m.inMin;
        j["inMax"] = m.effectiveInMax();
        j["outMin"] = cleanDouble(m.outMin);
        j["outMax"] = cleanDouble(m.outMax);
        j["invert"] = m.invert;
        j["curve"] = toString(m.curve);
        j["curveAmount"] = cleanDouble(m.curveAmount);
        j["target"] = m.targetSlot;
        j["onLoss"] = toString(m.onLoss);
        j["lossValue"] = cleanDouble(m.lossValue);
        j["lossFadeMs"] = m.lossFadeMs;
        j["hostAutomation"] = toString(m.hostAutomation);
        j["smoothingMs"] = m.smoothingMs;
        j["deadband"] = m.deadband;
        j["steps"] = m.steps;
        j["mode"] = toString(m.mode);
        j["threshold"] = cleanDouble(m.threshold);
        j["hysteresis"] = cleanDouble(m.hysteresis);
        if (m.midi.kind != MidiKind::None) {
            ojson midi{{"type", toString(m.midi.kind)}, {"channel", m.midi.channel}, {"number", m.midi.number}};
            if (m.midi.kind == MidiKind::Note) {
                midi["threshold"] = cleanDouble(m.midi.threshold);
                midi["velocity"] = m.midi.velocity;
            }
            j["midi"] = std::move(midi);
        }
        mappings.push_back(std::move(j));
    }
    root["mappings"] = std::move(mappings);
    // Replace rather than throw on invalid UTF-8 in a user-typed name or label.
    return root.dump(2, ' ', false, ojson::error_handler_t::replace);
}

} // namespace dmxin
