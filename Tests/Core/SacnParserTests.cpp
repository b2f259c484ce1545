#include "Core/SacnBuilder.h"
#include "Core/SacnParser.h"

#include "TestBytes.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <algorithm>
#include <initializer_list>
#include <set>
#include <string>
#include <vector>

using namespace dmxin;

namespace {

using dmxin::testing::Bytes;
using dmxin::testing::bytes;


void append(Bytes& to, const Bytes& more) {
    to.insert(to.end(), more.begin(), more.end());
}

SacnParseResult parse(const Bytes& b) {
    return parseSacn(std::span<const std::uint8_t>(b.data(), b.size()));
}

void put16(Bytes& b, std::size_t at, int v) {
    b[at] = static_cast<std::uint8_t>((v >> 8) & 0xFF);
    b[at + 1] = static_cast<std::uint8_t>(v & 0xFF);
}

// Rewrites every flags/length word (0x7 nibble) of a data packet to match its current size, so a
// test can resize a packet and reach the checks behind the length checks.
void fixDataLengths(Bytes& b) {
    put16(b, 16, 0x7000 | static_cast<int>(b.size() - 16));
    put16(b, 38, 0x7000 | static_cast<int>(b.size() - 38));
    put16(b, 115, 0x7000 | static_cast<int>(b.size() - 115));
}

// The data packet of ETCLabs/sACN test_levels_data (ARTNET.md §10): the 126 header bytes as given,
// followed by 512 slots valued (i * 7 + 3) & 0xFF so every slot is distinguishable.
Bytes etcPacket() {
    Bytes p = bytes({0x00, 0x10, 0x00, 0x00, 0x41, 0x53, 0x43, 0x2d, 0x45, 0x31, 0x2e, 0x31, 0x37, 0x00, 0x00, 0x00,
                     0x72, 0x6e, 0x00, 0x00, 0x00, 0x04});
    append(p, bytes({0x7b, 0x39, 0x63, 0x38, 0x39, 0x64, 0x65, 0x36, 0x62, 0x2d, 0x65, 0x37, 0x35, 0x37, 0x2d, 0x34}));
    append(p, bytes({0x72, 0x58, 0x00, 0x00, 0x00, 0x02}));
    Bytes name = bytes({0x73, 0x41, 0x43, 0x4e, 0x56, 0x69, 0x65, 0x77});
    name.resize(64, 0x00);
    append(p, name);
    append(p, bytes({0x64, 0x00, 0x00, 0x22, 0x00, 0x00, 0x01}));
    append(p, bytes({0x72, 0x0b, 0x02, 0xa1, 0x00, 0x00, 0x00, 0x01, 0x02, 0x01, 0x00}));
    REQUIRE(p.size() == 126);
    for (int i = 0; i < 512; ++i)
        p.push_back(static_cast<std::uint8_t>((i * 7 + 3) & 0xFF));
    return p;
}

const SacnCid kRustCid = {0xef, 0x07, 0xc8, 0xdd, 0x00, 0x64, 0x44, 0x01,
                          0xa3, 0xa2, 0x45, 0x9e, 0xf8, 0xe6, 0x14, 0x3e};

// RustLight/sacn sync_parse_tests.rs: the E1.31 Appendix B sync example (ARTNET.md §10).
Bytes rustSyncPacket() {
    Bytes p = bytes({0x00, 0x10, 0x00, 0x00, 0x41, 0x53, 0x43, 0x2d, 0x45, 0x31, 0x2e, 0x31, 0x37, 0x00, 0x00, 0x00,
                     0x70, 0x21, 0x00, 0x00, 0x00, 0x08});
    p.insert(p.end(), kRustCid.begin(), kRustCid.end());
    append(p, bytes({0x70, 0x0b, 0x00, 0x00, 0x00, 0x01, 0x70, 0x1f, 0x1a, 0x00, 0x00}));
    return p;
}

Bytes discoveryPacket(std::initializer_list<std::uint16_t> universes) {
    std::vector<std::uint16_t> list(universes);
    Bytes out(2000);
    const std::size_t n = buildSacnDiscovery(out, kRustCid, "Discoverer", 0, 0, list);
    REQUIRE(n == 120 + 2 * list.size());
    out.resize(n);
    return out;
}

SacnReject rejectOf(const Bytes& b) {
    const auto r = parse(b);
    CHECK(r.kind == SacnKind::Rejected);
    return r.reject;
}

} // namespace

