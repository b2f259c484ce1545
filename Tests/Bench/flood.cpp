// dmxin-flood: a hostile-network flood over real loopback UDP into a real ReceiverHub
// (127.0.0.1, ephemeral Art-Net and sACN ports), with one instance subscribed and a consumer
// draining its queue like an audio thread (one pass every 2.67 ms = 128 samples at 48 kHz).
//
// One sender thread sends, as fast as sendmmsg goes, batches of 64 datagrams: 5 valid ones (ArtDmx
// for the 4 mapped Art-Net universes 0:0:1..0:0:4, sACN data for mapped universe 5) and 59 from a
// pool of 16384 hostile datagrams built up front:
//   - random bytes, 0..1472 long, to either port;
//   - valid ArtDmx / sACN packets with 1..8 random bytes overwritten;
//   - thousands of fake Art-Net sources (Physical 0..255; loopback has one source IP) and fake sACN
//     sources (one CID each), on thousands of universes: 4000 unmapped ones of each protocol, plus
//     60 mapped decoy universes of each protocol, so the instance's mergers track fake sources too
//     (the mapped valid universes themselves are left alone: on a real network a third Art-Net
//     source or a higher sACN priority on your universe is a takeover, not a flood).
// Reports: datagrams sent / received per second, kernel drops, resident memory (VmRSS) after a 1 s
// warm-up and at the end, whether the hub's counters add up (datagrams == accepted + rejected +
// ignored), frames per valid universe, and the consumer's per-pass time (p50 / p99).
//
//   dmxin-flood [--seconds S] [--check]
// --check (the flood_smoke ctest) asserts behaviour only, never a rate: memory growth after the
// warm-up under 8 MiB (a leak of even a few bytes per datagram at these rates would pass that
// within a second), counters consistent, every valid universe updated; exit 1 otherwise.

#include "Core/ArtNetBuilder.h"
#include "Core/SacnBuilder.h"
#include "Net/ReceiverHub.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

using namespace dmxin;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kValidArtNet = 4;            // 0:0:1 .. 0:0:4 (flat 1..4)
constexpr std::uint16_t kValidSacn = 5;
constexpr int kDecoys = 60;                // mapped decoy universes per protocol: Art-Net flat 100.., sACN 100..
constexpr int kUnmapped = 4000;            // unmapped universes per protocol hit by fake sources
constexpr std::size_t kPool = 16384;
constexpr int kBatch = 64;

long residentKiB() {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmRSS:", 0) == 0)
            return std::atol(line.c_str() + 6);
    return -1;
}

struct Datagram {
    std::vector<std::uint8_t> bytes;
    bool sacnPort = false;
    std::size_t sequenceAt = 0;            // byte to bump before each send (0: none) so fake sources stay "in order"
};

SacnCid cidFor(std::uint32_t n) {
    SacnCid cid{};
    for (std::size_t i = 0; i < cid.size(); ++i)
        cid[i] = static_cast<std::uint8_t>((n * 2654435761u) >> ((i % 4) * 8)) ^ static_cast<std::uint8_t>(i * 17);
    cid[0] = static_cast<std::uint8_t>(n >> 8);
    cid[1] = static_cast<std::uint8_t>(n);
    return cid;
}

std::vector<std::uint8_t> artDmx(std::uint16_t flat, std::uint8_t physical, std::uint8_t value, std::size_t slots = 512) {
    std::vector<std::uint8_t> levels(slots, value), out(18 + slots);
    out.resize(buildArtDmx(out, *PortAddress::fromFlat(flat), 1, physical, levels));
    return out;
}

std::vector<std::uint8_t> sacnData(const SacnCid& cid, std::uint16_t universe, std::uint8_t priority, std::uint8_t value,
                                   std::size_t slots = 512) {
    std::vector<std::uint8_t> levels(slots, value), out(126 + slots);
    out.resize(buildSacnData(out, cid, "dmxin-flood", priority, 0, 1, 0, universe, 0x00, levels));
    return out;
}

