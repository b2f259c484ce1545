// The show-network rules as the receive path applies them: merge per instance, allowlist,
// LTP per universe, loss, ArtSync, sACN numbering, remote configuration ignored. A detached hub (no
// socket, no thread) is driven with an injected clock; the socket tests use real loopback UDP.

#include "Core/ArtNetBuilder.h"
#include "Core/ArtPollReply.h"
#include "Core/SacnBuilder.h"
#include "Net/ReceiverHub.h"
#include "Net/StatusText.h"
#include "Net/Platform/UdpSocket.h"
#include "SendSocket.h"

#include "NetTestUtil.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstring>
#include <thread>
#include <vector>

using namespace dmxin;
using namespace dmxin::net;

using namespace dmxin::nettest;

namespace {

constexpr std::uint32_t kConsoleA = 0x0A000001;   // 10.0.0.1 (injected datagrams only: nothing is sent)
constexpr std::uint32_t kConsoleB = 0x0A000002;
constexpr std::uint32_t kConsoleC = 0x0A000003;
constexpr std::uint64_t kSecond = 1'000'000'000ull;


std::vector<std::uint8_t> artDmx(PortAddress address, std::vector<std::uint8_t> slots, std::uint8_t seq = 0) {
    std::vector<std::uint8_t> p(530);
    p.resize(buildArtDmx(p, address, seq, 0, slots));
    return p;
}

std::vector<std::uint8_t> sacnData(std::uint16_t universe, std::vector<std::uint8_t> slots, std::uint8_t priority = 100,
                                   std::uint8_t seq = 1, std::uint8_t cidByte = 1, std::uint8_t options = 0) {
    SacnCid cid{};
    cid.fill(cidByte);
    std::vector<std::uint8_t> p(kSacnMaxDataPacket);
    p.resize(buildSacnData(p, cid, "test console", priority, 0, seq, options, universe, 0x00, slots));
    return p;
}




SubscriptionSettings universes(std::vector<UniverseId> list) {
    SubscriptionSettings s;
    s.universes = std::move(list);
    return s;
}

} // namespace

TEST_CASE("Two Art-Net consoles on one universe merge HTP per slot; a third is refused and counted") {
    auto hub = ReceiverHub::createDetached();
    FrameQueue q(64);
    const int id = hub->subscribe(q);
    hub->configure(id, universes({pa("0:0:1")}));

    const std::uint64_t t0 = 1000 * kSecond;
    const auto a = artDmx(pa("0:0:1"), {200, 10});
    const auto b = artDmx(pa("0:0:1"), {50, 90});
    const auto c = artDmx(pa("0:0:1"), {255, 255});
    hub->handleDatagram(datagram(a, kConsoleA, t0));
    hub->handleDatagram(datagram(b, kConsoleB, t0 + 1));
    hub->handleDatagram(datagram(c, kConsoleC, t0 + 2));
    auto frames = drain(q);
    REQUIRE(frames.size() == 2);
    CHECK(frames[1].slots[0] == 200);   // HTP: the higher of each slot
    CHECK(frames[1].slots[1] == 90);
    const auto st = hub->status(id);
    CHECK(st.counters.thirdSource == 1);
    REQUIRE(st.universes.size() == 1);
    CHECK(st.universes[0].merging);

    // Console A stops; after 10 s it leaves the merge and B (still sending) alone drives the universe.
    hub->handleDatagram(datagram(b, kConsoleB, t0 + 4 * kSecond));
    hub->handleDatagram(datagram(b, kConsoleB, t0 + 8 * kSecond));
    drain(q);
    hub->runTimers(t0 + 10 * kSecond + 5);
    frames = drain(q);
    REQUIRE_FALSE(frames.empty());
    CHECK(frames.back().slots[0] == 50);
    CHECK(frames.back().slots[1] == 90);
    CHECK_FALSE(hub->status(id).universes[0].merging);
}

TEST_CASE("LTP is chosen per universe and per instance: the newest frame wins whole") {
    auto hub = ReceiverHub::createDetached();
    FrameQueue htpQ(64), ltpQ(64);
    const int htp = hub->subscribe(htpQ);
    const int ltp = hub->subscribe(ltpQ);
    hub->configure(htp, universes({pa("0:0:2")}));
    auto settings = universes({pa("0:0:2")});
    settings.ltpUniverses = {pa("0:0:2")};
    hub->configure(ltp, settings);

    const std::uint64_t t0 = 2000 * kSecond;
    const auto a = artDmx(pa("0:0:2"), {200, 10});
    const auto b = artDmx(pa("0:0:2"), {50, 90});
    hub->handleDatagram(datagram(a, kConsoleA, t0));
    hub->handleDatagram(datagram(b, kConsoleB, t0 + 1));
    CHECK(drain(htpQ).back().slots[0] == 200);
    const auto last = drain(ltpQ).back();
    CHECK(last.slots[0] == 50);
    CHECK(last.slots[1] == 90);
}

