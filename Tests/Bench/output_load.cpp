// dmxin-output-load: the output direction (host -> rig) under load. Figures, never pass/fail.
//
// The real OutputSender (its own thread, "dmxin-output") runs one instance's output: N Art-Net
// universes at R Hz, unicast to a plain socket on 127.0.0.1 (the "rig"). Each universe has two
// channels: DMX 1 (8-bit) from slot 2u+1 and DMX 2/3 (16-bit) from slot 2u+2 (at most 64 universes:
// 128 slots). Two phases, each for S seconds:
//   1. changes: a "host" thread changes each universe's 8-bit slot at random moments (Poisson, mean
//      --changes per second per universe) to a value the universe did not have, the way automation
//      moves a fader. The rig timestamps the first packet that carries each new value: the delay
//      from the parameter change (just before OutputSlotValues::publish, as the audio thread does)
//      to the packet read from the socket. A value replaced before any frame carried it is counted
//      as superseded, never as a delay.
//   2. saturated: every slot changes every millisecond, so every universe sends a frame every
//      period: the sender's worst steady load (N x R frames/s).
// In both phases the sender thread's CPU comes from /proc/self/task/<tid>/schedstat, divided by the
// packets it sent: CPU per universe-frame.
//
//   dmxin-output-load [--universes N] [--rate HZ] [--seconds S] [--changes PER_S]
// The last lines ("@key=value") are for Builds/bench.sh.

#include "Core/ArtNetParser.h"
#include "Core/OutputSettings.h"
#include "Core/OutputSlotValues.h"
#include "Core/SteadyClock.h"
#include "Net/OutputSender.h"
#include "Net/Platform/UdpSocket.h"
#include "ThreadCpu.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

using namespace dmxin;

namespace {

struct Options {
    int universes = 64;
    int rateHz = kDefaultOutputRateHz;
    double seconds = 10.0;
    double changesPerSecond = 10.0;   // per universe, phase 1
};

OutputSettings settingsFor(const Options& o, std::uint16_t rigPort) {
    OutputSettings s;
    for (int u = 0; u < o.universes; ++u) {
        OutputUniverse out;
        out.name = "bench " + std::to_string(u);
        out.universe = UniverseId::artnet(*PortAddress::fromFlat(u));
        out.addresses = {"127.0.0.1"};
        out.port = rigPort;
        out.rateHz = o.rateHz;
        OutputChannel eight;
        eight.channel = 1;
        eight.slot = 2 * u + 1;
        OutputChannel sixteen;
        sixteen.channel = 2;
        sixteen.sixteenBit = true;
        sixteen.slot = 2 * u + 2;
        out.channels = {eight, sixteen};
        s.universes.push_back(out);
    }
    return s;
}

// When each (universe, 8-bit value) was published; written by the host thread, read by the rig.
class ChangeLog {
public:
    void set(int universe, int value, std::uint64_t ns) noexcept { at(universe, value).store(ns, std::memory_order_release); }
    std::uint64_t get(int universe, int value) const noexcept { return at(universe, value).load(std::memory_order_acquire); }

private:
    std::atomic<std::uint64_t>& at(int u, int v) const noexcept { return ns_[static_cast<std::size_t>(u * 256 + v)]; }
    mutable std::array<std::atomic<std::uint64_t>, 64 * 256> ns_{};
};

struct RigResult {
    std::uint64_t packets = 0;
    std::uint64_t seen = 0;          // new 8-bit values whose first packet was timed
    std::vector<std::uint64_t> delaysNs;
};

// Reads every datagram from the rig socket until `stop`, timestamping each on arrival. `last` is
// each universe's 8-bit value as last read (the host thread reads it to count superseded changes).
RigResult runRig(net::UdpSocket& rig, const ChangeLog& log, std::vector<std::atomic<int>>& last,
                 const std::atomic<bool>& stop) {
    RigResult r;
    r.delaysNs.reserve(1u << 20);
    const int universes = static_cast<int>(last.size());
    while (!stop.load(std::memory_order_relaxed)) {
        if (!rig.waitReadable(50))
            continue;
        rig.receiveBatch([&](const net::Datagram& d) {
            const std::uint64_t now = steadyNowNs();
            const auto parsed = parseArtNet(std::span<const std::uint8_t>(d.data, d.size));
            if (parsed.kind != ArtNetKind::Dmx)
                return;
            ++r.packets;
            const int u = parsed.dmx.address.flat();
            if (u >= universes || parsed.dmx.length < 1)
                return;
            const int v = parsed.dmx.data[0];
            auto& lastValue = last[static_cast<std::size_t>(u)];
            if (v == lastValue.load(std::memory_order_relaxed))
                return;   // a keep-alive or a frame for the other channel
            lastValue.store(v, std::memory_order_relaxed);
            const std::uint64_t changed = log.get(u, v);
            if (changed != 0 && changed <= now) {
                r.delaysNs.push_back(now - changed);
                ++r.seen;
            }
        });
    }
    return r;
}

struct Phase {
    double seconds = 0;
    std::uint64_t changes = 0;
    std::uint64_t superseded = 0;     // changed again before a frame carried the value (phase 1)
    RigResult rig;
    std::uint64_t sent = 0;
    std::uint64_t sendErrors = 0;
    std::uint64_t cpuNs = 0;

