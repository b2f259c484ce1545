// OutputSender over real UDP on loopback: an instance's output reaches a socket on 127.0.0.1 as
// ArtDmx / sACN that the project's own parsers read, from the sender's own port (which the own-
// traffic filter recognises), and sACN streams end with Stream_Terminated when an output is removed
// or the sender goes away. Sends only to 127.0.0.1.

#include "Core/ArtNetParser.h"
#include "Core/SacnCid.h"
#include "Core/SacnParser.h"
#include "Net/OutputSender.h"
#include "Net/Platform/UdpSocket.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

using namespace dmxin;
using namespace dmxin::net;

namespace {

constexpr std::uint32_t kLoopback = 0x7F000001;

struct Received {
    std::vector<std::uint8_t> bytes;
    std::uint32_t sourceIp = 0;
    std::uint16_t sourcePort = 0;
    std::uint32_t localIp = 0;
};

// A plain receiving socket on 127.0.0.1 with an ephemeral port: the "rig".
class Rig {
public:
    Rig() { REQUIRE(socket_.open("127.0.0.1", 0).ok); }
    std::uint16_t port() const { return socket_.localPort(); }

    // Reads datagrams until `done(all so far)` holds or a generous deadline passes (a behaviour
    // check: the deadline only stops a broken test from hanging).
    bool readUntil(const std::function<bool(const std::vector<Received>&)>& done) {
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (!done(received)) {
            if (std::chrono::steady_clock::now() >= until)
                return false;
            if (socket_.waitReadable(100))
                socket_.receiveBatch([this](const Datagram& d) {
                    received.push_back({std::vector<std::uint8_t>(d.data, d.data + d.size), d.sourceIp, d.sourcePort, d.localIp});
                });
        }
        return true;
    }

    std::vector<Received> received;

private:
    UdpSocket socket_;
};

OutputSettings artnetTo(std::uint16_t port) {
    OutputSettings s;
    OutputUniverse u;
    u.universe = UniverseId::artnet(*PortAddress::parse("0:1:2"));
    u.addresses = {"127.0.0.1"};
    u.port = port;
    OutputChannel c;
    c.channel = 5;
    c.slot = 3;
    u.channels = {c};
    s.universes = {u};
    return s;
}

OutputSettings sacnTo(std::uint16_t port, const SacnCid& cid) {
    OutputSettings s;
    s.cid = cid;
    s.sourceName = "loopback test";
    OutputUniverse u;
    u.universe = *UniverseId::sacn(42);
    u.destination = OutputDestination::Unicast;
    u.addresses = {"127.0.0.1"};
    u.port = port;
    OutputChannel c;
    c.channel = 1;
    c.slot = 1;
    u.channels = {c};
    s.universes = {u};
    return s;
}

std::size_t countTerminated(const std::vector<Received>& all) {
    std::size_t n = 0;
    for (const auto& r : all) {
        const auto parsed = parseSacn(r.bytes);
        if (parsed.kind == SacnKind::Data && parsed.data.terminated)
            ++n;
    }
    return n;
}

} // namespace

TEST_CASE("Art-Net output reaches a loopback socket from the sender's own port", "[output][sender]") {
    Rig rig;
    auto sender = OutputSender::create("127.0.0.1");
    REQUIRE(sender->isOpen());
    auto values = std::make_shared<OutputSlotValues>();
    values->publish(3, 1.0f);
    sender->setOutput(1, artnetTo(rig.port()), values);

    REQUIRE(rig.readUntil([](const auto& all) { return !all.empty(); }));
    const Received& first = rig.received.front();
    const ArtNetParseResult parsed = parseArtNet(first.bytes);
    REQUIRE(parsed.kind == ArtNetKind::Dmx);
    CHECK(parsed.dmx.address == *PortAddress::parse("0:1:2"));
    CHECK(parsed.dmx.sequence == 1);
    CHECK(parsed.dmx.length == 512);
    CHECK(parsed.dmx.data[4] == 255);
    CHECK(first.sourceIp == kLoopback);
    CHECK(first.sourcePort == sender->localPort());
    // The receive path would recognise it as this process's own output.
    CHECK(sender->ownFilter().isOwnArtNet(first.sourceIp, first.sourcePort, first.localIp));

    // A new value goes out as a new frame with the next sequence number.
    values->publish(3, 0.0f);
    REQUIRE(rig.readUntil([](const auto& all) {
        const auto p = parseArtNet(all.back().bytes);
        return p.kind == ArtNetKind::Dmx && p.dmx.data[4] == 0;
    }));
    const auto changed = parseArtNet(rig.received.back().bytes);
    CHECK(changed.dmx.sequence == rig.received.size());   // every packet counted, from 1
    CHECK(sender->stats().packetsSent == rig.received.size());
    CHECK(sender->stats().sendErrors == 0);
}

