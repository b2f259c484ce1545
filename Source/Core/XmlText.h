#pragma once
// Escaping text for XML attributes and element content (the fixture-profile exports). Control
// characters other than tab/newline are dropped: XML 1.0 cannot carry them. Any thread; allocates.

#include <string>
#include <string_view>

namespace dmxin {

inline std::string xmlEscape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        default:
            if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n')
                out += c;
        }
    }
    return out;
}

} // namespace dmxin
