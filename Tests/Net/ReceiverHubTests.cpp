// Integration: a real UDP socket on 127.0.0.1 (ephemeral port) -> ReceiverHub -> instance queues.

#include "Core/ArtNetBuilder.h"
#include "Net/ReceiverHub.h"
#include "Net/Platform/UdpSocket.h"
#include "WineDifferences.h"
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
std::vector<std::uint8_t> artDmx(PortAddress pa, std::vector<std::uint8_t> slots, std::uint8_t seq = 1) {
    std::vector<std::uint8_t> p(530);
    p.resize(buildArtDmx(p, pa, seq, 0, slots));
    return p;
}


} // namespace

TEST_CASE("UdpSocket binds an ephemeral port, reads back its receive buffer, and receives a batch") {
    UdpSocket rx;
    const auto bound = rx.open("127.0.0.1", 0);
    REQUIRE(bound.ok);
    REQUIRE(rx.localPort() != 0);
    // The kernel doubles the request and caps it at 2 x rmem_max: anything above the 212992 default
    // shows the request was applied.
    CHECK(rx.receiveBufferBytes() > 212992);

    testing::SendSocket tx("127.0.0.1", rx.localPort());
    const std::uint8_t a[] = {1, 2, 3}, b[] = {4, 5};
    tx.send(a, sizeof a);
    tx.send(b, sizeof b);
    std::vector<std::vector<std::uint8_t>> got;
    REQUIRE(eventually([&] {
        if (rx.waitReadable(10))
            rx.receiveBatch([&](const Datagram& d) { got.emplace_back(d.data, d.data + d.size); });
        return got.size() == 2;
    }));
    CHECK(got[0] == std::vector<std::uint8_t>{1, 2, 3});
    CHECK(got[1] == std::vector<std::uint8_t>{4, 5});
}

TEST_CASE("UdpSocket reports a bind failure with the OS reason") {
    UdpSocket rx;
    const auto r = rx.open("10.255.255.1", 0);   // not a local address here
    if (testing::wine::bindsAnyAddress()) {
        CHECK(r.ok);
    } else {
        CHECK_FALSE(r.ok);
        CHECK(r.kind == NetError::AddressNotAvailable);
        CHECK(r.message.find("bind 10.255.255.1:0") != std::string::npos);
        CHECK(r.message.find("address") != std::string::npos);   // "Cannot assign requested address"
    }

    const auto bad = rx.open("not-an-ip", 6454);
    CHECK_FALSE(bad.ok);
    CHECK(bad.message.find("not an IPv4 address") != std::string::npos);
}

TEST_CASE("ReceiverHub delivers ArtDmx from a real socket to the subscribed queue only") {
    auto hub = ReceiverHub::acquire("127.0.0.1", 0);
    REQUIRE(hub->listening());
    FrameQueue q1(64), q2(64);
    const int s1 = hub->subscribe(q1);
    const int s2 = hub->subscribe(q2);
    hub->setUniverses(s1, {pa("0:0:1")});
    hub->setUniverses(s2, {pa("1:2:3")});

    testing::SendSocket tx("127.0.0.1", hub->boundPort());
    const auto p1 = artDmx(pa("0:0:1"), {10, 20, 30});
    const auto p2 = artDmx(pa("1:2:3"), {99});
    const auto p3 = artDmx(pa("0:0:5"), {7, 7});
    tx.send(p1.data(), p1.size());
    tx.send(p2.data(), p2.size());
    tx.send(p3.data(), p3.size());

    DmxFrame f;
    REQUIRE(eventually([&] { return q1.sizeApprox() == 1 && q2.sizeApprox() == 1 && hub->status().unsubscribed == 1; }));
    REQUIRE(q1.try_pop(f));
    CHECK(f.universeKey == pa("0:0:1").flat());
    CHECK(f.length == 4);   // 3 slots padded to an even Length by the sender
    CHECK(f.slots[0] == 10);
    CHECK(f.slots[2] == 30);
    CHECK(f.slots[3] == 0);
    CHECK(f.sourceIp == 0x7F000001u);
    CHECK(f.arrivalNs > 0);
    REQUIRE(q2.try_pop(f));
    CHECK(f.universeKey == pa("1:2:3").flat());
    CHECK(f.slots[0] == 99);
    CHECK_FALSE(q1.try_pop(f));

    const auto st = hub->status();
    CHECK(st.dmxFrames == 3);
    CHECK(st.delivered == 2);
    CHECK(hub->packetsForUniverse(pa("0:0:5")) == 1);
    REQUIRE(st.sources.size() == 1);
    CHECK(st.sources[0].ip == 0x7F000001u);
    CHECK(st.sources[0].packets == 3);
    hub->unsubscribe(s1);
    hub->unsubscribe(s2);
}

