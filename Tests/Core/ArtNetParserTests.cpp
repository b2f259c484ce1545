#include "Core/ArtNetParser.h"

#include "TestBytes.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

using namespace dmxin;

namespace {

using dmxin::testing::Bytes;
using dmxin::testing::bytes;


// "Art-Net\0" + OpCode (LE) + ProtVer (BE).
Bytes header(std::uint16_t opcode, std::uint16_t version = 14) {
    Bytes out = bytes({0x41, 0x72, 0x74, 0x2d, 0x4e, 0x65, 0x74, 0x00});
    out.push_back(static_cast<std::uint8_t>(opcode & 0xFF));
    out.push_back(static_cast<std::uint8_t>(opcode >> 8));
    out.push_back(static_cast<std::uint8_t>(version >> 8));
    out.push_back(static_cast<std::uint8_t>(version & 0xFF));
    return out;
}

// ArtDmx/ArtNzs: header + seq, physical-or-startcode, SubUni, Net, Length BE, then `dataBytes` bytes 1,2,3...
Bytes slotsPacket(std::uint16_t opcode, std::uint8_t byte13, std::uint16_t declared, std::size_t dataBytes,
                  std::uint8_t subUni = 0, std::uint8_t net = 0, std::uint16_t version = 14) {
    Bytes out = header(opcode, version);
    out.push_back(0x01);
    out.push_back(byte13);
    out.push_back(subUni);
    out.push_back(net);
    out.push_back(static_cast<std::uint8_t>(declared >> 8));
    out.push_back(static_cast<std::uint8_t>(declared & 0xFF));
    for (std::size_t i = 0; i < dataBytes; ++i)
        out.push_back(static_cast<std::uint8_t>(i + 1));
    return out;
}

ArtNetParseResult parse(const Bytes& b) {
    return parseArtNet(std::span<const std::uint8_t>(b.data(), b.size()));
}

} // namespace

TEST_CASE("OLA ArtDmx vector parses to the documented fields", "[artnet]") {
    const Bytes ola = bytes({0x41, 0x72, 0x74, 0x2d, 0x4e, 0x65, 0x74, 0x00, 0x00, 0x50, 0x00, 0x0e,
                             0x00, 0x01, 0x23, 0x04, 0x00, 0x06, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05});
    REQUIRE(ola.size() == 24);
    const auto r = parse(ola);
    REQUIRE(r.kind == ArtNetKind::Dmx);
    CHECK(r.reject == ArtNetReject::None);
    CHECK(r.opcode == ArtOp::Dmx);
    CHECK(r.dmx.address.flat() == 0x0423);
    CHECK(r.dmx.address.flat() == 1059);
    CHECK(r.dmx.address.net() == 4);
    CHECK(r.dmx.address.subNet() == 2);
    CHECK(r.dmx.address.universe() == 3);
    CHECK(r.dmx.sequence == 0);
    CHECK(r.dmx.physical == 1);
    CHECK(r.dmx.startCode == 0);
    CHECK(r.dmx.declaredLength == 6);
    CHECK(r.dmx.length == 6);
    REQUIRE(r.dmx.data == ola.data() + 18);
    for (int i = 0; i < 6; ++i)
        CHECK(r.dmx.data[i] == i);
}

TEST_CASE("go-artnet 530-byte ArtDmx with 512 slots", "[artnet]") {
    Bytes p = bytes({0x41, 0x72, 0x74, 0x2d, 0x4e, 0x65, 0x74, 0x00, 0x00, 0x50, 0x00, 0x0e,
                     0x3f, 0x00, 0x00, 0x00, 0x02, 0x00, 0xff, 0xff, 0xff, 0x00});
    p.resize(530, 0x00);
    const auto r = parse(p);
    REQUIRE(r.kind == ArtNetKind::Dmx);
    CHECK(r.dmx.sequence == 0x3F);
    CHECK(r.dmx.physical == 0);
    CHECK(r.dmx.address.flat() == 0);
    CHECK(r.dmx.declaredLength == 512);
    CHECK(r.dmx.length == 512);
    CHECK(r.dmx.data[0] == 0xff);
    CHECK(r.dmx.data[1] == 0xff);
    CHECK(r.dmx.data[2] == 0xff);
    CHECK(r.dmx.data[3] == 0x00);
    CHECK(r.dmx.data[511] == 0x00);
}

