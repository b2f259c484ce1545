#include "SacnBuilder.h"

#include <algorithm>
#include <cstring>

namespace dmxin {

namespace {

constexpr std::uint8_t kPacketId[12] = {'A', 'S', 'C', '-', 'E', '1', '.', '1', '7', 0, 0, 0};

void put16(std::uint8_t* p, std::size_t at, std::uint16_t v) noexcept {
    p[at] = static_cast<std::uint8_t>(v >> 8);
    p[at + 1] = static_cast<std::uint8_t>(v & 0xFF);
}

void put32(std::uint8_t* p, std::size_t at, std::uint32_t v) noexcept {
    p[at] = static_cast<std::uint8_t>(v >> 24);
    p[at + 1] = static_cast<std::uint8_t>((v >> 16) & 0xFF);
    p[at + 2] = static_cast<std::uint8_t>((v >> 8) & 0xFF);
    p[at + 3] = static_cast<std::uint8_t>(v & 0xFF);
}

// Flags nibble 0x7 and the length of the PDU that starts at `at` and runs to the end of the packet.
void putFlagsLength(std::uint8_t* p, std::size_t at, std::size_t total) noexcept {
    put16(p, at, static_cast<std::uint16_t>(0x7000 | ((total - at) & 0x0FFF)));
}

// Root layer: preamble, postamble, packet id, flags/length, vector, CID.
void writeRoot(std::uint8_t* p, std::size_t total, std::uint32_t vector, const SacnCid& cid) noexcept {
    put16(p, 0, 0x0010);
    put16(p, 2, 0x0000);
    std::memcpy(p + 4, kPacketId, sizeof(kPacketId));
    putFlagsLength(p, 16, total);
    put32(p, 18, vector);
    std::memcpy(p + 22, cid.data(), cid.size());
}

void writeSourceName(std::uint8_t* p, std::string_view name) noexcept {
    std::memset(p + 44, 0, 64);
    std::memcpy(p + 44, name.data(), std::min<std::size_t>(name.size(), 63));
}

} // namespace

std::size_t buildSacnData(std::span<std::uint8_t> out, const SacnCid& cid, std::string_view sourceName,
                          std::uint8_t priority, std::uint16_t syncAddress, std::uint8_t sequence,
                          std::uint8_t options, std::uint16_t universe, std::uint8_t startCode,
                          std::span<const std::uint8_t> slots) noexcept {
    if (slots.size() > 512)
        return 0;
    const std::size_t total = kSacnDataHeaderSize + slots.size();
    if (out.size() < total)
        return 0;
    std::uint8_t* p = out.data();
    writeRoot(p, total, 0x00000004, cid);
    putFlagsLength(p, 38, total);
    put32(p, 40, 0x00000002);
    writeSourceName(p, sourceName);
    p[108] = priority;
    put16(p, 109, syncAddress);
    p[111] = sequence;
    p[112] = options;
    put16(p, 113, universe);
    putFlagsLength(p, 115, total);
    p[117] = 0x02;                      // SET_PROPERTY
    p[118] = 0xA1;                      // address and data type
    put16(p, 119, 0x0000);              // first property address
    put16(p, 121, 0x0001);              // address increment
    put16(p, 123, static_cast<std::uint16_t>(1 + slots.size()));
    p[125] = startCode;
    if (!slots.empty())
        std::memcpy(p + kSacnDataHeaderSize, slots.data(), slots.size());
    return total;
}

std::size_t buildSacnSync(std::span<std::uint8_t> out, const SacnCid& cid, std::uint8_t sequence,
                          std::uint16_t syncAddress) noexcept {
    constexpr std::size_t total = kSacnSyncPacketSize;
    if (out.size() < total)
        return 0;
    std::uint8_t* p = out.data();
    writeRoot(p, total, 0x00000008, cid);
    putFlagsLength(p, 38, total);
    put32(p, 40, 0x00000001);
    p[44] = sequence;
    put16(p, 45, syncAddress);
    put16(p, 47, 0x0000);               // reserved
    return total;
}

std::size_t buildSacnDiscovery(std::span<std::uint8_t> out, const SacnCid& cid, std::string_view sourceName,
                               std::uint8_t page, std::uint8_t lastPage,
                               std::span<const std::uint16_t> universes) noexcept {
    if (universes.size() > kSacnMaxDiscoveryUniverses)
        return 0;
    const std::size_t total = kSacnDiscoveryHeaderSize + 2 * universes.size();
    if (out.size() < total)
        return 0;
    std::uint8_t* p = out.data();
    writeRoot(p, total, 0x00000008, cid);
    putFlagsLength(p, 38, total);
    put32(p, 40, 0x00000002);
    writeSourceName(p, sourceName);
    put32(p, 108, 0);                   // reserved
    putFlagsLength(p, 112, total);
    put32(p, 114, 0x00000001);          // UNIVERSE_LIST
    p[118] = page;
    p[119] = lastPage;
    for (std::size_t i = 0; i < universes.size(); ++i)
        put16(p, kSacnDiscoveryHeaderSize + 2 * i, universes[i]);
    return total;
}

} // namespace dmxin
