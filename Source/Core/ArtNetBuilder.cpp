#include "ArtNetBuilder.h"

#include "ArtNetParser.h"

#include <cstring>

namespace dmxin {

namespace {
constexpr std::uint8_t kId[8] = {'A', 'r', 't', '-', 'N', 'e', 't', 0};

void writeHeader(std::uint8_t* p, std::uint16_t opcode) noexcept {
    std::memcpy(p, kId, 8);
    p[8] = static_cast<std::uint8_t>(opcode & 0xFF);   // OpCode is little-endian
    p[9] = static_cast<std::uint8_t>(opcode >> 8);
    p[10] = 0;                                          // ProtVer is big-endian: 14
    p[11] = kArtNetProtocolVersion;
}
} // namespace

std::size_t buildArtDmx(std::span<std::uint8_t> out, PortAddress address, std::uint8_t sequence,
                        std::uint8_t physical, std::span<const std::uint8_t> slots) noexcept {
    const std::size_t count = slots.size();
    if (count < 1 || count > 512)
        return 0;
    const std::size_t length = count + (count & 1);
    const std::size_t total = kArtDmxHeaderSize + length;
    if (out.size() < total)
        return 0;
    std::uint8_t* p = out.data();
    writeHeader(p, ArtOp::Dmx);
    p[12] = sequence;
    p[13] = physical;
    p[14] = address.subUni();
    p[15] = static_cast<std::uint8_t>(address.net());
    p[16] = static_cast<std::uint8_t>(length >> 8);     // Length is big-endian
    p[17] = static_cast<std::uint8_t>(length & 0xFF);
    std::memcpy(p + kArtDmxHeaderSize, slots.data(), count);
    if (length != count)
        p[kArtDmxHeaderSize + count] = 0;
    return total;
}

std::size_t buildArtPoll(std::span<std::uint8_t> out, std::uint8_t flags, std::uint8_t diagPriority) noexcept {
    if (out.size() < 14)
        return 0;
    writeHeader(out.data(), ArtOp::Poll);
    out[12] = flags;
    out[13] = diagPriority;
    return 14;
}

std::size_t buildArtSync(std::span<std::uint8_t> out) noexcept {
    if (out.size() < 14)
        return 0;
    writeHeader(out.data(), ArtOp::Sync);
    out[12] = 0;
    out[13] = 0;
    return 14;
}

} // namespace dmxin
