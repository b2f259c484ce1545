// The malformed/hostile Art-Net and sACN tables (Tests/Tools/MalformedSacn.h, at the end)
// through the full receive path. Art-Net: the malformed/hostile Art-Net table (Tests/Tools/MalformedArtNet.h) through the full
// receive path, ReceiverHub::handleDatagram. Each malformed datagram must raise exactly its own
// drop counter, deliver no frame to a queue subscribed to every universe it names, and leave every
// other counter, the source table and the per-universe counts unchanged. Clamped ones are
// delivered with exactly the usable slots and zeros after.
// Uses a detached hub (no socket, no receive thread), so the only clock is the test's and nothing
// else touches the queue: a live hub's timer pass would see the test's fake arrival times as
// ancient and push loss frames into the queue (and, if a REQUIRE unwound before unsubscribe, into
// a destroyed queue).

#include "Core/ArtNetParser.h"
#include "Core/DmxFrame.h"
#include "MalformedArtNet.h"
#include "MalformedSacn.h"
#include "Net/ReceiverHub.h"
#include "Net/Platform/UdpSocket.h"

#include <catch2/catch.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

using namespace dmxin;
using namespace dmxin::net;
using namespace dmxin::testing;

namespace {

// A source nothing else in this test binary uses, so the source table check is exact.
constexpr std::uint32_t kSource = 0x7F0000FEu;   // 127.0.0.254

Datagram datagramOf(const Bytes& bytes, std::uint64_t arrivalNs) {
    Datagram d;
    d.data = bytes.data();
    d.size = bytes.size();
    d.sourceIp = kSource;
    d.sourcePort = 6454;
    d.arrivalNs = arrivalNs;
    return d;
}

std::uint64_t packetsFrom(const HubStatus& s, std::uint32_t ip) {
    std::uint64_t n = 0;
    for (const auto& src : s.sources)
        if (src.ip == ip)
            n += src.packets;
    return n;
}

// Every counter of `after` equals `before`, except datagrams (+1) and rejected[reason] (+1).
void checkOnlyRejected(const HubStatus& before, const HubStatus& after, ArtNetReject reason) {
    CHECK(after.datagrams == before.datagrams + 1);
    for (std::size_t i = 0; i < after.rejected.size(); ++i) {
        INFO("rejected[" << toString(static_cast<ArtNetReject>(i)) << "]");
        CHECK(after.rejected[i] == before.rejected[i] + (i == static_cast<std::size_t>(reason) ? 1u : 0u));
    }
    CHECK(after.dmxFrames == before.dmxFrames);
    CHECK(after.delivered == before.delivered);
    CHECK(after.polls == before.polls);
    CHECK(after.pollReplies == before.pollReplies);
    CHECK(after.syncs == before.syncs);
    CHECK(after.nzs == before.nzs);
    CHECK(after.queueFull == before.queueFull);
    CHECK(after.unsubscribed == before.unsubscribed);
    CHECK(after.sourcesDropped == before.sourcesDropped);
    CHECK(after.sources.size() == before.sources.size());
    CHECK(packetsFrom(after, kSource) == packetsFrom(before, kSource));
}

} // namespace

TEST_CASE("ReceiverHub drops every malformed datagram under its reason and changes nothing else", "[net][malformed]") {
    FrameQueue queue(16);
    auto hub = ReceiverHub::createDetached();
    const int id = hub->subscribe(queue);
    // 0:0:1 is the Port-Address every ArtDmx/ArtNzs of the table names; 0:0:0 is what a zeroed header reads as.
    hub->setUniverses(id, {*PortAddress::fromFlat(0), *PortAddress::fromFlat(1)});

    // Positive control: a valid ArtDmx through the same path does reach the queue.
    const Bytes valid = malformed_detail::artDmx(2, 2);
    hub->handleDatagram(datagramOf(valid, 1));
    DmxFrame frame;
    REQUIRE(queue.try_pop(frame));
    CHECK(frame.universeKey == 1);

    std::uint64_t clock = 2;
    int checked = 0;
    for (const auto& c : malformedArtNet()) {
        INFO(c.name << " (" << c.bytes.size() << " bytes), expected " << toString(c.expected));
        const HubStatus before = hub->status();
        const std::uint64_t universe1Before = hub->packetsForUniverse(*PortAddress::fromFlat(1));
        hub->handleDatagram(datagramOf(c.bytes, clock++));
        const HubStatus after = hub->status();
        checkOnlyRejected(before, after, c.expected);
        CHECK(hub->packetsForUniverse(*PortAddress::fromFlat(1)) == universe1Before);
        CHECK_FALSE(queue.try_pop(frame));
        ++checked;
    }
    CHECK(checked >= 30);
    hub->unsubscribe(id);
}