TEST_CASE("ETC levels packet parses to the documented fields", "[sacn]") {
    const Bytes p = etcPacket();
    REQUIRE(p.size() == 638);
    const auto r = parse(p);
    REQUIRE(r.kind == SacnKind::Data);
    CHECK(r.reject == SacnReject::None);
    const auto& d = r.data;
    const SacnCid cid = {0x7b, 0x39, 0x63, 0x38, 0x39, 0x64, 0x65, 0x36,
                         0x62, 0x2d, 0x65, 0x37, 0x35, 0x37, 0x2d, 0x34};
    CHECK(d.cid == cid);
    CHECK(d.sourceName == "sACNView");
    CHECK(d.priority == 100);
    CHECK(d.syncAddress == 0);
    CHECK(d.sequence == 0x22);
    CHECK(d.options == 0);
    CHECK_FALSE(d.preview);
    CHECK_FALSE(d.terminated);
    CHECK_FALSE(d.forceSync);
    CHECK(d.universe == 1);
    CHECK(d.startCode == 0x00);
    CHECK(d.length == 512);
    REQUIRE(d.data == p.data() + 126);
    for (int i = 0; i < 512; ++i)
        REQUIRE(d.data[i] == static_cast<std::uint8_t>((i * 7 + 3) & 0xFF));
}

TEST_CASE("Builder reproduces the ETC packet byte for byte", "[sacn]") {
    const Bytes etc = etcPacket();
    const auto parsed = parse(etc);
    REQUIRE(parsed.kind == SacnKind::Data);
    Bytes out(700, 0xEE);
    const std::size_t n = buildSacnData(out, parsed.data.cid, "sACNView", 100, 0, 0x22, 0, 1, 0x00,
                                        std::span<const std::uint8_t>(etc.data() + 126, 512));
    REQUIRE(n == 638);
    out.resize(n);
    CHECK(out == etc);
}

TEST_CASE("RustLight sync example parses; the builder reproduces it", "[sacn]") {
    const Bytes p = rustSyncPacket();
    REQUIRE(p.size() == 49);
    const auto r = parse(p);
    REQUIRE(r.kind == SacnKind::Sync);
    CHECK(r.reject == SacnReject::None);
    CHECK(r.sync.cid == kRustCid);
    CHECK(r.sync.sequence == 0x70);
    CHECK(r.sync.syncAddress == 7962);

    Bytes out(64, 0xEE);
    REQUIRE(buildSacnSync(out, kRustCid, 0x70, 7962) == 49);
    out.resize(49);
    CHECK(out == p);
    Bytes tiny(48);
    CHECK(buildSacnSync(tiny, kRustCid, 1, 1) == 0);
}

TEST_CASE("Universe discovery parses into its kind", "[sacn]") {
    const Bytes p = discoveryPacket({1, 2, 300, 63999});
    REQUIRE(p.size() == 128);
    CHECK(p[16] == 0x70);   // root length 112
    CHECK(p[17] == 0x70);
    const auto r = parse(p);
    REQUIRE(r.kind == SacnKind::Discovery);
    CHECK(r.discovery.cid == kRustCid);
    CHECK(r.discovery.sourceName == "Discoverer");
    CHECK(r.discovery.page == 0);
    CHECK(r.discovery.lastPage == 0);
    REQUIRE(r.discovery.universeCount == 4);
    REQUIRE(r.discovery.universes == p.data() + 120);
    CHECK(r.discovery.universes[4] == 0x01);
    CHECK(r.discovery.universes[5] == 0x2C);
    CHECK(r.discovery.universes[6] == 0xF9);
    CHECK(r.discovery.universes[7] == 0xFF);

    const auto empty = parse(discoveryPacket({}));
    REQUIRE(empty.kind == SacnKind::Discovery);
    CHECK(empty.discovery.universeCount == 0);
}

