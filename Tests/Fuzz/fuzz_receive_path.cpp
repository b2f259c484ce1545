// libFuzzer harness: the whole receive path of both protocols: ReceiverHub::
// handleDatagram (Art-Net port) / handleSacnDatagram (sACN port) -> parser -> counters -> the
// subscription's mergers -> its queue, plus timer passes, on a detached hub (no socket, no thread,
// the harness's own clock).
//
// One hub, one subscription and one queue for the whole run, reset between inputs (a fresh hub per
// input ran at about 150 inputs/s; a fresh subscription per input at about 1,000, nearly all of it
// building the mergers' 64 Ki / 32 Ki entry indexes). The reset, settle(), runs before the first
// input and after every input, through the public API only:
//   1. runTimers 20 s after the input's last datagram: every Art-Net source (10 s) and sACN
//      source (2.5 s) times out, every universe is lost, ArtSync mode ends (4 s); sACN universes are
//      released by the merger;
//   2. one ArtDmx from a fixed reset sender (10.0.0.1, outside the inputs' 127.0.0.x) to each
//      subscribed Art-Net universe: the Art-Net merger never forgets a universe, so every one it can
//      track is made to exist, and its "last ArtDmx sender" (which ArtSyncs must come from) is the
//      reset sender;
//   3. runTimers 20 s later again, so those sources leave too; the queue is drained (frames checked).
// Each input's clock starts 1 s after the previous reset (the hub's clock only moves forward, as a
// real one does; the mergers compare times only by differences), and "sACN 1 = Art-Net 0" is
// re-configured when it differs from the previous input's. So every input starts from the same
// state, whether it is the first in the process or the millionth: no source, no live universe,
// asynchronous Art-Net, an empty queue. A crash reproduces from its input alone:
//   Builds/out-fuzz/Tests/Fuzz/fuzz_receive_path <crash-input>
// What does carry over is what only status() reports (the hub-wide source table, bounded, and the
// per-universe status entries), the poll responder's rate limit and poller list, the queue's ring
// position and recycled merger records (as on a receiver that runs for days); counters are
// cumulative and the checks use their differences over the input.
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
// for its own universe, besides the frames held for an ArtSync that an ArtDmx finding the sync timed
// out releases (the subscription's syncTimeouts counter rises); the source table stays within its bound.

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

constexpr std::uint32_t kResetSender = 0x0A000001u;        // 10.0.0.1
// -DFUZZ_CLOCK_LIMIT_NS=1000000000000 (1000 s) exercises the rebuild below every ~25 inputs.
#ifndef FUZZ_CLOCK_LIMIT_NS
#define FUZZ_CLOCK_LIMIT_NS (std::uint64_t{1} << 62)
#endif
constexpr std::uint64_t kClockLimitNs = FUZZ_CLOCK_LIMIT_NS;   // see LLVMFuzzerTestOneInput
constexpr std::uint64_t kFlushNs = 20'000'000'000ull;       // 20 s: twice the longest merger timeout (10 s)

SubscriptionSettings settingsFor(bool oneIsZero) {
    SubscriptionSettings settings;
    for (auto a : kArtNet)
        settings.universes.push_back(*PortAddress::fromFlat(a));
    for (auto s : kSacn)
        settings.universes.push_back(*UniverseId::sacn(s));
    settings.ltpUniverses.push_back(*PortAddress::fromFlat(0x0001));
    settings.sacnOneIsArtnetZero = oneIsZero;
    return settings;
}

// The hub, subscription and queue every input runs on (see the top of the file).
struct Rig {
    std::unique_ptr<ReceiverHub> hub = ReceiverHub::createDetached();
    FrameQueue queue{8};
    int id = 0;
    bool oneIsZero = false;
    std::uint64_t nowNs = 0;   // the hub's clock: the last time given to it

    Rig() {
        id = hub->subscribe(queue);
        hub->configure(id, settingsFor(oneIsZero));
    }

