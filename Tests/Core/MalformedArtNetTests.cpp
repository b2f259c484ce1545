// The malformed/hostile Art-Net table (Tests/Tools/MalformedArtNet.h) through parseArtNet.
// Each malformed datagram must be rejected with its stated reason; each hostile Length must be
// clamped to exactly the slots received (ARTNET.md §2), with the slot view inside the datagram.
// The same table runs through ReceiverHub::handleDatagram in Tests/Net/MalformedDatagramTests.cpp.

#include "Core/ArtNetParser.h"
#include "MalformedArtNet.h"

#include <catch2/catch.hpp>

#include <set>
#include <string>

using namespace dmxin;
using namespace dmxin::testing;

TEST_CASE("The malformed Art-Net table has at least 30 distinct datagrams and names", "[artnet][malformed]") {
    const auto cases = malformedArtNet();
    std::set<std::string> names;
    std::set<Bytes> packets;
    for (const auto& c : cases) {
        names.insert(c.name);
        packets.insert(c.bytes);
    }
    CHECK(cases.size() >= 30);
    CHECK(names.size() == cases.size());
    CHECK(packets.size() == cases.size());
    // Every reason a datagram can be dropped for appears at least once.
    std::set<ArtNetReject> reasons;
    for (const auto& c : cases)
        reasons.insert(c.expected);
    for (auto r : {ArtNetReject::TooShort, ArtNetReject::BadId, ArtNetReject::BadProtocolVersion, ArtNetReject::BadLength,
                   ArtNetReject::BadStartCode, ArtNetReject::UnknownOpcode, ArtNetReject::IgnoredOpcode})
        CHECK(reasons.count(r) == 1);
}

TEST_CASE("parseArtNet rejects every malformed datagram with its reason", "[artnet][malformed]") {
    for (const auto& c : malformedArtNet()) {
        INFO(c.name << " (" << c.bytes.size() << " bytes), expected " << toString(c.expected));
        const ArtNetParseResult r = parseArtNet(c.bytes);
        CHECK(r.kind == ArtNetKind::Rejected);
        CHECK(std::string(toString(r.reject)) == toString(c.expected));
        // A rejected datagram exposes no slot view to apply.
        CHECK(r.dmx.data == nullptr);
        CHECK(r.dmx.length == 0);
    }
}

TEST_CASE("parseArtNet clamps hostile Length fields to the slots actually received", "[artnet][malformed]") {
    for (const auto& c : clampedArtNet()) {
        INFO(c.name << " (" << c.bytes.size() << " bytes)");
        const ArtNetParseResult r = parseArtNet(c.bytes);
        REQUIRE(r.kind == ArtNetKind::Dmx);
        CHECK(r.reject == ArtNetReject::None);
        CHECK(r.dmx.declaredLength == c.declaredLength);
        CHECK(r.dmx.length == c.usableLength);
        CHECK(r.dmx.data == c.bytes.data() + kArtDmxHeaderSize);
        CHECK(kArtDmxHeaderSize + r.dmx.length <= c.bytes.size());
        CHECK(r.dmx.address.flat() == 1);
        CHECK(r.dmx.data[0] == 0x11);
        CHECK(r.dmx.data[r.dmx.length - 1] == static_cast<std::uint8_t>(0x11 + r.dmx.length - 1));
    }
}