    double percentileUs(double p) {
        if (rig.delaysNs.empty())
            return 0;
        auto& d = rig.delaysNs;
        const auto k = static_cast<std::size_t>(p * static_cast<double>(d.size() - 1));
        std::nth_element(d.begin(), d.begin() + static_cast<std::ptrdiff_t>(k), d.end());
        return static_cast<double>(d[k]) / 1000.0;
    }
    double maxUs() const {
        return rig.delaysNs.empty() ? 0 : static_cast<double>(*std::max_element(rig.delaysNs.begin(), rig.delaysNs.end())) / 1000.0;
    }
    double cpuNsPerFrame() const { return sent ? static_cast<double>(cpuNs) / static_cast<double>(sent) : 0; }
    double cpuPercent() const { return seconds > 0 ? 100.0 * static_cast<double>(cpuNs) / 1e9 / seconds : 0; }
};

// Phase 1 host: Poisson changes per universe to a fresh value 1..255.
std::uint64_t changeAtRandom(OutputSlotValues& values, ChangeLog& log, const Options& o, std::uint64_t untilNs,
                             std::uint64_t& superseded, const std::vector<std::atomic<int>>& lastSent) {
    std::mt19937_64 rng(42);
    std::exponential_distribution<double> gap(o.changesPerSecond);
    std::vector<std::uint64_t> due(static_cast<std::size_t>(o.universes));
    std::vector<int> current(static_cast<std::size_t>(o.universes), 0);
    const std::uint64_t start = steadyNowNs();
    for (auto& t : due)
        t = start + static_cast<std::uint64_t>(gap(rng) * 1e9);
    std::uint64_t changes = 0;
    for (;;) {
        const auto next = std::min_element(due.begin(), due.end());
        const std::uint64_t when = *next;
        if (when >= untilNs)
            break;
        std::this_thread::sleep_for(std::chrono::nanoseconds(when > steadyNowNs() ? when - steadyNowNs() : 0));
        const auto u = static_cast<std::size_t>(next - due.begin());
        int v = current[u];
        while (v == current[u] || v == 0)
            v = static_cast<int>(rng() % 256);
        if (current[u] != 0 && lastSent[u].load(std::memory_order_relaxed) != current[u])
            ++superseded;   // the previous value was never seen on the wire
        current[u] = v;
        log.set(static_cast<int>(u), v, steadyNowNs());
        values.publish(static_cast<int>(2 * u + 1), static_cast<float>(v) / 255.0f);
        ++changes;
        *next = when + static_cast<std::uint64_t>(gap(rng) * 1e9);
    }
    return changes;
}

Phase runPhase(const Options& o, bool saturated) {
    Phase ph;
    net::UdpSocket rig;
    if (!rig.open("127.0.0.1", 0).ok) {
        std::fprintf(stderr, "dmxin-output-load: cannot open the rig socket on 127.0.0.1\n");
        std::exit(1);
    }
    auto sender = net::OutputSender::create("127.0.0.1");
    if (!sender->isOpen()) {
        std::fprintf(stderr, "dmxin-output-load: %s\n", sender->openError().c_str());
        std::exit(1);
    }
    auto values = std::make_shared<OutputSlotValues>();
    auto log = std::make_unique<ChangeLog>();
    std::atomic<bool> stop{false};
    RigResult rigResult;
    // The rig's last value per universe, for counting superseded changes in phase 1.
    std::vector<std::atomic<int>> lastSent(static_cast<std::size_t>(o.universes));
    std::thread rigThread([&] { rigResult = runRig(rig, *log, lastSent, stop); });

    sender->setOutput(1, settingsFor(o, rig.localPort()), values);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));   // first frames out, thread running
    const int tid = bench::findThread("dmxin-output");
    const auto sent0 = sender->stats();
    const auto cpu0 = bench::taskCpu(tid);
    const std::uint64_t t0 = steadyNowNs();
    const std::uint64_t until = t0 + static_cast<std::uint64_t>(o.seconds * 1e9);

    if (saturated) {
        std::uint32_t step = 0;
        while (steadyNowNs() < until) {
            ++step;
            for (int s = 1; s <= 2 * o.universes; ++s)
                values->publish(s, static_cast<float>((step + static_cast<std::uint32_t>(s)) % 256u) / 255.0f);
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    } else {
        ph.changes = changeAtRandom(*values, *log, o, until, ph.superseded, lastSent);
        while (steadyNowNs() < until)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    const auto cpu1 = bench::taskCpu(tid);
    const auto sent1 = sender->stats();
    ph.seconds = static_cast<double>(steadyNowNs() - t0) / 1e9;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));   // the last frames reach the rig
    stop = true;
    rigThread.join();
    sender->removeOutput(1);
    ph.rig = std::move(rigResult);
    ph.sent = sent1.packetsSent - sent0.packetsSent;
    ph.sendErrors = sent1.sendErrors - sent0.sendErrors;
    ph.cpuNs = cpu1.runNs - cpu0.runNs;
    if (tid == 0)
        std::fprintf(stderr, "dmxin-output-load: the sender thread \"dmxin-output\" was not found; CPU reads 0\n");
    return ph;
}

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&](const char* name) {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "dmxin-output-load: %s needs a value\n", name);
                std::exit(2);
            }
            return std::atof(argv[++i]);
        };
        if (a == "--universes") o.universes = static_cast<int>(value("--universes"));
        else if (a == "--rate") o.rateHz = static_cast<int>(value("--rate"));
        else if (a == "--seconds") o.seconds = value("--seconds");
        else if (a == "--changes") o.changesPerSecond = value("--changes");
        else {
            std::fprintf(stderr, "usage: dmxin-output-load [--universes 1..64] [--rate 1..44] [--seconds S] [--changes PER_S]\n");
            std::exit(2);
        }
    }
    if (o.universes < 1 || o.universes > 64 || o.rateHz < kMinOutputRateHz || o.rateHz > kMaxOutputRateHz
        || o.seconds <= 0 || o.changesPerSecond <= 0) {
        std::fprintf(stderr, "dmxin-output-load: universes 1..64, rate 1..44, seconds > 0, changes > 0\n");
        std::exit(2);
    }
    return o;
}

} // namespace