TEST_CASE("ReceiverHub counts every rejected datagram by reason and delivers nothing for it") {
    auto hub = ReceiverHub::acquire("127.0.0.1", 0);
    REQUIRE(hub->listening());
    FrameQueue q(16);
    const int s = hub->subscribe(q);
    hub->setUniverses(s, {pa("0:0:0")});
    const auto before = hub->status();

    testing::SendSocket tx("127.0.0.1", hub->boundPort());
    auto good = artDmx(pa("0:0:0"), {1, 2});
    auto badId = good;
    badId[0] = 'X';
    auto oldVersion = good;
    oldVersion[11] = 13;
    auto zeroLength = good;
    zeroLength[16] = zeroLength[17] = 0;
    const std::uint8_t shortOne[] = {'A', 'r', 't'};
    tx.send(badId.data(), badId.size());
    tx.send(oldVersion.data(), oldVersion.size());
    tx.send(zeroLength.data(), zeroLength.size());
    tx.send(shortOne, sizeof shortOne);

    REQUIRE(eventually([&] { return hub->status().datagrams - before.datagrams == 4; }));
    const auto st = hub->status();
    auto delta = [&](ArtNetReject r) { return st.rejected[static_cast<int>(r)] - before.rejected[static_cast<int>(r)]; };
    CHECK(delta(ArtNetReject::BadId) == 1);
    CHECK(delta(ArtNetReject::BadProtocolVersion) == 1);
    CHECK(delta(ArtNetReject::BadLength) == 1);
    CHECK(delta(ArtNetReject::TooShort) == 1);
    CHECK(q.sizeApprox() == 0);
    hub->unsubscribe(s);
}

TEST_CASE("Two acquisitions of one address and port share one hub and one socket") {
    auto a = ReceiverHub::acquire("127.0.0.1", 0);
    auto b = ReceiverHub::acquire("127.0.0.1", 0);
    CHECK(a.get() == b.get());
    CHECK(a->boundPort() == b->boundPort());
}

TEST_CASE("A full instance queue drops the frame and counts it") {
    auto hub = ReceiverHub::acquire("127.0.0.1", 0);
    FrameQueue q(2);
    const int s = hub->subscribe(q);
    hub->setUniverses(s, {pa("0:0:9")});
    const auto before = hub->status().queueFull;
    testing::SendSocket tx("127.0.0.1", hub->boundPort());
    // Sequence 0: no sequence check, so five identical frames are five frames.
    const auto p = artDmx(pa("0:0:9"), {1, 2}, 0);
    for (int i = 0; i < 5; ++i)
        tx.send(p.data(), p.size());
    REQUIRE(eventually([&] { return hub->status().queueFull - before == 3; }));
    CHECK(q.sizeApprox() == 2);
    hub->unsubscribe(s);
}

TEST_CASE("After unsubscribe the hub never pushes into the queue again") {
    auto hub = ReceiverHub::acquire("127.0.0.1", 0);
    FrameQueue q(16);
    const int s = hub->subscribe(q);
    hub->setUniverses(s, {pa("0:0:2")});
    hub->unsubscribe(s);
    testing::SendSocket tx("127.0.0.1", hub->boundPort());
    const auto p = artDmx(pa("0:0:2"), {5, 5});
    const auto before = hub->status().dmxFrames;
    tx.send(p.data(), p.size());
    REQUIRE(eventually([&] { return hub->status().dmxFrames == before + 1; }));
    CHECK(q.sizeApprox() == 0);
}

TEST_CASE("The receive thread takes no lock per packet: only control calls make it lock") {
    auto hub = ReceiverHub::acquire("127.0.0.1", 0);
    REQUIRE(hub->listening());
    FrameQueue q(64);
    const int s = hub->subscribe(q);
    hub->setUniverses(s, {pa("0:0:7")});
    testing::SendSocket tx("127.0.0.1", hub->boundPort());

    const std::uint64_t locksBefore = hub->status(s).receiveThreadLocks;
    // 400 frames in bursts the socket buffer holds, each waited for by popping the queue (the
    // consumer side takes no hub call, so nothing here asks the receive thread for a lock).
    constexpr int kBursts = 20, kPerBurst = 20;
    int popped = 0;
    std::uint8_t sequence = 0;
    for (int burst = 0; burst < kBursts; ++burst) {
        for (int i = 0; i < kPerBurst; ++i) {
            sequence = static_cast<std::uint8_t>(sequence == 255 ? 1 : sequence + 1);
            const auto p = artDmx(pa("0:0:7"), {static_cast<std::uint8_t>(i), 1}, sequence);
            tx.send(p.data(), p.size());
        }
        DmxFrame f;
        REQUIRE(eventually([&] {
            while (q.try_pop(f))
                ++popped;
            return popped == (burst + 1) * kPerBurst;
        }));
    }
    const HubStatus st = hub->status(s);
    CHECK(st.counters.delivered == static_cast<std::uint64_t>(kBursts * kPerBurst));
    // The one status() call above is the only work handed to the receive thread since locksBefore.
    CHECK(st.receiveThreadLocks - locksBefore == 1);
    hub->unsubscribe(s);
}