TEST_CASE("ArtPoll vectors from OLA and go-artnet", "[artnet]") {
    SECTION("OLA: Flags 0x02, 14 bytes") {
        const auto r = parse(bytes({0x41, 0x72, 0x74, 0x2d, 0x4e, 0x65, 0x74, 0x00, 0x00, 0x20, 0x00, 0x0e, 0x02, 0x00}));
        REQUIRE(r.kind == ArtNetKind::Poll);
        CHECK(r.opcode == ArtOp::Poll);
        CHECK(r.poll.flags == 0x02);
        CHECK(r.poll.diagPriority == 0x00);
        CHECK_FALSE(r.poll.targeted);
        CHECK(r.poll.targetTop == 0);
        CHECK(r.poll.targetBottom == 0);
        CHECK(r.poll.estaMan == 0);
        CHECK(r.poll.oem == 0);
    }
    SECTION("go-artnet: Flags 0x12, priority 0xF0") {
        Bytes p = header(ArtOp::Poll);
        p.push_back(0x12);
        p.push_back(0xf0);
        const auto r = parse(p);
        REQUIRE(r.kind == ArtNetKind::Poll);
        CHECK(r.poll.flags == 0x12);
        CHECK(r.poll.diagPriority == 0xF0);
        CHECK_FALSE(r.poll.targeted);
    }
    SECTION("go-artnet: Flags 0x04, priority 0x10") {
        Bytes p = header(ArtOp::Poll);
        p.push_back(0x04);
        p.push_back(0x10);
        const auto r = parse(p);
        REQUIRE(r.kind == ArtNetKind::Poll);
        CHECK(r.poll.flags == 0x04);
        CHECK(r.poll.diagPriority == 0x10);
    }
    SECTION("12-byte ArtPoll is accepted with every field 0") {
        const auto r = parse(header(ArtOp::Poll));
        REQUIRE(r.kind == ArtNetKind::Poll);
        CHECK(r.poll.flags == 0);
        CHECK(r.poll.diagPriority == 0);
    }
    SECTION("full 22-byte targeted ArtPoll, big-endian fields") {
        Bytes p = header(ArtOp::Poll);
        for (int b : {0x20, 0x80, 0x01, 0x02, 0x00, 0x03, 0x12, 0x34, 0x56, 0x78})
            p.push_back(static_cast<std::uint8_t>(b));
        REQUIRE(p.size() == 22);
        const auto r = parse(p);
        REQUIRE(r.kind == ArtNetKind::Poll);
        CHECK(r.poll.flags == 0x20);
        CHECK(r.poll.targeted);
        CHECK(r.poll.diagPriority == 0x80);
        CHECK(r.poll.targetTop == 0x0102);
        CHECK(r.poll.targetBottom == 0x0003);
        CHECK(r.poll.estaMan == 0x1234);
        CHECK(r.poll.oem == 0x5678);
    }
    SECTION("a half-present field reads 0") {
        Bytes p = header(ArtOp::Poll);
        for (int b : {0x20, 0x80, 0x01})
            p.push_back(static_cast<std::uint8_t>(b));
        const auto r = parse(p);
        REQUIRE(r.kind == ArtNetKind::Poll);
        CHECK(r.poll.targeted);
        CHECK(r.poll.targetTop == 0);
    }
}

TEST_CASE("ArtPollReply is recognised without a ProtVer check", "[artnet]") {
    // OLA's reply starts its IP 10.0.0.1 where other packets carry ProtVer.
    Bytes p = bytes({0x41, 0x72, 0x74, 0x2d, 0x4e, 0x65, 0x74, 0x00, 0x00, 0x21, 0x0a, 0x00, 0x00, 0x01, 0x36, 0x19});
    p.resize(239, 0);
    auto r = parse(p);
    CHECK(r.kind == ArtNetKind::PollReply);
    CHECK(r.reject == ArtNetReject::None);
    CHECK(r.opcode == ArtOp::PollReply);

    // IP 0.0.0.0 would fail a version check; it must not be applied.
    Bytes zeroIp = header(ArtOp::PollReply, 0);
    zeroIp.resize(239, 0);
    r = parse(zeroIp);
    CHECK(r.kind == ArtNetKind::PollReply);
}

