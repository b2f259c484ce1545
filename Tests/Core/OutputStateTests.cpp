// The output section of the state (schema 3): round trip, the upgrade from schema 2, every refusal
// naming its field and reason, and the loop rule naming both the mapping and the output.

#include "Core/OutputRules.h"
#include "Core/SacnCid.h"
#include "Core/StateJson.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

using namespace dmxin;
using nlohmann::json;

namespace {

using Errors = std::vector<std::string>;

json goodChannel(int channel = 1, int slot = 1) {
    return json{{"channel", channel}, {"slot", slot}};
}

json goodArtnetOutput(const char* universe = "0:0:5") {
    return json{{"name", "Stage"},
                {"protocol", "artnet"},
                {"universe", universe},
                {"destination", "unicast"},
                {"addresses", json::array({"10.0.0.5"})},
                {"channels", json::array({goodChannel()})}};
}

json goodSacnOutput(int universe = 7) {
    return json{{"name", "Wash"}, {"protocol", "sacn"}, {"universe", universe}, {"channels", json::array({goodChannel()})}};
}

// Parses a current-schema document whose "output" holds `universes` (plus `extra` top-level keys).
StateLoadResult parseWithOutputs(const json& universes, const json& extra = json::object()) {
    json root = extra;
    root["schema"] = kStateSchema;
    root["output"]["universes"] = universes;
    return parseState(root.dump());
}

Errors outputErrors(const json& universes, const json& extra = json::object()) {
    const auto r = parseWithOutputs(universes, extra);
    CHECK_FALSE(r.state.has_value());
    return r.errors;
}

Errors errorsForOutputKey(const std::string& key, const json& value) {
    json o = goodArtnetOutput();
    o[key] = value;
    return outputErrors(json::array({o}));
}

Errors errorsForChannelKey(const std::string& key, const json& value) {
    json o = goodArtnetOutput();
    o["channels"][0][key] = value;
    return outputErrors(json::array({o}));
}

OutputSettings sampleOutput() {
    OutputSettings s;
    s.enabled = false;
    s.cid = *parseCid("7b39c89d-e6be-4757-a472-58a1b2c3d4e5");
    s.sourceName = "FOH desk \xc3\xbc";
    s.artnetSync = true;

    OutputUniverse a;
    a.name = "Stage";
    a.universe = *PortAddress::parse("1:2:3");
    a.addresses = {"10.0.0.5", "10.0.0.6"};
    a.port = 6455;
    a.rateHz = 30;
    OutputChannel dimmer;
    dimmer.channel = 1;
    dimmer.slot = 4;
    OutputChannel pan;
    pan.channel = 10;
    pan.sixteenBit = true;
    pan.fineChannel = 20;
    pan.slot = 4;                 // one slot may feed several channels
    pan.dmxMin = 1000;
    pan.dmxMax = 60000;
    pan.invert = true;
    a.channels = {dimmer, pan};
    s.universes.push_back(a);

    OutputUniverse b;
    b.name = "";
    b.enabled = false;
    b.universe = *UniverseId::sacn(63999);
    b.destination = OutputDestination::Multicast;
    b.interfaceAddress = "192.168.1.20";
    b.priority = 200;
    s.universes.push_back(b);

    OutputUniverse c;
    c.name = "Bcast";
    c.universe = *PortAddress::parse("0:0:0");
    c.destination = OutputDestination::Broadcast;
    c.interfaceAddress = "2.0.0.10";
    c.prefixLength = 8;
    OutputChannel last;
    last.channel = 512;
    last.slot = 128;
    last.dmxMax = 200;
    c.channels = {last};
    s.universes.push_back(c);
    return s;
}

} // namespace

