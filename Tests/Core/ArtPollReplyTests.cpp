#include "Core/ArtPollReply.h"

#include "Core/ArtNetParser.h"

#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

using namespace dmxin;

namespace {

using Bytes = std::vector<std::uint8_t>;

PortAddress pa(int net, int sub, int uni) {
    return *PortAddress::fromParts(net, sub, uni);
}

std::string fieldString(const Bytes& b, std::size_t at, std::size_t size) {
    std::string s;
    for (std::size_t i = at; i < at + size && b[i] != 0; ++i)
        s.push_back(static_cast<char>(b[i]));
    return s;
}

void put(Bytes& b, std::size_t at, std::initializer_list<int> values) {
    for (int v : values)
        b[at++] = static_cast<std::uint8_t>(v);
}

void putString(Bytes& b, std::size_t at, std::string_view s) {
    for (char c : s)
        b[at++] = static_cast<std::uint8_t>(c);
}

Bytes build(const PollReplyFields& f) {
    Bytes out(300, 0xEE);   // poisoned: bytes the builder must zero are visible
    const std::size_t n = buildArtPollReply(out, f);
    REQUIRE(n == kArtPollReplySize);
    out.resize(n);
    return out;
}

PollReplyFields sampleFields() {
    PollReplyFields f;
    f.ip = 0x0A000001;   // 10.0.0.1
    f.mac = {0x0a, 0x0b, 0x0c, 0x12, 0x34, 0x56};
    f.shortName = "DMX In";
    f.longName = "DMX In (Reaper)";
    f.reportCounter = 42;
    f.reportText = "OK";
    f.bindIndex = 3;
    f.port = PollReplyPort{pa(4, 2, 3), true, true, true};
    f.versionInfo = 0x0102;
    return f;
}

} // namespace

TEST_CASE("ArtPollReply is built byte by byte at the ARTNET.md offsets", "[pollreply]") {
    const Bytes b = build(sampleFields());
    REQUIRE(b.size() == 239);

    std::array<bool, 239> checked{};
    auto expect = [&](std::size_t at, std::initializer_list<int> values) {
        for (int v : values) {
            INFO("offset " << at);
            CHECK(b[at] == v);
            checked[at++] = true;
        }
    };
    expect(0, {0x41, 0x72, 0x74, 0x2d, 0x4e, 0x65, 0x74, 0x00});
    expect(8, {0x00, 0x21});                 // OpCode LE
    expect(10, {0x0a, 0x00, 0x00, 0x01});    // IP, network order
    expect(14, {0x36, 0x19});                // Port 0x1936 LE
    expect(16, {0x01, 0x02});                // VersInfo BE
    expect(18, {0x04, 0x02});                // NetSwitch 4, SubSwitch 2
    expect(20, {0x00, 0xFF});                // OEM unknown, BE
    expect(22, {0x00});                      // UBEA
    expect(23, {0xD0});                      // Status1
    expect(24, {0x00, 0x00});                // ESTA
    CHECK(fieldString(b, 26, 18) == "DMX In");
    for (std::size_t i = 26; i < 44; ++i)
        checked[i] = true;
    CHECK(b[26 + 6] == 0);
    CHECK(fieldString(b, 44, 64) == "DMX In (Reaper)");
    for (std::size_t i = 44; i < 108; ++i)
        checked[i] = true;
    CHECK(fieldString(b, 108, 64) == "#0001 [0042] OK");
    for (std::size_t i = 108; i < 172; ++i)
        checked[i] = true;
    expect(172, {0x00, 0x01});               // NumPorts BE
    expect(174, {0x80, 0, 0, 0});            // PortTypes: output from Art-Net, DMX512
    expect(178, {0, 0, 0, 0});               // GoodInput
    expect(182, {0x8A, 0, 0, 0});            // GoodOutputA: data | merging | LTP, Art-Net
    expect(186, {0, 0, 0, 0});               // SwIn
    expect(190, {0x03, 0, 0, 0});            // SwOut: low nibble only
    expect(200, {0x00});                     // Style StNode
    expect(201, {0x0a, 0x0b, 0x0c, 0x12, 0x34, 0x56});
    expect(207, {0x0a, 0x00, 0x00, 0x01});   // BindIp = IP
    expect(211, {0x03});                     // BindIndex
    expect(212, {0x08});                     // Status2: 15-bit Port-Address
    for (std::size_t i = 0; i < b.size(); ++i) {
        if (checked[i])
            continue;
        INFO("offset " << i << " must be zero");
        CHECK(b[i] == 0);
    }
}