TEST_CASE("Builder round trip for data packets", "[sacn]") {
    const SacnCid cid = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    const Bytes slots = bytes({9, 8, 7, 6, 5});
    Bytes out(638);

    SECTION("all fields survive") {
        const std::uint8_t options = SacnOption::Preview | SacnOption::Terminated | SacnOption::ForceSync;
        const std::size_t n = buildSacnData(out, cid, "Desk", 200, 7962, 154, options, 63999, 0xDD, slots);
        REQUIRE(n == 131);
        out.resize(n);
        const auto r = parse(out);
        REQUIRE(r.kind == SacnKind::Data);
        CHECK(r.data.cid == cid);
        CHECK(r.data.sourceName == "Desk");
        CHECK(r.data.priority == 200);
        CHECK(r.data.syncAddress == 7962);
        CHECK(r.data.sequence == 154);
        CHECK(r.data.options == options);
        CHECK(r.data.preview);
        CHECK(r.data.terminated);
        CHECK(r.data.forceSync);
        CHECK(r.data.universe == 63999);
        CHECK(r.data.startCode == 0xDD);
        REQUIRE(r.data.length == 5);
        CHECK(Bytes(r.data.data, r.data.data + 5) == slots);
    }
    SECTION("only the options set are reported") {
        REQUIRE(buildSacnData(out, cid, "x", 100, 0, 0, SacnOption::Terminated, 1, 0, slots) == 131);
        out.resize(131);
        const auto r = parse(out);
        REQUIRE(r.kind == SacnKind::Data);
        CHECK_FALSE(r.data.preview);
        CHECK(r.data.terminated);
        CHECK_FALSE(r.data.forceSync);
    }
    SECTION("a packet with only a START code is 126 bytes and has no slots") {
        REQUIRE(buildSacnData(out, cid, "", 100, 0, 0, 0, 1, 0x17, {}) == 126);
        out.resize(126);
        const auto r = parse(out);
        REQUIRE(r.kind == SacnKind::Data);
        CHECK(r.data.startCode == 0x17);
        CHECK(r.data.length == 0);
        CHECK(r.data.sourceName.empty());
    }
    SECTION("source names are cut to 63 bytes; a name filling all 64 bytes reads as 63") {
        const std::string longName(80, 'n');
        REQUIRE(buildSacnData(out, cid, longName, 100, 0, 0, 0, 1, 0, slots) == 131);
        out.resize(131);
        CHECK(out[44 + 62] == 'n');
        CHECK(out[44 + 63] == 0);
        CHECK(parse(out).data.sourceName == std::string(63, 'n'));
        out[44 + 63] = 'n';   // a sender that ignores the terminator
        const auto r = parse(out);
        REQUIRE(r.kind == SacnKind::Data);
        CHECK(r.data.sourceName == std::string(63, 'n'));
    }
    SECTION("refuses more than 512 slots and short buffers") {
        const Bytes many(513, 1);
        CHECK(buildSacnData(out, cid, "x", 100, 0, 0, 0, 1, 0, many) == 0);
        const Bytes full(512, 1);
        CHECK(buildSacnData(out, cid, "x", 100, 0, 0, 0, 1, 0, full) == 638);
        Bytes small(130);
        CHECK(buildSacnData(small, cid, "x", 100, 0, 0, 0, 1, 0, slots) == 0);
    }
}

