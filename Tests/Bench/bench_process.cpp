// dmxin-bench-process: DmxInProcessor::processBlock cost, and the resident-memory figure.
//
// processBlock, block sizes 32..1024, stereo in/out, 512 mappings over 16 universes (the most a
// table can hold: 128 parameter-slot mappings plus 384 MIDI-only CC mappings; see BenchCommon.h):
//   - Changing: before every block 16 full ArtDmx frames (one per universe, every mapped channel
//     different from the previous block) are fed through the processor's own ReceiverHub with
//     ReceiverHub::handleDatagram, the same parse -> frame -> fan-out path the receive thread runs.
//     That hub is found with ReceiverHub::acquire("127.0.0.1", 0, 0), which returns the process-wide
//     hub the processor itself acquired for NetworkSettings::at("127.0.0.1", 0, 0). Nothing is ever sent
//     to its ephemeral port, so the benchmark thread is the queue's only producer (the SPSC rule
//     holds). Only processBlock is timed (manual timing); feeding the frames is receive-thread work.
//     Real loopback traffic instead would make the count of frames per block random.
//   - Idle: no new DMX (empty queue, nothing changed).
// Memory (runs first, printed as "@mem_*" lines): VmRSS after JUCE start-up, with one idle
// processor (no mappings), then the same processor with 512 mappings over 64 universes receiving
// full frames on all 64 over real loopback UDP while processBlock runs.
// Figures only; nothing here asserts a time.

#include "BenchCommon.h"

#include "Core/ArtNetBuilder.h"
#include "Core/SteadyClock.h"
#include "Net/ReceiverHub.h"
#include "Plugin/DmxInProcessor.h"

#include <benchmark/benchmark.h>
#include <juce_events/juce_events.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace dmxin;
using namespace dmxin::bench;

namespace {

constexpr int kUniverses = 16;
constexpr int kMappings = 512;

long vmRssKiB() {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmRSS:", 0) == 0)
            return std::stol(line.substr(6));
    return -1;
}

void setMappingsOrThrow(DmxInProcessor& p, int mappings, int universes) {
    std::vector<std::string> errors;
    if (!p.setMappings(makeMappings(mappings, universes), errors))
        throw std::runtime_error("setMappings refused: " + (errors.empty() ? std::string() : errors.front()));
}

std::vector<std::uint8_t> artDmx(int flat, std::uint8_t value, std::uint8_t sequence) {
    std::vector<std::uint8_t> packet(kArtDmxHeaderSize + kDmxSlots);
    std::vector<std::uint8_t> slots(kDmxSlots, value);
    buildArtDmx(packet, *PortAddress::fromFlat(flat), sequence, 0, slots);
    return packet;
}

struct Fixture {
    std::unique_ptr<DmxInProcessor> processor;
    juce::AudioBuffer<float> buffer;
    juce::MidiBuffer midi;