TEST_CASE("output settings round trip through the state", "[json][output]") {
    PluginState state;
    state.output = sampleOutput();
    const std::string text = serializeState(state);
    INFO(text);
    const auto r = parseState(text);
    for (const auto& e : r.errors)
        UNSCOPED_INFO(e);
    REQUIRE(r.state);
    CHECK(r.loadedSchema == kStateSchema);
    CHECK(r.notes.empty());
    // dmxMax -1 is written as its effective value; everything else comes back as it was.
    OutputSettings expected = state.output;
    for (auto& u : expected.universes)
        for (auto& c : u.channels)
            c.dmxMax = c.effectiveDmxMax();
    CHECK(expected.universes[0].channels[0].dmxMax == 255);   // it was -1
    CHECK(r.state->output == expected);
    CHECK(serializeState(*r.state) == text);

    const json j = json::parse(text);
    CHECK(j["output"]["cid"] == "7b39c89d-e6be-4757-a472-58a1b2c3d4e5");
    CHECK(j["output"]["universes"][0]["universe"] == "1:2:3");
    CHECK(j["output"]["universes"][0]["protocol"] == "artnet");
    CHECK(j["output"]["universes"][1]["universe"] == 63999);
    CHECK(j["output"]["universes"][1]["destination"] == "multicast");
    CHECK(j["output"]["universes"][0]["channels"][0]["dmxMax"] == 255);
    CHECK(j["output"]["universes"][0]["channels"][1]["dmxMax"] == 60000);
}

TEST_CASE("a default state has no outputs and writes an empty output section", "[json][output]") {
    const json j = json::parse(serializeState(PluginState{}));
    CHECK(j["output"] == json{{"enabled", true}, {"cid", ""}, {"sourceName", "DMX In"}, {"artnetSync", false},
                              {"universes", json::array()}});
    const auto r = parseState(R"({"schema": 3})");
    REQUIRE(r.state);
    CHECK(r.state->output.universes.empty());
    CHECK(isNilCid(r.state->output.cid));
}

TEST_CASE("omitted output keys take their defaults; the destination follows the protocol", "[json][output]") {
    const auto r = parseWithOutputs(json::array({json{{"universe", "0:0:1"}, {"addresses", {"10.0.0.1"}}},
                                                 json{{"protocol", "sacn"}, {"universe", 3}}}));
    for (const auto& e : r.errors)
        UNSCOPED_INFO(e);
    REQUIRE(r.state);
    const auto& u = r.state->output.universes;
    REQUIRE(u.size() == 2);
    CHECK(u[0].universe == UniverseId::artnet(*PortAddress::parse("0:0:1")));
    CHECK(u[0].destination == OutputDestination::Unicast);
    CHECK(u[0].rateHz == 44);
    CHECK(u[0].effectivePort() == 6454);
    CHECK(u[0].channels.empty());
    CHECK(u[1].destination == OutputDestination::Multicast);
    CHECK(u[1].priority == 100);
    CHECK(u[1].effectivePort() == 5568);
}

TEST_CASE("a schema-2 state is upgraded to an empty output section", "[json][output]") {
    // A schema-2 reader ignored an "output" key: what it held never sent anything, so the upgrade
    // replaces it with the empty section rather than starting to send for an old file.
    const json doc{{"schema", 2},
                   {"mappings", json::array({json{{"universe", "0:0:1"}, {"channel", 1}, {"target", 1}}})},
                   {"output", {{"universes", json::array({goodArtnetOutput()})}}}};
    const auto r = parseState(doc.dump());
    for (const auto& e : r.errors)
        UNSCOPED_INFO(e);
    REQUIRE(r.state);
    CHECK(r.loadedSchema == 2);
    CHECK(r.notes == Errors{"schema: upgraded from 2 to 3: added an empty \"output\" section (nothing is sent "
                            "until an output universe is added)"});
    CHECK(r.state->output == OutputSettings{});
    CHECK(r.state->mappings.size() == 1);
    // Saved again it is schema 3 and loads with no upgrade.
    const auto again = parseState(serializeState(*r.state));
    REQUIRE(again.state);
    CHECK(again.loadedSchema == 3);
    CHECK(again.notes.empty());
}

