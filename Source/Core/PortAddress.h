#pragma once
// Art-Net 15-bit Port-Address in both notations users meet:
//   Net:Sub:Uni, 0-based, as consoles and the Art-Net spec write it ("0:0:0"), and
//   a flat 1-based universe number, as most software UIs write it ("universe 1").
// flat() is the raw 0-based 15-bit value that goes on the wire. Any thread may use this type.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dmxin {

class PortAddress {
public:
    static constexpr std::uint16_t kMaxFlat = 0x7FFF;   // 32767

    constexpr PortAddress() = default;

    // 0-based wire value, 0..32767; nullopt outside.
    static std::optional<PortAddress> fromFlat(int flat) noexcept;
    // Net 0..127, SubNet 0..15, Universe 0..15; nullopt outside.
    static std::optional<PortAddress> fromParts(int net, int subNet, int universe) noexcept;
    // From the ArtDmx header bytes (SubUni, Net); the top bit of Net is ignored.
    static constexpr PortAddress fromWire(std::uint8_t subUni, std::uint8_t net) noexcept {
        return PortAddress(static_cast<std::uint16_t>(((net & 0x7F) << 8) | subUni));
    }
    // Accepts "N:S:U" (0-based parts) or a plain 1-based number "1".."32768" (what UIs call
    // "universe 1"). Leading/trailing spaces are ignored. nullopt on anything else.
    static std::optional<PortAddress> parse(std::string_view text) noexcept;

    constexpr std::uint16_t flat() const noexcept { return value_; }
    constexpr int oneBased() const noexcept { return value_ + 1; }
    constexpr int net() const noexcept { return value_ >> 8; }
    constexpr int subNet() const noexcept { return (value_ >> 4) & 0x0F; }
    constexpr int universe() const noexcept { return value_ & 0x0F; }
    constexpr std::uint8_t subUni() const noexcept { return static_cast<std::uint8_t>(value_ & 0xFF); }

    std::string netSubUni() const;   // "0:0:0"
    std::string describe() const;    // "0:0:0 (#1)": both notations, as the editor and logs show it

    friend constexpr bool operator==(PortAddress a, PortAddress b) noexcept { return a.value_ == b.value_; }
    friend constexpr bool operator<(PortAddress a, PortAddress b) noexcept { return a.value_ < b.value_; }

private:
    constexpr explicit PortAddress(std::uint16_t v) noexcept : value_(v) {}
    std::uint16_t value_ = 0;
};

} // namespace dmxin
