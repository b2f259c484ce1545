#include "Core/ExactlyEqual.h"
#include "Core/StateJson.h"
#include "Core/StateRules.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <limits>
#include <set>
#include <string>
#include <vector>

using namespace dmxin;
using Catch::Matchers::StartsWith;
using nlohmann::json;

namespace {

// A valid mapping as JSON; tests patch one field and expect one message.
json goodMapping(int target = 1, const char* universe = "0:0:1") {
    return json{{"name", "Fader " + std::to_string(target)},
                {"enabled", true},
                {"universe", universe},
                {"channel", 12},
                {"target", target}};
}

// Parses {"schema":<current>,"mappings":[...]} plus `extra` top-level fields and returns the errors.
std::vector<std::string> errorsFor(const json& mappings, const json& extra = json::object()) {
    json root = extra;
    root["schema"] = kStateSchema;
    root["mappings"] = mappings;
    const auto r = parseState(root.dump());
    CHECK_FALSE(r.state.has_value());
    return r.errors;
}

std::vector<std::string> errorsForMapping(const std::string& key, const json& value) {
    json m = goodMapping();
    m[key] = value;
    return errorsFor(json::array({m}));
}

std::vector<std::string> errorsForRoot(const json& extra) {
    json root = extra;
    if (!root.contains("schema"))
        root["schema"] = kStateSchema;
    const auto r = parseState(root.dump());
    CHECK_FALSE(r.state.has_value());
    return r.errors;
}

using Errors = std::vector<std::string>;

PluginState sampleState() {
    PluginState s;
    s.dmxEnabled = false;
    s.network.bindAddress = "192.168.1.20";
    s.network.artnetPort = 6455;
    s.labels = {{1, "Reverb send"}, {128, "Last"}, {7, "Caf\xc3\xa9 \xc3\xbc" "ber"}};
    s.parameterValues = {{1, 0.5f}, {2, 0.1f}, {128, 1.0f}, {64, 0.0f}};

    Mapping a;
    a.name = "Fader 12";
    a.universe = *PortAddress::parse("0:0:1");
    a.channel = 12;
    a.targetSlot = 1;
    s.mappings.push_back(a);

    Mapping b;
    b.name = "Pan 16-bit";
    b.enabled = false;
    b.universe = *PortAddress::parse("127:15:15");
    b.channel = 511;
    b.sixteenBit = true;
    b.fineChannel = 3;
    b.inMin = 1000;
    b.inMax = 60000;
    b.outMin = 0.9f;
    b.outMax = 0.1f;
    b.invert = true;
    b.curve = Curve::SCurve;
    b.curveAmount = 0.3f;
    b.targetSlot = 1;   // disabled, so it may share the slot
    s.mappings.push_back(b);

    Mapping c;
    c.name = "";
    c.universe = *PortAddress::parse("4:2:3");
    c.channel = 512;
    c.curve = Curve::Exponential;
    c.curveAmount = 1.0f;
    c.outMin = 0.25f;
    c.targetSlot = 128;
    c.smoothingMs = 250;
    c.deadband = 3;
    c.steps = 5;
    s.mappings.push_back(c);

    Mapping d;
    d.name = "log";
    d.universe = *PortAddress::parse("0:0:1");
    d.channel = 1;
    d.curve = Curve::Logarithmic;
    d.curveAmount = 0.0f;
    d.inMin = 5;
    d.inMax = 5;
    d.targetSlot = 2;
    d.mode = OutputMode::Switch;
    d.threshold = 0.7f;
    d.hysteresis = 0.2f;
    s.mappings.push_back(d);
    return s;
}

void checkMappingEqual(const Mapping& a, const Mapping& b) {
    CHECK(a.name == b.name);
    CHECK(a.enabled == b.enabled);
    CHECK(a.universe == b.universe);
    CHECK(a.channel == b.channel);
    CHECK(a.sixteenBit == b.sixteenBit);
    CHECK(a.fineChannel == b.fineChannel);
    CHECK(a.inMin == b.inMin);
    CHECK(a.effectiveInMax() == b.effectiveInMax());
    CHECK(exactlyEqual(a.outMin, b.outMin));
    CHECK(exactlyEqual(a.outMax, b.outMax));
    CHECK(a.invert == b.invert);
    CHECK(a.curve == b.curve);
    CHECK(exactlyEqual(a.curveAmount, b.curveAmount));
    CHECK(a.targetSlot == b.targetSlot);
    CHECK(a.smoothingMs == b.smoothingMs);
    CHECK(a.deadband == b.deadband);
    CHECK(a.steps == b.steps);
    CHECK(a.mode == b.mode);
    CHECK(exactlyEqual(a.threshold, b.threshold));
    CHECK(exactlyEqual(a.hysteresis, b.hysteresis));
}

} // namespace

TEST_CASE("state round trips through JSON", "[json]") {
    const PluginState original = sampleState();
    const std::string text = serializeState(original);
    const auto r = parseState(text);
    INFO(text);
    for (const auto& e : r.errors)
        UNSCOPED_INFO(e);
    REQUIRE(r.errors.empty());
    REQUIRE(r.state.has_value());
    const PluginState& back = *r.state;
    CHECK(back.dmxEnabled == original.dmxEnabled);
    CHECK(back.network == original.network);
    CHECK(back.labels == original.labels);
    CHECK(back.parameterValues == original.parameterValues);
    REQUIRE(back.mappings.size() == original.mappings.size());
    for (std::size_t i = 0; i < back.mappings.size(); ++i) {
        INFO("mapping " << i);
        checkMappingEqual(back.mappings[i], original.mappings[i]);
    }
    // Serialising again yields the same text: the format is stable.
    CHECK(serializeState(back) == text);
}

