#include "SourceAllowlist.h"

#include "Ipv4.h"

#include <algorithm>

namespace dmxin {

namespace {

bool isSeparator(char c) noexcept {
    return c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// 1..maxDigits decimal digits, nothing else; nullopt otherwise.
std::optional<unsigned> parseDigits(std::string_view text, std::size_t maxDigits) noexcept {
    if (text.empty() || text.size() > maxDigits)
        return std::nullopt;
    unsigned value = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + static_cast<unsigned>(c - '0');
    }
    return value;
}

constexpr std::uint32_t maskFor(unsigned prefix) noexcept {
    return prefix == 0 ? 0u : ~std::uint32_t{0} << (32 - prefix);
}

std::string describe(std::size_t index, std::string_view entry) {
    return "entry " + std::to_string(index) + " \"" + std::string(entry) + "\": ";
}

std::string formatEntry(const AllowlistEntry& e) {
    std::string s = formatIpv4(e.network);
    if (e.prefix != 32)
        s += "/" + std::to_string(e.prefix);
    return s;
}

} // namespace

AllowlistParseResult SourceAllowlist::parse(std::string_view text) {
    AllowlistParseResult result;
    SourceAllowlist list;
    std::size_t index = 0;
    bool reportedTooMany = false;
    std::size_t pos = 0;
    while (pos < text.size()) {
        if (isSeparator(text[pos])) {
            ++pos;
            continue;
        }
        std::size_t end = pos;
        while (end < text.size() && !isSeparator(text[end]))
            ++end;
        const std::string_view entry = text.substr(pos, end - pos);
        pos = end;
        ++index;

        const std::size_t slash = entry.find('/');
        const std::string_view addressText = entry.substr(0, slash);
        const auto address = parseIpv4(addressText);
        if (!address) {
            result.errors.push_back(describe(index, entry) + "not an IPv4 address");
            continue;
        }
        unsigned prefix = 32;
        if (slash != std::string_view::npos) {
            const std::string_view prefixText = entry.substr(slash + 1);
            if (prefixText.empty()) {
                result.errors.push_back(describe(index, entry) + "missing prefix after /");
                continue;
            }
            const auto value = parseDigits(prefixText, 2);
            if (!value || *value > 32) {
                result.errors.push_back(describe(index, entry) + "/" + std::string(prefixText) +
                                        ": prefix must be 0..32");
                continue;
            }
            prefix = *value;
        }
        const AllowlistEntry parsed{*address & maskFor(prefix), static_cast<std::uint8_t>(prefix)};
        if (parsed.network != *address) {
            result.errors.push_back(describe(index, entry) + "host bits set; did you mean " + formatEntry(parsed) +
                                    "?");
            continue;
        }
        const auto existing = list.entries();
        if (std::find(existing.begin(), existing.end(), parsed) != existing.end())
            continue;
        if (list.count_ == kMaxEntries) {
            if (!reportedTooMany)
                result.errors.push_back(describe(index, entry) + "more than " + std::to_string(kMaxEntries) +
                                        " entries");
            reportedTooMany = true;
            continue;
        }
        list.entries_[list.count_++] = parsed;
    }
    if (result.errors.empty())
        result.list = list;
    return result;
}

bool SourceAllowlist::allows(std::uint32_t ip) const noexcept {
    if (count_ == 0)
        return true;
    for (std::size_t i = 0; i < count_; ++i)
        if ((ip & maskFor(entries_[i].prefix)) == entries_[i].network)
            return true;
    return false;
}

std::string SourceAllowlist::toString() const {
    std::string out;
    for (std::size_t i = 0; i < count_; ++i) {
        if (i > 0)
            out += ", ";
        out += formatEntry(entries_[i]);
    }
    return out;
}

bool operator==(const SourceAllowlist& a, const SourceAllowlist& b) noexcept {
    const auto ea = a.entries();
    const auto eb = b.entries();
    return std::equal(ea.begin(), ea.end(), eb.begin(), eb.end());
}

} // namespace dmxin