TEST_CASE("output section: wrong types name the field", "[json][output]") {
    json root{{"schema", 3}, {"output", 5}};
    CHECK(parseState(root.dump()).errors == Errors{"output: expected an object"});
    root["output"] = json{{"enabled", "yes"}, {"cid", 7}, {"sourceName", false}, {"artnetSync", 1}, {"universes", {}}};
    CHECK(parseState(root.dump()).errors == Errors{"output.enabled: expected a boolean", "output.cid: expected a string",
                                                   "output.sourceName: expected a string",
                                                   "output.artnetSync: expected a boolean",
                                                   "output.universes: expected an array"});
    CHECK(outputErrors(json::array({3})) == Errors{"output.universes[0]: expected an object"});
    CHECK(errorsForOutputKey("rateHz", "fast") == Errors{"output.universes[0].rateHz: expected an integer"});
    CHECK(errorsForOutputKey("addresses", "10.0.0.5")
          == Errors{"output.universes[0].addresses: expected an array of IPv4 addresses such as [\"10.0.0.5\"]"});
    CHECK(errorsForOutputKey("addresses", json::array({5}))
          == Errors{"output.universes[0].addresses[0]: expected a string"});
    CHECK(errorsForOutputKey("destination", "anycast")
          == Errors{"output.universes[0].destination: \"anycast\" is not one of unicast, broadcast, multicast"});
    CHECK(errorsForOutputKey("channels", json::object()) == Errors{"output.universes[0].channels: expected an array"});
    CHECK(errorsForOutputKey("channels", json::array({"x"}))
          == Errors{"output.universes[0].channels[0]: expected an object such as {\"channel\": 1, \"slot\": 1}"});
    CHECK(errorsForChannelKey("invert", "no") == Errors{"output.universes[0].channels[0].invert: expected a boolean"});
}

TEST_CASE("output section: the CID is a UUID or empty", "[json][output]") {
    json root{{"schema", 3}, {"output", {{"cid", "7B39C89D-E6BE-4757-A472-58A1B2C3D4E5"}}}};
    const auto upper = parseState(root.dump());
    REQUIRE(upper.state);
    CHECK(formatCid(upper.state->output.cid) == "7b39c89d-e6be-4757-a472-58a1b2c3d4e5");
    for (const char* bad : {"7b39c89de6be4757a47258a1b2c3d4e5", "{7b39c89d-e6be-4757-a472-58a1b2c3d4e5}",
                            "7b39c89d-e6be-4757-a472-58a1b2c3d4eg", "sACNView"}) {
        INFO(bad);
        root["output"]["cid"] = bad;
        CHECK(parseState(root.dump()).errors
              == Errors{"output.cid: \"" + std::string(bad)
                        + "\" is not a UUID such as \"7b39c89d-e6be-4757-a472-58a1b2c3d4e5\" (or \"\" for none yet)"});
    }
}

