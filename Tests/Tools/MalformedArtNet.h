#pragma once
// Malformed and hostile Art-Net datagrams for the issue-6 table tests, written byte by byte from
// ARTNET.md §1-§5 (not through ArtNetBuilder, so a builder bug cannot hide a parser bug).
// Shared by Tests/Core/MalformedArtNetTests.cpp (parseArtNet) and
// Tests/Net/MalformedDatagramTests.cpp (ReceiverHub::handleDatagram). Test code: allocates freely.
//
// malformedArtNet(): datagrams that must be dropped, each with the reason it must be counted under.
// clampedArtNet(): hostile Length fields that ARTNET.md §2 says to clamp, not drop
// (n = min(Length, bytes received - 18, 512)): each must be accepted with exactly n slots.

#include "Core/ArtNetParser.h"

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace dmxin::testing {

using Bytes = std::vector<std::uint8_t>;

struct MalformedCase {
    std::string name;
    Bytes bytes;
    ArtNetReject expected;
};

struct ClampedCase {
    std::string name;
    Bytes bytes;
    std::uint16_t declaredLength;
    std::uint16_t usableLength;   // what the receiver must apply: min(Length, received, 512)
};

namespace malformed_detail {

inline Bytes id() { return {'A', 'r', 't', '-', 'N', 'e', 't', 0}; }

// ID + OpCode (LE) + ProtVer (BE).
inline Bytes header(std::uint16_t opcode, std::uint16_t version = 14) {
    Bytes p = id();
    p.push_back(static_cast<std::uint8_t>(opcode & 0xFF));
    p.push_back(static_cast<std::uint8_t>(opcode >> 8));
    p.push_back(static_cast<std::uint8_t>(version >> 8));
    p.push_back(static_cast<std::uint8_t>(version & 0xFF));
    return p;
}

// ArtDmx/ArtNzs: header, Sequence 1, byte 13 (Physical or StartCode), Port-Address 0:0:1 (SubUni 1,
// Net 0), Length (BE), then `dataBytes` slot bytes 0x11, 0x12, ...
inline Bytes slots(std::uint16_t opcode, std::uint8_t byte13, std::uint16_t length, std::size_t dataBytes,
                   std::uint16_t version = 14) {
    Bytes p = header(opcode, version);
    for (int b : {0x01, static_cast<int>(byte13), 0x01, 0x00, length >> 8, length & 0xFF})
        p.push_back(static_cast<std::uint8_t>(b));
    for (std::size_t i = 0; i < dataBytes; ++i)
        p.push_back(static_cast<std::uint8_t>(0x11 + i));
    return p;
}

inline Bytes artDmx(std::uint16_t length, std::size_t dataBytes, std::uint16_t version = 14) {
    return slots(ArtOp::Dmx, 0x00, length, dataBytes, version);
}

inline Bytes first(const Bytes& p, std::size_t n) { return Bytes(p.begin(), p.begin() + static_cast<std::ptrdiff_t>(n)); }

inline Bytes withPadding(Bytes p, std::size_t total) {
    p.resize(total, 0);
    return p;
}

} // namespace malformed_detail

// Grouped by kind: truncations at every header boundary, wrong ID, wrong
// OpCode, ProtVer < 14, Length 0, bad ArtNzs start codes, and valid OpCodes DMX In refuses on purpose.
inline std::vector<MalformedCase> malformedArtNet() {
    using namespace malformed_detail;
    using R = ArtNetReject;
    const Bytes dmx = artDmx(2, 2);               // a valid minimal ArtDmx: 20 bytes
    const Bytes sacnPreamble = {0x00, 0x10, 0x00, 0x00, 'A', 'S', 'C', '-', 'E', '1', '.', '1', '7', 0, 0, 0};

    std::vector<MalformedCase> c;
    // Truncated at every header boundary (ARTNET.md §1, §2).
    c.push_back({"zero-length datagram", {}, R::TooShort});
    c.push_back({"1 byte", first(dmx, 1), R::TooShort});
    c.push_back({"7 bytes: ID without its NUL", first(dmx, 7), R::TooShort});
    c.push_back({"8 bytes: ID only", first(dmx, 8), R::TooShort});
    c.push_back({"9 bytes: half an OpCode", first(dmx, 9), R::TooShort});
    c.push_back({"10 bytes: ID + OpDmx, no ProtVer", first(dmx, 10), R::TooShort});
    c.push_back({"11 bytes: half a ProtVer", first(dmx, 11), R::TooShort});
    c.push_back({"12 bytes: ArtDmx common header only", first(dmx, 12), R::TooShort});
    c.push_back({"13 bytes: ArtDmx up to Sequence", first(dmx, 13), R::TooShort});
    c.push_back({"14 bytes: ArtDmx up to Physical", first(dmx, 14), R::TooShort});
    c.push_back({"15 bytes: ArtDmx up to SubUni", first(dmx, 15), R::TooShort});
    c.push_back({"16 bytes: ArtDmx up to Net", first(dmx, 16), R::TooShort});
    c.push_back({"17 bytes: ArtDmx up to LengthHi", first(dmx, 17), R::TooShort});
    c.push_back({"18 bytes: ArtDmx header, Length 2, no data", first(dmx, 18), R::TooShort});
    c.push_back({"18 bytes: ArtDmx header, Length 1, no data (minimum is 19)", artDmx(1, 0), R::TooShort});
    c.push_back({"ArtDmx Length 65535 but no data at all", artDmx(0xFFFF, 0), R::TooShort});
    c.push_back({"18 bytes: ArtNzs header, no data (minimum is 19)", slots(ArtOp::Nzs, 0x91, 1, 0), R::TooShort});
    c.push_back({"11 bytes: ArtPoll without ProtVerLo", first(header(ArtOp::Poll), 11), R::TooShort});
    // Wrong ID.
    c.push_back({"ID in lower case", [&] { Bytes p = dmx; p[0] = 'a'; return p; }(), R::BadId});
    c.push_back({"ID with a space for its NUL", [&] { Bytes p = dmx; p[7] = ' '; return p; }(), R::BadId});
    c.push_back({"ID one byte late", [&] { Bytes p = dmx; p.insert(p.begin(), 0x00); return p; }(), R::BadId});
    c.push_back({"8 zero bytes", Bytes(8, 0x00), R::BadId});
    c.push_back({"sACN preamble on the Art-Net port", withPadding(sacnPreamble, 126 + 512), R::BadId});
    c.push_back({"oversized datagram: 65507 bytes of 0xFF", Bytes(65507, 0xFF), R::BadId});
    // Wrong OpCode.
    c.push_back({"OpCode 0x0000", [&] { Bytes p = dmx; p[8] = p[9] = 0x00; return p; }(), R::UnknownOpcode});
    c.push_back({"OpDmx sent big-endian (0x0050)", [&] { Bytes p = dmx; p[8] = 0x50; p[9] = 0x00; return p; }(), R::UnknownOpcode});
    c.push_back({"OpCode 0xFFFF", [&] { Bytes p = dmx; p[8] = p[9] = 0xFF; return p; }(), R::UnknownOpcode});
    c.push_back({"OpCode 0x5300, between OpSync and OpAddress", header(0x5300), R::UnknownOpcode});
    c.push_back({"unknown OpCode in a 10-byte datagram", first(header(0x1234), 10), R::UnknownOpcode});
    // Protocol version (must be >= 14).
    c.push_back({"ArtDmx ProtVer 13", artDmx(2, 2, 13), R::BadProtocolVersion});
    c.push_back({"ArtDmx ProtVer 0", artDmx(2, 2, 0), R::BadProtocolVersion});
    c.push_back({"ArtDmx header only with ProtVer 13", header(ArtOp::Dmx, 13), R::BadProtocolVersion});
    c.push_back({"ArtPoll ProtVer 13", withPadding(header(ArtOp::Poll, 13), 14), R::BadProtocolVersion});
    c.push_back({"ArtSync ProtVer 13", withPadding(header(ArtOp::Sync, 13), 14), R::BadProtocolVersion});
    c.push_back({"ArtNzs ProtVer 13", slots(ArtOp::Nzs, 0x91, 2, 2, 13), R::BadProtocolVersion});
    // Length 0: nothing to apply.
    c.push_back({"ArtDmx Length 0 with 2 data bytes", artDmx(0, 2), R::BadLength});
    c.push_back({"ArtDmx Length 0 with 512 data bytes", artDmx(0, 512), R::BadLength});
    c.push_back({"ArtNzs Length 0", slots(ArtOp::Nzs, 0x91, 0, 4), R::BadLength});
    // ArtNzs may not carry the null start code (that is ArtDmx) nor RDM.
    c.push_back({"ArtNzs with start code 0x00", slots(ArtOp::Nzs, 0x00, 2, 2), R::BadStartCode});
    c.push_back({"ArtNzs with start code 0xCC (RDM)", slots(ArtOp::Nzs, 0xCC, 2, 2), R::BadStartCode});
    // Valid Art-Net that tries to reconfigure or address the node: refused on purpose.
    c.push_back({"ArtAddress renaming the node", withPadding(header(ArtOp::Address), 107), R::IgnoredOpcode});
    c.push_back({"ArtIpProg enabling programming", [&] {
                     Bytes p = withPadding(header(ArtOp::IpProg), 34);
                     p[14] = 0x84;   // enable programming + program IP
                     return p;
                 }(), R::IgnoredOpcode});
    c.push_back({"ArtFirmwareMaster", withPadding(header(ArtOp::FirmwareMaster), 1024), R::IgnoredOpcode});
    c.push_back({"ArtRdm", withPadding(header(ArtOp::Rdm), 48), R::IgnoredOpcode});
    c.push_back({"ArtTodControl flush", withPadding(header(ArtOp::TodControl), 24), R::IgnoredOpcode});
    return c;
}

inline std::vector<ClampedCase> clampedArtNet() {
    using namespace malformed_detail;
    std::vector<ClampedCase> c;
    c.push_back({"19 bytes: Length 1 with its 1 data byte (the smallest ArtDmx)", artDmx(1, 1), 1, 1});
    c.push_back({"Length 1 with 2 data bytes", artDmx(1, 2), 1, 1});
    c.push_back({"19 bytes: Length 2 but only 1 data byte", artDmx(2, 1), 2, 1});
    c.push_back({"Length 3 (odd) with 4 data bytes", artDmx(3, 4), 3, 3});
    c.push_back({"Length 513 with 513 data bytes", artDmx(513, 513), 513, 512});
    c.push_back({"Length 65535 with 512 data bytes", artDmx(0xFFFF, 512), 0xFFFF, 512});
    c.push_back({"Length 512 but only 6 data bytes (larger than the datagram)", artDmx(512, 6), 512, 6});
    c.push_back({"Length 200 but only 2 data bytes", artDmx(200, 2), 200, 2});
    c.push_back({"oversized datagram: Length 512 and 65489 data bytes", artDmx(512, 65507 - 18), 512, 512});
    return c;
}

} // namespace dmxin::testing
