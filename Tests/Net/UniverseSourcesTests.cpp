// Sources per universe in the hub's status: every sender of each subscribed universe, with its
// protocol, sACN priority and name, as one instance receives it (after its allowlist). A detached
// hub (no socket) is driven with injected datagrams and clock.

#include "Core/ArtNetBuilder.h"
#include "Core/SacnBuilder.h"
#include "Net/ReceiverHub.h"
#include "Net/StatusText.h"

#include "NetTestUtil.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace dmxin;
using namespace dmxin::net;

using namespace dmxin::nettest;

namespace {

constexpr std::uint32_t kConsoleA = 0x0A000001;   // 10.0.0.1 (injected only: nothing is sent)
constexpr std::uint32_t kConsoleB = 0x0A000002;
constexpr std::uint64_t kSecond = 1'000'000'000ull;


std::vector<std::uint8_t> artDmx(PortAddress address, std::uint8_t value) {
    std::vector<std::uint8_t> p(530);
    const std::vector<std::uint8_t> slots(2, value);
    p.resize(buildArtDmx(p, address, 0, 0, slots));
    return p;
}

std::vector<std::uint8_t> sacnData(std::uint16_t universe, std::uint8_t priority, std::uint8_t cidByte, const char* name,
                                   std::uint8_t seq) {
    SacnCid cid{};
    cid.fill(cidByte);
    const std::vector<std::uint8_t> slots(2, 100);
    std::vector<std::uint8_t> p(kSacnMaxDataPacket);
    p.resize(buildSacnData(p, cid, name, priority, 0, seq, 0, universe, 0x00, slots));
    return p;
}


const UniverseStatus& find(const HubStatus& s, UniverseId u) {
    for (const auto& st : s.universes)
        if (st.universe == u)
            return st;
    FAIL("universe not in status");
    return s.universes.front();
}

std::vector<std::string> describeSources(const UniverseStatus& u, std::uint64_t now) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < u.sourceCount; ++i)
        out.push_back(describeUniverseSource(u.sources[i], now));
    return out;
}

} // namespace

TEST_CASE("status lists the sources of each universe with protocol, priority and merging", "[status]") {
    auto hub = ReceiverHub::createDetached();
    FrameQueue q(64);
    const int id = hub->subscribe(q);
    SubscriptionSettings settings;
    const UniverseId art1 = UniverseId::artnet(pa("0:0:1"));
    const UniverseId art2 = UniverseId::artnet(pa("0:0:2"));
    const UniverseId sacn7 = *UniverseId::sacn(7);
    settings.universes = {art1, art2, sacn7};
    hub->configure(id, settings);

    const std::uint64_t t0 = 100 * kSecond;
    // Two consoles merge on 0:0:1; console A alone sends 0:0:2 as well (one sender, two universes).
    const auto a1 = artDmx(pa("0:0:1"), 10), b1 = artDmx(pa("0:0:1"), 20), a2 = artDmx(pa("0:0:2"), 30);
    hub->handleDatagram(datagram(a1, kConsoleA, t0));
    hub->handleDatagram(datagram(a2, kConsoleA, t0 + 1));
    hub->handleDatagram(datagram(b1, kConsoleB, t0 + 2));
    hub->handleDatagram(datagram(a1, kConsoleA, t0 + 3));
    // Two sACN sources at different priorities on universe 7.
    const auto main = sacnData(7, 150, 1, "Main desk", 1), backup = sacnData(7, 100, 2, "Backup desk", 1);
    hub->handleSacnDatagram(datagram(main, kConsoleA, t0 + 4));
    hub->handleSacnDatagram(datagram(backup, kConsoleB, t0 + 5));

    const auto st = hub->status(id);
    const auto& u1 = find(st, art1);
    CHECK(u1.merging);
    CHECK(describeSources(u1, t0 + 10) == std::vector<std::string>{"Art-Net 10.0.0.1", "Art-Net 10.0.0.2"});
    CHECK(u1.sources[0].packets == 2);
    CHECK(u1.sources[1].packets == 1);
    CHECK(u1.sources[0].priority == -1);
    const auto& u2 = find(st, art2);
    CHECK_FALSE(u2.merging);
    CHECK(describeSources(u2, t0 + 10) == std::vector<std::string>{"Art-Net 10.0.0.1"});
    const auto& u7 = find(st, sacn7);
    CHECK(describeSources(u7, t0 + 10)
          == std::vector<std::string>{"sACN 10.0.0.1 \"Main desk\" priority 150", "sACN 10.0.0.2 \"Backup desk\" priority 100"});
    CHECK(u7.sources[0].protocol == DmxProtocol::Sacn);
    // The backup desk is held (lower priority) and still listed: it is a source of the universe.
    CHECK(u7.sources[1].priority == 100);

    // A sender that went quiet is marked silent after 3 s.
    CHECK(describeSources(u2, t0 + 5 * kSecond) == std::vector<std::string>{"Art-Net 10.0.0.1, silent 5.0 s"});
}

TEST_CASE("universe sources respect the instance's allowlist and stay bounded", "[status]") {
    auto hub = ReceiverHub::createDetached();
    FrameQueue q(256);
    const int id = hub->subscribe(q);
    SubscriptionSettings settings;
    const UniverseId sacn9 = *UniverseId::sacn(9);
    settings.universes = {sacn9};
    settings.allowlist = *SourceAllowlist::parse("10.0.0.0/24").list;
    hub->configure(id, settings);
    const std::uint64_t t0 = 200 * kSecond;
    const auto outsider = sacnData(9, 100, 9, "Outsider", 1);
    hub->handleSacnDatagram(datagram(outsider, 0xC0A80001, t0));   // 192.168.0.1: not allowed
    CHECK(hub->status(id).universes[0].sourceCount == 0);

    // Twelve senders: at most kMaxSources are kept, the stalest making room.
    std::vector<std::vector<std::uint8_t>> packets;
    for (std::uint8_t i = 0; i < 12; ++i)
        packets.push_back(sacnData(9, 100, static_cast<std::uint8_t>(i + 10), ("Desk " + std::to_string(i)).c_str(), 1));
    for (std::uint32_t i = 0; i < 12; ++i)
        hub->handleSacnDatagram(datagram(packets[i], kConsoleA + i, t0 + i));
    const HubStatus crowded = hub->status(id);   // kept: `u` refers into it
    const auto& u = crowded.universes[0];
    REQUIRE(u.sourceCount == UniverseStatus::kMaxSources);
    for (std::size_t i = 0; i < u.sourceCount; ++i)
        CHECK(u.sources[i].lastSeenNs >= t0 + 4);   // the four oldest were replaced
}
