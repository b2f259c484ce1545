#pragma once
// Malformed and hostile sACN (E1.31) datagrams for the issue-6 table tests, written byte by byte
// from ARTNET.md §8 (not through SacnBuilder, so a builder bug cannot hide a parser bug).
// Shared by Tests/Core/MalformedSacnTests.cpp (parseSacn) and Tests/Net/MalformedDatagramTests.cpp
// (ReceiverHub::handleSacnDatagram). Test code: allocates freely.
//
// malformedSacn(): datagrams that must be dropped, each with the SacnReject reason it must be
// counted under. The expected reason follows the parser's documented order (outer layer first:
// size, preamble, postamble, packet id, root flags/length, root vector, then the framing and DMP
// layers), so a datagram with one defect names exactly that defect.
// Not in this table on purpose: preview data and alternate START codes (0xCC ...). Those are valid
// packets; the merger drops them and counts them (SacnOutcome::DroppedPreview / DroppedStartCode).

#include "Core/SacnParser.h"

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace dmxin::testing {

struct MalformedSacnCase {
    std::string name;
    std::vector<std::uint8_t> bytes;
    SacnReject expected;
};

namespace malformed_sacn_detail {

using Bytes = std::vector<std::uint8_t>;

inline constexpr std::uint16_t kUniverse = 7;   // every data packet of the table names universe 7
inline constexpr std::uint8_t kCidByte = 0x5A;  // CID 5a 5a ... 5a

inline void put16(Bytes& p, std::size_t at, unsigned v) {
    p[at] = static_cast<std::uint8_t>((v >> 8) & 0xFF);
    p[at + 1] = static_cast<std::uint8_t>(v & 0xFF);
}

inline void put32(Bytes& p, std::size_t at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i)
        p[at + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v >> (24 - 8 * i));
}

inline unsigned get16(const Bytes& p, std::size_t at) { return (unsigned{p[at]} << 8) | p[at + 1]; }

// Root layer: preamble 0x0010, postamble 0, "ASC-E1.17\0\0\0", flags/length, vector, CID.
inline Bytes root(std::size_t total, std::uint32_t vector) {
    Bytes p(total, 0);
    const std::uint8_t head[] = {0x00, 0x10, 0x00, 0x00, 'A', 'S', 'C', '-', 'E', '1', '.', '1', '7', 0, 0, 0};
    std::copy(std::begin(head), std::end(head), p.begin());
    put16(p, 16, 0x7000u | static_cast<unsigned>(total - 16));
    put32(p, 18, vector);
    for (std::size_t i = 22; i < 38; ++i)
        p[i] = kCidByte;
    return p;
}

// A valid data packet: universe 7, priority 100, sequence `sequence`, START code 0, `slots` slots
// valued 0x11, 0x12 ...; 126 + slots bytes.
inline Bytes data(std::size_t slots = 8, std::uint8_t sequence = 1, std::uint8_t options = 0,
                  std::uint8_t startCode = 0x00) {
    const std::size_t total = 126 + slots;
    Bytes p = root(total, 0x00000004);
    put16(p, 38, 0x7000u | static_cast<unsigned>(total - 38));
    put32(p, 40, 0x00000002);
    const char name[] = "hostile";
    std::copy(std::begin(name), std::end(name) - 1, p.begin() + 44);
    p[108] = 100;              // priority
    put16(p, 109, 0);          // sync address
    p[111] = sequence;
    p[112] = options;
    put16(p, 113, kUniverse);
    put16(p, 115, 0x7000u | static_cast<unsigned>(total - 115));
    p[117] = 0x02;             // DMP SET_PROPERTY
    p[118] = 0xA1;             // address & data type
    put16(p, 119, 0x0000);     // first property address
    put16(p, 121, 0x0001);     // address increment
    put16(p, 123, static_cast<unsigned>(1 + slots));
    p[125] = startCode;
    for (std::size_t i = 0; i < slots; ++i)
        p[126 + i] = static_cast<std::uint8_t>(0x11 + i);
    return p;
}

// A valid 49-byte sync packet for sync address 7.
inline Bytes sync(std::uint16_t address = 7) {
    Bytes p = root(49, 0x00000008);
    put16(p, 38, 0x700B);
    put32(p, 40, 0x00000001);
    p[44] = 1;   // sequence
    put16(p, 45, address);
    return p;
}

// A valid discovery page listing `count` universes 1, 2, ... (120 + 2 * count bytes).
inline Bytes discovery(std::size_t count) {
    const std::size_t total = 120 + 2 * count;
    Bytes p = root(total, 0x00000008);
    put16(p, 38, 0x7000u | static_cast<unsigned>(total - 38));
    put32(p, 40, 0x00000002);
    put16(p, 112, 0x7000u | static_cast<unsigned>(total - 112));
    put32(p, 114, 0x00000001);
    for (std::size_t i = 0; i < count; ++i)
        put16(p, 120 + 2 * i, static_cast<unsigned>(i + 1));
    return p;
}

// Rewrites the root, framing and DMP flags/length words (the ones present) to match p.size(), so a
// resized packet reaches the checks behind the length checks. Data and sync packets only (offset
// 115 is inside a discovery packet's vector).
inline Bytes fixLengths(Bytes p) {
    for (std::size_t at : {std::size_t{16}, std::size_t{38}, std::size_t{115}})
        if (p.size() >= at + 2)
            put16(p, at, 0x7000u | static_cast<unsigned>((p.size() - at) & 0x0FFF));
    return p;
}

inline Bytes first(const Bytes& p, std::size_t n) { return Bytes(p.begin(), p.begin() + static_cast<std::ptrdiff_t>(n)); }

template <typename F>
Bytes edit(Bytes p, F&& f) {
    f(p);
    return p;
}

} // namespace malformed_sacn_detail