TEST_CASE("serializeState writes exactly the documented keys", "[json]") {
    const json j = json::parse(serializeState(sampleState()));
    std::set<std::string> rootKeys, networkKeys, mappingKeys;
    for (const auto& [k, v] : j.items())
        rootKeys.insert(k);
    for (const auto& [k, v] : j["network"].items())
        networkKeys.insert(k);
    for (const auto& [k, v] : j["mappings"][0].items())
        mappingKeys.insert(k);
    CHECK(rootKeys == std::set<std::string>{"schema", "dmxEnabled", "sendToHost", "gestureIdleMs", "network", "labels", "parameters", "mappings", "output"});
    CHECK(networkKeys == std::set<std::string>{"bindAddress", "artnetPort", "sacnPort", "sacnInterface",
                                               "sacnOneIsArtnetZero", "answerPolls", "artnetLossMs", "ltpUniverses",
                                               "allowlist"});
    CHECK(mappingKeys == std::set<std::string>{"name", "enabled", "universe", "channel", "sixteenBit", "fineChannel",
                                               "inMin", "inMax", "outMin", "outMax", "invert", "curve",
                                               "curveAmount", "target", "protocol", "onLoss", "lossValue",
                                               "lossFadeMs", "hostAutomation", "smoothingMs", "deadband",
                                               "steps", "mode", "threshold", "hysteresis"});
    CHECK(j["schema"] == 3);
    CHECK(j["dmxEnabled"] == false);
    CHECK(j["network"]["bindAddress"] == "192.168.1.20");
    CHECK(j["network"]["artnetPort"] == 6455);
    CHECK(j["labels"]["1"] == "Reverb send");
    CHECK(j["parameters"]["1"] == 0.5);
    CHECK(j["parameters"]["2"] == 0.1);   // written as 0.1, not 0.10000000149011612
    const json& m = j["mappings"][0];
    CHECK(m["universe"] == "0:0:1");
    CHECK(m["channel"] == 12);
    CHECK(m["inMax"] == 255);   // -1 is written as the effective maximum
    CHECK(m["curve"] == "linear");
    CHECK(m["target"] == 1);
    CHECK(j["mappings"][1]["universe"] == "127:15:15");
    CHECK(j["mappings"][1]["curve"] == "s-curve");
    CHECK(j["mappings"][1]["inMax"] == 60000);
    CHECK(j["mappings"][2]["curve"] == "exponential");
    CHECK(m["smoothingMs"] == 0);
    CHECK(m["deadband"] == 0);
    CHECK(m["steps"] == 0);
    CHECK(m["mode"] == "continuous");
    CHECK(m["threshold"] == 0.5);
    CHECK(m["hysteresis"] == 0.1);   // written as 0.1, not 0.10000000149011612
    CHECK(j["mappings"][2]["smoothingMs"] == 250);
    CHECK(j["mappings"][2]["deadband"] == 3);
    CHECK(j["mappings"][2]["steps"] == 5);
    CHECK(j["mappings"][3]["mode"] == "switch");
    CHECK(j["mappings"][3]["threshold"] == 0.7);
    CHECK(j["mappings"][3]["hysteresis"] == 0.2);
}

TEST_CASE("the documented example parses", "[json]") {
    const char* text = R"({ "schema": 1, "dmxEnabled": true,
      "network": {"bindAddress": "0.0.0.0", "artnetPort": 6454},
      "labels": {"1": "Reverb send"},
      "parameters": {"1": 0.5},
      "mappings": [ {"name": "Fader 12", "enabled": true, "universe": "0:0:1", "channel": 12,
         "sixteenBit": false, "fineChannel": 0, "inMin": 0, "inMax": 255, "outMin": 0.0, "outMax": 1.0,
         "invert": false, "curve": "linear", "curveAmount": 0.5, "target": 1} ] })";
    const auto r = parseState(text);
    REQUIRE(r.errors.empty());
    REQUIRE(r.state);
    const auto& s = *r.state;
    CHECK(s.dmxEnabled);
    CHECK(s.network.bindAddress == "0.0.0.0");
    CHECK(s.network.artnetPort == 6454);
    CHECK(s.labels.at(1) == "Reverb send");
    CHECK(exactlyEqual(s.parameterValues.at(1), 0.5f));
    REQUIRE(s.mappings.size() == 1);
    CHECK(s.mappings[0].name == "Fader 12");
    CHECK(s.mappings[0].universe.number() == 1);
    CHECK(s.mappings[0].channel == 12);
    CHECK(s.mappings[0].inMax == 255);
    CHECK(s.mappings[0].targetSlot == 1);
}

TEST_CASE("a minimal state takes the defaults; unknown keys are ignored", "[json]") {
    auto r = parseState(R"({"schema": 1})");
    REQUIRE(r.state);
    CHECK(r.state->dmxEnabled);
    CHECK(r.state->network == NetworkSettings{});
    CHECK(r.state->mappings.empty());
    CHECK(r.state->labels.empty());
    CHECK(r.state->parameterValues.empty());

    r = parseState(R"({"schema": 1, "future": {"x": 1}, "network": {"ipv6": true},
                       "mappings": [{"universe": "0:0:3", "channel": 7, "target": 9, "colour": "red"}]})");
    REQUIRE(r.errors.empty());
    REQUIRE(r.state);
    REQUIRE(r.state->mappings.size() == 1);
    const Mapping& m = r.state->mappings[0];
    const Mapping defaults;
    CHECK(m.universe.number() == 3);
    CHECK(m.channel == 7);
    CHECK(m.targetSlot == 9);
    CHECK(m.name == defaults.name);
    CHECK(m.enabled == defaults.enabled);
    CHECK(m.sixteenBit == defaults.sixteenBit);
    CHECK(m.inMax == -1);
    CHECK(exactlyEqual(m.outMin, defaults.outMin));
    CHECK(exactlyEqual(m.outMax, defaults.outMax));
    CHECK(m.curve == defaults.curve);
    CHECK(exactlyEqual(m.curveAmount, defaults.curveAmount));
}

