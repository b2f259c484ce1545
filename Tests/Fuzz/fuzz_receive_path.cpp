// libFuzzer harness: the whole receive path of both protocols: ReceiverHub::
// handleDatagram (Art-Net port) / handleSacnDatagram (sACN port) -> parser -> counters -> the
// subscription's mergers -> its queue, plus timer passes, on a detached hub (no socket, no thread,
// the harness's own clock). A fresh subscription (so fresh mergers) per input on one hub for the
// whole run: a crash reproduces from its input alone except for the hub-wide source table. (A fresh
// hub per input spent most of the time faulting in the hub's buffers: about 150 inputs/s.)
//
// Input format (Tests/Fuzz/make_corpus.py writes seeds in it):
//   byte 0: bit 0 set = drain the queue after every step and check each frame against the step that
//           produced it; clear = drain only at the end (lets the 8-frame queue overflow).
//           bit 1 set = the subscription sets "sACN 1 = Art-Net 0:0:0".
//   then records, each [selector][length lo][length hi][source][length bytes]; a length past the
//   end of the input is cut to what is left. Selector bit 0: 0 = Art-Net port, 1 = sACN port;
//   bit 1: run the timers (runTimers(now)) before the datagram; bits 2-7: clock advance before the
//   datagram in 50 ms steps (0 .. 3.15 s, so the sACN 2.5 s and Art-Net loss timeouts fire).
//   Each datagram is copied into a buffer of exactly its size, so ASan sees any read past it.
// Checks, aborting on failure: datagrams == the sum of every outcome counter of both protocols;
// ArtDmx + sACN data packets == unsubscribed + the packets for a subscribed universe; frames popped
// == delivered (hub and subscription counters agree); every frame is for a subscribed universe,
// of the protocol that produced it, with 1..512 slots; a datagram that is neither ArtDmx, ArtSync
// nor sACN data for a subscribed universe delivers nothing, and a data datagram at most one frame,
// for its own universe; the source table stays within its bound.

#include "Core/ArtNetParser.h"
#include "Core/DmxFrame.h"
#include "Core/SacnParser.h"
#include "Core/UniverseId.h"
#include "Net/ReceiverHub.h"
#include "Net/Platform/UdpSocket.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <numeric>
#include <vector>

