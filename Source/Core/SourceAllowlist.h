#pragma once
// Which source addresses DMX In accepts packets from (as Art-Net nodes commonly offer: only sources
// from configured subnets). The setting is text such as "10.0.0.0/8, 192.168.1.20 127.0.0.0/8":
// IPv4 addresses and CIDR ranges separated by commas and/or whitespace. An empty list allows
// every source.
//
// Threads: parse and toString allocate and belong to the message thread. A parsed list is a
// fixed-size value (no heap), so allows() is safe on the receive thread on a list it owns or
// was handed; how it is handed over is the caller's business.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dmxin {

struct AllowlistEntry {
    std::uint32_t network = 0;   // host order, host bits clear
    std::uint8_t prefix = 32;    // 0..32

    friend bool operator==(const AllowlistEntry&, const AllowlistEntry&) = default;
};

struct AllowlistParseResult;

class SourceAllowlist {
public:
    static constexpr std::size_t kMaxEntries = 64;

    SourceAllowlist() = default;   // empty: allows everything

    // Parses the setting text. Errors name the entry (1-based, counting non-empty entries) and the
    // reason; any error means no list. Rules: dotted quads with four decimal parts 0..255 and no
    // leading zeros (inet_aton would read "010" as octal); a prefix "/0".."/32"; a range whose host
    // bits are set is refused with the corrected form suggested ("did you mean 10.0.0.0/8?"), since
    // a user who typed "192.168.1.20/24" may have meant one host. Exact duplicates are dropped.
    static AllowlistParseResult parse(std::string_view text);

    // True if the list is empty or any entry contains `ipHostOrder`. Receive thread: no allocation.
    bool allows(std::uint32_t ipHostOrder) const noexcept;

    bool allowsAll() const noexcept { return count_ == 0; }
    std::span<const AllowlistEntry> entries() const noexcept { return {entries_.data(), count_}; }

    // Canonical text: entries in input order, ", "-separated, "/32" omitted: "10.0.0.0/8, 192.168.1.20".
    // Empty for an empty list. parse(toString()) gives the same list back.
    std::string toString() const;

    friend bool operator==(const SourceAllowlist& a, const SourceAllowlist& b) noexcept;

private:
    std::array<AllowlistEntry, kMaxEntries> entries_{};
    std::size_t count_ = 0;
};

struct AllowlistParseResult {
    std::optional<SourceAllowlist> list;   // set only when errors is empty
    std::vector<std::string> errors;       // e.g. "entry 2 \"10.0.0.300\": not an IPv4 address"
};

} // namespace dmxin