TEST_CASE("document-level errors", "[json]") {
    SECTION("invalid JSON text") {
        const auto r = parseState(R"({"schema": 1,)");
        CHECK_FALSE(r.state);
        REQUIRE(r.errors.size() == 1);
        CHECK_THAT(r.errors[0], StartsWith("json: parse error at byte 14: "));
        const auto empty = parseState("");
        REQUIRE(empty.errors.size() == 1);
        CHECK_THAT(empty.errors[0], StartsWith("json: parse error at byte 1: "));
    }
    SECTION("a number too large for a double is an error, not an exception (found by fuzz_state_json)") {
        // nlohmann reports this as out_of_range 406, not as a parse_error; it once escaped parseState.
        for (const char* text : {"1e309", R"({"schema": 1, "parameters": {"1": 1e3081}})",
                                 R"({"schema": 1, "mappings": [{"channel": -1e400}]})"}) {
            INFO(text);
            StateLoadResult r;
            REQUIRE_NOTHROW(r = parseState(text));
            CHECK_FALSE(r.state);
            REQUIRE(r.errors.size() == 1);
            CHECK_THAT(r.errors[0], StartsWith("json: number overflow parsing '"));
        }
    }
    SECTION("root not an object") {
        for (const char* text : {"[]", "1", "\"schema\"", "null"}) {
            const auto r = parseState(text);
            CHECK_FALSE(r.state);
            CHECK(r.errors == Errors{"json: the root must be an object"});
        }
    }
    SECTION("schema") {
        CHECK(parseState("{}").errors == Errors{"schema: missing"});
        CHECK(parseState(R"({"schema": 4})").errors == Errors{"schema: 4 is newer than this DMX In supports (3)"});
        CHECK(parseState(R"({"schema": "1"})").errors == Errors{"schema: expected an integer"});
        CHECK(parseState(R"({"schema": 1.5})").errors == Errors{"schema: expected an integer"});
        CHECK(parseState(R"({"schema": 0})").errors == Errors{"schema: 0 is not a valid schema version"});
        CHECK(parseState(R"({"schema": -3})").errors == Errors{"schema: -3 is not a valid schema version"});
    }
    SECTION("section types") {
        CHECK(errorsForRoot({{"dmxEnabled", 1}}) == Errors{"dmxEnabled: expected a boolean"});
        CHECK(errorsForRoot({{"network", "0.0.0.0"}}) == Errors{"network: expected an object"});
        CHECK(errorsForRoot({{"labels", json::array()}}) == Errors{"labels: expected an object"});
        CHECK(errorsForRoot({{"parameters", 0.5}}) == Errors{"parameters: expected an object"});
        CHECK(errorsForRoot({{"mappings", json::object()}}) == Errors{"mappings: expected an array"});
    }
}

TEST_CASE("network errors", "[json]") {
    for (const char* bad : {"256.1.1.1", "1.2.3", "1.2.3.4.5", "localhost", "", "1.2.3.", "01.2.3.4", "1..2.3", " 1.2.3.4"}) {
        INFO(bad);
        CHECK(errorsForRoot({{"network", {{"bindAddress", bad}}}})
              == Errors{"network.bindAddress: \"" + std::string(bad) + "\" is not a dotted-quad IPv4 address"});
    }
    for (const char* good : {"0.0.0.0", "127.0.0.1", "255.255.255.255", "10.0.0.2"}) {
        json root{{"schema", 1}, {"network", {{"bindAddress", good}}}};
        CHECK(parseState(root.dump()).state.has_value());
    }
    CHECK(errorsForRoot({{"network", {{"bindAddress", 1}}}}) == Errors{"network.bindAddress: expected a string"});
    CHECK(errorsForRoot({{"network", {{"artnetPort", 70000}}}}) == Errors{"network.artnetPort: 70000 is outside 0..65535"});
    CHECK(errorsForRoot({{"network", {{"artnetPort", -1}}}}) == Errors{"network.artnetPort: -1 is outside 0..65535"});
    CHECK(errorsForRoot({{"network", {{"artnetPort", "6454"}}}}) == Errors{"network.artnetPort: expected an integer"});
    json zeroPort{{"schema", 1}, {"network", {{"artnetPort", 0}}}};
    CHECK(parseState(zeroPort.dump()).state->network.artnetPort == 0);
}

TEST_CASE("labels and parameters errors", "[json]") {
    CHECK(errorsForRoot({{"labels", {{"0", "x"}}}}) == Errors{"labels[\"0\"]: slot 0 is outside 1..128"});
    CHECK(errorsForRoot({{"labels", {{"129", "x"}}}}) == Errors{"labels[\"129\"]: slot 129 is outside 1..128"});
    CHECK(errorsForRoot({{"labels", {{"abc", "x"}}}}) == Errors{"labels[\"abc\"]: key must be a slot number 1..128"});
    CHECK(errorsForRoot({{"labels", {{"05", "x"}}}}) == Errors{"labels[\"05\"]: key must be a slot number 1..128"});
    CHECK(errorsForRoot({{"labels", {{"5", 5}}}}) == Errors{"labels[\"5\"]: expected a string"});
    CHECK(errorsForRoot({{"labels", {{"5", std::string(65, 'x')}}}})
          == Errors{"labels[\"5\"]: 65 characters is longer than 64"});
    json sixtyFour{{"schema", 1}, {"labels", {{"5", std::string(64, 'x')}}}};
    CHECK(parseState(sixtyFour.dump()).state.has_value());
    // Characters, not bytes: 64 two-byte characters fit.
    std::string accented;
    for (int i = 0; i < 64; ++i)
        accented += "\xc3\xa9";
    json wide{{"schema", 1}, {"labels", {{"5", accented}}}};
    CHECK(parseState(wide.dump()).state.has_value());

    CHECK(errorsForRoot({{"parameters", {{"3", 1.5}}}}) == Errors{"parameters[\"3\"]: 1.5 is outside 0..1"});
    CHECK(errorsForRoot({{"parameters", {{"3", -0.25}}}}) == Errors{"parameters[\"3\"]: -0.25 is outside 0..1"});
    CHECK(errorsForRoot({{"parameters", {{"3", "0.5"}}}}) == Errors{"parameters[\"3\"]: expected a number"});
    CHECK(errorsForRoot({{"parameters", {{"200", 0.5}}}}) == Errors{"parameters[\"200\"]: slot 200 is outside 1..128"});
    json edges{{"schema", 1}, {"parameters", {{"1", 0}, {"2", 1}}}};
    const auto r = parseState(edges.dump());
    REQUIRE(r.state);
    CHECK(exactlyEqual(r.state->parameterValues.at(1), 0.0f));
    CHECK(exactlyEqual(r.state->parameterValues.at(2), 1.0f));
}