TEST_CASE("ArtSync is accepted from 12 bytes", "[artnet]") {
    auto r = parse(header(ArtOp::Sync));
    CHECK(r.kind == ArtNetKind::Sync);
    CHECK(r.reject == ArtNetReject::None);
    Bytes full = header(ArtOp::Sync);
    full.push_back(0);
    full.push_back(0);
    r = parse(full);
    CHECK(r.kind == ArtNetKind::Sync);
    CHECK(r.opcode == ArtOp::Sync);
}

TEST_CASE("ArtNzs parses its start code and reports physical 0", "[artnet]") {
    const Bytes p = slotsPacket(ArtOp::Nzs, 0x91, 3, 3, 0x21, 0x01);
    const auto r = parse(p);
    REQUIRE(r.kind == ArtNetKind::Nzs);
    CHECK(r.dmx.startCode == 0x91);
    CHECK(r.dmx.physical == 0);
    CHECK(r.dmx.sequence == 1);
    CHECK(r.dmx.address.flat() == 0x0121);
    CHECK(r.dmx.length == 3);
    CHECK(r.dmx.data == p.data() + 18);
    CHECK(r.dmx.data[0] == 1);
    CHECK(r.dmx.data[2] == 3);

    SECTION("Length 1 in a 19-byte packet is fine") {
        const auto one = parse(slotsPacket(ArtOp::Nzs, 0x17, 1, 1));
        REQUIRE(one.kind == ArtNetKind::Nzs);
        CHECK(one.dmx.length == 1);
        CHECK(one.dmx.declaredLength == 1);
    }
}

TEST_CASE("every ArtNetReject reason is reachable", "[artnet]") {
    SECTION("TooShort") {
        CHECK(parse(Bytes{}).reject == ArtNetReject::TooShort);
        CHECK(parse(bytes({0x41, 0x72, 0x74, 0x2d, 0x4e, 0x65, 0x74})).reject == ArtNetReject::TooShort);
        Bytes nine = header(ArtOp::Dmx);
        nine.resize(9);
        CHECK(parse(nine).reject == ArtNetReject::TooShort);
        Bytes eleven = header(ArtOp::Dmx);
        eleven.resize(11);
        auto r = parse(eleven);
        CHECK(r.reject == ArtNetReject::TooShort);
        CHECK(r.opcode == ArtOp::Dmx);
        // ArtDmx needs its 18-byte header and at least one slot (19 bytes), whatever Length says.
        r = parse(slotsPacket(ArtOp::Dmx, 0, 1, 0));
        CHECK(r.kind == ArtNetKind::Rejected);
        CHECK(r.reject == ArtNetReject::TooShort);
        CHECK(parse(slotsPacket(ArtOp::Dmx, 0, 2, 0)).reject == ArtNetReject::TooShort);
        // ArtNzs needs 19 too.
        CHECK(parse(slotsPacket(ArtOp::Nzs, 0x91, 1, 0)).reject == ArtNetReject::TooShort);
    }
    SECTION("BadId") {
        Bytes p = slotsPacket(ArtOp::Dmx, 0, 2, 2);
        p[7] = '!';
        CHECK(parse(p).reject == ArtNetReject::BadId);
        CHECK(parse(bytes({'A', 'r', 't', '-', 'n', 'e', 't', 0})).reject == ArtNetReject::BadId);
        CHECK(parse(bytes({0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})).reject == ArtNetReject::BadId);
    }
    SECTION("BadProtocolVersion") {
        const auto r = parse(slotsPacket(ArtOp::Dmx, 0, 2, 2, 0, 0, 13));
        CHECK(r.kind == ArtNetKind::Rejected);
        CHECK(r.reject == ArtNetReject::BadProtocolVersion);
        CHECK(parse(header(ArtOp::Poll, 0)).reject == ArtNetReject::BadProtocolVersion);
    }
    SECTION("BadLength") {
        const auto r = parse(slotsPacket(ArtOp::Dmx, 0, 0, 2));
        CHECK(r.reject == ArtNetReject::BadLength);
        CHECK(r.kind == ArtNetKind::Rejected);
        CHECK(parse(slotsPacket(ArtOp::Nzs, 0x91, 0, 2)).reject == ArtNetReject::BadLength);
    }
    SECTION("BadStartCode") {
        CHECK(parse(slotsPacket(ArtOp::Nzs, 0x00, 2, 2)).reject == ArtNetReject::BadStartCode);
        CHECK(parse(slotsPacket(ArtOp::Nzs, 0xCC, 2, 2)).reject == ArtNetReject::BadStartCode);
    }
    SECTION("UnknownOpcode, checked before the length and version") {
        auto r = parse(header(0x1234));
        CHECK(r.reject == ArtNetReject::UnknownOpcode);
        CHECK(r.opcode == 0x1234);
        Bytes ten = header(0x5300, 0);
        ten.resize(10);
        CHECK(parse(ten).reject == ArtNetReject::UnknownOpcode);
        // OpCodes are little-endian: bytes 50 00 are 0x0050, not OpDmx.
        Bytes swapped = slotsPacket(ArtOp::Dmx, 0, 2, 2);
        std::swap(swapped[8], swapped[9]);
        CHECK(parse(swapped).reject == ArtNetReject::UnknownOpcode);
    }
    SECTION("IgnoredOpcode for every known opcode DMX In does not act on") {
        for (std::uint16_t op : {ArtOp::DiagData, ArtOp::Command, ArtOp::DataRequest, ArtOp::DataReply,
                                 ArtOp::Address, ArtOp::Input, ArtOp::TodRequest, ArtOp::TodData,
                                 ArtOp::TodControl, ArtOp::Rdm, ArtOp::RdmSub, ArtOp::TimeCode,
                                 ArtOp::TimeSync, ArtOp::Trigger, ArtOp::FirmwareMaster,
                                 ArtOp::FirmwareReply, ArtOp::IpProg, ArtOp::IpProgReply}) {
            Bytes p = header(op);
            p.resize(107, 0);
            const auto r = parse(p);
            INFO("opcode " << op);
            CHECK(r.kind == ArtNetKind::Rejected);
            CHECK(r.reject == ArtNetReject::IgnoredOpcode);
            CHECK(r.opcode == op);
        }
        // The version is still checked first.
        CHECK(parse(header(ArtOp::Address, 13)).reject == ArtNetReject::BadProtocolVersion);
    }
}

