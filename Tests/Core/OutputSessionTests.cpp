// OutputSession and OutputTargets: the packets an instance's output sends, byte for byte against the
// layouts of ARTNET.md (sections 2, 5 and 8), and parsed back with the project's own parsers.

#include "Core/ArtNetParser.h"
#include "Core/Ipv4.h"
#include "Core/OutputSession.h"
#include "Core/OutputSlotValues.h"
#include "Core/SacnCid.h"
#include "Core/SacnParser.h"
#include "TestBytes.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

using namespace dmxin;
using dmxin::testing::Bytes;
using dmxin::testing::bytes;

namespace {

struct Packet {
    Bytes bytes;
    OutputTarget to;
};

struct Capture final : OutputPacketSink {
    std::vector<Packet> packets;
    void sendPacket(std::span<const std::uint8_t> data, const OutputTarget& to) noexcept override {
        packets.push_back({Bytes(data.begin(), data.end()), to});
    }
};

std::uint32_t ip(const char* text) {
    return *parseIpv4(text);
}

OutputChannel channel(int dmx, int slot) {
    OutputChannel c;
    c.channel = dmx;
    c.slot = slot;
    return c;
}

OutputUniverse artnetUniverse(const char* address, std::vector<std::string> to) {
    OutputUniverse u;
    u.universe = UniverseId::artnet(*PortAddress::parse(address));
    u.addresses = std::move(to);
    u.channels = {channel(1, 1), channel(3, 2)};
    return u;
}

OutputUniverse sacnUniverse(int number) {
    OutputUniverse u;
    u.universe = *UniverseId::sacn(number);
    u.destination = OutputDestination::Multicast;
    u.channels = {channel(1, 1), channel(3, 2)};
    return u;
}

const SacnCid kCid = *parseCid("7b396338-3964-6536-622d-653735372d34");

std::vector<float> slots(float first, float second) {
    std::vector<float> v(kNumParameterSlots, 0.0f);
    v[0] = first;
    v[1] = second;
    return v;
}

Bytes artDmxHeader(int sequence, int subUni, int net) {
    // ARTNET.md section 2: ID, OpDmx 0x5000 LE, ProtVer 14 BE, Sequence, Physical, SubUni, Net, Length 512 BE.
    return bytes({0x41, 0x72, 0x74, 0x2d, 0x4e, 0x65, 0x74, 0x00, 0x00, 0x50, 0x00, 0x0e, sequence, 0x00, subUni, net,
                  0x02, 0x00});
}

Bytes sacnHeader(int sequence, int options, int universe, int priority, const std::string& name) {
    // ARTNET.md section 8, for 512 slots (638 bytes): the same length words as the ETC vector there.
    Bytes b = bytes({0x00, 0x10, 0x00, 0x00, 0x41, 0x53, 0x43, 0x2d, 0x45, 0x31, 0x2e, 0x31, 0x37, 0x00, 0x00, 0x00,
                     0x72, 0x6e, 0x00, 0x00, 0x00, 0x04});
    b.insert(b.end(), kCid.begin(), kCid.end());
    const Bytes framing = bytes({0x72, 0x58, 0x00, 0x00, 0x00, 0x02});
    b.insert(b.end(), framing.begin(), framing.end());
    Bytes sourceName(64, 0);
    std::copy(name.begin(), name.end(), sourceName.begin());
    b.insert(b.end(), sourceName.begin(), sourceName.end());
    const Bytes rest = bytes({priority, 0x00, 0x00, sequence, options, universe >> 8, universe & 0xFF,
                              0x72, 0x0b, 0x02, 0xa1, 0x00, 0x00, 0x00, 0x01, 0x02, 0x01, 0x00});
    b.insert(b.end(), rest.begin(), rest.end());
    return b;
}

Bytes withSlots(Bytes header, std::initializer_list<std::pair<int, int>> slotValues) {
    Bytes data(512, 0);
    for (const auto& [channelNumber, value] : slotValues)
        data[static_cast<std::size_t>(channelNumber - 1)] = static_cast<std::uint8_t>(value);
    header.insert(header.end(), data.begin(), data.end());
    return header;
}

} // namespace