TEST_CASE("Each data-packet defect is rejected with exactly its reason", "[sacn]") {
    const Bytes good = etcPacket();
    REQUIRE(parse(good).kind == SacnKind::Data);
    auto mutated = [&](std::size_t at, int value) {
        Bytes b = good;
        b[at] = static_cast<std::uint8_t>(value);
        return b;
    };
    auto mutated16 = [&](std::size_t at, int value) {
        Bytes b = good;
        put16(b, at, value);
        return b;
    };

    SECTION("too short") {
        CHECK(rejectOf(Bytes{}) == SacnReject::TooShort);
        CHECK(rejectOf(Bytes(good.begin(), good.begin() + 37)) == SacnReject::TooShort);
        // Consistent lengths but not even room for the START code.
        Bytes b(good.begin(), good.begin() + 125);
        fixDataLengths(b);
        CHECK(rejectOf(b) == SacnReject::TooShort);
    }
    SECTION("preamble, postamble, packet id") {
        CHECK(rejectOf(mutated(1, 0x11)) == SacnReject::BadPreamble);
        CHECK(rejectOf(mutated(0, 0x01)) == SacnReject::BadPreamble);
        CHECK(rejectOf(mutated(3, 0x01)) == SacnReject::BadPostamble);
        CHECK(rejectOf(mutated(4, 'B')) == SacnReject::BadPacketId);
        CHECK(rejectOf(mutated(15, 0x01)) == SacnReject::BadPacketId);
    }
    SECTION("root flags and length") {
        CHECK(rejectOf(mutated16(16, 0x626e)) == SacnReject::BadRootFlagsLength);   // flags nibble 6
        CHECK(rejectOf(mutated16(16, 0x726d)) == SacnReject::BadRootFlagsLength);   // length - 1
        CHECK(rejectOf(mutated16(16, 0x726f)) == SacnReject::BadRootFlagsLength);   // length + 1
        CHECK(rejectOf(Bytes(good.begin(), good.end() - 1)) == SacnReject::BadRootFlagsLength);  // truncated
        Bytes longer = good;
        longer.push_back(0);
        CHECK(rejectOf(longer) == SacnReject::BadRootFlagsLength);
    }
    SECTION("root vector") {
        CHECK(rejectOf(mutated(21, 0x05)) == SacnReject::BadRootVector);
        CHECK(rejectOf(mutated(18, 0x01)) == SacnReject::BadRootVector);   // 0x01000004
    }
    SECTION("framing flags and length, framing vector") {
        CHECK(rejectOf(mutated16(38, 0xF258)) == SacnReject::BadFramingFlagsLength);
        CHECK(rejectOf(mutated16(38, 0x7257)) == SacnReject::BadFramingFlagsLength);
        CHECK(rejectOf(mutated16(38, 0x7259)) == SacnReject::BadFramingFlagsLength);
        CHECK(rejectOf(mutated(43, 0x01)) == SacnReject::BadFramingVector);
        CHECK(rejectOf(mutated(43, 0x04)) == SacnReject::BadFramingVector);
    }
    SECTION("DMP layer") {
        CHECK(rejectOf(mutated16(115, 0x520b)) == SacnReject::BadDmpFlagsLength);
        CHECK(rejectOf(mutated16(115, 0x720a)) == SacnReject::BadDmpFlagsLength);
        CHECK(rejectOf(mutated16(115, 0x720c)) == SacnReject::BadDmpFlagsLength);
        CHECK(rejectOf(mutated(117, 0x01)) == SacnReject::BadDmpVector);
        CHECK(rejectOf(mutated(118, 0xA0)) == SacnReject::BadAddressType);
        CHECK(rejectOf(mutated(120, 0x01)) == SacnReject::BadFirstAddress);
        CHECK(rejectOf(mutated(119, 0x01)) == SacnReject::BadFirstAddress);
        CHECK(rejectOf(mutated(122, 0x02)) == SacnReject::BadIncrement);
        CHECK(rejectOf(mutated(122, 0x00)) == SacnReject::BadIncrement);
        CHECK(rejectOf(mutated16(123, 0x0200)) == SacnReject::BadPropertyCount);
        CHECK(rejectOf(mutated16(123, 0x0202)) == SacnReject::BadPropertyCount);
        CHECK(rejectOf(mutated16(123, 0x0000)) == SacnReject::BadPropertyCount);
    }
    SECTION("more than 512 slots with every length consistent") {
        Bytes b = good;
        b.push_back(0x42);
        fixDataLengths(b);
        put16(b, 123, 514);
        CHECK(rejectOf(b) == SacnReject::BadPropertyCount);
    }
    SECTION("universe") {
        CHECK(rejectOf(mutated16(113, 0)) == SacnReject::BadUniverse);
        CHECK(rejectOf(mutated16(113, 64000)) == SacnReject::BadUniverse);
        CHECK(rejectOf(mutated16(113, 64214)) == SacnReject::BadUniverse);   // discovery universe, data packet
        CHECK(rejectOf(mutated16(113, 65535)) == SacnReject::BadUniverse);
        const auto top = parse(mutated16(113, 63999));
        REQUIRE(top.kind == SacnKind::Data);
        CHECK(top.data.universe == 63999);
    }
    SECTION("priority") {
        CHECK(rejectOf(mutated(108, 201)) == SacnReject::BadPriority);
        CHECK(rejectOf(mutated(108, 255)) == SacnReject::BadPriority);
        const auto top = parse(mutated(108, 200));
        REQUIRE(top.kind == SacnKind::Data);
        CHECK(top.data.priority == 200);
        const auto zero = parse(mutated(108, 0));
        REQUIRE(zero.kind == SacnKind::Data);
        CHECK(zero.data.priority == 0);
    }
    SECTION("preview, terminated and unusual START codes are flags, not rejections") {
        for (int options : {0x80, 0x40, 0x20, 0xE0, 0x1F}) {
            const auto r = parse(mutated(112, options));
            REQUIRE(r.kind == SacnKind::Data);
            CHECK(r.data.options == options);
        }
        for (int sc : {0x00, 0xDD, 0xCC, 0x17, 0xFF})
            CHECK(parse(mutated(125, sc)).kind == SacnKind::Data);
    }
}