TEST_CASE("mapping field errors name the path and the reason", "[json]") {
    CHECK(errorsForMapping("channel", 600) == Errors{"mappings[0].channel: 600 is outside 1..512"});
    CHECK(errorsForMapping("channel", 0) == Errors{"mappings[0].channel: 0 is outside 1..512"});
    CHECK(errorsForMapping("channel", "12") == Errors{"mappings[0].channel: expected an integer"});
    CHECK(errorsForMapping("channel", 12.5) == Errors{"mappings[0].channel: expected an integer"});
    CHECK(errorsForMapping("channel", 10000000000LL) == Errors{"mappings[0].channel: 10000000000 is out of range"});
    CHECK(errorsForMapping("fineChannel", 600) == Errors{"mappings[0].fineChannel: 600 is outside 0..512 (0 means channel + 1)"});
    CHECK(errorsForMapping("name", std::string(129, 'n')) == Errors{"mappings[0].name: 129 characters is longer than 128"});
    CHECK(errorsForMapping("name", 5) == Errors{"mappings[0].name: expected a string"});
    CHECK(errorsForMapping("enabled", "yes") == Errors{"mappings[0].enabled: expected a boolean"});
    CHECK(errorsForMapping("sixteenBit", 1) == Errors{"mappings[0].sixteenBit: expected a boolean"});
    CHECK(errorsForMapping("invert", 0) == Errors{"mappings[0].invert: expected a boolean"});
    CHECK(errorsForMapping("inMin", 256) == Errors{"mappings[0].inMin: 256 is outside 0..255"});
    CHECK(errorsForMapping("inMin", -1) == Errors{"mappings[0].inMin: -1 is outside 0..255"});
    CHECK(errorsForMapping("inMax", 300) == Errors{"mappings[0].inMax: 300 is outside 0..255 (-1 means the full range)"});
    CHECK(errorsForMapping("inMax", -2) == Errors{"mappings[0].inMax: -2 is outside 0..255 (-1 means the full range)"});
    CHECK(errorsForMapping("outMin", 1.5) == Errors{"mappings[0].outMin: 1.5 is outside 0..1"});
    CHECK(errorsForMapping("outMax", -0.25) == Errors{"mappings[0].outMax: -0.25 is outside 0..1"});
    CHECK(errorsForMapping("outMax", "1") == Errors{"mappings[0].outMax: expected a number"});
    CHECK(errorsForMapping("outMax", 1e300) == Errors{"mappings[0].outMax: 1e+300 is out of range"});
    CHECK(errorsForMapping("curveAmount", 2) == Errors{"mappings[0].curveAmount: 2 is outside 0..1"});
    CHECK(errorsForMapping("curve", "wobbly")
          == Errors{"mappings[0].curve: \"wobbly\" is not one of linear, exponential, logarithmic, s-curve"});
    CHECK(errorsForMapping("curve", 1) == Errors{"mappings[0].curve: expected a string"});
    CHECK(errorsForMapping("target", 0) == Errors{"mappings[0].target: 0 (no parameter) needs a \"midi\" target, or the mapping does nothing"});
    CHECK(errorsForMapping("target", 129) == Errors{"mappings[0].target: 129 is outside 0..128 (0 means MIDI only)"});
    CHECK(errorsForMapping("target", "1") == Errors{"mappings[0].target: expected an integer"});
}

TEST_CASE("mapping universe must be a Net:Sub:Uni string", "[json]") {
    CHECK(errorsForMapping("universe", 1)
          == Errors{"mappings[0].universe: expected a \"Net:Sub:Uni\" string such as \"0:0:1\", not a number"});
    CHECK(errorsForMapping("universe", "1")
          == Errors{"mappings[0].universe: \"1\" is not a Net:Sub:Uni Port-Address (Net 0..127, Sub 0..15, Uni 0..15)"});
    CHECK(errorsForMapping("universe", "0:0:16")
          == Errors{"mappings[0].universe: \"0:0:16\" is not a Net:Sub:Uni Port-Address (Net 0..127, Sub 0..15, Uni 0..15)"});
    CHECK(errorsForMapping("universe", json::array({0, 0, 1}))
          == Errors{"mappings[0].universe: expected a \"Net:Sub:Uni\" string such as \"0:0:1\""});
}

TEST_CASE("required mapping fields", "[json]") {
    for (const char* key : {"universe", "channel", "target"}) {
        json m = goodMapping();
        m.erase(key);
        CHECK(errorsFor(json::array({m})) == Errors{"mappings[0]." + std::string(key) + ": missing"});
    }
    CHECK(errorsFor(json::array({goodMapping(1), 5})) == Errors{"mappings[1]: expected an object"});
}

TEST_CASE("16-bit and input window rules", "[json]") {
    json m = goodMapping();
    m["sixteenBit"] = true;
    m["channel"] = 512;
    CHECK(errorsFor(json::array({m}))
          == Errors{"mappings[0].fineChannel: 0 means channel + 1 = 513, which is outside 1..512; name the fine channel"});
    m["fineChannel"] = 1;
    json ok{{"schema", 1}, {"mappings", json::array({m})}};
    CHECK(parseState(ok.dump()).state.has_value());

    m["fineChannel"] = 512;
    CHECK(errorsFor(json::array({m})) == Errors{"mappings[0].fineChannel: 512 is the same as channel"});

    json w = goodMapping();
    w["sixteenBit"] = true;
    w["inMin"] = 70000;
    w["inMax"] = 65536;
    CHECK(errorsFor(json::array({w}))
          == Errors{"mappings[0].inMin: 70000 is outside 0..65535",
                    "mappings[0].inMax: 65536 is outside 0..65535 (-1 means the full range)"});
    w["inMin"] = 1000;
    w["inMax"] = 65535;
    json okWide{{"schema", 1}, {"mappings", json::array({w})}};
    CHECK(parseState(okWide.dump()).state.has_value());

    json inv = goodMapping();
    inv["inMin"] = 10;
    inv["inMax"] = 5;
    CHECK(errorsFor(json::array({inv})) == Errors{"mappings[0].inMax: 5 is below inMin (10)"});
}

