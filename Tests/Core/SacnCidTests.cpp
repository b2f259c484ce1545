// The sACN CID as text and as a fresh version-4 UUID.

#include "Core/SacnCid.h"

#include <catch2/catch.hpp>

#include <array>
#include <cstdint>

using namespace dmxin;

TEST_CASE("a CID reads and writes as 8-4-4-4-12 text", "[cid]") {
    // The CID of ARTNET.md's sACN test vector (ETCLabs test_levels_data), bytes 22..37.
    const SacnCid vector{0x7b, 0x39, 0x63, 0x38, 0x39, 0x64, 0x65, 0x36, 0x62, 0x2d, 0x65, 0x37, 0x35, 0x37, 0x2d, 0x34};
    CHECK(formatCid(vector) == "7b396338-3964-6536-622d-653735372d34");
    const auto parsed = parseCid("7b396338-3964-6536-622d-653735372d34");
    REQUIRE(parsed);
    CHECK(*parsed == vector);
    CHECK(parseCid("7B396338-3964-6536-622D-653735372D34") == vector);
    for (const char* bad : {"", "7b3963383964653662 2d653735372d34", "7b396338-3964-6536-622d-653735372d3",
                            "7b396338-3964-6536-622d-653735372d345", "7b396338+3964-6536-622d-653735372d34",
                            "7b396338-3964-6536-622d-653735372d3x", "{7b396338-3964-6536-622d-653735372d34}",
                            "7b3963383-964-6536-622d-653735372d34"}) {
        INFO(bad);
        CHECK_FALSE(parseCid(bad));
    }
    CHECK(isNilCid(*parseCid("00000000-0000-0000-0000-000000000000")));
}

TEST_CASE("a random CID is a version-4 RFC 4122 UUID built from the given bytes", "[cid]") {
    std::array<std::uint8_t, 16> ones{};
    ones.fill(0xFF);
    const SacnCid fromOnes = cidFromRandomBytes(ones);
    CHECK(formatCid(fromOnes) == "ffffffff-ffff-4fff-bfff-ffffffffffff");
    const std::array<std::uint8_t, 16> zeros{};
    const SacnCid fromZeros = cidFromRandomBytes(zeros);
    CHECK(formatCid(fromZeros) == "00000000-0000-4000-8000-000000000000");
    CHECK_FALSE(isNilCid(fromZeros));

    const SacnCid a = randomCid();
    const SacnCid b = randomCid();
    CHECK((a[6] >> 4) == 4);
    CHECK((a[8] & 0xC0) == 0x80);
    CHECK(a != b);   // 122 random bits: equal only if the random device is broken
    CHECK(parseCid(formatCid(a)) == a);
}