TEST_CASE("output targets: unicast, directed broadcast, multicast, port", "[output][session]") {
    CHECK(directedBroadcast(ip("10.1.2.3"), 8) == ip("10.255.255.255"));
    CHECK(directedBroadcast(ip("192.168.1.20"), 24) == ip("192.168.1.255"));
    CHECK(directedBroadcast(ip("2.0.0.10"), 30) == ip("2.0.0.11"));

    OutputUniverse u = artnetUniverse("0:0:1", {"10.0.0.5", "10.0.0.6"});
    CHECK(resolveTargets(u) == std::vector<OutputTarget>{{ip("10.0.0.5"), 6454, 0}, {ip("10.0.0.6"), 6454, 0}});
    u.port = 7000;
    CHECK(resolveTargets(u) == std::vector<OutputTarget>{{ip("10.0.0.5"), 7000, 0}, {ip("10.0.0.6"), 7000, 0}});
    u.port = 0;
    u.destination = OutputDestination::Broadcast;
    u.interfaceAddress = "10.1.2.3";
    u.prefixLength = 16;
    CHECK(resolveTargets(u) == std::vector<OutputTarget>{{ip("10.1.255.255"), 6454, 0}});

    OutputUniverse s = sacnUniverse(63999);
    s.interfaceAddress = "192.168.1.20";
    CHECK(resolveTargets(s) == std::vector<OutputTarget>{{ip("239.255.249.255"), 5568, ip("192.168.1.20")}});
    s.destination = OutputDestination::Unicast;
    s.addresses = {"127.0.0.1"};
    CHECK(resolveTargets(s) == std::vector<OutputTarget>{{ip("127.0.0.1"), 5568, 0}});
}

TEST_CASE("an Art-Net output sends ArtDmx byte for byte as ARTNET.md lays it out", "[output][session]") {
    OutputSettings settings;
    settings.universes = {artnetUniverse("1:2:3", {"10.0.0.5", "10.0.0.6"})};
    OutputSession session(settings);
    Capture sink;
    session.tick(0, slots(1.0f, 0.5f), sink);
    REQUIRE(sink.packets.size() == 2);   // one per address
    // Port-Address 1:2:3: SubUni 0x23, Net 0x01. Slot 1 value 1.0 -> 255, slot 2 value 0.5 -> 128 on channel 3.
    const Bytes expected = withSlots(artDmxHeader(1, 0x23, 0x01), {{1, 255}, {3, 128}});
    CHECK(sink.packets[0].bytes == expected);
    CHECK(sink.packets[1].bytes == expected);
    CHECK(sink.packets[0].to == OutputTarget{ip("10.0.0.5"), 6454, 0});
    CHECK(sink.packets[1].to == OutputTarget{ip("10.0.0.6"), 6454, 0});

    const ArtNetParseResult parsed = parseArtNet(sink.packets[0].bytes);
    REQUIRE(parsed.kind == ArtNetKind::Dmx);
    CHECK(parsed.dmx.address == *PortAddress::parse("1:2:3"));
    CHECK(parsed.dmx.sequence == 1);
    CHECK(parsed.dmx.length == 512);
    CHECK(parsed.dmx.data[0] == 255);
    CHECK(parsed.dmx.data[2] == 128);

    // A change in the next period goes out with the next sequence number.
    sink.packets.clear();
    session.tick(OutputScheduler(DmxProtocol::ArtNet, 44).periodNs(), slots(0.0f, 0.5f), sink);
    REQUIRE(sink.packets.size() == 2);
    CHECK(sink.packets[0].bytes == withSlots(artDmxHeader(2, 0x23, 0x01), {{3, 128}}));
}