TEST_CASE("Each sync and discovery defect is rejected with exactly its reason", "[sacn]") {
    const Bytes sync = rustSyncPacket();
    REQUIRE(parse(sync).kind == SacnKind::Sync);

    SECTION("sync") {
        Bytes b = sync;
        b[43] = 0x03;   // neither sync nor discovery
        CHECK(rejectOf(b) == SacnReject::BadFramingVector);
        b = sync;
        put16(b, 38, 0x700c);
        CHECK(rejectOf(b) == SacnReject::BadFramingFlagsLength);
        b = sync;
        put16(b, 16, 0x7022);
        CHECK(rejectOf(b) == SacnReject::BadRootFlagsLength);
        b = sync;
        put16(b, 45, 0);
        CHECK(rejectOf(b) == SacnReject::BadSyncAddress);
        put16(b, 45, 64000);
        CHECK(rejectOf(b) == SacnReject::BadSyncAddress);
        // One byte short or long, with the length words made consistent.
        b = Bytes(sync.begin(), sync.end() - 1);
        put16(b, 16, 0x7000 | 32);
        put16(b, 38, 0x7000 | 10);
        CHECK(rejectOf(b) == SacnReject::TooShort);
        b = sync;
        b.push_back(0);
        put16(b, 16, 0x7000 | 34);
        put16(b, 38, 0x7000 | 12);
        CHECK(rejectOf(b) == SacnReject::BadFramingFlagsLength);
        // EXTENDED with no room for the framing vector.
        b = Bytes(sync.begin(), sync.begin() + 40);
        put16(b, 16, 0x7000 | 24);
        CHECK(rejectOf(b) == SacnReject::TooShort);
    }
    SECTION("a data root vector on a sync packet is checked as data") {
        Bytes b = sync;
        b[21] = 0x04;
        CHECK(rejectOf(b) == SacnReject::TooShort);
    }
    SECTION("discovery") {
        const Bytes good = discoveryPacket({1, 2});
        REQUIRE(parse(good).kind == SacnKind::Discovery);
        Bytes b = good;
        put16(b, 112, 0x7000 | 11);
        CHECK(rejectOf(b) == SacnReject::BadDiscoveryFlagsLength);
        b = good;
        b[117] = 0x02;
        CHECK(rejectOf(b) == SacnReject::BadDiscoveryVector);
        // An odd list length with every length word consistent.
        b = good;
        b.push_back(0);
        put16(b, 16, 0x7000 | static_cast<int>(b.size() - 16));
        put16(b, 38, 0x7000 | static_cast<int>(b.size() - 38));
        put16(b, 112, 0x7000 | static_cast<int>(b.size() - 112));
        CHECK(rejectOf(b) == SacnReject::BadDiscoveryFlagsLength);
        // Shorter than the discovery header.
        b = Bytes(good.begin(), good.begin() + 119);
        put16(b, 16, 0x7000 | static_cast<int>(b.size() - 16));
        put16(b, 38, 0x7000 | static_cast<int>(b.size() - 38));
        CHECK(rejectOf(b) == SacnReject::TooShort);
    }
}