TEST_CASE("two enabled mappings onto one slot are refused, naming both", "[json]") {
    json maps = json::array({goodMapping(1), goodMapping(5), goodMapping(2), goodMapping(3)});
    maps[3]["target"] = 5;
    CHECK(errorsFor(maps) == Errors{"mappings[3].target: slot 5 is already driven by mappings[1] (\"Fader 5\")"});

    maps[1]["name"] = "Fader 1";
    CHECK(errorsFor(maps) == Errors{"mappings[3].target: slot 5 is already driven by mappings[1] (\"Fader 1\")"});

    // A disabled one may share the slot.
    maps[3]["enabled"] = false;
    json ok{{"schema", 1}, {"mappings", maps}};
    CHECK(parseState(ok.dump()).state.has_value());
}

TEST_CASE("at most 64 distinct universes among enabled mappings", "[json]") {
    json maps = json::array();
    for (int i = 0; i < 65; ++i)
        maps.push_back(goodMapping(i % 128 + 1, ("0:" + std::to_string(i / 16) + ":" + std::to_string(i % 16)).c_str()));
    CHECK(errorsFor(maps) == Errors{"mappings: 65 distinct universes among enabled mappings; at most 64 are allowed"});
    maps[64]["enabled"] = false;
    json ok{{"schema", 1}, {"mappings", maps}};
    CHECK(parseState(ok.dump()).state.has_value());
}

TEST_CASE("all errors are collected, not just the first", "[json]") {
    json bad = goodMapping();
    bad["channel"] = 600;
    bad["outMin"] = 2;
    bad["curve"] = "zigzag";
    json second = goodMapping(1);
    json root{{"schema", 4},
              {"network", {{"artnetPort", 99999}}},
              {"labels", {{"0", "x"}}},
              {"mappings", json::array({bad, second, "x"})}};
    const auto r = parseState(root.dump());
    CHECK_FALSE(r.state);
    const Errors expected = {
        "schema: 4 is newer than this DMX In supports (3)",
        "network.artnetPort: 99999 is outside 0..65535",
        "labels[\"0\"]: slot 0 is outside 1..128",
        "mappings[0].curve: \"zigzag\" is not one of linear, exponential, logarithmic, s-curve",
        "mappings[2]: expected an object",
        "mappings[0].channel: 600 is outside 1..512",
        "mappings[0].outMin: 2 is outside 0..1",
        "mappings[1].target: slot 1 is already driven by mappings[0] (\"Fader 1\")",
    };
    CHECK(r.errors == expected);
}

TEST_CASE("a mapping field that fails to read does not add a second message", "[json]") {
    json a = goodMapping(1);
    json b = goodMapping(1);
    b["target"] = "one";   // bad type: no duplicate-target complaint about its default
    CHECK(errorsFor(json::array({a, b})) == Errors{"mappings[1].target: expected an integer"});
}

TEST_CASE("validateMappings uses the same messages", "[json]") {
    std::vector<Mapping> maps(4);
    maps[0].name = "Fader 1";
    maps[0].targetSlot = 5;
    maps[1].channel = 600;
    maps[1].targetSlot = 6;
    maps[2].sixteenBit = true;
    maps[2].channel = 512;
    maps[2].targetSlot = 7;
    maps[3].targetSlot = 5;
    maps[3].outMax = std::numeric_limits<float>::quiet_NaN();
    maps[3].curveAmount = -0.5f;
    const Errors expected = {
        "mappings[1].channel: 600 is outside 1..512",
        "mappings[2].fineChannel: 0 means channel + 1 = 513, which is outside 1..512; name the fine channel",
        "mappings[3].outMax: nan is not a finite number",
        "mappings[3].curveAmount: -0.5 is outside 0..1",
        "mappings[3].target: slot 5 is already driven by mappings[0] (\"Fader 1\")",
    };
    CHECK(validateMappings(maps) == expected);

    std::vector<Mapping> unnamed(2);
    CHECK(validateMappings(unnamed) == Errors{"mappings[1].target: slot 1 is already driven by mappings[0]"});
    CHECK(validateMappings({}).empty());
    CHECK(validateMappings({Mapping{}}).empty());
}

TEST_CASE("a refused state returns no state", "[json]") {
    json good{{"schema", 1}, {"mappings", json::array({goodMapping(1)})}, {"labels", {{"1", "ok"}}}};
    auto r = parseState(good.dump());
    CHECK(r.state.has_value());
    CHECK(r.errors.empty());

    good["mappings"][0]["channel"] = 513;
    r = parseState(good.dump());
    CHECK_FALSE(r.state.has_value());
    CHECK(r.errors == Errors{"mappings[0].channel: 513 is outside 1..512"});
}

// ---- Hostile state and preset files. Every case is refused with named errors, returns no
// state, and throws nothing. ----