TEST_CASE("sACN output: data with the instance's CID, then 3 terminations when removed", "[output][sender]") {
    Rig rig;
    auto sender = OutputSender::create("127.0.0.1");
    REQUIRE(sender->isOpen());
    const SacnCid cid = randomCid();
    auto values = std::make_shared<OutputSlotValues>();
    values->publish(1, 0.5f);
    sender->setOutput(7, sacnTo(rig.port(), cid), values);

    REQUIRE(rig.readUntil([](const auto& all) { return !all.empty(); }));
    const SacnParseResult parsed = parseSacn(rig.received.front().bytes);
    REQUIRE(parsed.kind == SacnKind::Data);
    CHECK(parsed.data.cid == cid);
    CHECK(parsed.data.universe == 42);
    CHECK(parsed.data.sourceName == "loopback test");
    CHECK(parsed.data.data[0] == 128);
    CHECK_FALSE(parsed.data.terminated);
    CHECK(sender->ownFilter().isOwnSacn(cid));

    sender->removeOutput(7);
    REQUIRE(rig.readUntil([](const auto& all) { return countTerminated(all) == 3; }));
    // The session is gone once its terminations are out; nothing else follows for that stream.
    REQUIRE(rig.readUntil([&](const auto&) { return sender->stats().sessions == 0; }));
    CHECK(countTerminated(rig.received) == 3);
    const auto last = parseSacn(rig.received.back().bytes);
    CHECK(last.data.terminated);
    CHECK(last.data.data[0] == 128);   // the last frame, marked terminated
}

TEST_CASE("a sender going away terminates the sACN streams it still runs", "[output][sender]") {
    Rig rig;
    const SacnCid cid = randomCid();
    auto values = std::make_shared<OutputSlotValues>();
    {
        auto sender = OutputSender::create("127.0.0.1");
        REQUIRE(sender->isOpen());
        OutputSettings settings = sacnTo(rig.port(), cid);
        settings.universes[0].rateHz = 1;   // terminations one per period would take 3 s
        sender->setOutput(1, settings, values);
        REQUIRE(rig.readUntil([](const auto& all) { return !all.empty(); }));
    }   // the destructor joins the thread after sending what is left
    REQUIRE(rig.readUntil([](const auto& all) { return countTerminated(all) == 3; }));
    for (const auto& r : rig.received)
        CHECK(parseSacn(r.bytes).data.cid == cid);
}

TEST_CASE("replacing an output with nothing enabled stops it; the registry shares one sender", "[output][sender]") {
    Rig rig;
    auto sender = OutputSender::create("127.0.0.1");
    auto values = std::make_shared<OutputSlotValues>();
    const SacnCid cid = randomCid();
    sender->setOutput(3, sacnTo(rig.port(), cid), values);
    REQUIRE(rig.readUntil([](const auto& all) { return !all.empty(); }));
    OutputSettings off = sacnTo(rig.port(), cid);
    off.enabled = false;   // the master switch
    sender->setOutput(3, off, values);
    REQUIRE(rig.readUntil([](const auto& all) { return countTerminated(all) == 3; }));

    const auto a = OutputSender::acquire();
    const auto b = OutputSender::acquire();
    CHECK(a == b);
    CHECK(a != sender);
}

TEST_CASE("editing an output keeps its sACN stream: no termination, sequence goes on", "[output][sender]") {
    Rig rig;
    auto sender = OutputSender::create("127.0.0.1");
    auto values = std::make_shared<OutputSlotValues>();
    const SacnCid cid = randomCid();
    OutputSettings settings = sacnTo(rig.port(), cid);
    sender->setOutput(5, settings, values);
    REQUIRE(rig.readUntil([](const auto& all) { return all.size() >= 3; }));   // the first frame's 3 packets

    OutputChannel extra;
    extra.channel = 2;
    extra.slot = 2;
    settings.universes[0].channels.push_back(extra);
    sender->setOutput(5, settings, values);
    values->publish(2, 1.0f);
    REQUIRE(rig.readUntil([](const auto& all) { return parseSacn(all.back().bytes).data.data[1] == 255; }));
    CHECK(countTerminated(rig.received) == 0);
    for (std::size_t i = 0; i < rig.received.size(); ++i) {
        INFO("packet " << i);
        CHECK(parseSacn(rig.received[i].bytes).data.sequence == i);
    }
}

