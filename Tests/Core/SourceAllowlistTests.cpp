#include "Core/Ipv4.h"
#include "Core/SourceAllowlist.h"

#include <catch2/catch.hpp>

#include <string>

using namespace dmxin;

namespace {

constexpr std::uint32_t ip(unsigned a, unsigned b, unsigned c, unsigned d) {
    return (a << 24) | (b << 16) | (c << 8) | d;
}

SourceAllowlist parseOk(std::string_view text) {
    auto r = SourceAllowlist::parse(text);
    INFO("text: " << text);
    REQUIRE(r.errors.empty());
    REQUIRE(r.list);
    return *r.list;
}

std::vector<std::string> errorsOf(std::string_view text) {
    auto r = SourceAllowlist::parse(text);
    CHECK_FALSE(r.list);
    return r.errors;
}

} // namespace

TEST_CASE("An empty allowlist allows every source", "[allowlist]") {
    for (const char* text : {"", "   ", " , ,\t\n"}) {
        const auto list = parseOk(text);
        CHECK(list.allowsAll());
        CHECK(list.entries().empty());
        CHECK(list.allows(ip(10, 0, 0, 1)));
        CHECK(list.allows(0));
        CHECK(list.toString().empty());
    }
    CHECK(SourceAllowlist{}.allows(ip(8, 8, 8, 8)));
}

TEST_CASE("Allowlist parses addresses and CIDR ranges separated by commas or whitespace", "[allowlist]") {
    const auto list = parseOk("10.0.0.0/8, 192.168.1.20 ,127.0.0.0/8");
    REQUIRE(list.entries().size() == 3);
    CHECK(list.entries()[0] == AllowlistEntry{ip(10, 0, 0, 0), 8});
    CHECK(list.entries()[1] == AllowlistEntry{ip(192, 168, 1, 20), 32});
    CHECK(list.entries()[2] == AllowlistEntry{ip(127, 0, 0, 0), 8});
    CHECK_FALSE(list.allowsAll());

    CHECK(list.allows(ip(10, 0, 0, 0)));
    CHECK(list.allows(ip(10, 255, 255, 255)));
    CHECK(list.allows(ip(192, 168, 1, 20)));
    CHECK(list.allows(ip(127, 0, 0, 1)));
    CHECK_FALSE(list.allows(ip(11, 0, 0, 0)));
    CHECK_FALSE(list.allows(ip(9, 255, 255, 255)));
    CHECK_FALSE(list.allows(ip(192, 168, 1, 21)));
    CHECK_FALSE(list.allows(ip(192, 168, 1, 19)));
    CHECK_FALSE(list.allows(ip(128, 0, 0, 1)));

    const auto spaced = parseOk("10.0.0.0/8\t192.168.1.20\n127.0.0.0/8");
    CHECK(spaced == list);
}

TEST_CASE("Allowlist prefixes /0, /31 and /32 cover the right addresses", "[allowlist]") {
    const auto all = parseOk("0.0.0.0/0");
    CHECK(all.allows(0));
    CHECK(all.allows(0xFFFFFFFFu));
    CHECK_FALSE(all.allowsAll());   // an explicit entry, even if it matches everything

    const auto pair = parseOk("192.168.0.4/31");
    CHECK_FALSE(pair.allows(ip(192, 168, 0, 3)));
    CHECK(pair.allows(ip(192, 168, 0, 4)));
    CHECK(pair.allows(ip(192, 168, 0, 5)));
    CHECK_FALSE(pair.allows(ip(192, 168, 0, 6)));

    const auto host = parseOk("192.168.0.4/32");
    CHECK(host.allows(ip(192, 168, 0, 4)));
    CHECK_FALSE(host.allows(ip(192, 168, 0, 5)));
    CHECK(host.toString() == "192.168.0.4");

    const auto top = parseOk("255.255.255.255");
    CHECK(top.allows(0xFFFFFFFFu));
    CHECK_FALSE(top.allows(0xFFFFFFFEu));
}

TEST_CASE("Allowlist errors name the entry and the reason", "[allowlist]") {
    CHECK(errorsOf("10.0.0.1, 10.0.0.300") ==
          std::vector<std::string>{"entry 2 \"10.0.0.300\": not an IPv4 address"});
    CHECK(errorsOf("10.0.0.0/33") == std::vector<std::string>{"entry 1 \"10.0.0.0/33\": /33: prefix must be 0..32"});
    CHECK(errorsOf("10.0.0.0/x") == std::vector<std::string>{"entry 1 \"10.0.0.0/x\": /x: prefix must be 0..32"});
    CHECK(errorsOf("10.0.0.0/-1") == std::vector<std::string>{"entry 1 \"10.0.0.0/-1\": /-1: prefix must be 0..32"});
    CHECK(errorsOf("10.0.0.0/") == std::vector<std::string>{"entry 1 \"10.0.0.0/\": missing prefix after /"});
    CHECK(errorsOf("192.168.1.20/24") ==
          std::vector<std::string>{"entry 1 \"192.168.1.20/24\": host bits set; did you mean 192.168.1.0/24?"});

    // Every bad entry is reported, numbered among the non-empty entries.
    const auto many = errorsOf(" ,host.local,, 1.2.3.4 1.2.3 ");
    REQUIRE(many.size() == 2);
    CHECK(many[0] == "entry 1 \"host.local\": not an IPv4 address");
    CHECK(many[1] == "entry 3 \"1.2.3\": not an IPv4 address");
}

TEST_CASE("Allowlist refuses malformed dotted quads", "[allowlist]") {
    for (const char* bad : {"1.2.3", "1.2.3.4.5", "1..2.3", ".1.2.3", "1.2.3.", "256.0.0.1", "1.2.3.-4", "1.2.3.4a",
                            "010.0.0.1", "1.2.3.0004", "0x0A.0.0.1", "::1", "1.2.3.4/8/8"}) {
        INFO(bad);
        const auto r = SourceAllowlist::parse(bad);
        CHECK_FALSE(r.list);
        CHECK(r.errors.size() == 1);
    }
    CHECK(parseOk("0.0.0.0").allows(0));
    CHECK_FALSE(parseOk("0.0.0.0").allows(1));
}

TEST_CASE("Allowlist holds at most 64 entries; duplicates are dropped", "[allowlist]") {
    std::string text;
    for (int i = 1; i <= 64; ++i)
        text += "10.0.0." + std::to_string(i) + " ";
    CHECK(parseOk(text).entries().size() == 64);
    CHECK(parseOk(text + " 10.0.0.1").entries().size() == 64);   // a duplicate is not a 65th entry

    const auto errors = errorsOf(text + "10.0.0.65 10.0.0.66");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0] == "entry 65 \"10.0.0.65\": more than 64 entries");

    CHECK(parseOk("10.0.0.0/8, 10.0.0.0/8 10.0.0.1").toString() == "10.0.0.0/8, 10.0.0.1");
}

TEST_CASE("Allowlist toString is canonical and parses back to the same list", "[allowlist]") {
    const auto list = parseOk("  10.0.0.0/8,192.168.1.20/32\t\t127.0.0.0/8 ,0.0.0.0/0 ");
    CHECK(list.toString() == "10.0.0.0/8, 192.168.1.20, 127.0.0.0/8, 0.0.0.0/0");
    CHECK(parseOk(list.toString()) == list);
    CHECK(formatIpv4(ip(1, 22, 133, 255)) == "1.22.133.255");
}