TEST_CASE("An instance's allowlist filters only that instance") {
    auto hub = ReceiverHub::createDetached();
    FrameQueue openQ(16), strictQ(16);
    const int open = hub->subscribe(openQ);
    const int strict = hub->subscribe(strictQ);
    hub->configure(open, universes({pa("0:0:3")}));
    auto settings = universes({pa("0:0:3")});
    settings.allowlist = *SourceAllowlist::parse("10.0.0.2/32").list;
    hub->configure(strict, settings);

    const auto p = artDmx(pa("0:0:3"), {1, 2});
    hub->handleDatagram(datagram(p, kConsoleA, 3000 * kSecond));
    CHECK(drain(openQ).size() == 1);
    CHECK(drain(strictQ).empty());
    CHECK(hub->status(strict).counters.notAllowed == 1);
    hub->handleDatagram(datagram(p, kConsoleB, 3000 * kSecond + 1));
    CHECK(drain(strictQ).size() == 1);
}

TEST_CASE("A universe without data past the loss timeout is reported lost, with the time, and comes back") {
    auto hub = ReceiverHub::createDetached();
    FrameQueue q(64);
    const int id = hub->subscribe(q);
    auto settings = universes({pa("0:0:4")});
    settings.artnetLossNs = 5 * kSecond;
    hub->configure(id, settings);

    const std::uint64_t t0 = 4000 * kSecond;
    const auto p = artDmx(pa("0:0:4"), {77, 0});
    hub->handleDatagram(datagram(p, kConsoleA, t0));
    drain(q);
    hub->runTimers(t0 + 4 * kSecond);
    CHECK(drain(q).empty());                       // a 4 s keep-alive gap is not a loss
    hub->runTimers(t0 + 5 * kSecond + 1);
    auto frames = drain(q);
    REQUIRE(frames.size() == 1);
    CHECK(frames[0].lost);
    auto st = hub->status(id);
    CHECK(st.universes[0].lost);
    CHECK(st.universes[0].lostSinceNs >= t0 + 5 * kSecond);

    hub->handleDatagram(datagram(p, kConsoleA, t0 + 6 * kSecond));
    frames = drain(q);
    REQUIRE(frames.size() == 1);
    CHECK_FALSE(frames[0].lost);
    CHECK_FALSE(hub->status(id).universes[0].lost);
}

TEST_CASE("ArtSync through the hub: buffered after the first sync, applied on the next") {
    auto hub = ReceiverHub::createDetached();
    FrameQueue q(64);
    const int id = hub->subscribe(q);
    hub->configure(id, universes({pa("0:0:5")}));
    std::vector<std::uint8_t> sync(14);
    sync.resize(buildArtSync(sync));

    const std::uint64_t t0 = 5000 * kSecond;
    hub->handleDatagram(datagram(artDmx(pa("0:0:5"), {1, 1}), kConsoleA, t0));
    hub->handleDatagram(datagram(sync, kConsoleA, t0 + 10));          // enters synchronous mode
    drain(q);
    hub->handleDatagram(datagram(artDmx(pa("0:0:5"), {2, 2}), kConsoleA, t0 + 20));
    CHECK(drain(q).empty());                                          // held for the sync
    hub->handleDatagram(datagram(sync, kConsoleB, t0 + 30));          // another IP: ignored
    CHECK(drain(q).empty());
    CHECK(hub->status(id).counters.syncIgnored == 1);
    hub->handleDatagram(datagram(sync, kConsoleA, t0 + 40));
    const auto frames = drain(q);
    REQUIRE(frames.size() == 1);
    CHECK(frames[0].slots[0] == 2);
}

