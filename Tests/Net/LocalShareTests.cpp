// One receiver per machine: the local wire format to the byte, and election, forwarding,
// poll-reply union, failover, a stalled follower and malformed local messages with real hubs on
// 127.0.0.1. Each "process" is a hub made with ReceiverHub::createShared under a channel name
// unique to this test run, so concurrent test runs never meet.

#include "Core/ArtNetBuilder.h"
#include "Core/ArtPollReply.h"
#include "Core/SacnBuilder.h"
#include "Net/Platform/LocalLink.h"
#include "Net/LocalWire.h"
#include "Net/ReceiverHub.h"
#include "Net/StatusText.h"
#include "Net/Platform/UdpSocket.h"
#include "SendSocket.h"

#include "NetTestUtil.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace dmxin;
using namespace dmxin::net;

using namespace dmxin::nettest;

namespace {

using Bytes = std::vector<std::uint8_t>;



std::string uniqueChannel() {
    static int n = 0;
    return "dmxin-test/" + std::to_string(::getpid()) + "/" + std::to_string(++n);
}

SubscriptionSettings universes(std::vector<UniverseId> list) {
    SubscriptionSettings s;
    s.universes = std::move(list);
    return s;
}

Bytes artDmx(PortAddress address, std::uint8_t seq, std::uint8_t value) {
    Bytes p(530);
    const std::uint8_t slots[4] = {value, static_cast<std::uint8_t>(value + 1), 7, 9};
    p.resize(buildArtDmx(p, address, seq, 0, slots));
    return p;
}


// Pops until `count` frames for `key` have arrived (or 5 s pass).
std::vector<DmxFrame> collect(FrameQueue& q, std::uint32_t key, std::size_t count) {
    std::vector<DmxFrame> got;
    eventually([&] {
        DmxFrame f;
        while (q.try_pop(f))
            if (f.universeKey == key)
                got.push_back(f);
        return got.size() >= count;
    });
    return got;
}

} // namespace

// ---- wire format ---------------------------------------------------------------------------