TEST_CASE("output universe refusals name the field and the reason", "[json][output]") {
    const std::string p = "output.universes[0]";
    CHECK(errorsForOutputKey("universe", "0:0:16")
          == Errors{p + ".universe: \"0:0:16\" is not a Net:Sub:Uni Port-Address (Net 0..127, Sub 0..15, Uni 0..15)"});
    CHECK(errorsForOutputKey("universe", 5) == Errors{p + ".universe: expected a \"Net:Sub:Uni\" string such as \"0:0:1\", not a number"});
    CHECK(errorsForOutputKey("rateHz", 0) == Errors{p + ".rateHz: 0 is outside 1..44 (frames per second)"});
    CHECK(errorsForOutputKey("rateHz", 45) == Errors{p + ".rateHz: 45 is outside 1..44 (frames per second)"});
    CHECK(errorsForOutputKey("priority", 201) == Errors{p + ".priority: 201 is outside 0..200"});
    CHECK(errorsForOutputKey("priority", -1) == Errors{p + ".priority: -1 is outside 0..200"});
    CHECK(errorsForOutputKey("port", 65536) == Errors{p + ".port: 65536 is outside 0..65535 (0 means the protocol's port)"});
    CHECK(errorsForOutputKey("name", std::string(129, 'n')) == Errors{p + ".name: 129 characters is longer than 128"});

    // Addresses.
    CHECK(errorsForOutputKey("addresses", json::array()) == Errors{p + ".addresses: unicast needs at least one address"});
    CHECK(errorsForOutputKey("addresses", json::array({"10.0.0.256"}))
          == Errors{p + ".addresses[0]: \"10.0.0.256\" is not a dotted-quad IPv4 address"});
    CHECK(errorsForOutputKey("addresses", json::array({"0.0.0.0"})) == Errors{p + ".addresses[0]: 0.0.0.0 is not a destination"});
    CHECK(errorsForOutputKey("addresses", json::array({"255.255.255.255"}))
          == Errors{p + ".addresses[0]: 255.255.255.255 (limited broadcast) is not allowed; choose destination "
                        "\"broadcast\" for a subnet's directed broadcast"});
    CHECK(errorsForOutputKey("addresses", json::array({"239.255.0.1"}))
          == Errors{p + ".addresses[0]: \"239.255.0.1\" is a multicast address, not a unicast destination"});
    CHECK(errorsForOutputKey("addresses", json::array({"10.0.0.5", "10.0.0.6", "10.0.0.5"}))
          == Errors{p + ".addresses[2]: \"10.0.0.5\" is already listed as addresses[0]"});
    json many = json::array();
    for (int i = 1; i <= 17; ++i)
        many.push_back("10.0.0." + std::to_string(i));
    CHECK(errorsForOutputKey("addresses", many) == Errors{p + ".addresses: 17 addresses; at most 16"});
    many.erase(many.end() - 1);
    CHECK(parseWithOutputs(json::array({goodArtnetOutput()})).state);   // sanity: the base is valid
    json sixteen = goodArtnetOutput();
    sixteen["addresses"] = many;
    CHECK(parseWithOutputs(json::array({sixteen})).state);

    // Destinations that do not suit the protocol, and the broadcast interface.
    CHECK(errorsForOutputKey("destination", "multicast")
          == Errors{p + ".destination: multicast is for sACN only; Art-Net sends by unicast or broadcast"});
    json sacnBroadcast = goodSacnOutput();
    sacnBroadcast["destination"] = "broadcast";
    sacnBroadcast["interface"] = "10.0.0.2";
    CHECK(outputErrors(json::array({sacnBroadcast}))
          == Errors{p + ".destination: broadcast is for Art-Net only; sACN sends by multicast or unicast"});
    json broadcast = goodArtnetOutput();
    broadcast["destination"] = "broadcast";
    broadcast.erase("addresses");
    CHECK(outputErrors(json::array({broadcast}))
          == Errors{p + ".interface: broadcast needs the address of the interface whose subnet it reaches, not 0.0.0.0"});
    broadcast["interface"] = "10.0.0.2";
    broadcast["prefixLength"] = 31;
    CHECK(outputErrors(json::array({broadcast}))
          == Errors{p + ".prefixLength: 31 is outside 8..30 (the interface's subnet, e.g. 24 for 255.255.255.0)"});
    broadcast["prefixLength"] = 7;
    CHECK(outputErrors(json::array({broadcast}))
          == Errors{p + ".prefixLength: 7 is outside 8..30 (the interface's subnet, e.g. 24 for 255.255.255.0)"});
    broadcast["prefixLength"] = 8;
    CHECK(parseWithOutputs(json::array({broadcast})).state);
    CHECK(errorsForOutputKey("interface", "eth0") == Errors{p + ".interface: \"eth0\" is not a dotted-quad IPv4 address"});
    // sACN unicast needs addresses too; multicast needs none.
    json sacnUnicast = goodSacnOutput();
    sacnUnicast["destination"] = "unicast";
    CHECK(outputErrors(json::array({sacnUnicast})) == Errors{p + ".addresses: unicast needs at least one address"});
    sacnUnicast["addresses"] = {"127.0.0.1"};
    CHECK(parseWithOutputs(json::array({sacnUnicast})).state);
}