TEST_CASE("Every reject reason has a distinct short name", "[sacn]") {
    std::set<std::string> names;
    for (int i = 0; i < static_cast<int>(SacnReject::Count); ++i) {
        const std::string name = toString(static_cast<SacnReject>(i));
        CHECK(name != "unknown");
        CHECK(name.find(' ') == std::string::npos);
        names.insert(name);
    }
    CHECK(names.size() == static_cast<std::size_t>(SacnReject::Count));
    CHECK(std::string(toString(SacnReject::BadPriority)) == "bad-priority");
    CHECK(static_cast<int>(SacnReject::BadPriority) == 15);   // values are stable
}

TEST_CASE("Every truncation of a valid packet is rejected without reading past it", "[sacn]") {
    const Bytes good = etcPacket();
    for (std::size_t n = 0; n < good.size(); ++n) {
        // A fresh heap copy of exactly n bytes, so an overread would show under ASan.
        const Bytes cut(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(n));
        const auto r = parse(cut);
        REQUIRE(r.kind == SacnKind::Rejected);
        REQUIRE(r.reject != SacnReject::None);
    }
    const Bytes sync = rustSyncPacket();
    for (std::size_t n = 0; n < sync.size(); ++n) {
        const Bytes cut(sync.begin(), sync.begin() + static_cast<std::ptrdiff_t>(n));
        REQUIRE(parse(cut).kind == SacnKind::Rejected);
    }
}

TEST_CASE("Multicast group is 239.255.hi.lo in host order", "[sacn]") {
    CHECK(sacnMulticastGroup(1) == 0xEFFF0001u);        // 239.255.0.1
    CHECK(sacnMulticastGroup(256) == 0xEFFF0100u);      // 239.255.1.0
    CHECK(sacnMulticastGroup(63999) == 0xEFFFF9FFu);    // 239.255.249.255
    CHECK(sacnMulticastGroup(kSacnDiscoveryUniverse) == 0xEFFFFAD6u);   // 239.255.250.214
    CHECK(kSacnPort == 5568);
}

TEST_CASE("Randomly mutated packets either reject or yield views inside the buffer", "[sacn]") {
    const Bytes seeds[] = {etcPacket(), rustSyncPacket(), discoveryPacket({1, 2, 3})};
    std::uint32_t state = 0x2545F491u;   // fixed seed: the same mutations on every run
    auto next = [&state] {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        return state;
    };
    int accepted = 0;
    for (int round = 0; round < 3000; ++round) {
        Bytes b = seeds[round % 3];
        const int edits = 1 + static_cast<int>(next() % 3);
        for (int e = 0; e < edits; ++e) {
            // Mostly hit the headers, where the checks are.
            const std::size_t at = next() % std::min<std::size_t>(b.size(), 130);
            b[at] = static_cast<std::uint8_t>(next());
        }
        if (next() % 4 == 0)
            b.resize(next() % (b.size() + 1));
        const auto r = parse(b);
        if (r.kind == SacnKind::Rejected) {
            REQUIRE(r.reject != SacnReject::None);
            continue;
        }
        ++accepted;
        REQUIRE(r.reject == SacnReject::None);
        if (r.kind == SacnKind::Data) {
            REQUIRE(r.data.length <= 512);
            REQUIRE(r.data.data + r.data.length == b.data() + b.size());
            REQUIRE(r.data.universe >= 1);
            REQUIRE(r.data.universe <= 63999);
            REQUIRE(r.data.priority <= 200);
            REQUIRE(r.data.sourceName.size() <= 63);
        } else if (r.kind == SacnKind::Sync) {
            REQUIRE(b.size() == 49);
        } else {
            REQUIRE(r.discovery.universes + 2 * r.discovery.universeCount == b.data() + b.size());
        }
    }
    CHECK(accepted > 0);   // some mutations only touch fields that may hold any value
}