TEST_CASE("sACN universes stay apart from Art-Net unless the instance says sACN 1 is Art-Net 0") {
    auto hub = ReceiverHub::createDetached();
    FrameQueue apart(16), joined(16);
    const int a = hub->subscribe(apart);
    const int j = hub->subscribe(joined);
    hub->configure(a, universes({pa("0:0:0"), *UniverseId::sacn(1)}));
    auto settings = universes({pa("0:0:0")});
    settings.sacnOneIsArtnetZero = true;
    hub->configure(j, settings);

    const auto p = sacnData(1, {42, 43});
    hub->handleSacnDatagram(datagram(p, kConsoleA, 6000 * kSecond));
    auto fa = drain(apart);
    REQUIRE(fa.size() == 1);
    CHECK(fa[0].universeKey == UniverseId::sacn(1)->key());
    CHECK(fa[0].protocol == DmxProtocol::Sacn);
    CHECK(fa[0].slots[0] == 42);
    auto fj = drain(joined);
    REQUIRE(fj.size() == 1);
    CHECK(fj[0].universeKey == pa("0:0:0").flat());
    CHECK(fj[0].slots[1] == 43);
    CHECK(hub->status().sacnPackets == 1);
}

TEST_CASE("sACN through the hub: priority wins, termination is an immediate loss, bad packets are counted") {
    auto hub = ReceiverHub::createDetached();
    FrameQueue q(64);
    const int id = hub->subscribe(q);
    hub->configure(id, universes({*UniverseId::sacn(7)}));
    const std::uint64_t t0 = 7000 * kSecond;
    hub->handleSacnDatagram(datagram(sacnData(7, {10}, 100, 1, 1), kConsoleA, t0));
    hub->handleSacnDatagram(datagram(sacnData(7, {90}, 150, 1, 2), kConsoleB, t0 + 1));
    hub->handleSacnDatagram(datagram(sacnData(7, {20}, 100, 2, 1), kConsoleA, t0 + 2));   // lower priority: no effect
    auto frames = drain(q);
    REQUIRE_FALSE(frames.empty());
    CHECK(frames.back().slots[0] == 90);
    hub->handleSacnDatagram(datagram(sacnData(7, {90}, 150, 2, 2, 0x40), kConsoleB, t0 + 3));   // Stream_Terminated
    frames = drain(q);
    REQUIRE_FALSE(frames.empty());
    CHECK(frames.back().slots[0] == 20);   // the remaining source takes over at once

    auto bad = sacnData(7, {1});
    bad[108] = 201;   // priority above 200
    hub->handleSacnDatagram(datagram(bad, kConsoleA, t0 + 4));
    CHECK(hub->status().sacnRejected[static_cast<std::size_t>(SacnReject::BadPriority)] == 1);
    CHECK(drain(q).empty());
}

TEST_CASE("Remote configuration packets change nothing and are counted") {
    auto hub = ReceiverHub::createDetached();
    FrameQueue q(16);
    const int id = hub->subscribe(q);
    hub->configure(id, universes({pa("0:0:6")}));
    std::vector<std::uint8_t> address(107, 0), ipProg(34, 0);
    for (auto* p : {&address, &ipProg}) {
        std::memcpy(p->data(), "Art-Net\0", 8);
        (*p)[11] = 14;
    }
    address[8] = 0x00; address[9] = 0x60;     // OpAddress
    address[12] = 0x80 | 5;                    // "set NetSwitch to 5"
    ipProg[8] = 0x00; ipProg[9] = 0xF8;       // OpIpProg
    ipProg[14] = 0x80 | 0x04;                  // "program the IP"
    hub->handleDatagram(datagram(address, kConsoleA, 1));
    hub->handleDatagram(datagram(ipProg, kConsoleA, 2));
    const auto st = hub->status(id);
    CHECK(st.remoteConfigIgnored == 2);
    CHECK(st.repliesSent == 0);
    REQUIRE(st.universes.size() == 1);
    CHECK(st.universes[0].universe == UniverseId(pa("0:0:6")));   // the subscription is as it was
    CHECK(drain(q).empty());
}