TEST_CASE("output channel refusals name the field and the reason", "[json][output]") {
    const std::string c = "output.universes[0].channels[0]";
    CHECK(errorsForChannelKey("channel", 0) == Errors{c + ".channel: 0 is outside 1..512"});
    CHECK(errorsForChannelKey("channel", 513) == Errors{c + ".channel: 513 is outside 1..512"});
    CHECK(errorsForChannelKey("slot", 0) == Errors{c + ".slot: 0 is outside 1..128"});
    CHECK(errorsForChannelKey("slot", 129) == Errors{c + ".slot: 129 is outside 1..128"});
    CHECK(errorsForChannelKey("dmxMin", 256) == Errors{c + ".dmxMin: 256 is outside 0..255"});
    CHECK(errorsForChannelKey("dmxMax", 300) == Errors{c + ".dmxMax: 300 is outside 0..255 (-1 means the full range)"});
    CHECK(errorsForChannelKey("fineChannel", 513) == Errors{c + ".fineChannel: 513 is outside 0..512 (0 means channel + 1)"});

    json o = goodArtnetOutput();
    o["channels"][0]["dmxMin"] = 100;
    o["channels"][0]["dmxMax"] = 50;
    CHECK(outputErrors(json::array({o}))
          == Errors{c + ".dmxMax: 50 is below dmxMin (100); use invert to reverse the direction"});

    json wide = goodArtnetOutput();
    wide["channels"][0] = json{{"channel", 5}, {"slot", 1}, {"sixteenBit", true}, {"dmxMax", 65535}, {"dmxMin", 65535}};
    CHECK(parseWithOutputs(json::array({wide})).state);
    wide["channels"][0]["dmxMax"] = 65536;
    CHECK(outputErrors(json::array({wide})) == Errors{c + ".dmxMax: 65536 is outside 0..65535 (-1 means the full range)"});
    wide["channels"][0]["dmxMax"] = -1;
    wide["channels"][0]["fineChannel"] = 5;
    CHECK(outputErrors(json::array({wide})) == Errors{c + ".fineChannel: 5 is the same as channel"});
    wide["channels"][0]["fineChannel"] = 0;
    wide["channels"][0]["channel"] = 512;
    CHECK(outputErrors(json::array({wide}))
          == Errors{c + ".fineChannel: 0 means channel + 1 = 513, which is outside 1..512; name the fine channel"});

    // A fine channel "0" (channel + 1) of a channel outside 1..512 is no channel at all: only the
    // channel is refused (found by fuzz_state_json: it was claimed at channel + 1, out of bounds).
    for (int channel : {513, 100000, -7}) {
        wide["channels"][0]["channel"] = channel;
        CHECK(outputErrors(json::array({wide}))
              == Errors{c + ".channel: " + std::to_string(channel) + " is outside 1..512"});
    }

    json missing = goodArtnetOutput();
    missing["channels"][0] = json{{"sixteenBit", false}};
    CHECK(outputErrors(json::array({missing})) == Errors{c + ".channel: missing", c + ".slot: missing"});
}