TEST_CASE("an sACN output sends data packets byte for byte as ARTNET.md lays them out", "[output][session]") {
    OutputSettings settings;
    settings.cid = kCid;
    settings.sourceName = "sACNView";
    OutputUniverse u = sacnUniverse(1);
    settings.universes = {u};
    OutputSession session(settings);
    CHECK(session.cid() == kCid);
    Capture sink;
    session.tick(5, slots(0.25f, 1.0f), sink);
    REQUIRE(sink.packets.size() == 1);
    CHECK(sink.packets[0].to == OutputTarget{ip("239.255.0.1"), 5568, 0});
    // Priority 100 (0x64), sequence 0, no options, universe 1; slot 1 0.25 -> 64 (63.75), slot 2 1.0 -> 255.
    CHECK(sink.packets[0].bytes == withSlots(sacnHeader(0, 0x00, 1, 0x64, "sACNView"), {{1, 64}, {3, 255}}));

    const SacnParseResult parsed = parseSacn(sink.packets[0].bytes);
    REQUIRE(parsed.kind == SacnKind::Data);
    CHECK(parsed.data.cid == kCid);
    CHECK(parsed.data.sourceName == "sACNView");
    CHECK(parsed.data.priority == 100);
    CHECK(parsed.data.universe == 1);
    CHECK(parsed.data.sequence == 0);
    CHECK_FALSE(parsed.data.terminated);
    CHECK(parsed.data.length == 512);
    CHECK(parsed.data.data[0] == 64);
    CHECK(parsed.data.data[2] == 255);
}

TEST_CASE("stopping an sACN output sends 3 Stream_Terminated packets of the last frame", "[output][session]") {
    OutputSettings settings;
    settings.cid = kCid;
    OutputUniverse s = sacnUniverse(300);
    s.priority = 150;
    OutputUniverse a = artnetUniverse("0:0:1", {"10.0.0.5"});
    settings.universes = {s, a};
    OutputSession session(settings);
    Capture sink;
    const std::uint64_t period = OutputScheduler(DmxProtocol::Sacn, 44).periodNs();
    session.tick(0, slots(1.0f, 0.0f), sink);
    REQUIRE(sink.packets.size() == 2);
    session.stop();
    CHECK_FALSE(session.finished());
    sink.packets.clear();
    for (int i = 1; i <= 10; ++i)
        session.tick(static_cast<std::uint64_t>(i) * period, slots(0.0f, 0.0f), sink);   // later values are not sent
    REQUIRE(sink.packets.size() == 3);   // Art-Net stops at once; sACN terminates
    for (std::size_t i = 0; i < 3; ++i) {
        INFO("termination " << i);
        CHECK(sink.packets[i].bytes == withSlots(sacnHeader(static_cast<int>(i) + 1, 0x40, 300, 150, "DMX In"), {{1, 255}}));
        const SacnParseResult parsed = parseSacn(sink.packets[i].bytes);
        REQUIRE(parsed.kind == SacnKind::Data);
        CHECK(parsed.data.terminated);
        CHECK(parsed.data.universe == 300);
    }
    CHECK(session.finished());
}

TEST_CASE("ArtSync follows the ArtDmx of a tick, once per target, when asked", "[output][session]") {
    OutputSettings settings;
    settings.artnetSync = true;
    settings.universes = {artnetUniverse("0:0:1", {"10.0.0.5", "10.0.0.6"}), artnetUniverse("0:0:2", {"10.0.0.5"}),
                          sacnUniverse(9)};
    settings.cid = kCid;
    OutputSession session(settings);
    Capture sink;
    session.tick(0, slots(0.5f, 0.5f), sink);
    // 2 + 1 ArtDmx, 1 sACN data, then ArtSync to 10.0.0.5 and 10.0.0.6 (each once).
    REQUIRE(sink.packets.size() == 6);
    const Bytes artSync = bytes({0x41, 0x72, 0x74, 0x2d, 0x4e, 0x65, 0x74, 0x00, 0x00, 0x52, 0x00, 0x0e, 0x00, 0x00});
    CHECK(parseArtNet(sink.packets[0].bytes).kind == ArtNetKind::Dmx);
    CHECK(parseArtNet(sink.packets[2].bytes).dmx.address == *PortAddress::parse("0:0:2"));
    CHECK(parseSacn(sink.packets[3].bytes).kind == SacnKind::Data);
    CHECK(sink.packets[4].bytes == artSync);
    CHECK(sink.packets[4].to.ip == ip("10.0.0.5"));
    CHECK(sink.packets[5].bytes == artSync);
    CHECK(sink.packets[5].to.ip == ip("10.0.0.6"));
    CHECK(parseArtNet(sink.packets[5].bytes).kind == ArtNetKind::Sync);

    // A tick that sends no ArtDmx sends no ArtSync; without the option there is none either.
    sink.packets.clear();
    session.tick(1, slots(0.5f, 0.5f), sink);
    CHECK(sink.packets.empty());
    settings.artnetSync = false;
    OutputSession plain(settings);
    plain.tick(0, slots(0.5f, 0.5f), sink);
    CHECK(sink.packets.size() == 4);
}

