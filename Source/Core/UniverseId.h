#pragma once
// Which universe of which protocol a mapping listens to. Art-Net and sACN number universes
// differently (Art-Net: 0-based 15-bit Port-Address; sACN: 1..63999), and sACN universe 1 is the
// same as Art-Net 0:0:0 only when the user says so (NetworkSettings::sacnOneIsArtnetZero), so the
// two are kept apart by default. key() flattens both into one index space for bitsets and images:
// Art-Net 0..32767, sACN 32768 + (1..63999). Any thread may use this type.

#include "PortAddress.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dmxin {

enum class DmxProtocol : std::uint8_t { ArtNet = 0, Sacn = 1 };

const char* toString(DmxProtocol protocol) noexcept;                  // "artnet", "sacn"
bool protocolFromString(std::string_view text, DmxProtocol& out) noexcept;

class UniverseId {
public:
    static constexpr int kSacnMin = 1;
    static constexpr int kSacnMax = 63999;
    static constexpr std::uint32_t kSacnKeyBase = PortAddress::kMaxFlat + 1;           // 32768
    static constexpr std::uint32_t kKeyCount = kSacnKeyBase + kSacnMax + 1;              // every key < this

    constexpr UniverseId() = default;
    // A Port-Address is an Art-Net universe: implicit, so Art-Net code reads naturally.
    constexpr UniverseId(PortAddress address) noexcept : protocol_(DmxProtocol::ArtNet), number_(address.flat()) {}
    static constexpr UniverseId artnet(PortAddress address) noexcept { return {DmxProtocol::ArtNet, address.flat()}; }
    static std::optional<UniverseId> sacn(int universe) noexcept;
    static std::optional<UniverseId> fromKey(std::uint32_t key) noexcept;

    // Parses what a user types for a protocol: Art-Net "N:S:U" or a 1-based number; sACN a number 1..63999.
    static std::optional<UniverseId> parse(DmxProtocol protocol, std::string_view text) noexcept;

    constexpr DmxProtocol protocol() const noexcept { return protocol_; }
    constexpr bool isArtNet() const noexcept { return protocol_ == DmxProtocol::ArtNet; }
    constexpr bool isSacn() const noexcept { return protocol_ == DmxProtocol::Sacn; }
    // Art-Net: the Port-Address; sACN: the universe number 1..63999.
    constexpr std::uint16_t number() const noexcept { return number_; }
    // Meaningful for Art-Net only.
    PortAddress portAddress() const noexcept { return *PortAddress::fromFlat(number_ & PortAddress::kMaxFlat); }
    constexpr std::uint32_t key() const noexcept {
        return protocol_ == DmxProtocol::ArtNet ? number_ : kSacnKeyBase + number_;
    }

    // The text stored in state files: "0:0:1" for Art-Net, "5" for sACN.
    std::string text() const;
    // What the editor and logs show: "Art-Net 0:0:1 (#2)" or "sACN 5".
    std::string describe() const;

    friend constexpr bool operator==(UniverseId a, UniverseId b) noexcept { return a.key() == b.key(); }
    friend constexpr bool operator<(UniverseId a, UniverseId b) noexcept { return a.key() < b.key(); }

private:
    constexpr UniverseId(DmxProtocol p, std::uint16_t n) noexcept : protocol_(p), number_(n) {}
    DmxProtocol protocol_ = DmxProtocol::ArtNet;
    std::uint16_t number_ = 0;
};

} // namespace dmxin
