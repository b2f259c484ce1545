#include "Core/Ipv4.h"

#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

using namespace dmxin;

namespace {

struct ParseCase {
    std::string_view text;
    std::optional<std::uint32_t> expected;   // host byte order; nullopt: refused
};

// Every spelling that the bind address, the sACN interface, the allowlist and --bind must agree on.
constexpr std::array kParseCases{
    ParseCase{"0.0.0.0", 0x00000000u},
    ParseCase{"127.0.0.1", 0x7F000001u},
    ParseCase{"10.0.0.2", 0x0A000002u},
    ParseCase{"192.168.1.20", 0xC0A80114u},
    ParseCase{"1.22.133.255", 0x011685FFu},
    ParseCase{"255.255.255.255", 0xFFFFFFFFu},
    ParseCase{"239.255.0.1", 0xEFFF0001u},   // sACN universe 1's multicast group
    ParseCase{"100.0.10.0", 0x64000A00u},    // zeros that are whole parts, and trailing zeros, are fine
    // wrong number of parts
    ParseCase{"", std::nullopt},
    ParseCase{"1", std::nullopt},
    ParseCase{"1.2.3", std::nullopt},
    ParseCase{"1.2.3.4.5", std::nullopt},
    ParseCase{"16909060", std::nullopt},     // inet_aton's one-number form of 1.2.3.4
    ParseCase{"10.1", std::nullopt},         // inet_aton's short form of 10.0.0.1
    // empty parts
    ParseCase{"1..2.3", std::nullopt},
    ParseCase{".1.2.3", std::nullopt},
    ParseCase{"1.2.3.", std::nullopt},
    ParseCase{"...", std::nullopt},
    // out of range
    ParseCase{"256.1.1.1", std::nullopt},
    ParseCase{"1.2.3.256", std::nullopt},
    ParseCase{"1.2.3.999", std::nullopt},
    ParseCase{"1.2.3.0004", std::nullopt},
    // leading zeros: octal to inet_aton
    ParseCase{"01.2.3.4", std::nullopt},
    ParseCase{"010.0.0.1", std::nullopt},
    ParseCase{"1.2.3.00", std::nullopt},
    // anything but digits and dots
    ParseCase{" 1.2.3.4", std::nullopt},
    ParseCase{"1.2.3.4 ", std::nullopt},
    ParseCase{"1.2.3.-4", std::nullopt},
    ParseCase{"+1.2.3.4", std::nullopt},
    ParseCase{"1.2.3.4a", std::nullopt},
    ParseCase{"0x0A.0.0.1", std::nullopt},
    ParseCase{"1.2.3.4/8", std::nullopt},
    ParseCase{"::1", std::nullopt},
    ParseCase{"localhost", std::nullopt},
    ParseCase{"x", std::nullopt},
    ParseCase{"1,2,3,4", std::nullopt},
};

} // namespace

TEST_CASE("parseIpv4 reads strict dotted quads into host byte order", "[ipv4]") {
    for (const auto& c : kParseCases) {
        INFO('"' << std::string(c.text) << '"');
        CHECK(parseIpv4(c.text) == c.expected);
    }
}

TEST_CASE("parseIpv4 reads only the characters it is given", "[ipv4]") {
    // A view into a longer buffer ends where the view ends; an embedded NUL is not an end.
    constexpr std::string_view buffer = "192.168.1.20/24";
    CHECK(parseIpv4(buffer.substr(0, 12)) == 0xC0A80114u);
    CHECK(parseIpv4(std::string_view("1.2.3.4\0junk", 12)) == std::nullopt);
    CHECK(parseIpv4(std::string("1.2.3.4\0", 8)) == std::nullopt);
}

TEST_CASE("formatIpv4 writes dotted quads without leading zeros", "[ipv4]") {
    struct FormatCase {
        std::uint32_t ip;
        std::string_view expected;
    };
    constexpr std::array cases{
        FormatCase{0x00000000u, "0.0.0.0"},
        FormatCase{0x7F000001u, "127.0.0.1"},
        FormatCase{0xC0A80114u, "192.168.1.20"},
        FormatCase{0x011685FFu, "1.22.133.255"},
        FormatCase{0x0A00000Au, "10.0.0.10"},
        FormatCase{0xFFFFFFFFu, "255.255.255.255"},
    };
    for (const auto& c : cases) {
        INFO(c.ip);
        CHECK(formatIpv4(c.ip) == c.expected);
    }
}

TEST_CASE("formatIpv4 and parseIpv4 round-trip", "[ipv4]") {
    for (std::uint32_t ip : {0u, 1u, 0x000000FFu, 0x0000FF00u, 0x00FF0000u, 0xFF000000u, 0x01020304u, 0x80808080u,
                             0xFFFFFFFEu, 0xFFFFFFFFu}) {
        INFO(ip);
        CHECK(parseIpv4(formatIpv4(ip)) == ip);
    }
    for (const auto& c : kParseCases)
        if (c.expected) {
            INFO(std::string(c.text));
            CHECK(formatIpv4(*c.expected) == c.text);
        }
}