namespace {

using namespace dmxin;
using namespace dmxin::net;

void check(bool condition, const char* what) {
    if (!condition) {
        std::fprintf(stderr, "fuzz_receive_path: %s\n", what);
        std::abort();
    }
}

constexpr std::uint16_t kArtNet[] = {0x0000, 0x0001, 0x0423, 0x7FFF};
constexpr std::uint16_t kSacn[] = {1, 7, 63999};

bool subscribedKey(std::uint32_t key) {
    for (auto a : kArtNet)
        if (key == a)
            return true;
    for (auto s : kSacn)
        if (key == UniverseId::kSacnKeyBase + s)
            return true;
    return false;
}

// The sACN universes the subscription merges (ReceiverHub: its own, plus N+1 per Art-Net N when
// sACN 1 = Art-Net 0).
bool sacnMerged(std::uint16_t universe, bool oneIsZero) {
    for (auto s : kSacn)
        if (universe == s)
            return true;
    if (oneIsZero)
        for (auto a : kArtNet)
            if (universe == a + 1u)
                return true;
    return false;
}

// The key a frame from sACN universe `u` carries (ReceiverHub::SubscriberSink).
std::uint32_t sacnKey(std::uint16_t u, bool oneIsZero) {
    if (oneIsZero && u >= 1 && u <= PortAddress::kMaxFlat + 1)
        return static_cast<std::uint32_t>(u - 1);
    return UniverseId::kSacnKeyBase + u;
}

std::uint64_t outcomes(const HubStatus& s) {
    return s.dmxFrames + s.polls + s.pollReplies + s.ownPollReplies + s.syncs + s.nzs
         + std::accumulate(s.rejected.begin(), s.rejected.end(), std::uint64_t{0})
         + s.sacnPackets + s.sacnSyncs + s.sacnDiscovery
         + std::accumulate(s.sacnRejected.begin(), s.sacnRejected.end(), std::uint64_t{0});
}

void checkFrame(const DmxFrame& f) {
    check(subscribedKey(f.universeKey), "frame for a universe nobody subscribed");
    check(f.length >= 1 && f.length <= kDmxSlots, "frame length outside 1..512");
    const bool sacnKeyed = f.universeKey >= UniverseId::kSacnKeyBase;
    check(!sacnKeyed || f.protocol == DmxProtocol::Sacn, "sACN-keyed frame not marked sACN");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    const bool drainEach = (data[0] & 1) != 0;
    const bool oneIsZero = (data[0] & 2) != 0;

    static ReceiverHub* const hub = ReceiverHub::createDetached().release();   // lives for the run
    FrameQueue queue(8);
    const HubStatus before = hub->status();
    const int id = hub->subscribe(queue);
    SubscriptionSettings settings;
    for (auto a : kArtNet)
        settings.universes.push_back(*PortAddress::fromFlat(a));
    for (auto s : kSacn)
        settings.universes.push_back(*UniverseId::sacn(s));
    settings.ltpUniverses.push_back(*PortAddress::fromFlat(0x0001));
    settings.sacnOneIsArtnetZero = oneIsZero;
    hub->configure(id, settings);

    std::uint64_t now = 1'000'000'000ull;
    std::uint64_t fed = 0, popped = 0, wanted = 0;
    DmxFrame out;
    std::size_t at = 1;
    while (at < size) {
        const std::uint8_t selector = data[at];
        std::size_t length = at + 1 < size ? data[at + 1] : 0;
        if (at + 2 < size)
            length |= static_cast<std::size_t>(data[at + 2]) << 8;
        const std::uint8_t source = at + 3 < size ? data[at + 3] : 0;
        at = std::min(at + 4, size);
        length = std::min(length, size - at);
        std::vector<std::uint8_t> bytes(data + at, data + at + length);
        at += length;

        now += 50'000'000ull * (selector >> 2);
        if (selector & 2) {
            hub->runTimers(now);
            if (drainEach)
                while (queue.try_pop(out)) {
                    ++popped;
                    checkFrame(out);
                }
        }

        Datagram d;
        d.data = bytes.data();   // null for a zero-length datagram: the parser must not touch it
        d.size = bytes.size();
        d.sourceIp = 0x7F000000u | source;
        d.arrivalNs = now;
        const bool sacn = (selector & 1) != 0;
        bool dataDatagram = false, mayRelease = false;
        std::uint32_t expectedKey = 0;
        if (sacn) {
            d.sourcePort = 5568;
            hub->handleSacnDatagram(d);
            const SacnParseResult r = parseSacn(bytes);
            if (r.kind == SacnKind::Data && sacnMerged(r.data.universe, oneIsZero)) {
                ++wanted;
                dataDatagram = true;
                expectedKey = sacnKey(r.data.universe, oneIsZero);
            }
        } else {
            d.sourcePort = 6454;
            hub->handleDatagram(d);
            const ArtNetParseResult r = parseArtNet(bytes);
            if (r.kind == ArtNetKind::Dmx && subscribedKey(r.dmx.address.flat())) {
                ++wanted;
                dataDatagram = true;
                expectedKey = r.dmx.address.flat();
            }
            mayRelease = r.kind == ArtNetKind::Sync;   // ArtSync releases held universes
        }
        ++fed;

        if (drainEach) {
            int frames = 0;
            while (queue.try_pop(out)) {
                ++popped;
                ++frames;
                checkFrame(out);
                if (dataDatagram)
                    check(out.universeKey == expectedKey, "a data datagram delivered another universe");
            }
            if (!dataDatagram && !mayRelease)
                check(frames == 0, "a datagram that carries no subscribed data delivered a frame");
            if (dataDatagram)
                check(frames <= 1, "one data datagram delivered more than one frame");
        }
    }
    while (queue.try_pop(out)) {
        ++popped;
        checkFrame(out);
    }

    const HubStatus s = hub->status(id);
    check(s.datagrams - before.datagrams == fed, "datagram counter differs from the datagrams fed");
    check(outcomes(s) - outcomes(before) == fed, "datagrams != the sum of outcomes");
    check((s.dmxFrames - before.dmxFrames) + (s.sacnPackets - before.sacnPackets)
              == (s.unsubscribed - before.unsubscribed) + wanted,
          "ArtDmx + sACN data != unsubscribed + packets for subscribed universes");
    check(s.counters.delivered == s.delivered - before.delivered && s.counters.queueFull == s.queueFull - before.queueFull,
          "subscription and hub counters disagree");
    check(popped == s.counters.delivered, "frames popped != frames delivered");
    check(s.sources.size() <= ReceiverHub::kMaxTrackedSources, "source table grew past its bound");
    hub->unsubscribe(id);
    return 0;
}