// Needs multicast on loopback: Tests/Net/multicast_test.sh runs it inside `unshare -n` with a
// 224.0.0.0/4 route on lo. Hidden from the default run.
TEST_CASE("sACN multicast output reaches a socket that joined the universe's group", "[.multicast]") {
    UdpSocket rig;
    REQUIRE(rig.open("0.0.0.0", 0).ok);
    REQUIRE(rig.joinGroup(sacnMulticastGroup(9), kLoopback).ok);

    auto sender = OutputSender::create("127.0.0.1");
    REQUIRE(sender->isOpen());
    auto values = std::make_shared<OutputSlotValues>();
    values->publish(1, 1.0f);
    const SacnCid cid = randomCid();
    OutputSettings settings;
    settings.cid = cid;
    OutputUniverse u;
    u.universe = *UniverseId::sacn(9);
    u.destination = OutputDestination::Multicast;
    u.interfaceAddress = "127.0.0.1";
    u.port = rig.localPort();
    OutputChannel c;
    c.channel = 1;
    c.slot = 1;
    u.channels = {c};
    settings.universes = {u};
    sender->setOutput(1, settings, values);

    std::vector<std::uint8_t> got;
    std::uint32_t destination = 0;
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (got.empty() && std::chrono::steady_clock::now() < until)
        if (rig.waitReadable(100))
            rig.receiveBatch([&](const Datagram& d) {
                got.assign(d.data, d.data + d.size);
                destination = d.destIp;
            });
    REQUIRE_FALSE(got.empty());
    const SacnParseResult parsed = parseSacn(got);
    REQUIRE(parsed.kind == SacnKind::Data);
    CHECK(parsed.data.universe == 9);
    CHECK(parsed.data.cid == cid);
    CHECK(parsed.data.data[0] == 255);
    if (destination != 0)
        CHECK(destination == sacnMulticastGroup(9));
    CHECK(sender->ownFilter().isOwnSacn(parsed.data.cid));
}

TEST_CASE("each instance's packets and send errors are counted apart, per universe, with the system's reason", "[output][sender]") {
    Rig rig;
    auto sender = OutputSender::create("127.0.0.1");
    REQUIRE(sender->isOpen());
    auto values = std::make_shared<OutputSlotValues>();

    // Instance 1: two Art-Net universes to the rig.
    auto one = artnetTo(rig.port());
    auto second = one.universes.front();
    second.universe = UniverseId::artnet(*PortAddress::parse("0:1:3"));
    one.universes.push_back(second);
    sender->setOutput(1, one, values);
    // Instance 2: one universe to an address a socket bound to 127.0.0.1 cannot reach, so every send
    // is refused by the system before anything leaves the machine (TEST-NET-1, never routed).
    auto two = artnetTo(6454);
    two.universes.front().universe = UniverseId::artnet(*PortAddress::parse("0:2:0"));
    two.universes.front().addresses = {"192.0.2.1"};
    sender->setOutput(2, two, values);

    REQUIRE(rig.readUntil([](const auto& all) { return all.size() >= 6; }));
    OutputSender::OutputCounts a, b;
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    do {
        a = sender->counts(1);
        b = sender->counts(2);
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    } while ((a.packetsSent < 6 || b.sendErrors < 3) && std::chrono::steady_clock::now() < until);

    CHECK(a.packetsSent >= 6);
    CHECK(a.sendErrors == 0);
    CHECK(a.lastError.empty());
    REQUIRE(a.universes.size() == 2);
    CHECK(a.universes[0].universe == UniverseId::artnet(*PortAddress::parse("0:1:2")));
    CHECK(a.universes[1].universe == UniverseId::artnet(*PortAddress::parse("0:1:3")));
    CHECK(a.universes[0].packetsSent >= 3);
    CHECK(a.universes[1].packetsSent >= 3);
    CHECK(a.universes[0].packetsSent + a.universes[1].packetsSent == a.packetsSent);

    CHECK(b.packetsSent == 0);
    CHECK(b.sendErrors >= 3);
    REQUIRE(b.universes.size() == 1);
    CHECK(b.universes[0].sendErrors == b.sendErrors);
    INFO(b.lastError);
    CHECK(b.lastError.rfind("sendto 192.0.2.1:6454: ", 0) == 0);
    CHECK(b.lastError.size() > std::string("sendto 192.0.2.1:6454: ").size());   // the system's words follow

    const auto total = sender->stats();
    CHECK(total.sendErrors >= b.sendErrors);
    CHECK(total.packetsSent >= a.packetsSent);
    CHECK(sender->counts(99).packetsSent == 0);   // an id the sender never saw

    // Removed and its session gone: its counts go with it.
    sender->removeOutput(2);
    const auto gone = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (sender->counts(2).sendErrors != 0 && std::chrono::steady_clock::now() < gone)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    CHECK(sender->counts(2).sendErrors == 0);
    CHECK(sender->counts(1).packetsSent >= a.packetsSent);
}