// The smallest legal ArtDmx is 19 bytes (Length 1, one slot); tshark decodes it and the
// README promises odd lengths. Written byte by byte so a helper bug cannot hide a parser bug.
TEST_CASE("a 19-byte ArtDmx with Length 1 is accepted with its one slot", "[artnet]") {
    const Bytes p = bytes({0x41, 0x72, 0x74, 0x2d, 0x4e, 0x65, 0x74, 0x00,   // "Art-Net\0"
                           0x00, 0x50, 0x00, 0x0e,                           // OpDmx (LE), ProtVer 14
                           0x05, 0x00, 0x03, 0x00,                           // Sequence 5, Physical 0, 0:0:3
                           0x00, 0x01,                                       // Length 1 (BE)
                           0xAB});                                           // slot 1
    REQUIRE(p.size() == 19);
    const auto r = parse(p);
    REQUIRE(r.kind == ArtNetKind::Dmx);
    CHECK(r.reject == ArtNetReject::None);
    CHECK(r.dmx.declaredLength == 1);
    CHECK(r.dmx.length == 1);
    CHECK(r.dmx.sequence == 5);
    CHECK(r.dmx.address.flat() == 3);
    CHECK(r.dmx.data == p.data() + 18);
    CHECK(r.dmx.data[0] == 0xAB);

    SECTION("a larger Length in 19 bytes (odd 3, or 512) is clamped to the one slot received") {
        for (const int declared : {3, 512}) {
            INFO("Length " << declared);
            Bytes q = p;
            q[16] = static_cast<std::uint8_t>(declared >> 8);
            q[17] = static_cast<std::uint8_t>(declared & 0xFF);
            const auto c = parse(q);
            REQUIRE(c.kind == ArtNetKind::Dmx);
            CHECK(c.dmx.declaredLength == declared);
            CHECK(c.dmx.length == 1);
        }
    }
    SECTION("the same header without its slot (18 bytes) is still too short") {
        const Bytes q(p.begin(), p.end() - 1);
        CHECK(parse(q).reject == ArtNetReject::TooShort);
    }
    SECTION("Length 0 in 19 bytes is still a bad length") {
        Bytes q = p;
        q[17] = 0x00;
        CHECK(parse(q).reject == ArtNetReject::BadLength);
    }
}