TEST_CASE("ArtPoll on loopback is answered with one ArtPollReply per subscribed universe") {
    auto hub = ReceiverHub::acquire("127.0.0.1", 0, 0);
    REQUIRE(hub->listening());
    FrameQueue q1(16), q2(16);
    const int s1 = hub->subscribe(q1);
    const int s2 = hub->subscribe(q2);
    hub->configure(s1, universes({pa("0:0:1"), pa("1:2:3")}));
    hub->configure(s2, universes({pa("0:0:1"), *UniverseId::sacn(9)}));   // the union is announced once

    // The "console": a socket on 127.0.0.1 that polls the hub and collects the replies.
    UdpSocket console;
    REQUIRE(console.open("127.0.0.1", 0).ok);
    std::vector<std::uint8_t> poll(14);
    poll.resize(buildArtPoll(poll, 0x00, 0x10));
    REQUIRE(console.sendTo(poll.data(), poll.size(), 0x7F000001, hub->boundPort()));

    std::vector<ParsedPollReply> replies;
    std::vector<std::vector<std::uint8_t>> raw;
    REQUIRE(eventually([&] {
        if (console.waitReadable(10))
            console.receiveBatch([&](const Datagram& d) { raw.emplace_back(d.data, d.data + d.size); });
        return raw.size() >= 2;
    }));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));   // a third reply would be a bug
    while (console.waitReadable(0))
        console.receiveBatch([&](const Datagram& d) { raw.emplace_back(d.data, d.data + d.size); });
    REQUIRE(raw.size() == 2);
    for (const auto& r : raw) {
        const auto parsed = parseArtPollReply(r);
        REQUIRE(parsed);
        replies.push_back(*parsed);
    }
    std::sort(replies.begin(), replies.end(), [](const auto& a, const auto& b) { return a.bindIndex < b.bindIndex; });
    CHECK(replies[0].bindIndex == 1);
    CHECK(replies[1].bindIndex == 2);
    CHECK(replies[0].outputAddress(0) == pa("0:0:1"));
    CHECK(replies[1].outputAddress(0) == pa("1:2:3"));
    CHECK(replies[0].shortName == "DMX In");
    CHECK(replies[0].status2 & 0x08);
    CHECK(replies[0].numPorts == 1);
    CHECK(replies[0].ip == 0x7F000001);   // the address the poll arrived on
    CHECK(hub->status().repliesSent == 2);
    hub->unsubscribe(s1);
    hub->unsubscribe(s2);
}

TEST_CASE("ArtPollReply lists the process's Art-Net output universes as input ports") {
    auto hub = ReceiverHub::acquire("127.0.0.1", 0, 0);
    REQUIRE(hub->listening());
    FrameQueue q(16);
    const int s = hub->subscribe(q);
    hub->configure(s, universes({pa("0:0:1")}));
    // What OwnOutputRelay hands over while an output sends Art-Net 0:0:5 and 2:3:4.
    ReceiverHub::setProcessOutputUniverses({pa("2:3:4"), pa("0:0:5")});

    UdpSocket console;
    REQUIRE(console.open("127.0.0.1", 0).ok);
    std::vector<std::uint8_t> poll(14);
    poll.resize(buildArtPoll(poll, 0x00, 0x10));
    REQUIRE(console.sendTo(poll.data(), poll.size(), 0x7F000001, hub->boundPort()));
    std::vector<std::vector<std::uint8_t>> raw;
    REQUIRE(eventually([&] {
        if (console.waitReadable(10))
            console.receiveBatch([&](const Datagram& d) { raw.emplace_back(d.data, d.data + d.size); });
        return raw.size() >= 3;
    }));
    std::vector<ParsedPollReply> replies;
    for (const auto& r : raw) {
        const auto parsed = parseArtPollReply(r);
        REQUIRE(parsed);
        replies.push_back(*parsed);
    }
    std::sort(replies.begin(), replies.end(), [](const auto& a, const auto& b) { return a.bindIndex < b.bindIndex; });
    REQUIRE(replies.size() == 3);
    CHECK(replies[0].portTypes[0] == 0x80);                 // the mapped universe: an output port
    CHECK(replies[0].outputAddress(0) == pa("0:0:1"));
    for (std::size_t i : {1u, 2u}) {
        CHECK(replies[i].portTypes[0] == 0x40);             // can input to Art-Net, DMX512
        CHECK((replies[i].goodInput[0] & 0x80) != 0);       // data is being sent
    }
    CHECK(replies[1].inputAddress(0) == pa("0:0:5"));
    CHECK(replies[2].inputAddress(0) == pa("2:3:4"));

    // The output stops: the next poll finds only the mapped universe.
    ReceiverHub::setProcessOutputUniverses({});
    raw.clear();
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));   // past the responder's rate limit
    REQUIRE(console.sendTo(poll.data(), poll.size(), 0x7F000001, hub->boundPort()));
    REQUIRE(eventually([&] {
        if (console.waitReadable(10))
            console.receiveBatch([&](const Datagram& d) { raw.emplace_back(d.data, d.data + d.size); });
        return !raw.empty();
    }));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));   // a second reply would be a bug
    while (console.waitReadable(0))
        console.receiveBatch([&](const Datagram& d) { raw.emplace_back(d.data, d.data + d.size); });
    REQUIRE(raw.size() == 1);
    CHECK(parseArtPollReply(raw[0])->portTypes[0] == 0x80);
    hub->unsubscribe(s);
}

