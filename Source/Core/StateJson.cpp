#include "StateJson.h"

#include "JsonGuard.h"
#include "JsonRead.h"
#include "OutputJson.h"
#include "OutputRules.h"
#include "StateRules.h"
#include "StateWording.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <variant>

namespace dmxin {

namespace {

using nlohmann::json;
using namespace wording;
using namespace jsonread;

constexpr std::size_t kMaxLabelChars = 64;

// A slot key such as "12": canonical decimal only, so "012" and "12" cannot both name slot 12.
std::optional<int> slotKey(const std::string& key) {
    if (key.empty() || key.size() > 6 || (key.size() > 1 && key[0] == '0'))
        return std::nullopt;
    for (char c : key)
        if (c < '0' || c > '9')
            return std::nullopt;
    return std::stoi(key);
}

// The names an enum field accepts, for the message when a value is none of them.
bool fromString(const std::string& text, Curve& out) { return curveFromString(text, out); }
bool fromString(const std::string& text, LossAction& out) { return lossActionFromString(text, out); }
bool fromString(const std::string& text, HostAutomation& out) { return hostAutomationFromString(text, out); }
bool fromString(const std::string& text, OutputMode& out) { return outputModeFromString(text, out); }
const char* choices(Curve) { return "linear, exponential, logarithmic, s-curve"; }
const char* choices(LossAction) { return "hold, default, fade"; }
const char* choices(HostAutomation) { return "dmx-overrides, host-wins"; }
const char* choices(OutputMode) { return "continuous, switch"; }

Read readValue(const json& obj, const char* key, const std::string& path, Errors& errors, int& out) {
    return readInt(obj, key, path, errors, out);
}
Read readValue(const json& obj, const char* key, const std::string& path, Errors& errors, float& out) {
    return readFloat(obj, key, path, errors, out);
}
Read readValue(const json& obj, const char* key, const std::string& path, Errors& errors, bool& out) {
    return readBool(obj, key, path, errors, out);
}
Read readValue(const json& obj, const char* key, const std::string& path, Errors& errors, std::string& out) {
    return readString(obj, key, path, errors, out);
}

// One field of a mapping in the state file: its key, its member and its fieldBit. The reader and
// the writer both walk kMappingFields, so a field is added in one place, and the file's key order
// and the reader's message order are the table's order. Two entries stand for more than one key:
// the universe (the "protocol" and "universe" keys make one UniverseId) and midi (a nested object);
// they have their own reader and writer below. The rules (StateRules.cpp) do not walk the table
// and name fields by bit instead, because most of them relate two fields (inMax to inMin and
// sixteenBit, the fine channel to the channel, the target to midi, one mapping per slot) and their
// messages come in an order of their own.
using FieldMember = std::variant<std::string Mapping::*, bool Mapping::*, int Mapping::*, float Mapping::*,
                                 Curve Mapping::*, LossAction Mapping::*, HostAutomation Mapping::*,
                                 OutputMode Mapping::*, UniverseId Mapping::*, MidiTarget Mapping::*>;

struct MappingField {
    const char* key;
    unsigned bit;
    FieldMember member;
    bool required = false;                              // "missing" when absent
};

constexpr MappingField kMappingFields[] = {
    {"name", fieldBit::kName, &Mapping::name},
    {"enabled", fieldBit::kEnabled, &Mapping::enabled},
    {"universe", fieldBit::kUniverse, &Mapping::universe},
    {"channel", fieldBit::kChannel, &Mapping::channel, true},
    {"sixteenBit", fieldBit::kSixteenBit, &Mapping::sixteenBit},
    {"fineChannel", fieldBit::kFineChannel, &Mapping::fineChannel},
    {"inMin", fieldBit::kInMin, &Mapping::inMin},
    {"inMax", fieldBit::kInMax, &Mapping::inMax},   // written as effectiveInMax(): -1 becomes 255 or 65535
    {"outMin", fieldBit::kOutMin, &Mapping::outMin},
    {"outMax", fieldBit::kOutMax, &Mapping::outMax},
    {"invert", fieldBit::kInvert, &Mapping::invert},
    {"curve", fieldBit::kCurve, &Mapping::curve},
    {"curveAmount", fieldBit::kCurveAmount, &Mapping::curveAmount},
    {"target", fieldBit::kTarget, &Mapping::targetSlot, true},
    {"onLoss", fieldBit::kLoss, &Mapping::onLoss},
    {"lossValue", fieldBit::kLossValue, &Mapping::lossValue},
    {"lossFadeMs", fieldBit::kLossFade, &Mapping::lossFadeMs},
    {"hostAutomation", fieldBit::kHostAutomation, &Mapping::hostAutomation},
    {"smoothingMs", fieldBit::kSmoothing, &Mapping::smoothingMs},
    {"deadband", fieldBit::kDeadband, &Mapping::deadband},
    {"steps", fieldBit::kSteps, &Mapping::steps},
    {"mode", fieldBit::kMode, &Mapping::mode},
    {"threshold", fieldBit::kThreshold, &Mapping::threshold},
    {"hysteresis", fieldBit::kHysteresis, &Mapping::hysteresis},
    {"midi", fieldBit::kMidi, &Mapping::midi},
};

constexpr unsigned allBits() {
    unsigned bits = 0;
    for (const auto& f : kMappingFields)
        bits |= f.bit;
    return bits;
}
static_assert(allBits() == fieldBit::kAllFields, "every fieldBit has its entry in kMappingFields");

// The optional "midi" object; false when any of it could not be read.
bool readMidi(const json& el, const std::string& p, Errors& errors, MidiTarget& target) {
    const auto midi = el.find("midi");
    if (midi == el.end())
        return true;
    const std::string mp = p + ".midi";
    if (!midi->is_object()) {
        errors.add(mp, "expected an object such as {\"type\": \"cc\", \"channel\": 1, \"number\": 7}");
        return false;
    }
    bool ok = true;
    std::string type;
    const Read typeRead = readString(*midi, "type", mp + ".type", errors, type);
    if (typeRead == Read::Absent) {
        errors.add(mp + ".type", "missing");
        ok = false;
    } else if (typeRead == Read::Bad) {
        ok = false;
    } else if (!midiKindFromString(type, target.kind)) {
        errors.add(mp + ".type", inQuotes(type) + " is not one of none, cc, cc14, nrpn, note");
        ok = false;
    }
    ok = readInt(*midi, "channel", mp + ".channel", errors, target.channel) != Read::Bad && ok;
    ok = readInt(*midi, "number", mp + ".number", errors, target.number) != Read::Bad && ok;
    ok = readFloat(*midi, "threshold", mp + ".threshold", errors, target.threshold) != Read::Bad && ok;
    ok = readInt(*midi, "velocity", mp + ".velocity", errors, target.velocity) != Read::Bad && ok;
    return ok;
}

// Reads one plain field; false when it could not be read (absent and required, the wrong type,
// or an enum name that is none of its choices).
template <typename T>
bool readField(const json& el, const std::string& p, const MappingField& field, Errors& errors, T& value) {
    const std::string path = p + "." + field.key;
    Read read = Read::Absent;
    if constexpr (std::is_enum_v<T>) {
        std::string name;
        read = readString(el, field.key, path, errors, name);
        if (read == Read::Ok && !fromString(name, value)) {
            errors.add(path, inQuotes(name) + " is not one of " + choices(value));
            return false;
        }
    } else {
        read = readValue(el, field.key, path, errors, value);
    }
    if (read == Read::Absent && field.required) {
        errors.add(path, "missing");
        return false;
    }
    return read != Read::Bad;
}

// Reads one element of "mappings" into `m`; returns the fieldBit mask of fields that could not be read.
unsigned readMapping(const json& el, const std::string& p, Errors& errors, Mapping& m) {
    if (!el.is_object()) {
        errors.add(p, "expected an object");
        return fieldBit::kAllFields;
    }
    unsigned bad = 0;
    for (const MappingField& field : kMappingFields) {
        const bool ok = std::visit(
            [&](auto member) {
                auto& value = m.*member;
                using T = std::remove_reference_t<decltype(value)>;
                if constexpr (std::is_same_v<T, UniverseId>)
                    return readUniverse(el, p, errors, value);
                else if constexpr (std::is_same_v<T, MidiTarget>)
                    return readMidi(el, p, errors, value);
                else
                    return readField(el, p, field, errors, value);
            },
            field.member);
        if (!ok)
            bad |= field.bit;
    }
    return bad;
}

nlohmann::ordered_json writeMapping(const Mapping& m) {
    using ojson = nlohmann::ordered_json;
    ojson j;
    for (const MappingField& field : kMappingFields) {
        std::visit(
            [&](auto member) {
                const auto& value = m.*member;
                using T = std::remove_cvref_t<decltype(value)>;
                if constexpr (std::is_same_v<T, UniverseId>) {
                    writeUniverse(j, value);
                } else if constexpr (std::is_same_v<T, MidiTarget>) {
                    if (value.kind == MidiKind::None)
                        return;
                    ojson midi{{"type", toString(value.kind)}, {"channel", value.channel}, {"number", value.number}};
                    if (value.kind == MidiKind::Note) {
                        midi["threshold"] = cleanDouble(value.threshold);
                        midi["velocity"] = value.velocity;
                    }
                    j["midi"] = std::move(midi);
                } else if constexpr (std::is_enum_v<T>) {
                    j[field.key] = toString(value);
                } else if constexpr (std::is_same_v<T, float>) {
                    j[field.key] = cleanDouble(value);
                } else if constexpr (std::is_same_v<T, int>) {
                    j[field.key] = field.bit == fieldBit::kInMax ? m.effectiveInMax() : value;
                } else {
                    j[field.key] = value;
                }
            },
            field.member);
    }
    return j;
}

// Reads one network setting and, when it was read, applies its rule right away (StateRules), so
// the messages keep the order of the file.
template <typename T>
void readSetting(const json& obj, const char* key, T& value, const NetworkSettings& network, NetworkField rule,
                 std::vector<std::string>& out) {
    Errors errors(out);
    if (readValue(obj, key, std::string("network.") + key, errors, value) == Read::Ok)
        checkNetworkField(network, rule, out);
}

void readNetwork(const json& root, std::vector<std::string>& out, NetworkSettings& network) {
    Errors errors(out);
    const auto it = root.find("network");
    if (it == root.end())
        return;
    if (!it->is_object()) {
        errors.add("network", "expected an object");
        return;
    }
    readSetting(*it, "bindAddress", network.bindAddress, network, NetworkField::BindAddress, out);
    readSetting(*it, "artnetPort", network.artnetPort, network, NetworkField::ArtnetPort, out);
    readSetting(*it, "sacnPort", network.sacnPort, network, NetworkField::SacnPort, out);
    readSetting(*it, "sacnInterface", network.sacnInterface, network, NetworkField::SacnInterface, out);
    readBool(*it, "sacnOneIsArtnetZero", "network.sacnOneIsArtnetZero", errors, network.sacnOneIsArtnetZero);
    readBool(*it, "answerPolls", "network.answerPolls", errors, network.answerPolls);
    readBool(*it, "shareAcrossProcesses", "network.shareAcrossProcesses", errors, network.shareAcrossProcesses);
    readSetting(*it, "artnetLossMs", network.artnetLossMs, network, NetworkField::ArtnetLossMs, out);
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
            checkNetworkField(network, NetworkField::LtpUniverses, out);
        }
    }
    readSetting(*it, "allowlist", network.allowlist, network, NetworkField::Allowlist, out);
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

// Schema upgrades, one step per version, applied to the parsed document before it is read, so the
// readers below only ever see the current schema. Each step says what it changed in `notes`.
//   1 -> 2: mappings gained smoothingMs, deadband, steps, mode, threshold and hysteresis. A
//           schema-1 reader ignored unknown keys, so any such keys in a schema-1 file meant nothing:
//           they are replaced by the defaults (off / continuous), which behave exactly as schema 1.
//   2 -> 3: the "output" section, empty: a schema-2 state never sent DMX, and still does not.
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
    if (fromSchema == 2) {
        // A schema-2 reader ignored unknown keys, so an "output" key in a schema-2 file never sent
        // anything: it is replaced by the empty section, which sends nothing either.
        root["output"] = writeOutput(OutputSettings{});
        notes.push_back("schema: upgraded from 2 to 3: added an empty \"output\" section (nothing is sent "
                        "until an output universe is added)");
        fromSchema = 3;
    }
    root["schema"] = fromSchema;
}

} // namespace

StateLoadResult parseState(std::string_view text) {
    StateLoadResult result;
    Errors errors(result.errors);

    std::string parseError;
    auto parsed = parseUntrusted(text, kMaxStateBytes, kMaxStateDepth, parseError);
    if (!parsed) {
        errors.add("json", parseError);
        return result;
    }
    json& root = *parsed;
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
    readNetwork(root, result.errors, state.network);

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

    std::vector<unsigned> mappingSkip;   // fields of each mapping that failed to read
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
            checkMappings(state.mappings, skip, result.errors);
            mappingSkip = std::move(skip);
        }
    }

    std::vector<bool> outputSkip;
    readOutput(root, result.errors, state.output, outputSkip);
    checkOutputs(state.output, outputSkip, result.errors);
    checkOutputLoops(state.mappings, mappingSkip, state.output, outputSkip, state.network.sacnOneIsArtnetZero,
                     result.errors);

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
    for (const Mapping& m : state.mappings)
        mappings.push_back(writeMapping(m));
    root["mappings"] = std::move(mappings);
    root["output"] = writeOutput(state.output);
    // Replace rather than throw on invalid UTF-8 in a user-typed name or label.
    return root.dump(2, ' ', false, ojson::error_handler_t::replace);
}

} // namespace dmxin