TEST_CASE("two output channels writing one DMX channel are refused, naming both", "[json][output]") {
    const std::string p = "output.universes[0]";
    json o = goodArtnetOutput();
    o["channels"] = json::array({goodChannel(10, 1), goodChannel(11, 2), goodChannel(10, 3)});
    CHECK(outputErrors(json::array({o})) == Errors{p + ".channels[2].channel: DMX channel 10 is already written by " + p + ".channels[0]"});
    // The fine half of a 16-bit pair counts too, in either order.
    o["channels"] = json::array({json{{"channel", 10}, {"sixteenBit", true}, {"slot", 1}}, goodChannel(11, 2)});
    CHECK(outputErrors(json::array({o})) == Errors{p + ".channels[1].channel: DMX channel 11 is already written by " + p + ".channels[0]"});
    o["channels"] = json::array({goodChannel(30, 2), json{{"channel", 10}, {"sixteenBit", true}, {"fineChannel", 30}, {"slot", 1}}});
    CHECK(outputErrors(json::array({o})) == Errors{p + ".channels[1].fineChannel: DMX channel 30 is already written by " + p + ".channels[0]"});
    // One slot feeding several channels is fine, and so is the same channel in two universes.
    o["channels"] = json::array({goodChannel(1, 7), goodChannel(2, 7), goodChannel(3, 7)});
    json other = goodArtnetOutput("0:0:6");
    CHECK(parseWithOutputs(json::array({o, other})).state);
}

TEST_CASE("two enabled outputs on one universe are refused, naming both", "[json][output]") {
    json a = goodArtnetOutput("0:0:5");
    json b = goodArtnetOutput("0:0:5");
    b["name"] = "Again";
    CHECK(outputErrors(json::array({a, b}))
          == Errors{"output.universes[1].universe: Art-Net 0:0:5 (#6) is already sent by output.universes[0] (\"Stage\")"});
    // The same number in the other protocol is another universe; a disabled duplicate sends nothing.
    json s = goodSacnOutput(6);
    b["enabled"] = false;
    CHECK(parseWithOutputs(json::array({a, b, s})).state);
}

TEST_CASE("output section limits and the sACN source name", "[json][output]") {
    json many = json::array();
    for (int i = 0; i <= kMaxOutputUniverses; ++i)
        many.push_back(goodSacnOutput(i + 1));
    CHECK(outputErrors(many) == Errors{"output.universes: 65 output universes; at most 64"});
    many.erase(many.end() - 1);
    CHECK(parseWithOutputs(many).state);

    json wide = goodArtnetOutput();
    wide["channels"] = json::array();
    for (int c = 1; c <= 513; ++c)
        wide["channels"].push_back(goodChannel(c <= 512 ? c : 1, 1));
    CHECK(outputErrors(json::array({wide})) == Errors{"output.universes[0].channels: 513 channels; at most 512"});
    wide["channels"].erase(wide["channels"].end() - 1);
    CHECK(parseWithOutputs(json::array({wide})).state);   // all 512 channels from one slot

    json root{{"schema", 3}, {"output", {{"sourceName", std::string(63, 's')}}}};
    CHECK(parseState(root.dump()).state);
    // Bytes, not characters: the sACN field is 64 bytes with a NUL.
    root["output"]["sourceName"] = std::string(60, 's') + "\xc3\xbc\xc3\xbc";   // 62 characters
    CHECK(parseState(root.dump()).errors
          == Errors{"output.sourceName: 64 bytes is longer than 63 (the sACN field holds 63 bytes of UTF-8)"});
}