int main(int argc, char** argv) {
    const Options o = parse(argc, argv);
    std::printf("DMX In output: %d Art-Net universes at %d Hz to 127.0.0.1, %.1f s per phase\n", o.universes, o.rateHz, o.seconds);

    Phase changes = runPhase(o, false);
    std::printf("\nchanges (each universe's 8-bit slot changes %.1f times/s at random moments)\n", o.changesPerSecond);
    std::printf("  changes    %llu, timed on the wire %llu, superseded before a frame %llu\n",
                (unsigned long long)changes.changes, (unsigned long long)changes.rig.seen, (unsigned long long)changes.superseded);
    std::printf("  delay      p50 %.0f us, p99 %.0f us, max %.0f us (publish -> packet read at the rig)\n",
                changes.percentileUs(0.5), changes.percentileUs(0.99), changes.maxUs());
    std::printf("  sent       %llu packets (%.0f/s), send errors %llu; the rig read %llu (warm-up included)\n", (unsigned long long)changes.sent,
                static_cast<double>(changes.sent) / changes.seconds, (unsigned long long)changes.sendErrors,
                (unsigned long long)changes.rig.packets);
    std::printf("  sender CPU %.2f%% of a core, %.0f ns per universe-frame\n", changes.cpuPercent(), changes.cpuNsPerFrame());

    Phase full = runPhase(o, true);
    std::printf("\nsaturated (every slot changes every millisecond: every universe sends every period)\n");
    std::printf("  sent       %llu packets (%.0f/s; %d x %d = %d at most), send errors %llu; the rig read %llu (warm-up included)\n",
                (unsigned long long)full.sent, static_cast<double>(full.sent) / full.seconds, o.universes, o.rateHz,
                o.universes * o.rateHz, (unsigned long long)full.sendErrors, (unsigned long long)full.rig.packets);
    std::printf("  sender CPU %.2f%% of a core, %.0f ns per universe-frame\n", full.cpuPercent(), full.cpuNsPerFrame());

    std::printf("@out_universes=%d\n@out_rate_hz=%d\n", o.universes, o.rateHz);
    std::printf("@out_delay_p50_us=%.0f\n@out_delay_p99_us=%.0f\n@out_delay_max_us=%.0f\n@out_timed=%llu\n",
                changes.percentileUs(0.5), changes.percentileUs(0.99), changes.maxUs(), (unsigned long long)changes.rig.seen);
    std::printf("@out_changes_cpu_ns_per_frame=%.0f\n@out_full_pps=%.0f\n@out_full_cpu_ns_per_frame=%.0f\n@out_full_cpu_pct=%.2f\n",
                changes.cpuNsPerFrame(), static_cast<double>(full.sent) / full.seconds, full.cpuNsPerFrame(), full.cpuPercent());
    return 0;
}