TEST_CASE("an oversize state is refused before parsing", "[json][robust]") {
    // 100 MB of an otherwise valid document: refused on its size alone, fast, without parsing.
    std::string huge = R"({"schema": 1, "labels": {"1": ")";
    huge.resize(104857600 - 3, 'x');
    huge += "\"}}";
    REQUIRE(huge.size() == 104857600);
    StateLoadResult r;
    REQUIRE_NOTHROW(r = parseState(huge));
    CHECK_FALSE(r.state);
    CHECK(r.errors == Errors{"json: 104857600 bytes is larger than the 16 MiB limit"});
    // One byte over the limit is refused; a document at the limit is parsed (and refused only for
    // what it says: here a label longer than allowed).
    CHECK(parseState(std::string(kMaxStateBytes + 1, ' ')).errors
          == Errors{"json: " + std::to_string(kMaxStateBytes + 1) + " bytes is larger than the 16 MiB limit"});
    std::string atLimit = R"({"schema": 1, "labels": {"1": ")";
    atLimit.resize(kMaxStateBytes - 3, 'y');
    atLimit += "\"}}";
    const auto limit = parseState(atLimit);
    CHECK_FALSE(limit.state);
    REQUIRE(limit.errors.size() == 1);
    CHECK_THAT(limit.errors[0], StartsWith("labels[\"1\"]: "));
}

TEST_CASE("deep nesting is refused before parsing", "[json][robust]") {
    const std::string deep = R"({"schema": 1, "x": )" + std::string(1'000'000, '[') + std::string(1'000'000, ']') + "}";
    StateLoadResult r;
    REQUIRE_NOTHROW(r = parseState(deep));
    CHECK(r.errors == Errors{"json: nested deeper than 32 levels"});
    // Brackets inside strings do not count; 32 levels are fine.
    CHECK(parseState(R"({"schema": 1, "labels": {"1": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"[[["}})").errors.empty());
    std::string ok = R"({"schema": 1, "x": )" + std::string(31, '[') + std::string(31, ']') + "}";
    CHECK(parseState(ok).errors.empty());
    std::string tooDeep = R"({"schema": 1, "x": )" + std::string(32, '[') + std::string(32, ']') + "}";
    CHECK(parseState(tooDeep).errors == Errors{"json: nested deeper than 32 levels"});
}

TEST_CASE("duplicate keys are refused, naming the path", "[json][robust]") {
    // nlohmann would keep the last value; a state that says two things is refused instead.
    CHECK(parseState(R"({"schema": 1, "schema": 1})").errors == Errors{"json: duplicate key \"schema\""});
    CHECK(parseState(R"({"schema": 1, "network": {"artnetPort": 6454, "artnetPort": 1}})").errors
          == Errors{"json: duplicate key \"network.artnetPort\""});
    CHECK(parseState(R"({"schema": 1, "mappings": [{"universe": "0:0:1", "channel": 1, "target": 1},
                        {"universe": "0:0:1", "channel": 2, "channel": 600, "target": 2}]})").errors
          == Errors{"json: duplicate key \"mappings[1].channel\""});
    CHECK(parseState(R"({"schema": 1, "labels": {"1": "a", "1": "b"}})").errors
          == Errors{"json: duplicate key \"labels.1\""});
    // Equal keys in different objects are not duplicates.
    CHECK(parseState(R"({"schema": 1, "mappings": [{"universe": "0:0:1", "channel": 1, "target": 1},
                        {"universe": "0:0:1", "channel": 2, "target": 2}], "labels": {"1": "a"}})").errors.empty());
}

TEST_CASE("every prefix of a valid state is refused without throwing", "[json][robust]") {
    const std::string full = serializeState(sampleState());
    REQUIRE(parseState(full).state);
    // Whitespace-only tails of the document still parse; every shorter prefix must be refused.
    const std::size_t end = full.find_last_not_of(" \n\r\t") + 1;
    for (std::size_t n = 0; n < end; ++n) {
        StateLoadResult r;
        REQUIRE_NOTHROW(r = parseState(std::string_view(full).substr(0, n)));
        INFO("prefix of " << n << " bytes");
        CHECK_FALSE(r.state);
        REQUIRE(r.errors.size() == 1);
        CHECK_THAT(r.errors[0], StartsWith("json: parse error at byte "));
    }
}

TEST_CASE("garbage is refused without throwing", "[json][robust]") {
    std::uint32_t x = 0x12345678u;
    auto next = [&x] {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        return x;
    };
    const std::string full = serializeState(sampleState());
    for (int i = 0; i < 2000; ++i) {
        std::string text;
        if (i % 2 == 0) {
            text.resize(next() % 300);
            for (auto& c : text)
                c = static_cast<char>(next() & 0xFF);
        } else {
            // A valid state with a few bytes overwritten (invalid UTF-8 included).
            text = full;
            for (int k = 0; k < 1 + static_cast<int>(next() % 4); ++k)
                text[next() % text.size()] = static_cast<char>(next() & 0xFF);
        }
        StateLoadResult r;
        REQUIRE_NOTHROW(r = parseState(text));
        CHECK(r.state.has_value() == r.errors.empty());
        for (const auto& e : r.errors)
            CHECK(e.find(": ") != std::string::npos);   // "<field>: <reason>"
    }
    for (const char* text : {"\xff\xfe{", "{\"schema\": 1, \"labels\": {\"1\": \"\xc3\x28\"}}", "\0", "{\"schema\"\0: 1}",
                             "{\"schema\": 1}garbage", "{\"schema\": 1} {\"schema\": 1}", "/* comment */ {\"schema\": 1}"}) {
        INFO(text);
        StateLoadResult r;
        REQUIRE_NOTHROW(r = parseState(text));
        CHECK_FALSE(r.state);
        REQUIRE(r.errors.size() == 1);
        CHECK_THAT(r.errors[0], StartsWith("json: "));
    }
}

