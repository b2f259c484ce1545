#pragma once
// How state errors are worded, shared by the loader (StateJson) and the rules (StateRules) so a
// message reads the same whichever of them finds the fault: "path: reason", numbers in their
// shortest form, ranges as "lo..hi", names in quotes.
// Any non-audio thread: these functions allocate.

#include <charconv>
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

namespace dmxin::wording {

// Appends "path: reason" lines to a caller's list.
class Errors {
public:
    explicit Errors(std::vector<std::string>& out) : out_(out) {}
    void add(const std::string& path, const std::string& reason) { out_.push_back(path + ": " + reason); }
    bool empty() const noexcept { return out_.empty(); }

private:
    std::vector<std::string>& out_;
};

// Shortest text that reads back to the same value, so messages show "1.5", not "1.500000".
template <typename F>
std::string formatNumber(F value) {
    if (std::isnan(value))
        return "nan";
    if (std::isinf(value))
        return value > 0 ? "inf" : "-inf";
    char buffer[64];
    const auto res = std::to_chars(buffer, buffer + sizeof(buffer), value);
    return std::string(buffer, res.ptr);
}

inline std::string inQuotes(const std::string& text) {
    return '"' + text + '"';
}

// Characters, not bytes, so a limit means the same for "Zoom" and "Zoom ü".
inline std::size_t utf8Length(const std::string& text) noexcept {
    std::size_t n = 0;
    for (const char c : text)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80)
            ++n;
    return n;
}

inline std::string outside(long long value, long long lo, long long hi) {
    return std::to_string(value) + " is outside " + std::to_string(lo) + ".." + std::to_string(hi);
}

inline std::string mappingPath(std::size_t index) {
    return "mappings[" + std::to_string(index) + "]";
}

} // namespace dmxin::wording
