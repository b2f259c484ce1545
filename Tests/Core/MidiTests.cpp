// MIDI out: the encoder's messages byte by byte, send-on-change, and the sample offset
// of an event from its packet's arrival time. Plus the state fields that configure it.

#include "Core/MidiEncoder.h"
#include "Core/StateJson.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <vector>

using namespace dmxin;

namespace {
std::vector<std::vector<int>> bytes(const MidiMessages& m) {
    std::vector<std::vector<int>> out;
    for (int i = 0; i < m.count; ++i)
        out.push_back({m.messages[static_cast<std::size_t>(i)].bytes[0], m.messages[static_cast<std::size_t>(i)].bytes[1],
                       m.messages[static_cast<std::size_t>(i)].bytes[2]});
    return out;
}
MidiTarget target(MidiKind kind, int channel, int number) {
    MidiTarget t;
    t.kind = kind;
    t.channel = channel;
    t.number = number;
    return t;
}
} // namespace

TEST_CASE("7-bit CC: status with the channel, the controller, the value; nothing when unchanged") {
    MidiSendState st;
    const auto t = target(MidiKind::Cc7, 3, 7);
    CHECK(bytes(encodeMidi(t, 1.0f, st)) == std::vector<std::vector<int>>{{0xB2, 7, 127}});
    CHECK(encodeMidi(t, 1.0f, st).count == 0);
    CHECK(encodeMidi(t, 0.999f, st).count == 0);   // rounds to the same 7-bit value
    CHECK(bytes(encodeMidi(t, 0.5f, st)) == std::vector<std::vector<int>>{{0xB2, 7, 64}});
    CHECK(bytes(encodeMidi(t, 0.0f, st)) == std::vector<std::vector<int>>{{0xB2, 7, 0}});
}

TEST_CASE("14-bit CC: MSB on the controller, LSB on controller + 32, MSB first") {
    MidiSendState st;
    const auto t = target(MidiKind::Cc14, 1, 1);
    // 0x1234 / 65535 of a 16-bit fader -> 14-bit 0x048D (4749): MSB 0x24 (36), LSB 0x0D (13).
    const float v = static_cast<float>(0x1234) / 65535.0f;
    const int v14 = static_cast<int>(std::lround(v * 16383.0f));
    CHECK(bytes(encodeMidi(t, v, st)) == std::vector<std::vector<int>>{{0xB0, 1, v14 >> 7}, {0xB0, 33, v14 & 0x7F}});
    CHECK(encodeMidi(t, v, st).count == 0);
    CHECK(bytes(encodeMidi(t, 1.0f, st)) == std::vector<std::vector<int>>{{0xB0, 1, 127}, {0xB0, 33, 127}});
}

TEST_CASE("NRPN: parameter number once (99, 98), then data entry MSB/LSB (6, 38)") {
    MidiSendState st;
    const auto t = target(MidiKind::Nrpn, 16, 0x0123);   // 291: MSB 2, LSB 0x23
    CHECK(bytes(encodeMidi(t, 1.0f, st)) ==
          std::vector<std::vector<int>>{{0xBF, 99, 2}, {0xBF, 98, 0x23}, {0xBF, 6, 127}, {0xBF, 38, 127}});
    CHECK(bytes(encodeMidi(t, 0.0f, st)) == std::vector<std::vector<int>>{{0xBF, 6, 0}, {0xBF, 38, 0}});
}

TEST_CASE("Note from a threshold: on when crossing up, off when crossing down, nothing in between") {
    MidiSendState st;
    auto t = target(MidiKind::Note, 10, 36);
    t.threshold = 0.5f;
    t.velocity = 100;
    CHECK(encodeMidi(t, 0.2f, st).count == 0);
    CHECK(bytes(encodeMidi(t, 0.5f, st)) == std::vector<std::vector<int>>{{0x99, 36, 100}});
    CHECK(encodeMidi(t, 0.9f, st).count == 0);
    CHECK(bytes(encodeMidi(t, 0.49f, st)) == std::vector<std::vector<int>>{{0x89, 36, 0}});
}

TEST_CASE("Sample offsets follow arrival time within the previous block period, clamped") {
    // 48 kHz, 480 samples = 10 ms. The block starting at t=1 s covers arrivals in [0.99 s, 1 s).
    const std::uint64_t start = 1'000'000'000;
    CHECK(sampleOffsetFor(start - 10'000'000, start, 48000.0, 480) == 0);
    CHECK(sampleOffsetFor(start - 5'000'000, start, 48000.0, 480) == 240);
    CHECK(sampleOffsetFor(start - 2'500'000, start, 48000.0, 480) == 360);
    CHECK(sampleOffsetFor(start - 50'000'000, start, 48000.0, 480) == 0);     // waited: first sample
    CHECK(sampleOffsetFor(start + 1'000'000, start, 48000.0, 480) == 479);    // clamped to the block
    CHECK(sampleOffsetFor(start, start, 48000.0, 1) == 0);
}

TEST_CASE("MIDI targets and the host-automation policy load, round-trip and are validated") {
    using nlohmann::json;
    json root{{"schema", 1},
              {"mappings", json::array({json{{"universe", "0:0:1"}, {"channel", 1}, {"target", 0},
                                             {"midi", {{"type", "cc14"}, {"channel", 2}, {"number", 7}}},
                                             {"hostAutomation", "host-wins"}}})}};
    const auto r = parseState(root.dump());
    REQUIRE(r.errors.empty());
    const Mapping& m = r.state->mappings[0];
    CHECK(m.targetSlot == 0);
    CHECK(m.midi.kind == MidiKind::Cc14);
    CHECK(m.midi.channel == 2);
    CHECK(m.midi.number == 7);
    CHECK(m.hostAutomation == HostAutomation::HostWins);
    const auto again = parseState(serializeState(*r.state));
    REQUIRE(again.state);
    CHECK(again.state->mappings[0].midi == m.midi);
    CHECK(again.state->mappings[0].hostAutomation == HostAutomation::HostWins);

    auto errorsWith = [&](const json& midi, int targetSlot = 1) {
        json bad = root;
        bad["mappings"][0]["midi"] = midi;
        bad["mappings"][0]["target"] = targetSlot;
        return parseState(bad.dump()).errors;
    };
    CHECK(errorsWith({{"type", "cc14"}, {"channel", 1}, {"number", 32}}) ==
          std::vector<std::string>{"mappings[0].midi.number: 32 is outside 0..31 (the MSB controller; LSB is number + 32)"});
    CHECK(errorsWith({{"type", "cc"}, {"channel", 17}, {"number", 1}}) ==
          std::vector<std::string>{"mappings[0].midi.channel: 17 is outside 1..16"});
    CHECK(errorsWith({{"type", "pitch"}}) ==
          std::vector<std::string>{"mappings[0].midi.type: \"pitch\" is not one of none, cc, cc14, nrpn, note"});
    CHECK(errorsWith({{"type", "none"}}, 0) ==
          std::vector<std::string>{"mappings[0].target: 0 (no parameter) needs a \"midi\" target, or the mapping does nothing"});
    CHECK(errorsWith({{"type", "note"}, {"number", 36}, {"velocity", 0}}) ==
          std::vector<std::string>{"mappings[0].midi.velocity: 0 is outside 1..127"});
}
