#include "PortAddress.h"

#include <charconv>

namespace dmxin {

namespace {

std::string_view trimSpaces(std::string_view text) noexcept {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

// Digits only: from_chars would accept a leading '-', and stopping early would accept "1x".
// The length cap keeps absurd inputs from overflowing int.
std::optional<int> parseDecimal(std::string_view text) noexcept {
    if (text.empty() || text.size() > 6)
        return std::nullopt;
    for (char c : text)
        if (c < '0' || c > '9')
            return std::nullopt;
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

} // namespace

std::optional<PortAddress> PortAddress::fromFlat(int flat) noexcept {
    if (flat < 0 || flat > kMaxFlat)
        return std::nullopt;
    return PortAddress(static_cast<std::uint16_t>(flat));
}

std::optional<PortAddress> PortAddress::fromParts(int net, int subNet, int universe) noexcept {
    if (net < 0 || net > 127 || subNet < 0 || subNet > 15 || universe < 0 || universe > 15)
        return std::nullopt;
    return PortAddress(static_cast<std::uint16_t>((net << 8) | (subNet << 4) | universe));
}

std::optional<PortAddress> PortAddress::parse(std::string_view text) noexcept {
    text = trimSpaces(text);
    const auto firstColon = text.find(':');
    if (firstColon == std::string_view::npos) {
        // A bare number is the 1-based "universe N" that most software UIs show.
        const auto n = parseDecimal(text);
        if (!n || *n < 1 || *n > kMaxFlat + 1)
            return std::nullopt;
        return fromFlat(*n - 1);
    }
    const auto secondColon = text.find(':', firstColon + 1);
    if (secondColon == std::string_view::npos || text.find(':', secondColon + 1) != std::string_view::npos)
        return std::nullopt;
    const auto net = parseDecimal(trimSpaces(text.substr(0, firstColon)));
    const auto sub = parseDecimal(trimSpaces(text.substr(firstColon + 1, secondColon - firstColon - 1)));
    const auto uni = parseDecimal(trimSpaces(text.substr(secondColon + 1)));
    if (!net || !sub || !uni)
        return std::nullopt;
    return fromParts(*net, *sub, *uni);
}

std::string PortAddress::netSubUni() const {
    return std::to_string(net()) + ':' + std::to_string(subNet()) + ':' + std::to_string(universe());
}

std::string PortAddress::describe() const {
    return netSubUni() + " (#" + std::to_string(oneBased()) + ')';
}

} // namespace dmxin