TEST_CASE("ReceiverHub delivers hostile Length fields clamped to the slots received", "[net][malformed]") {
    std::uint64_t clock = 1;
    for (const auto& c : clampedArtNet()) {
        INFO(c.name << " (" << c.bytes.size() << " bytes)");
        // A fresh hub per case: every case carries the same sequence number, which the Art-Net
        // merger would drop as a duplicate on a second packet from the same source.
        FrameQueue queue(16);
        auto hub = ReceiverHub::createDetached();
        const int id = hub->subscribe(queue);
        hub->setUniverses(id, {*PortAddress::fromFlat(1)});
        const HubStatus before = hub->status();
        hub->handleDatagram(datagramOf(c.bytes, clock++));
        const HubStatus after = hub->status();
        CHECK(after.dmxFrames == before.dmxFrames + 1);
        CHECK(after.delivered == before.delivered + 1);
        CHECK(after.totalRejected() == before.totalRejected());
        DmxFrame frame;
        REQUIRE(queue.try_pop(frame));
        CHECK(frame.length == c.usableLength);
        for (std::size_t i = 0; i < kDmxSlots; ++i) {
            const std::uint8_t expected = i < c.usableLength ? c.bytes[kArtDmxHeaderSize + i] : std::uint8_t{0};
            if (frame.slots[i] != expected) {
                FAIL_CHECK("slot " << i + 1 << " is " << int(frame.slots[i]) << ", expected " << int(expected));
                break;
            }
        }
        CHECK_FALSE(queue.try_pop(frame));
        hub->unsubscribe(id);
    }
}

// ---- sACN: the malformed table through handleSacnDatagram ----

namespace {

Datagram sacnDatagramOf(const std::vector<std::uint8_t>& bytes, std::uint64_t arrivalNs) {
    Datagram d = datagramOf(bytes, arrivalNs);
    d.sourcePort = 5568;
    return d;
}

std::uint64_t framesFor(const HubStatus& s, UniverseId u) {
    for (const auto& st : s.universes)
        if (st.universe == u)
            return st.frames;
    return 0;
}

// Every counter of `after` equals `before`, except datagrams (+1) and sacnRejected[reason] (+1).
void checkOnlySacnRejected(const HubStatus& before, const HubStatus& after, SacnReject reason) {
    CHECK(after.datagrams == before.datagrams + 1);
    for (std::size_t i = 0; i < after.sacnRejected.size(); ++i) {
        INFO("sacnRejected[" << toString(static_cast<SacnReject>(i)) << "]");
        CHECK(after.sacnRejected[i] == before.sacnRejected[i] + (i == static_cast<std::size_t>(reason) ? 1u : 0u));
    }
    CHECK(after.rejected == before.rejected);
    CHECK(after.sacnPackets == before.sacnPackets);
    CHECK(after.sacnSyncs == before.sacnSyncs);
    CHECK(after.sacnDiscovery == before.sacnDiscovery);
    CHECK(after.dmxFrames == before.dmxFrames);
    CHECK(after.delivered == before.delivered);
    CHECK(after.queueFull == before.queueFull);
    CHECK(after.unsubscribed == before.unsubscribed);
    CHECK(after.sourcesDropped == before.sourcesDropped);
    CHECK(after.sources.size() == before.sources.size());
    CHECK(packetsFrom(after, kSource) == packetsFrom(before, kSource));
    CHECK(after.counters.delivered == before.counters.delivered);
    CHECK(after.counters.previewDropped == before.counters.previewDropped);
    CHECK(after.counters.startCodeDropped == before.counters.startCodeDropped);
    CHECK(after.counters.sequenceDropped == before.counters.sequenceDropped);
}

} // namespace