TEST_CASE("sACN unicast on loopback reaches an instance that maps the universe") {
    auto hub = ReceiverHub::acquire("127.0.0.1", 0, 0);
    FrameQueue q(16);
    const int id = hub->subscribe(q);
    CHECK(hub->sacnBoundPort() == 0);   // no sACN socket until an instance maps an sACN universe
    hub->configure(id, universes({*UniverseId::sacn(12)}));
    REQUIRE(hub->sacnBoundPort() != 0);
    testing::SendSocket tx("127.0.0.1", hub->sacnBoundPort());
    const auto p = sacnData(12, {5, 6, 7});
    tx.send(p.data(), p.size());
    DmxFrame f;
    const bool arrived = eventually([&] { return q.try_pop(f); });
    REQUIRE(arrived);
    CHECK(f.universeKey == UniverseId::sacn(12)->key());
    CHECK(f.slots[2] == 7);
    CHECK(hub->status(id).sacnListening);
    hub->unsubscribe(id);
}

// Needs multicast on loopback: run inside `unshare -n` with `ip link set lo multicast on` and a
// 224.0.0.0/4 route on lo (Tests/Net/multicast_test.sh does). Hidden from the default run.
TEST_CASE("sACN multicast: joined groups arrive, groups nobody mapped do not", "[.multicast]") {
    auto hub = ReceiverHub::acquire("0.0.0.0", 0, 0);
    FrameQueue q(64);
    const int id = hub->subscribe(q);
    auto settings = universes({*UniverseId::sacn(3)});
    settings.sacnInterfaceIp = 0x7F000001;
    hub->configure(id, settings);
    REQUIRE(hub->status(id).sacnError.empty());
    CHECK(hub->status(id).sacnMemberships == 1);

    UdpSocket console;
    REQUIRE(console.open("127.0.0.1", 0).ok);
    REQUIRE(console.setMulticastInterface(0x7F000001));
    auto sendTo = [&](std::uint16_t universe, const std::vector<std::uint8_t>& p) {
        return console.sendTo(p.data(), p.size(), sacnMulticastGroup(universe), hub->sacnBoundPort());
    };
    REQUIRE(sendTo(4, sacnData(4, {9})));     // not joined: never delivered
    REQUIRE(sendTo(3, sacnData(3, {33})));
    DmxFrame f;
    REQUIRE(eventually([&] { return q.try_pop(f); }));
    CHECK(f.universeKey == UniverseId::sacn(3)->key());
    CHECK(f.slots[0] == 33);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    CHECK(hub->status().sacnPackets == 1);    // the packet for group 4 never reached the socket

    // 25 universes need two sockets (20 memberships each at most), all on the same port.
    std::vector<UniverseId> many;
    for (int u = 1; u <= 25; ++u)
        many.push_back(*UniverseId::sacn(u));
    settings.universes = many;
    hub->configure(id, settings);
    CHECK(hub->status(id).sacnMemberships == 25);
    CHECK(hub->status(id).sacnError.empty());
    REQUIRE(sendTo(25, sacnData(25, {250})));
    REQUIRE(eventually([&] { return q.try_pop(f) && f.universeKey == UniverseId::sacn(25)->key(); }));
    CHECK(f.slots[0] == 250);
    hub->unsubscribe(id);
}

TEST_CASE("Status text names each universe with its protocol and says live, lost since when, or waiting") {
    UniverseStatus live;
    live.universe = pa("0:0:1");
    live.received = true;
    live.merging = true;
    UniverseStatus lost;
    lost.universe = *UniverseId::sacn(5);
    lost.received = true;
    lost.lost = true;
    lost.lostSinceNs = 10 * kSecond;
    UniverseStatus waiting;
    waiting.universe = pa("0:0:0");
    CHECK(describeUniverse(live, 0) == "Art-Net 0:0:1 (#2): live, merging");
    CHECK(describeUniverse(lost, 13 * kSecond + 200'000'000) == "sACN 5: LOST for 3.2 s");
    CHECK(describeUniverse(waiting, 0) == "Art-Net 0:0:0 (#1): no data yet");
    HubStatus s;
    s.universes = {live, lost, waiting};
    CHECK(summariseUniverses(s) == "1 live, 1 lost (sACN 5), 1 waiting");
    s.counters.sequenceDropped = 3;
    s.counters.thirdSource = 1;
    CHECK(describeDrops(s) == "3 late (sequence), 1 third source ignored");
}