TEST_CASE("wrong types, out-of-range values and a future schema name every error", "[json][robust]") {
    const auto r = parseState(R"({"schema": 1, "dmxEnabled": "yes", "sendToHost": null, "gestureIdleMs": 1e9,
        "network": {"bindAddress": 7, "artnetPort": 70000, "sacnPort": -1, "answerPolls": 1,
                    "artnetLossMs": "6000", "ltpUniverses": "0:0:1", "allowlist": ["10.0.0.0/8"]},
        "labels": {"0": "zero", "129": "past", "x": "y", "5": 5},
        "parameters": {"1": 1.5, "2": -0.1, "3": "half", "4": null},
        "mappings": [{"universe": "0:0:1", "channel": 513, "target": 129, "outMin": "low", "curve": "zigzag"},
                     {"universe": 5, "channel": 0, "target": 0, "enabled": "true"}, 17]})");
    CHECK_FALSE(r.state);
    const std::string all = [&] {
        std::string s;
        for (const auto& e : r.errors)
            s += e + "\n";
        return s;
    }();
    INFO(all);
    for (const char* field : {"dmxEnabled: ", "sendToHost: ", "gestureIdleMs: ", "network.bindAddress: ",
                              "network.artnetPort: ", "network.sacnPort: ", "network.answerPolls: ",
                              "network.artnetLossMs: ", "network.ltpUniverses: ", "network.allowlist: ",
                              "labels[\"0\"]: ", "labels[\"129\"]: ", "labels[\"x\"]: ", "labels[\"5\"]: ",
                              "parameters[\"1\"]: ", "parameters[\"2\"]: ", "parameters[\"3\"]: ", "parameters[\"4\"]: ",
                              "mappings[0].channel: ", "mappings[0].target: ", "mappings[0].outMin: ",
                              "mappings[0].curve: ", "mappings[1].universe: ", "mappings[1].channel: ",
                              "mappings[1].enabled: ", "mappings[2]: "}) {
        INFO(field);
        CHECK(all.find(field) != std::string::npos);
    }
    // A newer schema is refused even when everything else is valid, and unknown future sections
    // are not an error by themselves.
    CHECK(parseState(R"({"schema": 4, "futureSection": {"a": 1}})").errors
          == Errors{"schema: 4 is newer than this DMX In supports (3)"});
    CHECK(parseState(R"({"schema": 18446744073709551615})").errors
          == Errors{"schema: 18446744073709551615 is newer than this DMX In supports (3)"});
}

// ---- schema 2: the shaping fields and the upgrade from schema 1

namespace {

std::string readText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in.good());
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

} // namespace

TEST_CASE("schema 2 shaping fields: out-of-range values are refused naming the field", "[json][schema2]") {
    CHECK(errorsForMapping("smoothingMs", -1) == Errors{"mappings[0].smoothingMs: -1 is outside 0..60000 (0 means off)"});
    CHECK(errorsForMapping("smoothingMs", 60001) == Errors{"mappings[0].smoothingMs: 60001 is outside 0..60000 (0 means off)"});
    CHECK(errorsForMapping("smoothingMs", 1.5) == Errors{"mappings[0].smoothingMs: expected an integer"});
    CHECK(errorsForMapping("deadband", 256)
          == Errors{"mappings[0].deadband: 256 is outside 0..255 (raw DMX steps; 0 means off)"});
    CHECK(errorsForMapping("deadband", -2)
          == Errors{"mappings[0].deadband: -2 is outside 0..255 (raw DMX steps; 0 means off)"});
    CHECK(errorsForMapping("steps", 1025) == Errors{"mappings[0].steps: 1025 is outside 0..1024 (0 or 1 means off)"});
    CHECK(errorsForMapping("steps", -1) == Errors{"mappings[0].steps: -1 is outside 0..1024 (0 or 1 means off)"});
    CHECK(errorsForMapping("mode", "toggle") == Errors{"mappings[0].mode: \"toggle\" is not one of continuous, switch"});
    CHECK(errorsForMapping("mode", 1) == Errors{"mappings[0].mode: expected a string"});
    CHECK(errorsForMapping("threshold", 1.5) == Errors{"mappings[0].threshold: 1.5 is outside 0..1"});
    CHECK(errorsForMapping("hysteresis", -0.1) == Errors{"mappings[0].hysteresis: -0.1 is outside 0..1"});

    // 16-bit: the deadband is in 16-bit raw steps.
    json m = goodMapping();
    m["sixteenBit"] = true;
    m["deadband"] = 65535;
    const auto ok = parseState(json{{"schema", 2}, {"mappings", json::array({m})}}.dump());
    REQUIRE(ok.state);
    CHECK(ok.state->mappings[0].deadband == 65535);
    m["deadband"] = 65536;
    CHECK(errorsFor(json::array({m}))
          == Errors{"mappings[0].deadband: 65536 is outside 0..65535 (raw DMX steps; 0 means off)"});

    // validateMappings (the editor's path) says the same.
    Mapping bad;
    bad.universe = *PortAddress::parse("0:0:1");
    bad.steps = 2000;
    bad.threshold = 2.0f;
    CHECK(validateMappings({bad}) == Errors{"mappings[0].steps: 2000 is outside 0..1024 (0 or 1 means off)",
                                            "mappings[0].threshold: 2 is outside 0..1"});
}

TEST_CASE("schema 2 shaping fields are read", "[json][schema2]") {
    json m = goodMapping();
    m["smoothingMs"] = 120;
    m["deadband"] = 4;
    m["steps"] = 8;
    m["mode"] = "switch";
    m["threshold"] = 0.25;
    m["hysteresis"] = 0.5;
    const auto r = parseState(json{{"schema", 2}, {"mappings", json::array({m})}}.dump());
    REQUIRE(r.state);
    CHECK(r.loadedSchema == 2);
    // Only the 2 -> 3 step applies: the shaping fields were read as written, not replaced by the 1 -> 2 step.
    CHECK(r.notes == std::vector<std::string>{"schema: upgraded from 2 to 3: added an empty \"output\" section (nothing is sent until an output universe is added)"});
    const Mapping& got = r.state->mappings[0];
    CHECK(got.smoothingMs == 120);
    CHECK(got.deadband == 4);
    CHECK(got.steps == 8);
    CHECK(got.mode == OutputMode::Switch);
    CHECK(exactlyEqual(got.threshold, 0.25f));
    CHECK(exactlyEqual(got.hysteresis, 0.5f));

    // Omitted: the defaults, which change nothing.
    const auto d = parseState(json{{"schema", 2}, {"mappings", json::array({goodMapping()})}}.dump());
    REQUIRE(d.state);
    const Mapping defaults;
    CHECK(d.state->mappings[0].smoothingMs == 0);
    CHECK(d.state->mappings[0].deadband == 0);
    CHECK(d.state->mappings[0].steps == 0);
    CHECK(d.state->mappings[0].mode == OutputMode::Continuous);
    CHECK(exactlyEqual(d.state->mappings[0].threshold, defaults.threshold));
    CHECK(exactlyEqual(d.state->mappings[0].hysteresis, defaults.hysteresis));
}