TEST_CASE("ReceiverHub drops every malformed sACN datagram under its reason and changes nothing else", "[net][malformed][sacn]") {
    namespace d = malformed_sacn_detail;
    const UniverseId universe = *UniverseId::sacn(d::kUniverse);
    FrameQueue queue(16);
    auto hub = ReceiverHub::createDetached();
    const int id = hub->subscribe(queue);
    SubscriptionSettings settings;
    // Universe 7 is what every data row names; 1 and the Art-Net universes 0:0:0 / 0:0:1 catch a
    // row that a bug would read as another universe.
    settings.universes = {universe, *UniverseId::sacn(1), *PortAddress::fromFlat(0), *PortAddress::fromFlat(1)};
    hub->configure(id, settings);

    // Positive control: a valid packet through the same path reaches the queue.
    std::uint8_t sequence = 1;
    const auto valid = d::data(8, sequence++);
    hub->handleSacnDatagram(sacnDatagramOf(valid, 1'000));
    DmxFrame frame;
    REQUIRE(queue.try_pop(frame));
    CHECK(frame.universeKey == universe.key());
    CHECK(frame.protocol == DmxProtocol::Sacn);
    CHECK(frame.length == 8);
    CHECK(frame.slots[0] == 0x11);
    CHECK(framesFor(hub->status(id), universe) == 1);

    std::uint64_t clock = 2'000;
    int checked = 0;
    for (const auto& c : malformedSacn()) {
        INFO(c.name << " (" << c.bytes.size() << " bytes), expected " << toString(c.expected));
        const HubStatus before = hub->status(id);
        hub->handleSacnDatagram(sacnDatagramOf(c.bytes, clock++));
        const HubStatus after = hub->status(id);
        checkOnlySacnRejected(before, after, c.expected);
        CHECK(framesFor(after, universe) == framesFor(before, universe));
        CHECK_FALSE(queue.try_pop(frame));
        ++checked;
    }
    CHECK(checked >= 15);

    // The hub is still healthy: the next valid packet is delivered.
    hub->handleSacnDatagram(sacnDatagramOf(d::data(8, sequence++), clock++));
    CHECK(queue.try_pop(frame));
    CHECK(framesFor(hub->status(id), universe) == 2);
    hub->unsubscribe(id);
}

TEST_CASE("ReceiverHub counts sACN preview data and START code 0xCC as merger drops, not parse errors", "[net][malformed][sacn]") {
    namespace d = malformed_sacn_detail;
    const UniverseId universe = *UniverseId::sacn(d::kUniverse);
    FrameQueue queue(16);
    auto hub = ReceiverHub::createDetached();
    const int id = hub->subscribe(queue);
    hub->setUniverses(id, {universe});

    const HubStatus start = hub->status(id);
    hub->handleSacnDatagram(sacnDatagramOf(d::data(8, 1, SacnOption::Preview), 1'000));
    const HubStatus afterPreview = hub->status(id);
    CHECK(afterPreview.counters.previewDropped == start.counters.previewDropped + 1);
    CHECK(afterPreview.sacnPackets == start.sacnPackets + 1);
    CHECK(afterPreview.totalRejected() == start.totalRejected());
    DmxFrame frame;
    CHECK_FALSE(queue.try_pop(frame));

    hub->handleSacnDatagram(sacnDatagramOf(d::data(8, 2, 0, 0xCC), 2'000));
    const HubStatus afterCc = hub->status(id);
    CHECK(afterCc.counters.startCodeDropped == afterPreview.counters.startCodeDropped + 1);
    CHECK(afterCc.counters.previewDropped == afterPreview.counters.previewDropped);
    CHECK(afterCc.sacnPackets == afterPreview.sacnPackets + 1);
    CHECK(afterCc.totalRejected() == start.totalRejected());
    CHECK(afterCc.counters.delivered == start.counters.delivered);
    CHECK_FALSE(queue.try_pop(frame));
    CHECK(framesFor(afterCc, universe) == 0);

    // Positive control: the same source's next plain packet is delivered.
    hub->handleSacnDatagram(sacnDatagramOf(d::data(8, 3), 3'000));
    CHECK(queue.try_pop(frame));
    CHECK(hub->status(id).counters.delivered == start.counters.delivered + 1);
    hub->unsubscribe(id);
}