TEST_CASE("ArtDmx length handling", "[artnet]") {
    SECTION("odd lengths are accepted") {
        const auto r = parse(slotsPacket(ArtOp::Dmx, 0, 5, 5));
        REQUIRE(r.kind == ArtNetKind::Dmx);
        CHECK(r.dmx.length == 5);
        CHECK(r.dmx.declaredLength == 5);
    }
    SECTION("length is clamped to the bytes received") {
        const auto r = parse(slotsPacket(ArtOp::Dmx, 0, 512, 20));
        REQUIRE(r.kind == ArtNetKind::Dmx);
        CHECK(r.dmx.declaredLength == 512);
        CHECK(r.dmx.length == 20);
    }
    SECTION("length is clamped to 512") {
        const auto r = parse(slotsPacket(ArtOp::Dmx, 0, 600, 600));
        REQUIRE(r.kind == ArtNetKind::Dmx);
        CHECK(r.dmx.declaredLength == 600);
        CHECK(r.dmx.length == 512);
        const auto big = parse(slotsPacket(ArtOp::Dmx, 0, 0xFFFF, 512));
        CHECK(big.dmx.length == 512);
    }
    SECTION("trailing bytes beyond Length are ignored") {
        const auto r = parse(slotsPacket(ArtOp::Dmx, 0, 2, 40));
        REQUIRE(r.kind == ArtNetKind::Dmx);
        CHECK(r.dmx.length == 2);
    }
    SECTION("the top bit of Net is ignored") {
        const auto r = parse(slotsPacket(ArtOp::Dmx, 0, 2, 2, 0xFF, 0xFF));
        CHECK(r.dmx.address.flat() == 0x7FFF);
        CHECK(r.dmx.address.net() == 127);
    }
}

TEST_CASE("ProtVer is checked with >= 14", "[artnet]") {
    CHECK(parse(slotsPacket(ArtOp::Dmx, 0, 2, 2, 0, 0, 14)).kind == ArtNetKind::Dmx);
    CHECK(parse(slotsPacket(ArtOp::Dmx, 0, 2, 2, 0, 0, 15)).kind == ArtNetKind::Dmx);
    CHECK(parse(slotsPacket(ArtOp::Dmx, 0, 2, 2, 0, 0, 0x0100)).kind == ArtNetKind::Dmx);
    CHECK(parse(slotsPacket(ArtOp::Dmx, 0, 2, 2, 0, 0, 13)).reject == ArtNetReject::BadProtocolVersion);
    // Big-endian: 0e 00 is 3584, 00 0d is 13.
    Bytes le = slotsPacket(ArtOp::Dmx, 0, 2, 2, 0, 0, 0x0D00);
    CHECK(parse(le).kind == ArtNetKind::Dmx);
}

TEST_CASE("every truncation of valid packets is handled without reading past the end", "[artnet]") {
    std::vector<Bytes> packets = {slotsPacket(ArtOp::Dmx, 0, 512, 512), slotsPacket(ArtOp::Nzs, 0x91, 7, 7)};
    Bytes poll = header(ArtOp::Poll);
    poll.resize(22, 0x20);
    packets.push_back(poll);
    for (const Bytes& full : packets) {
        for (std::size_t n = 0; n <= full.size(); ++n) {
            // A heap copy of exactly n bytes, so a sanitizer build flags any over-read.
            const Bytes cut(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n));
            const auto r = parse(cut);
            if (r.kind == ArtNetKind::Dmx || r.kind == ArtNetKind::Nzs) {
                CHECK(18u + r.dmx.length <= n);
                CHECK(r.dmx.length >= 1);
            } else if (r.kind == ArtNetKind::Rejected) {
                CHECK(r.reject != ArtNetReject::None);
            }
        }
    }
}

TEST_CASE("toString(ArtNetReject) names are stable", "[artnet]") {
    CHECK(std::string(toString(ArtNetReject::None)) == "none");
    CHECK(std::string(toString(ArtNetReject::TooShort)) == "too-short");
    CHECK(std::string(toString(ArtNetReject::BadId)) == "bad-id");
    CHECK(std::string(toString(ArtNetReject::BadProtocolVersion)) == "bad-protocol-version");
    CHECK(std::string(toString(ArtNetReject::BadLength)) == "bad-length");
    CHECK(std::string(toString(ArtNetReject::BadStartCode)) == "bad-start-code");
    CHECK(std::string(toString(ArtNetReject::UnknownOpcode)) == "unknown-opcode");
    CHECK(std::string(toString(ArtNetReject::IgnoredOpcode)) == "ignored-opcode");
}