std::vector<Datagram> hostilePool(std::mt19937& rng) {
    std::vector<Datagram> pool;
    pool.reserve(kPool);
    auto pick = [&rng](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
    for (std::size_t i = 0; i < kPool; ++i) {
        Datagram d;
        switch (i % 4) {
        case 0: {   // random bytes
            d.bytes.resize(static_cast<std::size_t>(pick(1473)));
            for (auto& b : d.bytes)
                b = static_cast<std::uint8_t>(rng());
            d.sacnPort = (rng() & 1) != 0;
            break;
        }
        case 1: {   // a valid packet with a few bytes overwritten
            d.sacnPort = (rng() & 1) != 0;
            // Based on unmapped universes (Art-Net 0:0:5, sACN 6), so a mutation that still parses
            // is not a takeover of a valid universe.
            d.bytes = d.sacnPort ? sacnData(cidFor(static_cast<std::uint32_t>(i)), kValidSacn + 1, 100, 7)
                                 : artDmx(kValidArtNet + 1, 0, 7);
            for (int k = 1 + pick(8); k > 0; --k)
                d.bytes[static_cast<std::size_t>(pick(static_cast<int>(d.bytes.size())))] = static_cast<std::uint8_t>(rng());
            break;
        }
        case 2: {   // fake Art-Net source: Physical 0..255 on a decoy or an unmapped universe
            const bool decoy = pick(4) == 0;
            const auto flat = static_cast<std::uint16_t>(decoy ? 100 + pick(kDecoys) : 1000 + pick(kUnmapped));
            d.bytes = artDmx(flat, static_cast<std::uint8_t>(pick(256)), static_cast<std::uint8_t>(rng()),
                             static_cast<std::size_t>(2 + 2 * pick(256)));
            d.sequenceAt = 12;
            break;
        }
        default: {  // fake sACN source: its own CID on a decoy or an unmapped universe
            const bool decoy = pick(4) == 0;
            const auto universe = static_cast<std::uint16_t>(decoy ? 100 + pick(kDecoys) : 1000 + pick(kUnmapped));
            d.bytes = sacnData(cidFor(100000u + static_cast<std::uint32_t>(i)), universe,
                               static_cast<std::uint8_t>(pick(201)), static_cast<std::uint8_t>(rng()),
                               static_cast<std::size_t>(pick(513)));
            d.sacnPort = true;
            d.sequenceAt = 111;
            break;
        }
        }
        pool.push_back(std::move(d));
    }
    return pool;
}

double percentile(std::vector<double> v, double p) {
    if (v.empty())
        return 0.0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

} // namespace

int main(int argc, char** argv) {
    double seconds = 10.0;
    bool checkMode = false;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--seconds") && i + 1 < argc)
            seconds = std::atof(argv[++i]);
        else if (!std::strcmp(argv[i], "--check"))
            checkMode = true;
        else {
            std::fprintf(stderr, "usage: dmxin-flood [--seconds S] [--check]\n");
            return 2;
        }
    }
    if (seconds < 1.5)
        seconds = 1.5;   // 1 s of warm-up plus a measured part

    auto hub = net::ReceiverHub::acquire("127.0.0.1", 0, 0);
    if (!hub->listening()) {
        std::fprintf(stderr, "dmxin-flood: bind failed: %s\n", hub->status().error.c_str());
        return 1;
    }
    net::FrameQueue queue(1024);
    const int sub = hub->subscribe(queue);
    net::SubscriptionSettings settings;
    for (int u = 1; u <= kValidArtNet; ++u)
        settings.universes.push_back(*PortAddress::fromFlat(static_cast<std::uint16_t>(u)));
    settings.universes.push_back(*UniverseId::sacn(kValidSacn));
    for (int i = 0; i < kDecoys; ++i) {
        settings.universes.push_back(*PortAddress::fromFlat(static_cast<std::uint16_t>(100 + i)));
        settings.universes.push_back(*UniverseId::sacn(100 + i));
    }
    hub->configure(sub, settings);
    const std::uint16_t artPort = hub->boundPort();
    const std::uint16_t sacnPort = hub->sacnBoundPort();
    if (sacnPort == 0) {
        std::fprintf(stderr, "dmxin-flood: no sACN socket: %s\n", hub->status().sacnError.c_str());
        return 1;
    }

    std::mt19937 rng(20240606);
    std::vector<Datagram> pool = hostilePool(rng);

    std::atomic<bool> sending{true}, consuming{true};
    std::atomic<std::uint64_t> sent{0}, sendErrors{0};

    // Consumer: like an audio callback, one drain pass every 2.67 ms; records each pass's duration.
    std::vector<double> passUs;
    passUs.reserve(static_cast<std::size_t>(seconds * 400) + 1000);   // no allocation while measuring
    std::uint64_t popped = 0;
    std::thread consumer([&] {
        DmxFrame f;
        std::uint64_t checksum = 0;
        const auto period = std::chrono::microseconds(2667);
        auto next = Clock::now();
        while (consuming.load(std::memory_order_relaxed)) {
            const auto t0 = Clock::now();
            while (queue.try_pop(f)) {
                ++popped;
                checksum += f.slots[0] + f.length;
            }
            const auto t1 = Clock::now();
            if (passUs.size() < passUs.capacity())
                passUs.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
            next += period;
            std::this_thread::sleep_until(next);
        }
        while (queue.try_pop(f))
            ++popped;
        if (checksum == 42)
            std::puts("");   // keeps the loop's work observable
    });

    std::thread sender([&] {
        const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
        int sndbuf = 4 << 20;
        ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
        sockaddr_in art{}, sacn{};
        art.sin_family = sacn.sin_family = AF_INET;
        art.sin_addr.s_addr = sacn.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        art.sin_port = htons(artPort);
        sacn.sin_port = htons(sacnPort);

        std::vector<std::vector<std::uint8_t>> valid;
        for (int u = 1; u <= kValidArtNet; ++u)
            valid.push_back(artDmx(static_cast<std::uint16_t>(u), 0, 0));
        valid.push_back(sacnData(cidFor(1), kValidSacn, 200, 0));   // top priority: no fake source outranks it
        std::uint8_t sequence = 0, sacnSequence = 0;

        std::array<mmsghdr, kBatch> msgs{};
        std::array<iovec, kBatch> iov{};
        std::size_t next = 0;
        std::uint64_t n = 0, errors = 0;
        while (sending.load(std::memory_order_relaxed)) {
            // The valid packets: a new sequence and a moving level every batch.
            ++sequence;
            if (sequence == 0)
                sequence = 1;   // 0 disables Art-Net sequencing; keep it on
            ++sacnSequence;
            for (int u = 0; u < kValidArtNet; ++u) {
                valid[static_cast<std::size_t>(u)][12] = sequence;
                valid[static_cast<std::size_t>(u)][18] = sequence;
            }
            valid[kValidArtNet][111] = sacnSequence;
            valid[kValidArtNet][126] = sacnSequence;
            int m = 0;
            for (auto& v : valid) {
                iov[static_cast<std::size_t>(m)] = {v.data(), v.size()};
                msgs[static_cast<std::size_t>(m)].msg_hdr = {};
                msgs[static_cast<std::size_t>(m)].msg_hdr.msg_name = &v == &valid.back() ? &sacn : &art;
                ++m;
            }
            for (; m < kBatch; ++m) {
                Datagram& d = pool[next];
                next = (next + 1) % pool.size();
                if (d.sequenceAt != 0)
                    ++d.bytes[d.sequenceAt];
                iov[static_cast<std::size_t>(m)] = {d.bytes.data(), d.bytes.size()};
                msgs[static_cast<std::size_t>(m)].msg_hdr = {};
                msgs[static_cast<std::size_t>(m)].msg_hdr.msg_name = d.sacnPort ? &sacn : &art;
            }
            for (int i = 0; i < kBatch; ++i) {
                auto& h = msgs[static_cast<std::size_t>(i)].msg_hdr;
                h.msg_namelen = sizeof(sockaddr_in);
                h.msg_iov = &iov[static_cast<std::size_t>(i)];
                h.msg_iovlen = 1;
            }
            const int r = ::sendmmsg(fd, msgs.data(), kBatch, 0);
            if (r > 0)
                n += static_cast<std::uint64_t>(r);
            else
                ++errors;
        }
        sent = n;
        sendErrors = errors;
        ::close(fd);
    });

    const auto start = Clock::now();
    std::this_thread::sleep_for(std::chrono::seconds(1));
    const long rssWarm = residentKiB();
    const auto warmStatus = hub->status(sub);
    std::this_thread::sleep_until(start + std::chrono::duration<double>(seconds));
    const long rssEnd = residentKiB();
    sending = false;
    sender.join();
    const double sendSeconds = std::chrono::duration<double>(Clock::now() - start).count();
    // Let the receive thread drain its socket buffers: wait until the datagram count stands still.
    std::uint64_t lastCount = ~0ull;
    for (int i = 0; i < 100; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        const auto c = hub->status().datagrams;
        if (c == lastCount)
            break;
        lastCount = c;
    }
    consuming = false;
    consumer.join();

    const net::HubStatus s = hub->status(sub);
    const std::uint64_t accepted = s.dmxFrames + s.sacnPackets + s.polls + s.pollReplies + s.ownPollReplies + s.syncs
                                 + s.nzs + s.sacnSyncs + s.sacnDiscovery;
    const std::uint64_t rejected = s.totalRejected();
    const std::uint64_t ignored = s.ignored();
    const bool countersAddUp = s.datagrams == accepted + rejected + ignored && s.rejected[0] == 0 && s.sacnRejected[0] == 0
                            && s.counters.delivered == popped && s.delivered == s.counters.delivered
                            && s.sources.size() <= net::ReceiverHub::kMaxTrackedSources;

    const std::uint64_t sentN = sent.load();
    std::printf("dmxin-flood: %.1f s, %d-datagram batches (5 valid + 59 hostile), pool of %zu hostile datagrams\n",
                sendSeconds, kBatch, kPool);
    std::printf("  sent            %12llu  (%.0f datagrams/s, %llu sendmmsg errors)\n",
                static_cast<unsigned long long>(sentN), static_cast<double>(sentN) / sendSeconds,
                static_cast<unsigned long long>(sendErrors.load()));
    std::printf("  received        %12llu  (%.0f datagrams/s; %llu dropped by the kernel, %.1f%%)\n",
                static_cast<unsigned long long>(s.datagrams), static_cast<double>(s.datagrams) / sendSeconds,
                static_cast<unsigned long long>(sentN > s.datagrams ? sentN - s.datagrams : 0),
                sentN ? 100.0 * static_cast<double>(sentN - std::min(sentN, s.datagrams)) / static_cast<double>(sentN) : 0.0);
    std::printf("  accepted        %12llu  (ArtDmx %llu, sACN data %llu, other valid %llu)\n",
                static_cast<unsigned long long>(accepted), static_cast<unsigned long long>(s.dmxFrames),
                static_cast<unsigned long long>(s.sacnPackets),
                static_cast<unsigned long long>(accepted - s.dmxFrames - s.sacnPackets));
    std::printf("  rejected        %12llu  ignored %llu; counters add up (datagrams == accepted + rejected + ignored): %s\n",
                static_cast<unsigned long long>(rejected), static_cast<unsigned long long>(ignored),
                countersAddUp ? "yes" : "NO");
    std::printf("  unsubscribed    %12llu  sources tracked %zu (bound %zu), sources not tracked %llu\n",
                static_cast<unsigned long long>(s.unsubscribed), s.sources.size(), net::ReceiverHub::kMaxTrackedSources,
                static_cast<unsigned long long>(s.sourcesDropped));
    std::printf("  instance        delivered %llu, queue full %llu, sequence drops %llu, 3rd Art-Net source %llu, "
                "sACN source limit %llu, universe limit %llu\n",
                static_cast<unsigned long long>(s.counters.delivered), static_cast<unsigned long long>(s.counters.queueFull),
                static_cast<unsigned long long>(s.counters.sequenceDropped),
                static_cast<unsigned long long>(s.counters.thirdSource),
                static_cast<unsigned long long>(s.counters.sourceLimit),
                static_cast<unsigned long long>(s.counters.universeLimit));

    bool allUpdated = true;
    std::printf("  valid universes (frames delivered in total / after the warm-up):");
    for (const auto& u : s.universes) {
        const bool valid = (u.universe.isArtNet() && u.universe.number() >= 1 && u.universe.number() <= kValidArtNet)
                        || (u.universe.isSacn() && u.universe.number() == kValidSacn);
        if (!valid)
            continue;
        std::uint64_t before = 0;
        for (const auto& w : warmStatus.universes)
            if (w.universe == u.universe)
                before = w.frames;
        const bool updated = u.frames > before && !u.lost;
        allUpdated = allUpdated && updated;
        std::printf(" %s %llu/%llu%s", u.universe.describe().c_str(), static_cast<unsigned long long>(u.frames),
                    static_cast<unsigned long long>(u.frames - before), updated ? "" : " (NOT UPDATED)");
    }
    std::printf("\n");
    std::printf("  resident memory %ld KiB after the 1 s warm-up, %ld KiB at the end (%+ld KiB)\n", rssWarm, rssEnd,
                rssEnd - rssWarm);
    std::printf("  consumer pass   p50 %.1f us, p99 %.1f us, max %.1f us over %zu passes (%llu frames)\n",
                percentile(passUs, 0.50), percentile(passUs, 0.99), percentile(passUs, 1.0), passUs.size(),
                static_cast<unsigned long long>(popped));
    hub->unsubscribe(sub);

    if (!checkMode)
        return 0;
    bool ok = true;
    if (rssEnd - rssWarm >= 8 * 1024) {
        std::printf("FAIL: resident memory grew by %ld KiB after the warm-up (bound 8 MiB)\n", rssEnd - rssWarm);
        ok = false;
    }
    if (!countersAddUp) {
        std::printf("FAIL: the hub's counters do not add up\n");
        ok = false;
    }
    if (!allUpdated) {
        std::printf("FAIL: a valid universe was not updated during the flood\n");
        ok = false;
    }
    if (s.datagrams == 0 || rejected == 0) {
        std::printf("FAIL: nothing (or nothing hostile) was received\n");
        ok = false;
    }
    std::printf("flood_smoke: %s\n", ok ? "passed" : "FAILED");
    return ok ? 0 : 1;
}
