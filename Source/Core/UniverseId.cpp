#include "UniverseId.h"

#include <charconv>

namespace dmxin {

const char* toString(DmxProtocol protocol) noexcept {
    return protocol == DmxProtocol::Sacn ? "sacn" : "artnet";
}

bool protocolFromString(std::string_view text, DmxProtocol& out) noexcept {
    if (text == "artnet") { out = DmxProtocol::ArtNet; return true; }
    if (text == "sacn") { out = DmxProtocol::Sacn; return true; }
    return false;
}

std::optional<UniverseId> UniverseId::sacn(int universe) noexcept {
    if (universe < kSacnMin || universe > kSacnMax)
        return std::nullopt;
    return UniverseId(DmxProtocol::Sacn, static_cast<std::uint16_t>(universe));
}

std::optional<UniverseId> UniverseId::fromKey(std::uint32_t key) noexcept {
    if (key < kSacnKeyBase)
        return UniverseId(DmxProtocol::ArtNet, static_cast<std::uint16_t>(key));
    if (key >= kKeyCount)
        return std::nullopt;
    return sacn(static_cast<int>(key - kSacnKeyBase));
}

std::optional<UniverseId> UniverseId::parse(DmxProtocol protocol, std::string_view text) noexcept {
    if (protocol == DmxProtocol::ArtNet) {
        const auto pa = PortAddress::parse(text);
        if (!pa)
            return std::nullopt;
        return artnet(*pa);
    }
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    if (text.empty() || text.size() > 5)
        return std::nullopt;
    for (char c : text)
        if (c < '0' || c > '9')
            return std::nullopt;
    int value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return sacn(value);
}

std::string UniverseId::text() const {
    return isArtNet() ? portAddress().netSubUni() : std::to_string(number_);
}

std::string UniverseId::describe() const {
    return isArtNet() ? "Art-Net " + portAddress().describe() : "sACN " + std::to_string(number_);
}

} // namespace dmxin
