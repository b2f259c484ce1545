// dmxin-bench-core: micro-benchmarks of the JUCE-free parts on the hot paths.
//   receive thread: parseArtNet (ArtDmx 530 bytes, ArtPoll), parseSacn (638-byte data packet),
//                   ArtNetMerger::onDmx (one source, and two sources merging HTP),
//                   SacnMerger::onData (one source, and two at equal priority), SpscQueue<DmxFrame> push+pop
//   audio thread:   MappingEngine::evaluate (16/64/128/512 mappings over 16 universes; all changed,
//                   k of 16 universes changed, nothing changed), DmxPipeline::tryProcess
// 512 mappings = 128 slot mappings + 384 MIDI-only ones (see BenchCommon.h).
// Figures only; nothing here asserts a time.

#include "BenchCommon.h"

#include "Core/ArtNetBuilder.h"
#include "Core/ArtNetMerger.h"
#include "Core/ArtNetParser.h"
#include "Core/SacnBuilder.h"
#include "Core/SacnMerger.h"
#include "Core/SacnParser.h"
#include "Core/DmxPipeline.h"
#include "Core/DmxRecording.h"
#include "Core/MappingEngine.h"
#include "Core/SpscQueue.h"

#include <benchmark/benchmark.h>

#include <array>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <vector>

using namespace dmxin;
using namespace dmxin::bench;

