// dmxin-bench-process: DmxInProcessor::processBlock cost, and the resident-memory figure.
//
// processBlock, block sizes 32..1024, stereo in/out, 512 mappings over 16 universes (the most a
// table can hold: 128 parameter-slot mappings plus 384 MIDI-only CC mappings; see BenchCommon.h):
//   - Changing: before every block 16 full ArtDmx frames (one per universe, every mapped channel
//     different from the previous block) are fed through the processor's own ReceiverHub with
//     ReceiverHub::handleDatagrams, the same parse -> frame -> fan-out path the receive thread runs
//     (handed to the hub's receive thread, which stays the only producer of the processor's queue).
//     That hub is found with ReceiverHub::acquire("127.0.0.1", 0, 0), which returns the process-wide
//     hub the processor itself acquired for NetworkSettings::at("127.0.0.1", 0, 0). Nothing is ever sent
//     to its ephemeral port, so each block gets exactly these frames. Only processBlock is timed (manual timing); feeding the frames is receive-thread work.
//     Real loopback traffic instead would make the count of frames per block random.
//   - Idle: no new DMX (empty queue, nothing changed).
// Memory (runs first, printed as "@mem_*" lines): VmRSS after JUCE start-up, with one idle
// processor (no mappings), then the same processor with 512 mappings over 64 universes receiving
// full frames on all 64 over real loopback UDP while processBlock runs.
// Figures only; nothing here asserts a time.

#include "BenchCommon.h"

#include "Core/ArtNetBuilder.h"
#include "Core/ExactlyEqual.h"
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
#include <cstring>
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

    explicit Fixture(int blockSize, int mappings = kMappings) {
        processor = std::make_unique<DmxInProcessor>(NetworkSettings::at("127.0.0.1", 0, 0));
        setMappingsOrThrow(*processor, mappings, kUniverses);
        processor->setPlayConfigDetails(2, 2, 48000.0, blockSize);
        processor->prepareToPlay(48000.0, blockSize);
        buffer.setSize(2, blockSize);
        buffer.clear();
        processor->processBlock(buffer, midi);   // adopt the table, first forced evaluation
    }
};

