#include "SacnCid.h"

#include <array>
#include <random>

namespace dmxin {

namespace {

int hexValue(char c) noexcept {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

constexpr bool isDashAt(std::size_t i) noexcept {
    return i == 8 || i == 13 || i == 18 || i == 23;
}

} // namespace

std::optional<SacnCid> parseCid(std::string_view text) noexcept {
    if (text.size() != 36)
        return std::nullopt;
    SacnCid cid{};
    std::size_t nibble = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (isDashAt(i)) {
            if (text[i] != '-')
                return std::nullopt;
            continue;
        }
        const int v = hexValue(text[i]);
        if (v < 0)
            return std::nullopt;
        auto& byte = cid[nibble / 2];
        byte = static_cast<std::uint8_t>(nibble % 2 == 0 ? v << 4 : byte | v);
        ++nibble;
    }
    return cid;
}

std::string formatCid(const SacnCid& cid) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (std::size_t i = 0; i < cid.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out += '-';
        out += kDigits[cid[i] >> 4];
        out += kDigits[cid[i] & 0x0F];
    }
    return out;
}

SacnCid cidFromRandomBytes(std::span<const std::uint8_t, 16> random) noexcept {
    SacnCid cid{};
    for (std::size_t i = 0; i < cid.size(); ++i)
        cid[i] = random[i];
    cid[6] = static_cast<std::uint8_t>((cid[6] & 0x0F) | 0x40);   // version 4: random
    cid[8] = static_cast<std::uint8_t>((cid[8] & 0x3F) | 0x80);   // variant 10xx: RFC 4122
    return cid;
}

SacnCid randomCid() {
    std::random_device device;
    std::array<std::uint8_t, 16> bytes{};
    for (std::size_t i = 0; i < bytes.size(); i += 4) {
        const std::uint32_t word = device();
        for (std::size_t k = 0; k < 4; ++k)
            bytes[i + k] = static_cast<std::uint8_t>(word >> (8 * k));
    }
    // Never the nil UUID ("unassigned"): the version nibble makes byte 6 at least 0x40.
    return cidFromRandomBytes(bytes);
}

} // namespace dmxin