    explicit Fixture(int blockSize) {
        processor = std::make_unique<DmxInProcessor>(NetworkSettings::at("127.0.0.1", 0, 0));
        setMappingsOrThrow(*processor, kMappings, kUniverses);
        processor->setPlayConfigDetails(2, 2, 48000.0, blockSize);
        processor->prepareToPlay(48000.0, blockSize);
        buffer.setSize(2, blockSize);
        buffer.clear();
        processor->processBlock(buffer, midi);   // adopt the table, first forced evaluation
    }
};

void BM_ProcessBlockChanging(benchmark::State& state) {
    const int blockSize = static_cast<int>(state.range(0));
    Fixture fx(blockSize);
    auto hub = net::ReceiverHub::acquire("127.0.0.1", 0, 0);   // the same key as NetworkSettings::at("127.0.0.1", 0, 0)
    if (hub->boundPort() != fx.processor->getHubStatus().boundPort) {
        state.SkipWithError("could not reach the processor's hub");
        return;
    }
    std::array<std::vector<std::uint8_t>, kUniverses> lo, hi;
    for (int u = 0; u < kUniverses; ++u) {
        lo[static_cast<std::size_t>(u)] = artDmx(u, 0x10, 1);
        hi[static_cast<std::size_t>(u)] = artDmx(u, 0xF0, 2);
    }
    const auto before = fx.processor->getPipelineStats();
    bool flip = false;
    std::uint8_t sequence = 1;
    for (auto _ : state) {
        flip = !flip;
        // The merger drops a frame whose sequence is not ahead of the last one (ARTNET.md), so
        // every round carries the next sequence number (1..255; 0 would disable the check).
        sequence = static_cast<std::uint8_t>(sequence == 255 ? 1 : sequence + 1);
        for (auto& p : flip ? hi : lo) {
            p[12] = sequence;   // ArtDmx Sequence byte
            net::Datagram d;
            d.data = p.data();
            d.size = p.size();
            d.sourceIp = 0x7F000001;
            d.arrivalNs = steadyNowNs();
            hub->handleDatagram(d);
        }
        const auto t0 = std::chrono::steady_clock::now();
        fx.processor->processBlock(fx.buffer, fx.midi);
        const auto t1 = std::chrono::steady_clock::now();
        state.SetIterationTime(std::chrono::duration<double>(t1 - t0).count());
    }
    const auto after = fx.processor->getPipelineStats();
    const double passes = static_cast<double>(after.passes - before.passes);
    state.counters["frames_per_block"] = static_cast<double>(after.framesApplied - before.framesApplied) / passes;
    state.counters["outputs_per_block"] = static_cast<double>(after.outputs - before.outputs) / passes;
}
BENCHMARK(BM_ProcessBlockChanging)->RangeMultiplier(2)->Range(32, 1024)->UseManualTime();

void BM_ProcessBlockIdle(benchmark::State& state) {
    const int blockSize = static_cast<int>(state.range(0));
    Fixture fx(blockSize);
    for (auto _ : state)
        fx.processor->processBlock(fx.buffer, fx.midi);
}
BENCHMARK(BM_ProcessBlockIdle)->RangeMultiplier(2)->Range(32, 1024);

// ------------------------------------------------------------------ memory

void memoryFigure() {
    const long base = vmRssKiB();
    auto p = std::make_unique<DmxInProcessor>(NetworkSettings::at("127.0.0.1", 0, 0));
    juce::AudioBuffer<float> buffer(2, 128);
    juce::MidiBuffer midi;
    p->setPlayConfigDetails(2, 2, 48000.0, 128);
    p->prepareToPlay(48000.0, 128);
    for (int i = 0; i < 100; ++i)
        p->processBlock(buffer, midi);
    const long idle = vmRssKiB();

    constexpr int kActive = static_cast<int>(kMaxUniversesPerInstance);   // 64
    setMappingsOrThrow(*p, kMappings, kActive);
    const std::uint16_t port = p->getHubStatus().boundPort;
    const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(port);
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    std::vector<std::vector<std::uint8_t>> packets;
    for (int u = 0; u < kActive; ++u)
        packets.push_back(artDmx(u, static_cast<std::uint8_t>(u * 3 + 1), 1));
    // 100 rounds of all 64 universes, a block after each round (as a 44 Hz console at ~2.3 s of show).
    for (int round = 0; round < 100; ++round) {
        for (auto& pk : packets) {
            pk[12] = static_cast<std::uint8_t>(round % 255 + 1);
            pk[kArtDmxHeaderSize + 5] = static_cast<std::uint8_t>(round);
            ::sendto(fd, pk.data(), pk.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(3));
        p->processBlock(buffer, midi);
    }
    ::close(fd);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    p->processBlock(buffer, midi);
    const long active = vmRssKiB();
    const auto stats = p->getPipelineStats();
    std::printf("memory: VmRSS after JUCE start %ld KiB; + idle instance %ld KiB (+%ld); with 64 universes mapped and "
                "receiving %ld KiB (+%ld over idle; %llu frames applied)\n",
                base, idle, idle - base, active, active - idle, static_cast<unsigned long long>(stats.framesApplied));
    std::printf("@mem_base_kib=%ld\n@mem_idle_kib=%ld\n@mem_active_kib=%ld\n@mem_active_minus_idle_kib=%ld\n"
                "@mem_idle_instance_kib=%ld\n@mem_frames_applied=%llu\n",
                base, idle, active, active - idle, idle - base, static_cast<unsigned long long>(stats.framesApplied));
    p.reset();
}

} // namespace

int main(int argc, char** argv) {
    juce::ScopedJuceInitialiser_GUI juce;
    bool memoryOnly = false, skipMemory = false;
    std::vector<char*> args;
    for (int i = 0; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--memory-only") memoryOnly = true;
        else if (a == "--no-memory") skipMemory = true;
        else args.push_back(argv[i]);
    }
    if (!skipMemory)
        memoryFigure();
    if (memoryOnly)
        return 0;
    int n = static_cast<int>(args.size());
    benchmark::Initialize(&n, args.data());
    if (benchmark::ReportUnrecognizedArguments(n, args.data()))
        return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
