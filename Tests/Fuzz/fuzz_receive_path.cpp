// libFuzzer harness: the whole receive path, ReceiverHub::handleDatagram -> counters -> an
// instance's queue (issue 6). Depends only on ReceiverHub::acquire/subscribe/setUniverses/
// handleDatagram/status and the Datagram struct, so it survives the hub's refactoring.
//
// Input format (Tests/Fuzz/make_corpus.py writes seeds in it):
//   byte 0: bit 0 set = drain the queue after every datagram and compare each frame with what the
//           parser says it must be; clear = drain only at the end (lets the 8-frame queue overflow)
//   then datagrams, each [length lo][length hi][source][length bytes]; a length past the end of
//   the input is cut to what is left. Each datagram is copied into a buffer of exactly its size,
//   so ASan sees any read past the datagram.
// Checks, aborting on failure: datagrams == the sum of all outcomes; ArtDmx frames == delivered +
// queue full + unsubscribed (one subscriber); frames popped == delivered; every popped frame is
// for a subscribed universe, has 1..512 slots and zeros past its length.

#include "Core/ArtNetParser.h"
#include "Core/DmxFrame.h"
#include "Net/ReceiverHub.h"
#include "Net/UdpSocket.h"

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

constexpr std::uint16_t kSubscribed[] = {0x0000, 0x0001, 0x0423, 0x7FFF};

bool isSubscribed(std::uint16_t portAddress) {
    return std::find(std::begin(kSubscribed), std::end(kSubscribed), portAddress) != std::end(kSubscribed);
}

struct Fixture {
    std::shared_ptr<ReceiverHub> hub = ReceiverHub::acquire("127.0.0.1", 0);
    FrameQueue queue{8};
    Fixture() {
        const int id = hub->subscribe(queue);
        std::vector<PortAddress> universes;
        for (auto flat : kSubscribed)
            universes.push_back(*PortAddress::fromFlat(flat));
        hub->setUniverses(id, universes);
    }
};

Fixture& fixture() {
    static Fixture* f = new Fixture();   // never destroyed: the hub's thread outlives every input
    return *f;
}

std::uint64_t outcomes(const HubStatus& s) {
    return s.dmxFrames + s.polls + s.pollReplies + s.syncs + s.nzs
         + std::accumulate(s.rejected.begin(), s.rejected.end(), std::uint64_t{0});
}

void checkFrame(const DmxFrame& f) {
    check(isSubscribed(f.portAddress), "frame for a universe nobody subscribed");
    check(f.length >= 1 && f.length <= kDmxSlots, "frame length outside 1..512");
    check(f.protocol == DmxProtocol::ArtNet, "frame protocol is not Art-Net");
    for (std::size_t i = f.length; i < kDmxSlots; ++i)
        check(f.slots[i] == 0, "slot past the frame's length is not zero");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    Fixture& fx = fixture();
    const bool drainEach = (data[0] & 1) != 0;
    static std::uint64_t clockNs = 0;

    const HubStatus before = fx.hub->status();
    std::uint64_t fed = 0, popped = 0;
    DmxFrame out;
    std::size_t at = 1;
    while (at < size) {
        std::size_t length = data[at];
        if (at + 1 < size)
            length |= static_cast<std::size_t>(data[at + 1]) << 8;
        const std::uint8_t source = at + 2 < size ? data[at + 2] : 0;
        at = std::min(at + 3, size);
        length = std::min(length, size - at);

        std::vector<std::uint8_t> bytes(data + at, data + at + length);
        at += length;
        Datagram d;
        d.data = bytes.data();   // null for a zero-length datagram: the parser must not touch it
        d.size = bytes.size();
        d.sourceIp = 0x7F000000u | source;
        d.sourcePort = 6454;
        clockNs += 1'000'000'000ull * (source & 0x0F);   // lets idle sources age out of the table
        d.arrivalNs = clockNs;
        fx.hub->handleDatagram(d);
        ++fed;

        if (drainEach) {
            const ArtNetParseResult r = parseArtNet(bytes);
            const bool expected = r.kind == ArtNetKind::Dmx && isSubscribed(r.dmx.address.flat());
            const bool got = fx.queue.try_pop(out);
            check(got == expected, "frame delivered iff the datagram is ArtDmx for a subscribed universe");
            if (got) {
                ++popped;
                checkFrame(out);
                check(out.portAddress == r.dmx.address.flat() && out.length == r.dmx.length
                          && out.sequence == r.dmx.sequence && out.physical == r.dmx.physical
                          && out.sourceIp == d.sourceIp && out.arrivalNs == d.arrivalNs,
                      "frame header differs from the parsed datagram");
                check(std::memcmp(out.slots.data(), r.dmx.data, r.dmx.length) == 0,
                      "frame slots differ from the datagram");
            }
        }
    }
    while (fx.queue.try_pop(out)) {
        ++popped;
        checkFrame(out);
    }

    const HubStatus after = fx.hub->status();
    const std::uint64_t datagrams = after.datagrams - before.datagrams;
    check(datagrams == fed, "datagram counter differs from the datagrams fed");
    check(outcomes(after) - outcomes(before) == datagrams, "datagrams != the sum of outcomes");
    const std::uint64_t dmx = after.dmxFrames - before.dmxFrames;
    const std::uint64_t delivered = after.delivered - before.delivered;
    check(dmx == delivered + (after.queueFull - before.queueFull) + (after.unsubscribed - before.unsubscribed),
          "ArtDmx frames != delivered + queue full + unsubscribed");
    check(popped == delivered, "frames popped != frames delivered");
    check(after.sources.size() <= ReceiverHub::kMaxTrackedSources, "source table grew past its bound");
    return 0;
}
