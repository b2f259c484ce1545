// OwnOutputFilter: which incoming datagrams are this process's own output.

#include "Core/Ipv4.h"
#include "Core/OwnOutputFilter.h"
#include "Core/SacnCid.h"

#include <catch2/catch.hpp>

using namespace dmxin;

namespace {

std::uint32_t ip(const char* text) {
    return *parseIpv4(text);
}

SacnCid cidWith(std::uint8_t last) {
    SacnCid cid{};
    cid[0] = 0x7b;
    cid[15] = last;
    return cid;
}

} // namespace

TEST_CASE("sACN: a CID of this process is ours, any other is not", "[output][own]") {
    OwnOutputFilter filter;
    CHECK_FALSE(filter.isOwnSacn(cidWith(1)));
    REQUIRE(filter.addCid(cidWith(1)));
    REQUIRE(filter.addCid(cidWith(2)));
    CHECK(filter.addCid(cidWith(2)));   // twice is fine
    CHECK(filter.isOwnSacn(cidWith(1)));
    CHECK(filter.isOwnSacn(cidWith(2)));
    CHECK_FALSE(filter.isOwnSacn(cidWith(3)));
    // The nil CID means "unassigned": a foreign sender with a nil CID is never taken for ours.
    CHECK_FALSE(filter.addCid(kNilCid));
    CHECK_FALSE(filter.isOwnSacn(kNilCid));

    OwnTrafficCounts counts;
    CHECK(ignoreOwnSacn(filter, cidWith(1), counts));
    CHECK(ignoreOwnSacn(filter, cidWith(2), counts));
    CHECK_FALSE(ignoreOwnSacn(filter, cidWith(9), counts));
    CHECK(counts.sacn == 2);
    CHECK(counts.artnet == 0);
}

TEST_CASE("sACN: the filter holds a fixed number of CIDs", "[output][own]") {
    OwnOutputFilter filter;
    for (std::size_t i = 0; i < OwnOutputFilter::kMaxCids; ++i)
        REQUIRE(filter.addCid(cidWith(static_cast<std::uint8_t>(i + 1))));
    CHECK_FALSE(filter.addCid(cidWith(200)));
    CHECK(filter.isOwnSacn(cidWith(static_cast<std::uint8_t>(OwnOutputFilter::kMaxCids))));
    CHECK_FALSE(filter.isOwnSacn(cidWith(200)));
}

TEST_CASE("Art-Net: our sender's port from this machine is ours", "[output][own]") {
    OwnOutputFilter filter;
    REQUIRE(filter.addArtNetSender(0, 50123));
    CHECK_FALSE(filter.addArtNetSender(0, 0));
    // Looped back: the source is a loopback address, or the address the datagram arrived on.
    CHECK(filter.isOwnArtNet(ip("127.0.0.1"), 50123, ip("127.0.0.1")));
    CHECK(filter.isOwnArtNet(ip("127.0.0.1"), 50123, 0));
    CHECK(filter.isOwnArtNet(ip("10.0.0.2"), 50123, ip("10.0.0.2")));
    // Another machine using the same port number, or another program on this machine.
    CHECK_FALSE(filter.isOwnArtNet(ip("10.0.0.9"), 50123, ip("10.0.0.2")));
    CHECK_FALSE(filter.isOwnArtNet(ip("10.0.0.9"), 50123, 0));
    CHECK_FALSE(filter.isOwnArtNet(ip("127.0.0.1"), 6454, ip("127.0.0.1")));
    CHECK_FALSE(filter.isOwnArtNet(ip("10.0.0.2"), 50124, ip("10.0.0.2")));

    // A sender bound to one address is recognised by it even when the arrival address is unknown.
    OwnOutputFilter bound;
    REQUIRE(bound.addArtNetSender(ip("192.168.1.20"), 40000));
    CHECK(bound.isOwnArtNet(ip("192.168.1.20"), 40000, 0));
    CHECK_FALSE(bound.isOwnArtNet(ip("192.168.1.21"), 40000, 0));

    OwnTrafficCounts counts;
    CHECK(ignoreOwnArtNet(filter, ip("127.0.0.1"), 50123, 0, counts));
    CHECK_FALSE(ignoreOwnArtNet(filter, ip("10.0.0.9"), 50123, ip("10.0.0.2"), counts));
    CHECK(counts.artnet == 1);
    CHECK(counts.sacn == 0);

    for (std::uint16_t port = 1; port < OwnOutputFilter::kMaxArtNetSenders; ++port)
        REQUIRE(filter.addArtNetSender(0, port));
    CHECK_FALSE(filter.addArtNetSender(0, 60000));
}
