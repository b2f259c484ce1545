// State fields added for the show network: protocol per mapping, sACN universes,
// loss behaviour, and the network settings. Each rule: a good value round-trips, a bad one is
// refused with a message that names the field.

#include "Core/ExactlyEqual.h"
#include "Core/StateJson.h"
#include "Core/StateRules.h"
#include "Core/UniverseId.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace dmxin;
using nlohmann::json;

namespace {
json mappingWith(const json& patch) {
    json m{{"name", "m"}, {"universe", "0:0:1"}, {"channel", 1}, {"target", 1}};
    m.update(patch);
    return m;
}
StateLoadResult load(const json& mapping, const json& network = json::object()) {
    json root{{"schema", 1}, {"mappings", json::array({mapping})}};
    if (!network.empty())
        root["network"] = network;
    return parseState(root.dump());
}
bool hasError(const StateLoadResult& r, const std::string& prefix) {
    for (const auto& e : r.errors)
        if (e.rfind(prefix, 0) == 0)
            return true;
    return false;
}
} // namespace

TEST_CASE("UniverseId keeps Art-Net and sACN apart and describes both numberings") {
    const auto art = UniverseId::artnet(*PortAddress::parse("0:0:1"));
    const auto sacn1 = *UniverseId::sacn(1);
    CHECK(art.key() == 1);
    CHECK(sacn1.key() == 32769);
    CHECK_FALSE(art == sacn1);
    CHECK(art < sacn1);
    CHECK(art.describe() == "Art-Net 0:0:1 (#2)");
    CHECK(sacn1.describe() == "sACN 1");
    CHECK_FALSE(UniverseId::sacn(0));
    CHECK_FALSE(UniverseId::sacn(64000));
    CHECK(UniverseId::sacn(63999)->key() == UniverseId::kKeyCount - 1);
    CHECK(UniverseId::fromKey(32769) == sacn1);
    CHECK_FALSE(UniverseId::fromKey(UniverseId::kKeyCount));
    CHECK(UniverseId::parse(DmxProtocol::Sacn, " 7 ") == UniverseId::sacn(7));
    CHECK_FALSE(UniverseId::parse(DmxProtocol::Sacn, "0:0:1"));
    CHECK(UniverseId::parse(DmxProtocol::ArtNet, "2") == UniverseId::artnet(*PortAddress::fromFlat(1)));
}

TEST_CASE("An sACN mapping loads with a numeric universe and round-trips") {
    const auto r = load(mappingWith({{"protocol", "sacn"}, {"universe", 5}}));
    REQUIRE(r.state);
    CHECK(r.state->mappings[0].universe == *UniverseId::sacn(5));
    const auto again = parseState(serializeState(*r.state));
    REQUIRE(again.state);
    CHECK(again.state->mappings[0].universe == *UniverseId::sacn(5));
    // A string works too; Art-Net stays the default protocol.
    CHECK(load(mappingWith({{"protocol", "sacn"}, {"universe", "63999"}})).state);
    CHECK(load(mappingWith(json::object())).state->mappings[0].universe.isArtNet());
}

TEST_CASE("Bad protocols and sACN universes are refused by name") {
    CHECK(hasError(load(mappingWith({{"protocol", "dmx"}})), "mappings[0].protocol: \"dmx\" is not one of artnet, sacn"));
    CHECK(hasError(load(mappingWith({{"protocol", "sacn"}, {"universe", 0}})), "mappings[0].universe: 0 is not an sACN universe"));
    CHECK(hasError(load(mappingWith({{"protocol", "sacn"}, {"universe", 64000}})), "mappings[0].universe"));
    CHECK(hasError(load(mappingWith({{"protocol", "sacn"}, {"universe", "0:0:1"}})), "mappings[0].universe"));
    CHECK(hasError(load(mappingWith({{"protocol", 3}})), "mappings[0].protocol"));
}

TEST_CASE("Loss behaviour loads, round-trips and is validated") {
    const auto r = load(mappingWith({{"onLoss", "fade"}, {"lossValue", 0.25}, {"lossFadeMs", 2000}}));
    REQUIRE(r.state);
    const Mapping& m = r.state->mappings[0];
    CHECK(m.onLoss == LossAction::Fade);
    CHECK(exactlyEqual(m.lossValue, 0.25f));
    CHECK(m.lossFadeMs == 2000);
    const auto again = parseState(serializeState(*r.state));
    REQUIRE(again.state);
    CHECK(again.state->mappings[0].onLoss == LossAction::Fade);
    CHECK(again.state->mappings[0].lossFadeMs == 2000);

    CHECK(hasError(load(mappingWith({{"onLoss", "zero"}})), "mappings[0].onLoss: \"zero\" is not one of hold, default, fade"));
    CHECK(hasError(load(mappingWith({{"lossValue", 1.5}})), "mappings[0].lossValue"));
    CHECK(hasError(load(mappingWith({{"lossFadeMs", 0}})), "mappings[0].lossFadeMs"));
    CHECK(load(mappingWith(json::object())).state->mappings[0].onLoss == LossAction::Hold);
}