TEST_CASE("a schema-1 document from the schema-1 writer is upgraded and loads with defaults", "[json][schema2]") {
    // Tests/Core/data/state-schema1.json was written by serializeState at schema 1 (commit 5758057).
    const std::string text = readText(DMXIN_TEST_DATA_DIR "/state-schema1.json");
    REQUIRE(json::parse(text)["schema"] == 1);
    const auto r = parseState(text);
    INFO((r.errors.empty() ? std::string() : r.errors[0]));
    REQUIRE(r.state);
    CHECK(r.loadedSchema == 1);
    REQUIRE(r.notes.size() == 2);
    CHECK(r.notes[0] == "schema: upgraded from 1 to 2: 3 mapping(s) got smoothingMs 0, deadband 0, steps 0, "
                        "mode \"continuous\" (no change in behaviour)");
    CHECK(r.notes[1] == "schema: upgraded from 2 to 3: added an empty \"output\" section (nothing is sent until an output universe is added)");
    CHECK(r.state->output.universes.empty());
    const PluginState& s = *r.state;
    REQUIRE(s.mappings.size() == 3);
    CHECK(s.mappings[0].name == "Fader 12");
    CHECK(s.mappings[0].channel == 12);
    CHECK(s.mappings[0].inMin == 10);
    CHECK(s.mappings[0].inMax == 240);
    CHECK(exactlyEqual(s.mappings[0].outMax, 0.8f));
    CHECK(s.mappings[0].curve == Curve::Exponential);
    CHECK(s.mappings[0].onLoss == LossAction::Fade);
    CHECK(s.mappings[1].midi.kind == MidiKind::Cc14);
    CHECK(s.mappings[2].universe == *UniverseId::sacn(5));
    CHECK(s.mappings[2].hostAutomation == HostAutomation::HostWins);
    CHECK(s.labels.at(2) == "Media server");
    CHECK(s.gestureIdleMs == 300);
    for (const Mapping& m : s.mappings) {
        CHECK(m.smoothingMs == 0);
        CHECK(m.deadband == 0);
        CHECK(m.steps == 0);
        CHECK(m.mode == OutputMode::Continuous);
    }
    // Saved again it is a current-schema document that reads back to the same state, with no upgrade.
    const auto again = parseState(serializeState(s));
    REQUIRE(again.state);
    CHECK(again.loadedSchema == kStateSchema);
    CHECK(again.notes.empty());
    REQUIRE(again.state->mappings.size() == 3);
    for (std::size_t i = 0; i < 3; ++i)
        checkMappingEqual(again.state->mappings[i], s.mappings[i]);
}

TEST_CASE("the schema-1 upgrade replaces shaping keys a schema-1 reader ignored", "[json][schema2]") {
    // Schema 1 ignored unknown keys, so "steps": 4 in a schema-1 file never quantised anything;
    // the upgrade keeps that meaning rather than switching behaviour on for an old file.
    json m = goodMapping();
    m["steps"] = 4;
    m["mode"] = "not-a-mode-in-schema-1";
    const auto r = parseState(json{{"schema", 1}, {"mappings", json::array({m})}}.dump());
    REQUIRE(r.state);
    CHECK(r.state->mappings[0].steps == 0);
    CHECK(r.state->mappings[0].mode == OutputMode::Continuous);
    CHECK(r.notes.size() == 2);   // 1 -> 2 and 2 -> 3
    // A broken schema-1 mapping is still reported with its path after the upgrade.
    const auto bad = parseState(R"({"schema": 1, "mappings": [7, {"universe": "0:0:1", "channel": 600, "target": 1}]})");
    CHECK(bad.errors == Errors{"mappings[0]: expected an object", "mappings[1].channel: 600 is outside 1..512"});
}

TEST_CASE("every factory preset loads", "[json][schema2]") {
    for (const char* name : {"default.json", "sacn-console.json", "stage-show.json", "round-trip.json"}) {
        INFO(name);
        const std::string text = readText(std::string(DMXIN_PRESETS_DIR) + "/" + name);
        const auto r = parseState(text);
        INFO((r.errors.empty() ? std::string() : r.errors[0]));
        CHECK(r.state);
        CHECK(r.loadedSchema == kStateSchema);
    }
    // The schema-1 factory preset as shipped before schema 2 still loads, upgraded.
    const auto old = parseState(readText(DMXIN_TEST_DATA_DIR "/stage-show-schema1.json"));
    REQUIRE(old.state);
    CHECK(old.loadedSchema == 1);
    CHECK(old.notes.size() == 2);   // 1 -> 2 and 2 -> 3
    CHECK(old.state->mappings.size() == 8);
    CHECK(old.state->mappings[6].mode == OutputMode::Continuous);
    // The factory preset shows the schema-2 fields.
    const auto now = parseState(readText(std::string(DMXIN_PRESETS_DIR) + "/stage-show.json"));
    REQUIRE(now.state);
    CHECK(now.state->mappings[3].smoothingMs == 150);
    CHECK(now.state->mappings[6].mode == OutputMode::Switch);
    CHECK(now.state->mappings[7].steps == 5);
    // The round-trip example configures an output (Art-Net and sACN) but sends nothing as shipped:
    // every universe is disabled until the user puts in the rig's address (DESIGN.md "Output").
    const auto roundTrip = parseState(readText(std::string(DMXIN_PRESETS_DIR) + "/round-trip.json"));
    REQUIRE(roundTrip.state);
    REQUIRE(roundTrip.state->output.universes.size() == 2);
    for (const auto& u : roundTrip.state->output.universes)
        CHECK_FALSE(u.enabled);
}