TEST_CASE("ArtPollReply names are NUL-terminated and truncated to 17 and 63 characters", "[pollreply]") {
    PollReplyFields f = sampleFields();
    const std::string shortName = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";   // 26
    const std::string longName(80, 'L');
    f.shortName = shortName;
    f.longName = longName;
    const Bytes b = build(f);
    CHECK(fieldString(b, 26, 18) == shortName.substr(0, 17));
    CHECK(b[26 + 17] == 0);
    CHECK(fieldString(b, 44, 64) == longName.substr(0, 63));
    CHECK(b[44 + 63] == 0);
    CHECK(b[108] == '#');   // the long name did not run into NodeReport

    f.shortName = "exactly17chars!!!";
    REQUIRE(f.shortName.size() == 17);
    CHECK(fieldString(build(f), 26, 18) == "exactly17chars!!!");
}

TEST_CASE("ArtPollReply NodeReport carries code, counter and text, truncated to 63", "[pollreply]") {
    PollReplyFields f = sampleFields();
    f.reportCounter = 0;
    f.reportText = "";
    CHECK(fieldString(build(f), 108, 64) == "#0001 [0000]");

    f.reportCode = 0x00AB;
    f.reportCounter = 12345;
    f.reportText = "Universe 3 merging";
    CHECK(fieldString(build(f), 108, 64) == "#00AB [12345] Universe 3 merging");

    f.reportCode = 0x0001;
    f.reportCounter = 4294967295u;
    const std::string text(100, 't');
    f.reportText = text;
    const Bytes b = build(f);
    const std::string head = "#0001 [4294967295] ";
    CHECK(fieldString(b, 108, 64) == head + text.substr(0, 63 - head.size()));
    CHECK(fieldString(b, 108, 64).size() == 63);
    CHECK(b[108 + 63] == 0);
    CHECK(b[172] == 0x00);   // NumPorts untouched by the long report
    CHECK(b[173] == 0x01);
}

TEST_CASE("ArtPollReply GoodOutputA bits follow the port state", "[pollreply]") {
    PollReplyFields f = sampleFields();
    f.port = PollReplyPort{pa(0, 0, 1), false, false, false};
    CHECK(build(f)[182] == 0x00);
    f.port = PollReplyPort{pa(0, 0, 1), true, false, false};
    CHECK(build(f)[182] == 0x08);
    f.port = PollReplyPort{pa(0, 0, 1), true, true, false};
    CHECK(build(f)[182] == 0x0A);
    f.port = PollReplyPort{pa(0, 0, 1), false, false, true};
    CHECK(build(f)[182] == 0x80);
}

TEST_CASE("ArtPollReply SwOut, NetSwitch and SubSwitch split the Port-Address", "[pollreply]") {
    PollReplyFields f = sampleFields();
    f.port = PollReplyPort{pa(127, 15, 15)};
    Bytes b = build(f);
    CHECK(b[18] == 0x7F);
    CHECK(b[19] == 0x0F);
    CHECK(b[190] == 0x0F);
    f.port = PollReplyPort{pa(0, 1, 0)};
    b = build(f);
    CHECK(b[18] == 0x00);
    CHECK(b[19] == 0x01);
    CHECK(b[190] == 0x00);
}

TEST_CASE("A port-less ArtPollReply announces no ports", "[pollreply]") {
    PollReplyFields f = sampleFields();
    f.port.reset();
    f.bindIndex = 1;
    const Bytes b = build(f);
    CHECK(b[18] == 0);
    CHECK(b[19] == 0);
    CHECK(b[172] == 0);
    CHECK(b[173] == 0);
    CHECK(b[174] == 0);
    CHECK(b[182] == 0);
    CHECK(b[190] == 0);
    CHECK(b[211] == 1);
    CHECK(b[212] == 0x08);
}

TEST_CASE("ArtPollReply build refuses a small buffer", "[pollreply]") {
    Bytes out(238, 0);
    CHECK(buildArtPollReply(out, sampleFields()) == 0);
}