inline std::vector<MalformedSacnCase> malformedSacn() {
    using namespace malformed_sacn_detail;
    using R = SacnReject;
    const Bytes d = data();   // 134 bytes
    std::vector<MalformedSacnCase> c;

    // Empty and truncated at every layer boundary.
    c.push_back({"zero-length datagram", {}, R::TooShort});
    c.push_back({"16 bytes: preamble, postamble and packet id only", first(d, 16), R::TooShort});
    c.push_back({"37 bytes: root layer one byte short of its CID", first(d, 37), R::TooShort});
    c.push_back({"38 bytes: root layer only, root length still the full packet's", first(d, 38), R::BadRootFlagsLength});
    c.push_back({"38 bytes: root layer only, root length matching", fixLengths(first(d, 38)), R::TooShort});
    c.push_back({"115 bytes: up to the end of the framing layer, lengths matching", fixLengths(first(d, 115)), R::TooShort});
    c.push_back({"125 bytes: DMP layer without the START code, lengths matching", fixLengths(first(d, 125)), R::TooShort});
    c.push_back({"3 slot bytes cut off, lengths unchanged", first(d, d.size() - 3), R::BadRootFlagsLength});
    c.push_back({"extended root truncated at 40, lengths matching", fixLengths(first(sync(), 40)), R::TooShort});
    c.push_back({"sync truncated at 46 (half its sync address), lengths matching", fixLengths(first(sync(), 46)), R::TooShort});

    // Root layer.
    c.push_back({"preamble size 0x0011", edit(d, [](Bytes& p) { put16(p, 0, 0x0011); }), R::BadPreamble});
    c.push_back({"preamble size 0x1000 (little-endian)", edit(d, [](Bytes& p) { put16(p, 0, 0x1000); }), R::BadPreamble});
    c.push_back({"Art-Net packet on the sACN port", edit(Bytes(530, 0), [](Bytes& p) {
                     const char id[] = "Art-Net";
                     std::copy(std::begin(id), std::end(id), p.begin());
                     p[9] = 0x50;
                 }), R::BadPreamble});
    c.push_back({"postamble size 0x0001", edit(d, [](Bytes& p) { put16(p, 2, 0x0001); }), R::BadPostamble});
    c.push_back({"packet id ASC-E1.18", edit(d, [](Bytes& p) { p[12] = '8'; }), R::BadPacketId});
    c.push_back({"packet id lower case", edit(d, [](Bytes& p) { p[4] = 'a'; }), R::BadPacketId});
    c.push_back({"packet id without its trailing NULs", edit(d, [](Bytes& p) { p[15] = ' '; }), R::BadPacketId});
    c.push_back({"root flags nibble 0x6", edit(d, [](Bytes& p) { put16(p, 16, 0x6000u | (get16(p, 16) & 0x0FFF)); }), R::BadRootFlagsLength});
    c.push_back({"root flags nibble 0xF", edit(d, [](Bytes& p) { put16(p, 16, 0xF000u | (get16(p, 16) & 0x0FFF)); }), R::BadRootFlagsLength});
    c.push_back({"root length one too long", edit(d, [](Bytes& p) { put16(p, 16, get16(p, 16) + 1); }), R::BadRootFlagsLength});
    c.push_back({"root length one too short", edit(d, [](Bytes& p) { put16(p, 16, get16(p, 16) - 1); }), R::BadRootFlagsLength});
    c.push_back({"root vector 0x00000005", edit(d, [](Bytes& p) { put32(p, 18, 5); }), R::BadRootVector});
    c.push_back({"root vector 0x04000000 (little-endian DATA)", edit(d, [](Bytes& p) { put32(p, 18, 0x04000000); }), R::BadRootVector});
    c.push_back({"root vector EXTENDED on a data packet (read as discovery)", edit(d, [](Bytes& p) { put32(p, 18, 8); }),
                 R::BadDiscoveryFlagsLength});

    // Framing layer.
    c.push_back({"framing flags nibble 0x3", edit(d, [](Bytes& p) { put16(p, 38, 0x3000u | (get16(p, 38) & 0x0FFF)); }), R::BadFramingFlagsLength});
    c.push_back({"framing length one too long", edit(d, [](Bytes& p) { put16(p, 38, get16(p, 38) + 1); }), R::BadFramingFlagsLength});
    c.push_back({"framing length one too short", edit(d, [](Bytes& p) { put16(p, 38, get16(p, 38) - 1); }), R::BadFramingFlagsLength});
    c.push_back({"framing vector 0x00000001 (sync) under a DATA root", edit(d, [](Bytes& p) { put32(p, 40, 1); }), R::BadFramingVector});
    c.push_back({"framing vector 0x00000003", edit(d, [](Bytes& p) { put32(p, 40, 3); }), R::BadFramingVector});

    // DMP layer.
    c.push_back({"DMP flags nibble 0xF", edit(d, [](Bytes& p) { put16(p, 115, 0xF000u | (get16(p, 115) & 0x0FFF)); }), R::BadDmpFlagsLength});
    c.push_back({"DMP length one too long", edit(d, [](Bytes& p) { put16(p, 115, get16(p, 115) + 1); }), R::BadDmpFlagsLength});
    c.push_back({"DMP length one too short", edit(d, [](Bytes& p) { put16(p, 115, get16(p, 115) - 1); }), R::BadDmpFlagsLength});
    c.push_back({"DMP vector 0x01 (GET_PROPERTY)", edit(d, [](Bytes& p) { p[117] = 0x01; }), R::BadDmpVector});
    c.push_back({"address type 0xA2", edit(d, [](Bytes& p) { p[118] = 0xA2; }), R::BadAddressType});
    c.push_back({"address type 0x00", edit(d, [](Bytes& p) { p[118] = 0x00; }), R::BadAddressType});
    c.push_back({"first property address 1", edit(d, [](Bytes& p) { put16(p, 119, 1); }), R::BadFirstAddress});
    c.push_back({"address increment 0", edit(d, [](Bytes& p) { put16(p, 121, 0); }), R::BadIncrement});
    c.push_back({"address increment 2", edit(d, [](Bytes& p) { put16(p, 121, 2); }), R::BadIncrement});
    c.push_back({"property count one more than the values", edit(d, [](Bytes& p) { put16(p, 123, get16(p, 123) + 1); }), R::BadPropertyCount});
    c.push_back({"property count one less than the values", edit(d, [](Bytes& p) { put16(p, 123, get16(p, 123) - 1); }), R::BadPropertyCount});
    c.push_back({"property count 0", edit(d, [](Bytes& p) { put16(p, 123, 0); }), R::BadPropertyCount});
    c.push_back({"513 slots (639 bytes), every length and the count consistent", data(513), R::BadPropertyCount});
    c.push_back({"oversized: 1472 bytes, every length and the count consistent", data(1472 - 126), R::BadPropertyCount});
    c.push_back({"oversized: a valid packet padded with zeros to 1472 bytes", edit(d, [](Bytes& p) { p.resize(1472, 0); }),
                 R::BadRootFlagsLength});

    // Field values a receiver must refuse.
    c.push_back({"universe 0", edit(d, [](Bytes& p) { put16(p, 113, 0); }), R::BadUniverse});
    c.push_back({"universe 64000", edit(d, [](Bytes& p) { put16(p, 113, 64000); }), R::BadUniverse});
    c.push_back({"universe 64214 (discovery) on a data packet", edit(d, [](Bytes& p) { put16(p, 113, 64214); }), R::BadUniverse});
    c.push_back({"universe 65535", edit(d, [](Bytes& p) { put16(p, 113, 65535); }), R::BadUniverse});
    c.push_back({"priority 201", edit(d, [](Bytes& p) { p[108] = 201; }), R::BadPriority});
    c.push_back({"priority 255", edit(d, [](Bytes& p) { p[108] = 255; }), R::BadPriority});

    // Sync and discovery packets.
    c.push_back({"sync packet of 50 bytes, lengths matching", fixLengths(edit(sync(), [](Bytes& p) { p.push_back(0); })),
                 R::BadFramingFlagsLength});
    c.push_back({"sync for sync address 0", sync(0), R::BadSyncAddress});
    c.push_back({"sync for sync address 64000", sync(64000), R::BadSyncAddress});
    c.push_back({"extended framing vector 0x00000003", edit(sync(), [](Bytes& p) { put32(p, 40, 3); }), R::BadFramingVector});
    c.push_back({"discovery with an odd-length universe list", edit(discovery(2), [](Bytes& p) {
                     p.push_back(0);
                     for (std::size_t at : {std::size_t{16}, std::size_t{38}, std::size_t{112}})
                         put16(p, at, 0x7000u | static_cast<unsigned>(p.size() - at));
                 }), R::BadDiscoveryFlagsLength});
    c.push_back({"discovery listing 513 universes", discovery(513), R::BadDiscoveryFlagsLength});
    c.push_back({"discovery layer vector 0x00000002", edit(discovery(2), [](Bytes& p) { put32(p, 114, 2); }),
                 R::BadDiscoveryVector});
    return c;
}

} // namespace dmxin::testing