TEST_CASE("Network settings for the show network load, round-trip and are validated") {
    const json network{{"bindAddress", "127.0.0.2"}, {"artnetPort", 6454}, {"sacnPort", 5568},
                       {"sacnInterface", "127.0.0.1"}, {"sacnOneIsArtnetZero", true}, {"answerPolls", false},
                       {"artnetLossMs", 8000}, {"ltpUniverses", {"0:0:1", "1:2:3"}}, {"allowlist", "10.0.0.0/8"}};
    const auto r = load(mappingWith(json::object()), network);
    REQUIRE(r.state);
    const NetworkSettings& n = r.state->network;
    CHECK(n.sacnInterface == "127.0.0.1");
    CHECK(n.sacnOneIsArtnetZero);
    CHECK_FALSE(n.answerPolls);
    CHECK(n.artnetLossMs == 8000);
    CHECK(n.ltpUniverses == std::vector<std::string>{"0:0:1", "1:2:3"});
    CHECK(n.allowlist == "10.0.0.0/8");
    const auto again = parseState(serializeState(*r.state));
    REQUIRE(again.state);
    CHECK(again.state->network == n);

    CHECK(hasError(load(mappingWith(json::object()), {{"sacnPort", 70000}}), "network.sacnPort"));
    CHECK(hasError(load(mappingWith(json::object()), {{"sacnInterface", "eth0"}}), "network.sacnInterface"));
    CHECK(hasError(load(mappingWith(json::object()), {{"artnetLossMs", 100}}), "network.artnetLossMs"));
    CHECK(hasError(load(mappingWith(json::object()), {{"ltpUniverses", {"1"}}}), "network.ltpUniverses[0]"));
    CHECK(hasError(load(mappingWith(json::object()), {{"ltpUniverses", "0:0:1"}}), "network.ltpUniverses"));
    CHECK(hasError(load(mappingWith(json::object()), {{"allowlist", "10.0.0.300"}}),
                   "network.allowlist: entry 1 \"10.0.0.300\": not an IPv4 address"));
}

TEST_CASE("network.shareAcrossProcesses defaults on, loads, is written only when off, and must be a bool") {
    const auto byDefault = load(mappingWith(json::object()));
    REQUIRE(byDefault.state);
    CHECK(byDefault.state->network.shareAcrossProcesses);
    CHECK_FALSE(json::parse(serializeState(*byDefault.state))["network"].contains("shareAcrossProcesses"));

    const auto off = load(mappingWith(json::object()), json{{"shareAcrossProcesses", false}});
    REQUIRE(off.state);
    CHECK_FALSE(off.state->network.shareAcrossProcesses);
    const std::string text = serializeState(*off.state);
    CHECK(json::parse(text)["network"]["shareAcrossProcesses"] == false);
    const auto again = parseState(text);
    REQUIRE(again.state);
    CHECK_FALSE(again.state->network.shareAcrossProcesses);

    CHECK(hasError(load(mappingWith(json::object()), json{{"shareAcrossProcesses", "no"}}), "network.shareAcrossProcesses"));
}

TEST_CASE("validateNetwork gives the loader's messages for the settings on their own") {
    CHECK(validateNetwork(NetworkSettings{}).empty());
    CHECK(validateNetwork(NetworkSettings::at("127.0.0.1", 0, 0)).empty());   // ephemeral ports, for tests

    NetworkSettings n;
    n.bindAddress = "eth0";
    n.artnetPort = 70000;
    n.sacnPort = -1;
    n.sacnInterface = "1.2.3";
    n.artnetLossMs = 100;
    n.ltpUniverses = {"0:0:1", "1"};
    n.allowlist = "10.0.0.300";
    const std::vector<std::string> expected{
        "network.bindAddress: \"eth0\" is not a dotted-quad IPv4 address",
        "network.artnetPort: 70000 is outside 0..65535",
        "network.sacnPort: -1 is outside 0..65535",
        "network.sacnInterface: \"1.2.3\" is not a dotted-quad IPv4 address",
        "network.artnetLossMs: 100 is outside 500..600000",
        "network.ltpUniverses[1]: expected a \"Net:Sub:Uni\" Port-Address string",
        "network.allowlist: entry 1 \"10.0.0.300\": not an IPv4 address"};
    CHECK(validateNetwork(n) == expected);

    // The loader reads the same settings and says the same, field by field.
    const json network{{"bindAddress", "eth0"}, {"artnetPort", 70000}, {"sacnPort", -1}, {"sacnInterface", "1.2.3"},
                       {"artnetLossMs", 100}, {"ltpUniverses", {"0:0:1", "1"}}, {"allowlist", "10.0.0.300"}};
    CHECK(load(mappingWith(json::object()), network).errors == expected);
}
