#pragma once
// IPv4 addresses as text: one strict reader and one writer, shared by the bind and interface
// settings, the source allowlist, the standalone's --bind option, the sockets and the status texts,
// so that every place that takes an address accepts exactly the same spellings.
//
// Addresses are std::uint32_t in host byte order: 192.168.1.20 is 0xC0A80114.
//
// Threads: any thread. Both functions are pure; formatIpv4 allocates its result, parseIpv4 does not
// allocate.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dmxin {

// A dotted quad "a.b.c.d": exactly four parts separated by single dots, each one to three decimal
// digits with a value 0..255, and nothing else (no spaces, signs, hex, short forms like "10.1" or a
// trailing dot). A leading zero ("010") is refused: inet_aton reads it as octal (8), so the same text
// could name two different hosts to two tools. nullopt when the text is not such an address.
std::optional<std::uint32_t> parseIpv4(std::string_view text) noexcept;

// "a.b.c.d" in decimal without leading zeros; parseIpv4(formatIpv4(ip)) == ip for every ip.
std::string formatIpv4(std::uint32_t ipHostOrder);

} // namespace dmxin
