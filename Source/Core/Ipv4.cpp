#include "Ipv4.h"

namespace dmxin {

std::optional<std::uint32_t> parseIpv4(std::string_view text) noexcept {
    std::uint32_t ip = 0;
    for (int part = 0; part < 4; ++part) {
        const std::size_t end = part < 3 ? text.find('.') : text.size();
        if (end == std::string_view::npos || end == 0 || end > 3)
            return std::nullopt;
        const std::string_view digits = text.substr(0, end);
        if (digits.size() > 1 && digits.front() == '0')
            return std::nullopt;
        std::uint32_t value = 0;
        for (char c : digits) {
            if (c < '0' || c > '9')
                return std::nullopt;
            value = value * 10 + static_cast<std::uint32_t>(c - '0');
        }
        if (value > 255)
            return std::nullopt;
        ip = (ip << 8) | value;
        text.remove_prefix(part < 3 ? end + 1 : end);
    }
    return ip;
}

std::string formatIpv4(std::uint32_t ip) {
    return std::to_string(ip >> 24) + "." + std::to_string((ip >> 16) & 0xFF) + "." +
           std::to_string((ip >> 8) & 0xFF) + "." + std::to_string(ip & 0xFF);
}

} // namespace dmxin