// Feeds 16 full frames (one per universe, all mapped channels different from the last round)
// through the processor's own hub before every block and times processBlock alone.
void runChanging(benchmark::State& state, int blockSize, int mappings) {
    Fixture fx(blockSize, mappings);
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
        std::array<net::Datagram, kUniverses> frames;
        std::size_t n = 0;
        for (auto& p : flip ? hi : lo) {
            p[12] = sequence;   // ArtDmx Sequence byte
            net::Datagram& d = frames.at(n++);
            d.data = p.data();
            d.size = p.size();
            d.sourceIp = 0x7F000001;
            d.arrivalNs = steadyNowNs();
        }
        hub->handleDatagrams(std::span<const net::Datagram>(frames.data(), n));
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

void BM_ProcessBlockChanging(benchmark::State& state) {
    runChanging(state, static_cast<int>(state.range(0)), kMappings);
}
BENCHMARK(BM_ProcessBlockChanging)->RangeMultiplier(2)->Range(32, 1024)->UseManualTime();

void BM_ProcessBlockIdle(benchmark::State& state) {
    const int blockSize = static_cast<int>(state.range(0));
    Fixture fx(blockSize);
    for (auto _ : state)
        fx.processor->processBlock(fx.buffer, fx.midi);
}
BENCHMARK(BM_ProcessBlockIdle)->RangeMultiplier(2)->Range(32, 1024);

// ------------------------------------------------------------------ against the floor

// processBlock with 128-sample blocks against the mapping count (same layout and frames as above:
// makeMappings(n, 16), 16 full frames per block, every mapped channel changing).
void BM_ProcessBlockMappings(benchmark::State& state) {
    runChanging(state, 128, static_cast<int>(state.range(0)));
}
BENCHMARK(BM_ProcessBlockMappings)->Arg(1)->Arg(16)->Arg(128)->Arg(512)->UseManualTime();

// The floor: only the work no implementation of the block can avoid, for the same mappings and
// frames as BM_ProcessBlockMappings. Each frame of a mapped universe is copied into its image
// once; for every mapping the byte (two for 16-bit) is read, scaled to 0..1, compared with the
// last value and stored (into a parameter value, or as a three-byte CC for a MIDI-only mapping).
// No curves, no queue, no parameters, no host: a lower bound, so processBlock / floor says how
// much the plugin's own structure costs. Timed the same way (steady_clock around the block).
void BM_Floor(benchmark::State& state) {
    const int mappings = static_cast<int>(state.range(0));
    struct FloorMapping {
        std::uint16_t universe, coarse, fine;
        bool sixteenBit;
        int slot;                    // 0-based parameter slot, or -1: MIDI-only
        std::uint8_t status, number;
    };
    std::vector<FloorMapping> maps;
    std::array<bool, kUniverses> mapped{};
    for (const Mapping& m : makeMappings(mappings, kUniverses)) {
        const auto u = static_cast<std::uint16_t>(m.universe.key());
        mapped[u] = true;
        maps.push_back({u, static_cast<std::uint16_t>(m.channel - 1),
                        static_cast<std::uint16_t>(m.sixteenBit ? m.effectiveFineChannel() - 1 : m.channel - 1), m.sixteenBit,
                        m.targetSlot - 1, static_cast<std::uint8_t>(0xB0 | (m.midi.channel - 1)),
                        static_cast<std::uint8_t>(m.midi.number)});
    }
    std::array<DmxFrame, kUniverses> lo, hi;
    for (int u = 0; u < kUniverses; ++u) {
        lo[static_cast<std::size_t>(u)] = makeFrame(u, 0x10);
        hi[static_cast<std::size_t>(u)] = makeFrame(u, 0xF0);
    }
    auto images = std::make_unique<std::array<std::array<std::uint8_t, kDmxSlots>, kUniverses>>();
    std::vector<float> last(maps.size(), -1.0f);
    std::array<float, kNumParameterSlots> params{};
    std::vector<std::uint8_t> midi(maps.size() * 3);
    bool flip = false;
    std::int64_t outputs = 0;
    for (auto _ : state) {
        flip = !flip;
        const auto t0 = std::chrono::steady_clock::now();
        for (const DmxFrame& f : flip ? hi : lo)
            if (mapped[f.universeKey])
                std::memcpy((*images)[f.universeKey].data(), f.slots.data(), f.length);
        std::size_t midiBytes = 0;
        for (std::size_t i = 0; i < maps.size(); ++i) {
            const FloorMapping& m = maps[i];
            const std::uint8_t* img = (*images)[m.universe].data();
            const float v = m.sixteenBit ? static_cast<float>(img[m.coarse] << 8 | img[m.fine]) * (1.0f / 65535.0f)
                                         : static_cast<float>(img[m.coarse]) * (1.0f / 255.0f);
            if (exactlyEqual(v, last[i]))
                continue;
            last[i] = v;
            ++outputs;
            if (m.slot >= 0) {
                params[static_cast<std::size_t>(m.slot)] = v;
            } else {
                midi[midiBytes++] = m.status;
                midi[midiBytes++] = m.number;
                midi[midiBytes++] = static_cast<std::uint8_t>(static_cast<int>(v * 127.0f + 0.5f));
            }
        }
        benchmark::DoNotOptimize(params.data());
        benchmark::DoNotOptimize(midi.data());
        benchmark::ClobberMemory();
        const auto t1 = std::chrono::steady_clock::now();
        state.SetIterationTime(std::chrono::duration<double>(t1 - t0).count());
    }
    state.counters["outputs_per_block"] = static_cast<double>(outputs) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_Floor)->Arg(1)->Arg(16)->Arg(128)->Arg(512)->UseManualTime();

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