TEST_CASE("A built ArtPollReply parses back to its fields and through parseArtNet", "[pollreply]") {
    const Bytes b = build(sampleFields());
    const auto general = parseArtNet(b);
    CHECK(general.kind == ArtNetKind::PollReply);

    const auto r = parseArtPollReply(b);
    REQUIRE(r);
    CHECK(r->ip == 0x0A000001u);
    CHECK(r->port == 0x1936);
    CHECK(r->versionInfo == 0x0102);
    CHECK(r->netSwitch == 4);
    CHECK(r->subSwitch == 2);
    CHECK(r->oem == 0x00FF);
    CHECK(r->status1 == 0xD0);
    CHECK(r->shortName == "DMX In");
    CHECK(r->longName == "DMX In (Reaper)");
    CHECK(r->nodeReport == "#0001 [0042] OK");
    CHECK(r->numPorts == 1);
    CHECK(r->portTypes == std::array<std::uint8_t, 4>{0x80, 0, 0, 0});
    CHECK(r->goodOutputA == std::array<std::uint8_t, 4>{0x8A, 0, 0, 0});
    CHECK(r->swOut == std::array<std::uint8_t, 4>{0x03, 0, 0, 0});
    CHECK(r->outputAddress(0) == pa(4, 2, 3));
    CHECK(r->mac == std::array<std::uint8_t, 6>{0x0a, 0x0b, 0x0c, 0x12, 0x34, 0x56});
    CHECK(r->bindIp == 0x0A000001u);
    CHECK(r->bindIndex == 3);
    CHECK(r->status2 == 0x08);
}

TEST_CASE("OLA ArtPollReply vector parses to the documented fields", "[pollreply]") {
    // ARTNET.md §10: OLA POLL_REPLY_MESSAGE, 239 bytes, rebuilt from its key bytes; the rest is 0.
    Bytes b(239, 0);
    put(b, 0, {0x41, 0x72, 0x74, 0x2d, 0x4e, 0x65, 0x74, 0x00});
    put(b, 8, {0x00, 0x21});
    put(b, 10, {0x0a, 0x00, 0x00, 0x01});
    put(b, 14, {0x36, 0x19});
    put(b, 18, {0x04, 0x02});
    put(b, 20, {0x04, 0x31});
    put(b, 23, {0xd2});
    put(b, 24, {0x70, 0x7a});
    putString(b, 26, "Short Name");
    putString(b, 44, "This is the very long name");
    putString(b, 108, "#0001 [0] OLA");
    put(b, 172, {0x00, 0x04});
    put(b, 174, {0xc0, 0xc0, 0xc0, 0xc0});
    put(b, 178, {0x08, 0x08, 0x08, 0x08});
    put(b, 182, {0x80, 0x00, 0x00, 0x00});
    put(b, 186, {0x20, 0x20, 0x20, 0x20});
    put(b, 190, {0x23, 0x20, 0x20, 0x20});
    put(b, 201, {0x0a, 0x0b, 0x0c, 0x12, 0x34, 0x56});
    put(b, 207, {0x0a, 0x00, 0x00, 0x01});
    put(b, 211, {0x00});
    put(b, 212, {0x08});

    const auto r = parseArtPollReply(b);
    REQUIRE(r);
    CHECK(r->ip == 0x0A000001u);
    CHECK(r->port == 0x1936);
    CHECK(r->netSwitch == 4);
    CHECK(r->subSwitch == 2);
    CHECK(r->oem == 0x0431);
    CHECK(r->status1 == 0xD2);
    CHECK(r->estaMan == 0x7A70);
    CHECK(r->shortName == "Short Name");
    CHECK(r->longName == "This is the very long name");
    CHECK(r->nodeReport == "#0001 [0] OLA");
    CHECK(r->numPorts == 4);
    CHECK(r->portTypes == std::array<std::uint8_t, 4>{0xc0, 0xc0, 0xc0, 0xc0});
    CHECK(r->goodInput == std::array<std::uint8_t, 4>{0x08, 0x08, 0x08, 0x08});
    CHECK(r->goodOutputA == std::array<std::uint8_t, 4>{0x80, 0, 0, 0});
    CHECK(r->swIn == std::array<std::uint8_t, 4>{0x20, 0x20, 0x20, 0x20});
    CHECK(r->swOut == std::array<std::uint8_t, 4>{0x23, 0x20, 0x20, 0x20});
    CHECK(r->outputAddress(0).flat() == 0x0423);   // OLA's full-byte SwOut is masked to the nibble
    CHECK(r->outputAddress(1).flat() == 0x0420);
    CHECK(r->mac == std::array<std::uint8_t, 6>{0x0a, 0x0b, 0x0c, 0x12, 0x34, 0x56});
    CHECK(r->bindIp == 0x0A000001u);
    CHECK(r->bindIndex == 0);
    CHECK(r->status2 == 0x08);
}