TEST_CASE("nothing is sent without an enabled output universe", "[output][session]") {
    Capture sink;
    OutputSession none{OutputSettings{}};
    none.tick(0, slots(1.0f, 1.0f), sink);
    CHECK(none.universeCount() == 0);
    CHECK(none.finished());

    OutputSettings off;
    off.universes = {artnetUniverse("0:0:1", {"10.0.0.5"})};
    off.enabled = false;
    OutputSession masterOff(off);
    masterOff.tick(0, slots(1.0f, 1.0f), sink);

    OutputSettings disabled;
    disabled.universes = {artnetUniverse("0:0:1", {"10.0.0.5"})};
    disabled.universes[0].enabled = false;
    OutputSession universeOff(disabled);
    universeOff.tick(0, slots(1.0f, 1.0f), sink);
    CHECK(sink.packets.empty());
}

TEST_CASE("a session without a CID makes one; the next wake follows the schedulers", "[output][session]") {
    OutputSettings settings;
    settings.universes = {sacnUniverse(2)};
    settings.universes[0].rateHz = 10;
    OutputSession session(settings);
    CHECK_FALSE(isNilCid(session.cid()));
    Capture sink;
    CHECK(session.nextWakeNs() == 0);
    session.tick(1000, slots(0, 0), sink);
    REQUIRE(sink.packets.size() == 1);
    CHECK(parseSacn(sink.packets[0].bytes).data.cid == session.cid());
    CHECK(session.nextWakeNs() == 1000 + 100'000'000);
}

TEST_CASE("finish sends the remaining terminations at once", "[output][session]") {
    OutputSettings settings;
    settings.cid = kCid;
    settings.universes = {sacnUniverse(4), artnetUniverse("0:0:1", {"10.0.0.5"})};
    settings.universes[0].rateHz = 1;   // one per second: waiting for the periods would take 3 s
    OutputSession session(settings);
    Capture sink;
    session.tick(0, slots(1.0f, 0.0f), sink);
    REQUIRE(sink.packets.size() == 2);
    sink.packets.clear();
    session.finish(sink);
    CHECK(session.finished());
    REQUIRE(sink.packets.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
        const SacnParseResult parsed = parseSacn(sink.packets[i].bytes);
        REQUIRE(parsed.kind == SacnKind::Data);
        CHECK(parsed.data.terminated);
        CHECK(parsed.data.sequence == i + 1);
        CHECK(parsed.data.data[0] == 255);
    }
    // A session that never sent has nothing to terminate.
    OutputSession idle(settings);
    sink.packets.clear();
    idle.finish(sink);
    CHECK(idle.finished());
    CHECK(sink.packets.empty());
}

TEST_CASE("slot values published for the output are read back by slot", "[output][session]") {
    OutputSlotValues values;
    values.publish(1, 0.25f);
    values.publish(128, 1.0f);
    values.publish(0, 0.5f);     // outside 1..128: ignored
    values.publish(129, 0.5f);
    std::vector<float> out(kNumParameterSlots, -1.0f);
    values.read(out);
    CHECK(out[0] == Approx(0.25f).margin(0));
    CHECK(out[127] == Approx(1.0f).margin(0));
    CHECK(out[1] == Approx(0.0f).margin(0));
    int nonZero = 0;
    for (float v : out)
        if (v > 0.0f || v < 0.0f)
            ++nonZero;
    CHECK(nonZero == 2);
}