TEST_CASE("a mapping whose universe the same instance sends is refused, naming both", "[json][output]") {
    const json mapping{{"name", "Fader"}, {"universe", "0:0:5"}, {"channel", 1}, {"target", 1}};
    const json extra{{"mappings", json::array({mapping})}};
    CHECK(outputErrors(json::array({goodArtnetOutput("0:0:5")}), extra)
          == Errors{"mappings[0].universe: \"Fader\": Art-Net 0:0:5 (#6) is sent by this instance's "
                    "output.universes[0] (\"Stage\"); an instance cannot take its own output as input"});

    // sACN by number, and an unnamed mapping.
    const json sacnMapping{{"protocol", "sacn"}, {"universe", 7}, {"channel", 1}, {"target", 2}};
    CHECK(outputErrors(json::array({goodArtnetOutput("0:0:1"), goodSacnOutput(7)}),
                       json{{"mappings", json::array({sacnMapping})}})
          == Errors{"mappings[0].universe: sACN 7 is sent by this instance's output.universes[1] (\"Wash\"); "
                    "an instance cannot take its own output as input"});

    // Other universes, a disabled mapping or a disabled output: no loop.
    CHECK(parseWithOutputs(json::array({goodArtnetOutput("0:0:6")}), extra).state);
    json disabledMapping = mapping;
    disabledMapping["enabled"] = false;
    CHECK(parseWithOutputs(json::array({goodArtnetOutput("0:0:5")}), json{{"mappings", json::array({disabledMapping})}}).state);
    json disabledOutput = goodArtnetOutput("0:0:5");
    disabledOutput["enabled"] = false;
    CHECK(parseWithOutputs(json::array({disabledOutput}), extra).state);
    // Art-Net 0:0:6 and sACN 7 are different universes unless sACN 1 is Art-Net 0:0:0 ...
    const json artnetSix{{"name", "Six"}, {"universe", "0:0:6"}, {"channel", 1}, {"target", 1}};
    CHECK(parseWithOutputs(json::array({goodSacnOutput(7)}), json{{"mappings", json::array({artnetSix})}}).state);
    // ... and then an sACN output reaches the Art-Net mapping one below it.
    CHECK(outputErrors(json::array({goodSacnOutput(7)}),
                       json{{"mappings", json::array({artnetSix})}, {"network", {{"sacnOneIsArtnetZero", true}}}})
          == Errors{"mappings[0].universe: \"Six\": Art-Net 0:0:6 (#7) is sent by this instance's output.universes[0] "
                    "(\"Wash\") (as sACN 7, because sACN 1 is Art-Net 0:0:0 here); an instance cannot take its own "
                    "output as input"});
}

TEST_CASE("validateOutputs gives the loader's messages for a state built in memory", "[output]") {
    PluginState s;
    s.output = sampleOutput();
    CHECK(validateOutputs(s.output, s.mappings, false).empty());

    s.output.universes[0].rateHz = 100;
    s.output.universes[0].channels[0].slot = 0;
    Mapping m;
    m.name = "Loop";
    m.universe = s.output.universes[2].universe;
    s.mappings.push_back(m);
    CHECK(validateOutputs(s.output, s.mappings, false)
          == Errors{"output.universes[0].rateHz: 100 is outside 1..44 (frames per second)",
                    "output.universes[0].channels[0].slot: 0 is outside 1..128",
                    "mappings[0].universe: \"Loop\": Art-Net 0:0:0 (#1) is sent by this instance's "
                    "output.universes[2] (\"Bcast\"); an instance cannot take its own output as input"});
    // A destination kind outside the enum (a model built by hand) is refused too.
    s = PluginState{};
    OutputUniverse bad;
    bad.destination = static_cast<OutputDestination>(9);
    s.output.universes.push_back(bad);
    CHECK(validateOutputs(s.output, {}, false) == Errors{"output.universes[0].destination: unknown destination 9"});
}

TEST_CASE("an output field that fails to read adds no second message", "[json][output]") {
    // A broken universe would otherwise leave Art-Net 0:0:0 as the default and be judged for it.
    json o = goodArtnetOutput();
    o["universe"] = "nowhere";
    o["rateHz"] = 0;
    const json mapping{{"universe", "0:0:0"}, {"channel", 1}, {"target", 1}};
    CHECK(outputErrors(json::array({o}), json{{"mappings", json::array({mapping})}})
          == Errors{"output.universes[0].universe: \"nowhere\" is not a Net:Sub:Uni Port-Address (Net 0..127, Sub 0..15, Uni 0..15)"});
}