namespace {

constexpr int kUniverses = 16;

std::unique_ptr<MappingTable> makeTable(int mappings, int universes = kUniverses) {
    std::vector<std::string> errors;
    auto table = MappingTable::build(makeMappings(mappings, universes), errors);
    if (!table)
        throw std::runtime_error("mapping table refused: " + (errors.empty() ? std::string() : errors.front()));
    return table;
}

// ---------------------------------------------------------------- parsing (receive thread)

void BM_ParseArtDmx530(benchmark::State& state) {
    std::array<std::uint8_t, 530> packet{};
    std::array<std::uint8_t, 512> slots{};
    for (std::size_t i = 0; i < slots.size(); ++i)
        slots[i] = static_cast<std::uint8_t>(i * 7);
    if (buildArtDmx(packet, *PortAddress::fromFlat(5), 42, 0, slots) != 530)
        throw std::runtime_error("buildArtDmx");
    for (auto _ : state) {
        benchmark::DoNotOptimize(packet.data());
        ArtNetParseResult r = parseArtNet(packet);
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(state.iterations() * 530);
}
BENCHMARK(BM_ParseArtDmx530);

void BM_ParseArtPoll(benchmark::State& state) {
    std::array<std::uint8_t, 14> packet{};
    if (buildArtPoll(packet, 0x02, 0x10) != 14)
        throw std::runtime_error("buildArtPoll");
    for (auto _ : state) {
        benchmark::DoNotOptimize(packet.data());
        ArtNetParseResult r = parseArtNet(packet);
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseArtPoll);

std::vector<std::uint8_t> sacnPacket(std::uint16_t universe, std::uint8_t value, std::uint8_t sequence, std::uint8_t cidByte = 1) {
    SacnCid cid{};
    cid.fill(cidByte);
    std::vector<std::uint8_t> slots(512, value), packet(638);
    if (buildSacnData(packet, cid, "bench", 100, 0, sequence, 0, universe, 0, slots) != 638)
        throw std::runtime_error("buildSacnData");
    return packet;
}

void BM_ParseSacn638(benchmark::State& state) {
    const auto packet = sacnPacket(7, 0x42, 1);
    for (auto _ : state) {
        benchmark::DoNotOptimize(packet.data());
        SacnParseResult r = parseSacn(packet);
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseSacn638);

// ---------------------------------------------------------------- merge (receive thread)

struct NullMergeSink final : MergeSink {
    std::uint64_t outputs = 0;
    void onMergeOutput(const MergeOutput& o) noexcept override { outputs += o.length; }
};

// ArtNetMerger::onDmx with `state.range(0)` sources (1: pass-through; 2: HTP merge of two IPs) on
// one universe, sequence numbers advancing, full 512-slot frames.
void BM_ArtNetMergerOnDmx(benchmark::State& state) {
    const int sources = static_cast<int>(state.range(0));
    ArtNetMerger merger;
    NullMergeSink sink;
    std::array<std::uint8_t, 512> slots{};
    for (std::size_t i = 0; i < slots.size(); ++i)
        slots[i] = static_cast<std::uint8_t>(i);
    const PortAddress universe = *PortAddress::fromFlat(3);
    std::uint64_t now = 1'000'000'000;
    std::uint8_t seq = 1;
    for (auto _ : state) {
        for (int s = 0; s < sources; ++s)
            benchmark::DoNotOptimize(merger.onDmx(universe, 0x7F000001u + static_cast<std::uint32_t>(s), 0, seq,
                                                  slots.data(), 512, now, sink));
        seq = static_cast<std::uint8_t>(seq == 255 ? 1 : seq + 1);
        now += 1'000'000;
    }
    state.SetItemsProcessed(state.iterations() * sources);
    if (sink.outputs == 0)
        state.SkipWithError("the merger emitted nothing");
}
BENCHMARK(BM_ArtNetMergerOnDmx)->Arg(1)->Arg(2);

// SacnMerger::onData with `state.range(0)` sources (1: pass-through; 2: two CIDs at equal priority
// 100 merging HTP) on one universe, full frames, sequence advancing. Items are packets, so the
// figure per item compares with BM_ArtNetMergerOnDmx at the same argument.
void BM_SacnMergerOnData(benchmark::State& state) {
    const int sources = static_cast<int>(state.range(0));
    SacnMerger merger;
    NullMergeSink sink;
    std::vector<std::vector<std::uint8_t>> packets;
    std::vector<SacnDataView> views;
    packets.reserve(256 * static_cast<std::size_t>(sources));
    for (int s = 0; s < 256; ++s)
        for (int c = 0; c < sources; ++c)
            packets.push_back(sacnPacket(7, static_cast<std::uint8_t>(s + 37 * c), static_cast<std::uint8_t>(s),
                                         static_cast<std::uint8_t>(1 + c)));
    for (const auto& p : packets)
        views.push_back(parseSacn(p).data);
    std::uint64_t now = 1'000'000'000;
    std::size_t i = 0;
    for (auto _ : state) {
        for (int c = 0; c < sources; ++c)
            benchmark::DoNotOptimize(merger.onData(views[i * static_cast<std::size_t>(sources) + static_cast<std::size_t>(c)], now, sink));
        i = (i + 1) & 255;
        now += 1'000'000;
    }
    state.SetItemsProcessed(state.iterations() * sources);
    if (sink.outputs == 0)
        state.SkipWithError("the merger emitted nothing");
}
BENCHMARK(BM_SacnMergerOnData)->Arg(1)->Arg(2);

// ---------------------------------------------------------------- queue

// One push and one pop of a full DmxFrame (536 bytes) on one thread: the copy cost both ends pay.
void BM_SpscPushPop(benchmark::State& state) {
    SpscQueue<DmxFrame> queue(DmxPipeline::kQueueCapacity);
    DmxFrame in = makeFrame(3, 0x55), out;
    for (auto _ : state) {
        queue.try_push(in);
        queue.try_pop(out);
        benchmark::DoNotOptimize(out);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SpscPushPop);

// ---------------------------------------------------------------- MappingEngine (audio thread)

struct Images {
    // Two image sets with different values everywhere: alternating between them makes every
    // mapping's raw input differ from the previous evaluation, so every mapping produces an output.
    std::unique_ptr<UniverseImages> a = std::make_unique<UniverseImages>();
    std::unique_ptr<UniverseImages> b = std::make_unique<UniverseImages>();

    // changedUniverses: how many of the 16 universes are marked changed (the others keep their flag clear).
    explicit Images(int changedUniverses) {
        a->clearChanged();
        b->clearChanged();
        for (int u = 0; u < changedUniverses; ++u) {
            a->apply(u, makeFrame(u, 0x20));
            b->apply(u, makeFrame(u, 0xA0));
        }
    }
};

struct ValueSink {
    std::array<float, kNumParameterSlots> values{};
    float midiOnly = 0.0f;
    void operator()(const Mapping&, int, int slot, float v) noexcept {
        (slot >= 0 ? values[static_cast<std::size_t>(slot)] : midiOnly) = v;   // -1: MIDI-only mapping
    }
};

// Every mapping changed: 16 universes marked changed, with different values each iteration.
void BM_EvaluateAllChanged(benchmark::State& state) {
    const int mappings = static_cast<int>(state.range(0));
    auto table = makeTable(mappings);
    Images images(kUniverses);
    MappingEngine engine;
    ValueSink sink;
    engine.evaluate(*table, *images.a, 0, sink);   // consume the post-reset "evaluate all" pass
    bool flip = false;
    std::int64_t produced = 0;
    for (auto _ : state) {
        flip = !flip;
        produced += engine.evaluate(*table, flip ? *images.b : *images.a, 0, sink);
        benchmark::DoNotOptimize(sink.values.data());
    }
    if (produced != static_cast<std::int64_t>(state.iterations()) * mappings)
        state.SkipWithError("not every mapping produced an output");
    state.counters["mappings"] = mappings;
}
BENCHMARK(BM_EvaluateAllChanged)->Arg(16)->Arg(64)->Arg(128)->Arg(512);

// 512 mappings, k of 16 universes changed (32 mappings per universe): cost against changed mappings.
void BM_EvaluatePartlyChanged(benchmark::State& state) {
    const int changedUniverses = static_cast<int>(state.range(0));
    auto table = makeTable(512);
    Images images(changedUniverses);
    MappingEngine engine;
    ValueSink sink;
    engine.evaluate(*table, *images.a, 0, sink);
    bool flip = false;
    for (auto _ : state) {
        flip = !flip;
        benchmark::DoNotOptimize(engine.evaluate(*table, flip ? *images.b : *images.a, 0, sink));
    }
    state.counters["changed_mappings"] = changedUniverses * 32;
}
BENCHMARK(BM_EvaluatePartlyChanged)->Arg(1)->Arg(2)->Arg(4)->Arg(8)->Arg(16);

// Nothing changed: no universe marked changed (the state after a block with no new DMX).
void BM_EvaluateNoneChanged(benchmark::State& state) {
    const int mappings = static_cast<int>(state.range(0));
    auto table = makeTable(mappings);
    Images images(0);
    MappingEngine engine;
    ValueSink sink;
    engine.evaluate(*table, *images.a, 0, sink);   // the forced first pass
    for (auto _ : state)
        benchmark::DoNotOptimize(engine.evaluate(*table, *images.a, 0, sink));
    state.counters["mappings"] = mappings;
}
BENCHMARK(BM_EvaluateNoneChanged)->Arg(16)->Arg(64)->Arg(128)->Arg(512);

// ---------------------------------------------------------------- DmxPipeline (audio thread)

struct CountingSink final : DmxOutputSink {
    std::array<float, kNumParameterSlots> values{};
    std::uint64_t count = 0;
    float midiOnly = 0.0f;
    void onMappedValue(const Mapping&, int, int slot, float v, std::uint64_t) noexcept override {
        (slot >= 0 ? values[static_cast<std::size_t>(slot)] : midiOnly) = v;   // -1: MIDI-only mapping
        ++count;
    }
};

// tryProcess as processBlock calls it: drain 16 queued full frames (one per universe, all values
// different from the previous block), apply them, evaluate the mappings. The 16 pushes are the
// receive thread's work and are outside the timed region (manual timing around tryProcess only).
void BM_PipelineTryProcess16Frames(benchmark::State& state) {
    const int mappings = static_cast<int>(state.range(0));
    DmxPipeline pipeline;
    pipeline.setTable(makeTable(mappings));
    CountingSink sink;
    pipeline.tryProcess(true, sink);   // adopt the table
    std::array<DmxFrame, kUniverses> lo, hi;
    for (int u = 0; u < kUniverses; ++u) {
        lo[static_cast<std::size_t>(u)] = makeFrame(u, 0x11);
        hi[static_cast<std::size_t>(u)] = makeFrame(u, 0xEE);
    }
    bool flip = false;
    for (auto _ : state) {
        flip = !flip;
        for (const auto& f : flip ? hi : lo)
            pipeline.queue().try_push(f);
        const auto t0 = std::chrono::steady_clock::now();
        pipeline.tryProcess(true, sink);
        const auto t1 = std::chrono::steady_clock::now();
        state.SetIterationTime(std::chrono::duration<double>(t1 - t0).count());
    }
    const auto st = pipeline.stats();
    state.counters["outputs_per_pass"] = static_cast<double>(st.outputs) / static_cast<double>(st.passes);
    state.counters["frames_per_pass"] = static_cast<double>(st.framesApplied) / static_cast<double>(st.passes);
}
BENCHMARK(BM_PipelineTryProcess16Frames)->Arg(128)->Arg(512)->UseManualTime();

// No new DMX: empty queue, nothing changed.
void BM_PipelineTryProcessIdle(benchmark::State& state) {
    const int mappings = static_cast<int>(state.range(0));
    DmxPipeline pipeline;
    pipeline.setTable(makeTable(mappings));
    CountingSink sink;
    pipeline.tryProcess(true, sink);
    for (auto _ : state)
        benchmark::DoNotOptimize(pipeline.tryProcess(true, sink));
}
BENCHMARK(BM_PipelineTryProcessIdle)->Arg(128)->Arg(512);

} // namespace

// Recording: one frame of a 16-universe show in which 8 slots spread over the universe
// change every frame. Reports bytes per frame as a counter.
void BM_RecordingEncode(benchmark::State& state) {
    dmxin::DmxRecordingEncoder encoder;
    std::vector<std::uint8_t> out;
    out.reserve(1u << 20);
    dmxin::DmxFrame f;
    f.length = 512;
    std::uint64_t i = 0, bytes = 0;
    for (auto _ : state) {
        f.universeKey = static_cast<std::uint32_t>(i % 16);
        for (std::size_t c = 0; c < 8; ++c)
            f.slots[c * 40] = static_cast<std::uint8_t>(i + c);
        encoder.encode(f, i * 1'375'000ull, out);
        ++i;
        if (out.size() > (1u << 20) - 2048) {
            bytes += out.size();
            out.clear();
        }
    }
    bytes += out.size();
    state.counters["bytes_per_frame"] = static_cast<double>(bytes) / static_cast<double>(i);
}
BENCHMARK(BM_RecordingEncode);

void BM_RecordingDecode(benchmark::State& state) {
    dmxin::DmxRecordingEncoder encoder;
    auto bytes = dmxin::DmxRecordingEncoder::header();
    dmxin::DmxFrame f;
    f.length = 512;
    for (std::uint64_t i = 0; i < 10000; ++i) {
        f.universeKey = static_cast<std::uint32_t>(i % 16);
        for (std::size_t c = 0; c < 8; ++c)
            f.slots[c * 40] = static_cast<std::uint8_t>(i + c);
        encoder.encode(f, i * 1'375'000ull, bytes);
    }
    dmxin::DmxRecordingReader reader;
    if (!reader.load(bytes))
        throw std::runtime_error("recording did not load");
    dmxin::RecordedFrame rf;
    for (auto _ : state) {
        if (!reader.next(rf))
            reader.rewind();
        benchmark::DoNotOptimize(rf.frame.slots[0]);
    }
}
BENCHMARK(BM_RecordingDecode);

BENCHMARK_MAIN();