TEST_CASE("LocalWire encodes Hello, Welcome and Subscribe to the byte") {
    Bytes out;
    encodeHello(out, LocalHello{0x01020304});
    CHECK(out == Bytes{0x44, 1, 1, 0, 0x04, 0x03, 0x02, 0x01});

    encodeWelcome(out, LocalWelcome{0x0A0B0C0D, 6454, 5568});
    CHECK(out == Bytes{0x44, 1, 2, 0, 0x0D, 0x0C, 0x0B, 0x0A, 0x36, 0x19, 0xC0, 0x15});

    const std::uint32_t entries[] = {0x0000'0001u | local::kAnnounceBit, UniverseId::kSacnKeyBase + 5};
    encodeSubscribe(out, 0x7F000001, entries);
    CHECK(out == Bytes{0x44, 1, 3, 0, 0x01, 0x00, 0x00, 0x7F, 2, 0, 0, 0,
                       0x01, 0x00, 0x00, 0x80, 0x05, 0x80, 0x00, 0x00});
    const auto r = decodeLocal(out);
    REQUIRE(r.ok());
    CHECK(r.message.type == LocalType::Subscribe);
    CHECK(r.message.sacnInterfaceIp == 0x7F000001);
    REQUIRE(r.message.entryCount() == 2);
    CHECK(r.message.entryAt(0) == (1u | local::kAnnounceBit));
    CHECK(r.message.entryAt(1) == UniverseId::kSacnKeyBase + 5);
}

TEST_CASE("LocalWire encodes a Datagram with its addresses and arrival time, and decodes it back") {
    const std::uint8_t payload[] = {'A', 'r', 't', 0xFF};
    Datagram d;
    d.data = payload;
    d.size = sizeof payload;
    d.sourceIp = 0x0A000001;
    d.sourcePort = 0x1936;
    d.localIp = 0x7F000001;
    d.destIp = 0xFFFFFFFF;
    d.arrivalNs = 0x0102030405060708ull;
    Bytes out;
    encodeDatagram(out, LocalChannel::Sacn, d);
    CHECK(out == Bytes{0x44, 1, 4, 0, 1, 0, 0x36, 0x19, 0x01, 0x00, 0x00, 0x0A, 0x01, 0x00, 0x00, 0x7F,
                       0xFF, 0xFF, 0xFF, 0xFF, 0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01, 'A', 'r', 't', 0xFF});
    const auto r = decodeLocal(out);
    REQUIRE(r.ok());
    CHECK(r.message.type == LocalType::Datagram);
    CHECK(r.message.channel == LocalChannel::Sacn);
    const Datagram& back = r.message.datagram;
    CHECK(back.sourceIp == d.sourceIp);
    CHECK(back.sourcePort == d.sourcePort);
    CHECK(back.localIp == d.localIp);
    CHECK(back.destIp == d.destIp);
    CHECK(back.arrivalNs == d.arrivalNs);
    CHECK(Bytes(back.data, back.data + back.size) == Bytes(payload, payload + sizeof payload));
}

TEST_CASE("LocalWire rejects each kind of malformed message with its reason") {
    Bytes ok;
    encodeWelcome(ok, LocalWelcome{1, 2, 3});
    auto reject = [](Bytes b) { return decodeLocal(b).reject; };
    CHECK(reject({}) == LocalReject::TooShort);
    CHECK(reject({0x44, 1, 2}) == LocalReject::TooShort);
    CHECK(reject({0x45, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0}) == LocalReject::BadMagic);
    CHECK(reject({0x44, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0}) == LocalReject::BadVersion);
    CHECK(reject({0x44, 1, 9, 0}) == LocalReject::UnknownType);
    CHECK(reject({0x44, 1, 1, 0, 1, 2}) == LocalReject::TooShort);            // Hello cut short
    Bytes longer = ok;
    longer.push_back(0);
    CHECK(reject(longer) == LocalReject::BadLength);                          // Welcome with a spare byte
    // Subscribe: count says 2, one entry present.
    CHECK(reject({0x44, 1, 3, 0, 0, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0}) == LocalReject::BadLength);
    // Subscribe: count above the bound.
    CHECK(reject({0x44, 1, 3, 0, 0, 0, 0, 0, 0x01, 0x10, 0, 0}) == LocalReject::TooManyEntries);
    // Subscribe: an entry that is no UniverseId key.
    CHECK(reject({0x44, 1, 3, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0x7F}) == LocalReject::BadEntry);
    Bytes dgram(local::kDatagramFixed + 1, 0);
    dgram[0] = 0x44; dgram[1] = 1; dgram[2] = 4;
    CHECK(decodeLocal(dgram).ok());
    dgram[4] = 2;
    CHECK(reject(dgram) == LocalReject::BadChannel);
    dgram[4] = 0;
    dgram.pop_back();
    CHECK(reject(dgram) == LocalReject::BadPayload);                          // no payload
    dgram.resize(local::kDatagramFixed + UdpSocket::kMaxDatagram + 1, 0);
    CHECK(reject(dgram) == LocalReject::BadPayload);                          // larger than a datagram can be
}

TEST_CASE("forwardTarget sends ArtDmx and sACN data by universe, ArtSync to everyone, and keeps the rest") {
    const Bytes dmx = artDmx(pa("1:2:3"), 1, 10);
    auto t = forwardTarget(LocalChannel::ArtNet, dmx);
    CHECK(t.forward);
    CHECK_FALSE(t.everyone);
    CHECK(t.key == pa("1:2:3").flat());

    Bytes sync(14);
    sync.resize(buildArtSync(sync));
    t = forwardTarget(LocalChannel::ArtNet, sync);
    CHECK(t.forward);
    CHECK(t.everyone);

    Bytes poll(14);
    poll.resize(buildArtPoll(poll, 0, 0x10));
    CHECK_FALSE(forwardTarget(LocalChannel::ArtNet, poll).forward);
    CHECK_FALSE(forwardTarget(LocalChannel::ArtNet, Bytes{1, 2, 3}).forward);

    SacnCid cid{};
    Bytes sacn(700);
    const std::uint8_t slots[3] = {1, 2, 3};
    sacn.resize(buildSacnData(sacn, cid, "test", 100, 0, 1, 0, 77, 0, slots));
    t = forwardTarget(LocalChannel::Sacn, sacn);
    CHECK(t.forward);
    CHECK(t.key == UniverseId::kSacnKeyBase + 77);
    Bytes sacnSync(64);
    sacnSync.resize(buildSacnSync(sacnSync, cid, 1, 77));
    CHECK_FALSE(forwardTarget(LocalChannel::Sacn, sacnSync).forward);
}

// ---- hubs sharing one receiver -------------------------------------------------------------

TEST_CASE("The first hub on a channel leads and binds; the next follows without a socket") {
    const auto channel = uniqueChannel();
    auto leader = ReceiverHub::createShared("127.0.0.1", 0, 0, channel);
    auto follower = ReceiverHub::createShared("127.0.0.1", 0, 0, channel);
    REQUIRE(leader->listening());
    REQUIRE(follower->listening());
    CHECK(leader->status().sharing.role == ShareRole::Leader);
    const auto fs = follower->status().sharing;
    CHECK(fs.role == ShareRole::Follower);
    CHECK(fs.leaderPid == static_cast<std::uint32_t>(::getpid()));
    CHECK(eventually([&] { return leader->status().sharing.followerPids.size() == 1; }));
    CHECK(leader->status().sharing.followerPids[0] == static_cast<std::uint32_t>(::getpid()));
    // A hub that does not share (acquire with sharing off, or port 0) has sharing disabled.
    auto alone = ReceiverHub::acquire("127.0.0.1", 0, 0);
    CHECK_FALSE(alone->status().sharing.enabled);
}

TEST_CASE("A follower's frames are bit-identical to the leader's, and it gets universes the leader does not map") {
    const auto channel = uniqueChannel();
    auto leader = ReceiverHub::createShared("127.0.0.1", 0, 0, channel);
    auto follower = ReceiverHub::createShared("127.0.0.1", 0, 0, channel);
    FrameQueue lq(256), fq(256);
    const int ls = leader->subscribe(lq);
    const int fs = follower->subscribe(fq);
    leader->configure(ls, universes({pa("0:0:1")}));
    follower->configure(fs, universes({pa("0:0:1"), pa("0:0:2")}));

    testing::SendSocket tx("127.0.0.1", leader->boundPort());
    // Until the follower's subscription has reached the leader, nothing is forwarded: probe with
    // universe 0:0:2 (only the follower maps it) until one arrives, then send the real frames.
    std::uint8_t seq = 1;
    REQUIRE(eventually([&] {
        const Bytes probe = artDmx(pa("0:0:2"), seq++, 1);
        tx.send(probe.data(), probe.size());
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        return !drain(fq).empty();
    }));
    for (int i = 0; i < 20; ++i) {
        const Bytes p = artDmx(pa("0:0:1"), static_cast<std::uint8_t>(100 + i), static_cast<std::uint8_t>(i * 10));
        tx.send(p.data(), p.size());
        const Bytes q = artDmx(pa("0:0:2"), seq++, static_cast<std::uint8_t>(i));
        tx.send(q.data(), q.size());
    }
    const auto mine = collect(lq, pa("0:0:1").flat(), 20);
    std::vector<DmxFrame> theirs, other;
    eventually([&] {
        for (const auto& f : drain(fq))
            (f.universeKey == pa("0:0:1").flat() ? theirs : other).push_back(f);
        return theirs.size() >= 20 && other.size() >= 20;
    });
    REQUIRE(mine.size() == 20);
    REQUIRE(theirs.size() == 20);
    for (std::size_t i = 0; i < mine.size(); ++i) {
        CHECK(theirs[i].arrivalNs == mine[i].arrivalNs);   // the leader's arrival time, carried over
        CHECK(theirs[i].sourceIp == mine[i].sourceIp);
        CHECK(theirs[i].length == mine[i].length);
        CHECK(theirs[i].slots == mine[i].slots);
        CHECK(theirs[i].lost == mine[i].lost);
    }
    CHECK(other.size() == 20);   // 0:0:2: only the follower maps it
    const auto st = follower->status(fs);
    CHECK(st.sharing.received >= 40);
    CHECK(st.sharing.malformed == 0);
    REQUIRE(st.universes.size() == 2);
    CHECK(st.universes[0].received);
    CHECK(leader->status().sharing.leader.dropped == 0);
    leader->unsubscribe(ls);
    follower->unsubscribe(fs);
}

TEST_CASE("The leader's ArtPollReply lists the union of its own and its followers' universes") {
    const auto channel = uniqueChannel();
    auto leader = ReceiverHub::createShared("127.0.0.1", 0, 0, channel);
    auto follower = ReceiverHub::createShared("127.0.0.1", 0, 0, channel);
    FrameQueue lq(16), fq(16);
    const int ls = leader->subscribe(lq);
    const int fs = follower->subscribe(fq);
    leader->configure(ls, universes({pa("0:0:1")}));
    follower->configure(fs, universes({pa("0:0:4")}));

    UdpSocket console;
    REQUIRE(console.open("127.0.0.1", 0).ok);
    Bytes poll(14);
    poll.resize(buildArtPoll(poll, 0x00, 0x10));
    // The follower's subscription has reached the leader once its universe is forwarded.
    testing::SendSocket tx("127.0.0.1", leader->boundPort());
    std::uint8_t seq = 1;
    REQUIRE(eventually([&] {
        const Bytes p = artDmx(pa("0:0:4"), seq++, 1);
        tx.send(p.data(), p.size());
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        return !drain(fq).empty();
    }));
    // One poll: one reply per universe after a random delay below 1 s.
    REQUIRE(console.sendTo(poll.data(), poll.size(), 0x7F000001, leader->boundPort()));
    std::vector<PortAddress> announced;
    eventually([&] {
        if (console.waitReadable(10))
            console.receiveBatch([&](const Datagram& d) {
                if (const auto r = parseArtPollReply({d.data, d.size}))
                    announced.push_back(r->outputAddress(0));
            });
        return announced.size() >= 2;
    });
    REQUIRE(announced.size() == 2);
    CHECK(std::find(announced.begin(), announced.end(), pa("0:0:4")) != announced.end());
    CHECK(std::find(announced.begin(), announced.end(), pa("0:0:1")) != announced.end());
    CHECK(follower->status().repliesSent == 0);   // only the leader answers
    leader->unsubscribe(ls);
    follower->unsubscribe(fs);
}

TEST_CASE("When the leader goes, one follower takes over its port and the other re-attaches") {
    const auto channel = uniqueChannel();
    auto leader = ReceiverHub::createShared("127.0.0.1", 0, 0, channel);
    auto b = ReceiverHub::createShared("127.0.0.1", 0, 0, channel);
    auto c = ReceiverHub::createShared("127.0.0.1", 0, 0, channel);
    const std::uint16_t port = leader->boundPort();
    FrameQueue bq(256), cq(256);
    const int bs = b->subscribe(bq);
    const int cs = c->subscribe(cq);
    b->configure(bs, universes({pa("0:0:5")}));
    c->configure(cs, universes({pa("0:0:6")}));
    REQUIRE(eventually([&] { return leader->status().sharing.followerPids.size() == 2; }));

    leader.reset();   // closes the name: both followers see EOF and race for it

    // Wait for the whole new arrangement: one took over, and the other saw the old leader go and
    // attached to the new one. Until its receive thread reads the EOF, the other still reports
    // Follower (of the old leader, with no election yet), so the role alone is not enough.
    REQUIRE(eventually([&] {
        const auto sb = b->status().sharing, sc = c->status().sharing;
        return (sb.role == ShareRole::Leader && sc.role == ShareRole::Follower && sc.elections >= 1)
               || (sb.role == ShareRole::Follower && sb.elections >= 1 && sc.role == ShareRole::Leader);
    }));
    auto& newLeader = b->status().sharing.role == ShareRole::Leader ? b : c;
    auto& other = b->status().sharing.role == ShareRole::Leader ? c : b;
    CHECK(newLeader->boundPort() == port);   // the port the old leader told its followers
    CHECK(newLeader->status().sharing.takeovers == 1);
    CHECK(other->status().sharing.elections == 1);
    CHECK(other->status().sharing.takeovers == 0);

    testing::SendSocket tx("127.0.0.1", port);
    std::uint8_t seq = 1;
    bool bGot = false, cGot = false;
    REQUIRE(eventually([&] {
        for (const char* u : {"0:0:5", "0:0:6"}) {
            const Bytes p = artDmx(pa(u), seq++, 50);
            tx.send(p.data(), p.size());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        for (const auto& f : drain(bq))
            bGot = bGot || (f.universeKey == pa("0:0:5").flat() && f.slots[0] == 50);
        for (const auto& f : drain(cq))
            cGot = cGot || (f.universeKey == pa("0:0:6").flat() && f.slots[0] == 50);
        return bGot && cGot;
    }));
    b->unsubscribe(bs);
    c->unsubscribe(cs);
}

TEST_CASE("A follower that stops reading never blocks the leader: its frames are dropped and counted") {
    const auto channel = uniqueChannel();
    auto leader = ReceiverHub::createShared("127.0.0.1", 0, 0, channel);
    FrameQueue lq(8192);
    const int ls = leader->subscribe(lq);
    leader->configure(ls, universes({pa("0:0:1")}));

    // A raw follower that subscribes to 0:0:1 and never reads again.
    const NativeHandle stalled = locallink::connectTo(channel).handle;
    REQUIRE(stalled != kNoHandle);
    Bytes msg;
    const std::uint32_t entries[] = {pa("0:0:1").flat()};
    encodeSubscribe(msg, 0, entries);
    REQUIRE(locallink::sendMessage(stalled, msg.data(), msg.size()) == 1);
    REQUIRE(eventually([&] { return leader->status().sharing.followerPids.size() == 1; }));

    testing::SendSocket tx("127.0.0.1", leader->boundPort());
    // Full 512-slot frames: the follower's queue is bounded in bytes on some systems (a Windows
    // pipe's quota), in messages on others (Linux's queue length), so the burst exceeds both.
    auto fullDmx = [](std::uint8_t value) {
        std::vector<std::uint8_t> slots(512, value);
        Bytes p(18 + 512);
        p.resize(buildArtDmx(p, pa("0:0:1"), 0, 0, slots));   // sequence 0: never "late"
        return p;
    };
    // The Subscribe may still be queued behind the accept (the leader drains its UDP socket
    // before its followers): until one frame is forwarded, send probes, counted apart.
    std::uint64_t received = 0, probes = 0;
    REQUIRE(eventually([&] {
        const Bytes p = fullDmx(1);
        tx.send(p.data(), p.size());
        ++probes;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        received += drain(lq).size();
        return leader->status().sharing.leader.forwarded > 0;
    }));
    const auto before = leader->status().sharing.leader;
    constexpr int kFrames = 4000;   // about 2.2 MB: several times what the follower's queue may hold
    for (int i = 0; i < kFrames; ++i) {
        const Bytes p = fullDmx(static_cast<std::uint8_t>(i));
        tx.send(p.data(), p.size());
        if (i % 200 == 199) {   // pace the sender so the leader's own UDP buffer never overflows
            received += drain(lq).size();
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
    }
    REQUIRE(eventually([&] {
        received += drain(lq).size();
        return received == kFrames + probes;   // the leader itself lost nothing
    }));
    const auto st = leader->status().sharing;
    CHECK(st.leader.dropped > 0);
    CHECK(st.leader.forwarded + st.leader.dropped - before.forwarded - before.dropped == kFrames);
    locallink::close(stalled);
    leader->unsubscribe(ls);
}

TEST_CASE("Malformed local messages are dropped and counted, and the leader keeps serving") {
    const auto channel = uniqueChannel();
    auto leader = ReceiverHub::createShared("127.0.0.1", 0, 0, channel);
    const NativeHandle fd = locallink::connectTo(channel).handle;
    REQUIRE(fd != kNoHandle);
    const std::vector<Bytes> bad = {
        {0x00, 1, 1, 0, 0, 0, 0, 0},                // bad magic
        {0x44, 7, 1, 0, 0, 0, 0, 0},                // bad version
        {0x44, 1, 3, 0, 0, 0, 0, 0, 5, 0, 0, 0},    // Subscribe promising 5 entries, none there
        {0x44, 1, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1},   // Datagram: wrong direction
    };
    for (const auto& m : bad)
        REQUIRE(locallink::sendMessage(fd, m.data(), m.size()) == 1);
    Bytes big(local::kMaxMessage + 100, 0x44);      // larger than any message: truncated
    REQUIRE(locallink::sendMessage(fd, big.data(), big.size()) == 1);
    CHECK(eventually([&] { return leader->status().sharing.leader.malformed == bad.size() + 1; }));

    // Still a follower in good standing: a valid Subscribe is applied and a Welcome was sent.
    Bytes ok;
    const std::uint32_t entries[] = {pa("0:0:3").flat()};
    encodeSubscribe(ok, 0, entries);
    REQUIRE(locallink::sendMessage(fd, ok.data(), ok.size()) == 1);
    testing::SendSocket tx("127.0.0.1", leader->boundPort());
    Bytes in(local::kMaxMessage + 1);
    bool welcome = false, datagram = false;
    std::uint8_t seq = 1;
    CHECK(eventually([&] {
        const Bytes p = artDmx(pa("0:0:3"), seq++, 9);
        tx.send(p.data(), p.size());
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        bool truncated = false;
        for (long n; (n = locallink::receiveMessage(fd, in.data(), in.size(), &truncated)) > 0;) {
            const auto r = decodeLocal({in.data(), static_cast<std::size_t>(n)});
            welcome = welcome || (r.ok() && r.message.type == LocalType::Welcome);
            datagram = datagram || (r.ok() && r.message.type == LocalType::Datagram);
        }
        return welcome && datagram;
    }));
    CHECK(leader->status().sharing.leader.malformed == bad.size() + 1);
    locallink::close(fd);
}

TEST_CASE("describeSharing says who receives for whom") {
    HubStatus s;
    CHECK(describeSharing(s).empty());   // sharing off: nothing to say
    s.sharing.enabled = true;
    s.sharing.role = ShareRole::Follower;
    s.sharing.leaderPid = 4321;
    CHECK(describeSharing(s) == "receiving through local leader pid 4321");
    s.sharing.role = ShareRole::Leader;
    s.sharing.followerPids = {10, 11};
    s.sharing.leader.forwarded = 5;
    s.sharing.leader.dropped = 1;
    CHECK(describeSharing(s) == "local leader for 2 other programs (pids 10, 11), 5 forwarded, 1 dropped");
    s.sharing.takeovers = 1;
    s.sharing.lastFailoverNs = 2'500'000;
    CHECK(describeSharing(s) == "local leader for 2 other programs (pids 10, 11), 5 forwarded, 1 dropped; failover 2500 us");
    s.sharing.role = ShareRole::Off;
    s.sharing.note = "the local leader belongs to another user (uid 65534): receiving on own sockets";
    CHECK(describeSharing(s) == "not shared (the local leader belongs to another user (uid 65534): receiving on own sockets)");
}

TEST_CASE("A follower's sACN universe makes the leader open its sACN socket and forward sACN data") {
    const auto channel = uniqueChannel();
    auto leader = ReceiverHub::createShared("127.0.0.1", 0, 0, channel);
    auto follower = ReceiverHub::createShared("127.0.0.1", 0, 0, channel);
    FrameQueue fq(64);
    const int fs = follower->subscribe(fq);
    CHECK(leader->sacnBoundPort() == 0);   // nobody maps sACN yet
    follower->configure(fs, universes({*UniverseId::sacn(12)}));
    REQUIRE(eventually([&] { return leader->sacnBoundPort() != 0; }));
    CHECK(follower->sacnBoundPort() == 0);   // the follower opens no socket of its own

    testing::SendSocket tx("127.0.0.1", leader->sacnBoundPort());
    SacnCid cid{};
    cid[0] = 1;
    Bytes p(700);
    const std::uint8_t slots[3] = {5, 6, 7};
    p.resize(buildSacnData(p, cid, "console", 100, 0, 1, 0, 12, 0, slots));
    tx.send(p.data(), p.size());
    DmxFrame f;
    bool arrived = false;
    eventually([&] { return arrived = arrived || fq.try_pop(f); });   // pops once (eventually asks again at the end)
    REQUIRE(arrived);
    CHECK(f.universeKey == UniverseId::sacn(12)->key());
    CHECK(f.protocol == DmxProtocol::Sacn);
    CHECK(f.slots[2] == 7);
    follower->unsubscribe(fs);
}