    void drain() {
        DmxFrame out;
        while (queue.try_pop(out))
            checkFrame(out);
    }

    // Back to the idle state every input starts from; nowNs is the time of the last datagram.
    void settle() {
        nowNs += kFlushNs;
        hub->runTimers(nowNs);
        drain();
        for (auto a : kArtNet) {
            const std::uint8_t artDmx[] = {'A', 'r', 't', '-', 'N', 'e', 't', 0, 0x00, 0x50, 0, 14,
                                           0 /*sequence: none*/, 0, static_cast<std::uint8_t>(a & 0xFF),
                                           static_cast<std::uint8_t>(a >> 8), 0, 2, 0, 0};
            Datagram d;
            d.data = artDmx;
            d.size = sizeof artDmx;
            d.sourceIp = kResetSender;
            d.sourcePort = 6454;
            d.arrivalNs = nowNs;
            hub->handleDatagram(d);
            drain();
        }
        nowNs += kFlushNs;
        hub->runTimers(nowNs);
        drain();
    }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    const bool drainEach = (data[0] & 1) != 0;
    const bool oneIsZero = (data[0] & 2) != 0;

    static Rig* const rig = [] {   // lives for the run
        auto* r = new Rig();
        r->settle();
        return r;
    }();
    if (rig->nowNs > kClockLimitNs) {
        // Each input moves the hub's clock by at least 41 s, so after about 100 million inputs:
        // a fresh subscription, brought to the same idle state, long before the clock could wrap
        // (an input moves it by at most 3.2 s per 4 bytes).
        rig->hub->unsubscribe(rig->id);
        rig->nowNs = 0;
        rig->oneIsZero = false;
        rig->id = rig->hub->subscribe(rig->queue);
        rig->hub->configure(rig->id, settingsFor(false));
        rig->settle();
    }
    ReceiverHub* const hub = rig->hub.get();
    FrameQueue& queue = rig->queue;
    const int id = rig->id;
    if (oneIsZero != rig->oneIsZero) {
        hub->configure(id, settingsFor(oneIsZero));
        rig->oneIsZero = oneIsZero;
    }
    // Only the counters before (the full status copies the 64-entry source table: a third of the run).
    const HubStatus before = hub->status(id, ReceiverHub::StatusDetail::CountersOnly);

    std::uint64_t now = rig->nowNs + 1'000'000'000ull;
    std::uint64_t fed = 0, popped = 0, wanted = 0;
    std::uint64_t syncTimeouts = before.counters.syncTimeouts;
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

        // An ArtDmx that finds ArtSync timed out first releases every frame held for the sync
        // (ArtNetMerger::expireSync), as the timer pass would have: those frames are not its own.
        if (dataDatagram && !sacn && drainEach) {
            const std::uint64_t timeouts = hub->status(id, ReceiverHub::StatusDetail::CountersOnly).counters.syncTimeouts;
            mayRelease = timeouts != syncTimeouts;
            syncTimeouts = timeouts;
        }
        if (drainEach) {
            int frames = 0;
            while (queue.try_pop(out)) {
                ++popped;
                ++frames;
                checkFrame(out);
                if (dataDatagram && !mayRelease)
                    check(out.universeKey == expectedKey, "a data datagram delivered another universe");
            }
            if (!dataDatagram && !mayRelease)
                check(frames == 0, "a datagram that carries no subscribed data delivered a frame");
            if (dataDatagram && !mayRelease)
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
    check(s.counters.delivered - before.counters.delivered == s.delivered - before.delivered
              && s.counters.queueFull - before.counters.queueFull == s.queueFull - before.queueFull,
          "subscription and hub counters disagree");
    check(popped == s.counters.delivered - before.counters.delivered, "frames popped != frames delivered");
    check(s.sources.size() <= ReceiverHub::kMaxTrackedSources, "source table grew past its bound");

    rig->nowNs = now;
    rig->settle();
    return 0;
}