TEST_CASE("parseArtPollReply accepts 198 bytes and longer, rejects shorter or foreign packets", "[pollreply]") {
    const Bytes full = build(sampleFields());

    Bytes shortest(full.begin(), full.begin() + 198);
    const auto r = parseArtPollReply(shortest);
    REQUIRE(r);
    CHECK(r->swOut[0] == 0x03);
    CHECK(r->style == 0);
    CHECK(r->mac == std::array<std::uint8_t, 6>{});   // beyond the packet: 0
    CHECK(r->bindIp == 0);
    CHECK(r->bindIndex == 0);
    CHECK(r->status2 == 0);

    Bytes tooShort(full.begin(), full.begin() + 197);
    CHECK_FALSE(parseArtPollReply(tooShort));

    Bytes padded = full;   // ArtNetSharp pads to 315
    padded.resize(315, 0);
    const auto p = parseArtPollReply(padded);
    REQUIRE(p);
    CHECK(p->bindIndex == 3);

    Bytes wrongOp = full;
    wrongOp[9] = 0x20;   // ArtPoll
    CHECK_FALSE(parseArtPollReply(wrongOp));
    Bytes wrongId = full;
    wrongId[0] = 'a';
    CHECK_FALSE(parseArtPollReply(wrongId));
}

TEST_CASE("parseArtPollReply ends an unterminated name at the field", "[pollreply]") {
    Bytes b = build(sampleFields());
    for (std::size_t i = 26; i < 44; ++i)
        b[i] = 'S';
    for (std::size_t i = 44; i < 108; ++i)
        b[i] = 'L';
    const auto r = parseArtPollReply(b);
    REQUIRE(r);
    CHECK(r->shortName == std::string(18, 'S'));
    CHECK(r->longName == std::string(64, 'L'));
    CHECK(r->nodeReport == "#0001 [0042] OK");
}

TEST_CASE("ArtPollReply announces a universe DMX In sends as an input port", "[pollreply][output]") {
    PollReplyFields f = sampleFields();
    PollReplyPort in;
    in.address = pa(4, 2, 9);
    in.dataReceived = true;   // for an input: DMX is being sent
    in.input = true;
    f.port = in;
    const Bytes b = build(f);
    // ARTNET.md section 4: NetSwitch 18, SubSwitch 19, NumPorts 172-173 BE, PortTypes 174 (bit6 = can
    // input to Art-Net, protocol bits 0 = DMX512), GoodInput 178 (bit7 data received), GoodOutputA 182,
    // SwIn 186 (low nibble), SwOut 190.
    CHECK(b[18] == 0x04);
    CHECK(b[19] == 0x02);
    CHECK(b[172] == 0x00);
    CHECK(b[173] == 0x01);
    CHECK(b[174] == 0x40);
    CHECK(b[175] == 0x00);
    CHECK(b[178] == 0x80);
    CHECK(b[182] == 0x00);   // nothing about outputs: no merge flags, no data-received
    CHECK(b[186] == 0x09);
    CHECK(b[187] == 0x00);
    CHECK(b[190] == 0x00);

    const auto parsed = parseArtPollReply(b);
    REQUIRE(parsed);
    CHECK(parsed->numPorts == 1);
    CHECK(parsed->portTypes[0] == 0x40);
    CHECK(parsed->inputAddress(0) == pa(4, 2, 9));
    CHECK(parsed->goodInput[0] == 0x80);

    in.dataReceived = false;
    f.port = in;
    CHECK(build(f)[178] == 0x00);
}