TEST_CASE("edited settings carry a running universe on as the same stream", "[output][session]") {
    OutputSettings before;
    before.cid = kCid;
    before.universes = {sacnUniverse(4), sacnUniverse(5), artnetUniverse("0:0:1", {"10.0.0.5"})};
    OutputSession first(before);
    Capture sink;
    const std::uint64_t p = OutputScheduler(DmxProtocol::Sacn, 44).periodNs();
    for (int i = 0; i < 3; ++i)
        first.tick(static_cast<std::uint64_t>(i) * p, slots(0.5f, 0.0f), sink);   // sACN seq 0..2, Art-Net seq 1
    sink.packets.clear();

    // The edit: universe 4 keeps its targets (a channel changes), universe 5 is removed, Art-Net stays.
    OutputSettings after = before;
    after.universes[0].channels.push_back(channel(10, 3));
    after.universes.erase(after.universes.begin() + 1);
    OutputSession second(after);
    second.takeOver(first);
    first.stop();

    // Universe 4 and the Art-Net universe were handed over: the old session only terminates universe 5.
    for (int i = 3; i < 10; ++i)
        first.tick(static_cast<std::uint64_t>(i) * p, slots(0.5f, 0.0f), sink);
    REQUIRE(sink.packets.size() == 3);
    for (const auto& packet : sink.packets) {
        const auto parsed = parseSacn(packet.bytes);
        CHECK(parsed.data.universe == 5);
        CHECK(parsed.data.terminated);
    }
    CHECK(first.finished());

    // The unchanged frame is not resent at once; the next change goes on with the next numbers.
    sink.packets.clear();
    second.tick(3 * p, slots(0.5f, 0.0f), sink);
    CHECK(sink.packets.empty());
    second.tick(4 * p, slots(1.0f, 0.0f), sink);
    REQUIRE(sink.packets.size() == 2);
    const auto sacn = parseSacn(sink.packets[0].bytes);
    REQUIRE(sacn.kind == SacnKind::Data);
    CHECK(sacn.data.universe == 4);
    CHECK(sacn.data.sequence == 3);
    CHECK_FALSE(sacn.data.terminated);
    const auto art = parseArtNet(sink.packets[1].bytes);
    REQUIRE(art.kind == ArtNetKind::Dmx);
    CHECK(art.dmx.sequence == 2);
}

TEST_CASE("a universe that moves to other targets is terminated there and numbered after", "[output][session]") {
    OutputSettings before;
    before.cid = kCid;
    OutputUniverse u = sacnUniverse(4);
    u.destination = OutputDestination::Unicast;
    u.addresses = {"10.0.0.5"};
    before.universes = {u};
    OutputSession first(before);
    Capture sink;
    first.tick(0, slots(0.5f, 0.0f), sink);   // sequence 0

    OutputSettings after = before;
    after.universes[0].addresses = {"10.0.0.6"};
    OutputSession second(after);
    second.takeOver(first);
    first.stop();
    sink.packets.clear();
    const std::uint64_t p = OutputScheduler(DmxProtocol::Sacn, 44).periodNs();
    for (int i = 1; i < 6; ++i)
        first.tick(static_cast<std::uint64_t>(i) * p, slots(0.5f, 0.0f), sink);
    REQUIRE(sink.packets.size() == 3);   // sequences 1..3 to the old target
    CHECK(sink.packets[2].to.ip == ip("10.0.0.5"));
    CHECK(parseSacn(sink.packets[2].bytes).data.sequence == 3);
    sink.packets.clear();
    second.tick(6 * p, slots(0.5f, 0.0f), sink);
    REQUIRE(sink.packets.size() == 1);   // a fresh start at the new target, numbered after the terminations
    CHECK(sink.packets[0].to.ip == ip("10.0.0.6"));
    CHECK(parseSacn(sink.packets[0].bytes).data.sequence == 4);

    // Another CID is another source: nothing is carried over.
    OutputSettings otherCid = before;
    otherCid.cid = *parseCid("00000000-0000-4000-8000-000000000001");
    OutputSession third(otherCid);
    OutputSession fourth(before);
    fourth.tick(0, slots(0.5f, 0.0f), sink);
    third.takeOver(fourth);
    sink.packets.clear();
    third.tick(0, slots(0.5f, 0.0f), sink);
    REQUIRE(sink.packets.size() == 1);
    CHECK(parseSacn(sink.packets[0].bytes).data.sequence == 0);
}
