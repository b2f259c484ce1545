// libFuzzer harness: SacnMerger fed a fuzzed sequence of parsed data packets and clock steps.
// The input is decoded with FuzzedDataProvider into operations:
//   - a data packet: CID from a pool of 12 (more than kMaxSourcesPerUniverse = 8, so the source
//     limit is reached), universe from a pool of 4 or any 1..63999, priority 0..200, sequence
//     (mostly the source's next one, sometimes anything), options (preview / terminated / force
//     sync bits), START code 0x00 / 0xDD / anything, 0..512 slots in a heap buffer of exactly that
//     size (ASan sees any read past it); the view is what parseSacn could produce;
//   - a clock step (0 .. 4 s, so the 2.5 s source timeout and the 0xDD / levels expiries fire),
//     sometimes a step back, followed by tick(now);
//   - setAcceptPreview(on/off).
// Checks, aborting on failure: every MergeOutput has a non-null slots pointer, length 1..512 (lost
// outputs included), a universe in 1..63999 that was fed before, and all 512 slots readable; onData
// calls the sink at most once and, when it reports Output, exactly once; preview (when refused) and
// START codes other than 0x00/0xDD never reach the sink; the per-outcome statistics add up to the
// packets fed; at most kMaxUniverses universes and kMaxSourcesPerUniverse sources per universe;
// a tick 2.5 s after the input's last packet leaves no universe tracked.
//
// One merger for the whole run (a fresh one per input spent most of its time allocating and
// clearing the 128 KiB index: about 1,300 inputs/s). It is reset between inputs through its public
// API: after the input's last operation a tick at the end of time expires every source, which
// releases every universe (checked), and the next input starts with preview refused and an empty
// `fed` set. So each input starts from a merger that tracks nothing, like a fresh one; the only
// carry-over is recycled universe records (re-initialised by acquire(), as on a receiver that runs
// for days) and cumulative statistics, which the checks read only as differences. A crash
// therefore reproduces from its input alone: Builds/out-fuzz/Tests/Fuzz/fuzz_sacn_merger <input>.

#include "Core/MergeOutput.h"
#include "Core/SacnMerger.h"
#include "Core/SacnParser.h"

#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <array>
#include <bitset>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <memory>
#include <vector>

namespace {

using namespace dmxin;

void check(bool condition, const char* what) {
    if (!condition) {
        std::fprintf(stderr, "fuzz_sacn_merger: %s\n", what);
        std::abort();
    }
}

volatile std::uint64_t gSink = 0;

struct CheckingSink final : MergeSink {
    std::bitset<65536>* fed = nullptr;
    int calls = 0;
    void onMergeOutput(const MergeOutput& out) noexcept override {
        ++calls;
        check(out.slots != nullptr, "output with a null slots pointer");
        check(out.length >= 1 && out.length <= 512, "output length outside 1..512");
        check(out.universe >= kSacnMinUniverse && out.universe <= kSacnMaxUniverse, "output universe outside 1..63999");
        check(fed->test(out.universe), "output for a universe never fed");
        std::uint64_t h = out.universe;
        for (std::size_t i = 0; i < 512; ++i)   // all 512 slots must be readable
            h = h * 131u + out.slots[i];
        gSink = gSink + h + out.arrivalNs + (out.lost ? 1u : 0u) + (out.merging ? 2u : 0u);
    }
};

std::uint64_t total(const SacnMergerStats& s) {
    return s.output + s.held + s.droppedSequence + s.droppedPreview + s.droppedStartCode + s.droppedSourceLimit
         + s.droppedUniverseLimit + s.terminated;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider in(data, size);
    // Heap, once for the run (see the top of the file): the merger holds a 128 KiB index.
    static SacnMerger* const merger = new SacnMerger();
    static std::bitset<65536>* const fed = new std::bitset<65536>();
    // Reset: the previous input ended with every universe released (checked below).
    check(merger->universeCount() == 0, "a universe survived from the previous input");
    merger->setAcceptPreview(false);
    fed->reset();
    const std::uint64_t packetsBefore = total(merger->stats());
    CheckingSink sink;
    sink.fed = fed;

    std::array<std::uint8_t, 12> nextSequence{};
    std::uint64_t now = 1'000'000'000ull;
    std::uint64_t packets = 0;
    static constexpr std::uint16_t kUniverses[] = {1, 2, 7, 63999};

    while (in.remaining_bytes() > 0) {
        const int op = in.ConsumeIntegralInRange(0, 15);
        if (op == 0) {
            // Clock step, occasionally backwards (a clock that steps back must expire nothing early).
            if (in.ConsumeIntegralInRange(0, 15) == 0)
                now -= std::min<std::uint64_t>(now, in.ConsumeIntegralInRange<std::uint64_t>(0, 3'000'000'000ull));
            else
                now += in.ConsumeIntegralInRange<std::uint64_t>(0, 4'000'000'000ull);
            sink.calls = 0;
            merger->tick(now, sink);
            continue;
        }
        if (op == 1) {
            merger->setAcceptPreview(in.ConsumeBool());
            continue;
        }

        SacnDataView v;
        const std::size_t source = in.ConsumeIntegralInRange<std::size_t>(0, nextSequence.size() - 1);
        v.cid.fill(static_cast<std::uint8_t>(0xC0 + source));
        v.universe = in.ConsumeIntegralInRange(0, 7) == 0
                         ? in.ConsumeIntegralInRange<std::uint16_t>(kSacnMinUniverse, kSacnMaxUniverse)
                         : kUniverses[in.ConsumeIntegralInRange<std::size_t>(0, std::size(kUniverses) - 1)];
        v.priority = in.ConsumeIntegralInRange<std::uint8_t>(0, kSacnMaxPriority);
        v.sequence = in.ConsumeIntegralInRange(0, 3) == 0 ? in.ConsumeIntegral<std::uint8_t>() : nextSequence[source]++;
        v.options = in.ConsumeIntegralInRange(0, 3) == 0 ? in.ConsumeIntegral<std::uint8_t>() : std::uint8_t{0};
        v.preview = (v.options & SacnOption::Preview) != 0;
        v.terminated = (v.options & SacnOption::Terminated) != 0;
        v.forceSync = (v.options & SacnOption::ForceSync) != 0;
        switch (in.ConsumeIntegralInRange(0, 7)) {
        case 0: v.startCode = in.ConsumeIntegral<std::uint8_t>(); break;
        case 1: case 2: v.startCode = SacnStartCode::PerAddressPriority; break;
        default: v.startCode = SacnStartCode::Levels; break;
        }
        v.length = in.ConsumeIntegralInRange<std::uint16_t>(0, 512);
        std::vector<std::uint8_t> slots = in.ConsumeBytes<std::uint8_t>(v.length);
        v.length = static_cast<std::uint16_t>(slots.size());
        // Exact-size heap copy (a zero-length packet gets a zero-size allocation).
        auto buffer = std::make_unique<std::uint8_t[]>(slots.size());
        std::copy(slots.begin(), slots.end(), buffer.get());
        v.data = buffer.get();
        if (in.ConsumeIntegralInRange(0, 31) == 0)
            now += in.ConsumeIntegralInRange<std::uint64_t>(0, 100'000'000ull);
        fed->set(v.universe);

        const SacnMergerStats before = merger->stats();
        std::array<std::uint64_t, static_cast<std::size_t>(SacnOutcome::Count)> countsBefore{};
        for (std::size_t i = 0; i < countsBefore.size(); ++i)
            countsBefore[i] = merger->count(static_cast<SacnOutcome>(i));
        sink.calls = 0;
        const SacnOutcome outcome = merger->onData(v, now, sink);
        ++packets;
        check(outcome < SacnOutcome::Count, "outcome out of range");
        check(merger->count(outcome) == countsBefore[static_cast<std::size_t>(outcome)] + 1,
              "count() of the returned outcome did not rise by one");
        check(sink.calls <= 1, "onData called the sink more than once");
        if (outcome == SacnOutcome::Output)
            check(sink.calls == 1, "Output without a MergeOutput");
        if (v.preview && !merger->acceptPreview())
            check(outcome == SacnOutcome::DroppedPreview && sink.calls == 0, "refused preview data reached the sink");
        if (outcome == SacnOutcome::DroppedStartCode)
            check(v.startCode != SacnStartCode::Levels && v.startCode != SacnStartCode::PerAddressPriority,
                  "a 0x00 / 0xDD packet counted as an alternate START code");
        if (outcome == SacnOutcome::DroppedPreview || outcome == SacnOutcome::DroppedUniverseLimit)
            check(sink.calls == 0, "a dropped packet produced output");
        check(total(merger->stats()) == total(before) + 1, "the outcome was not counted exactly once");
        check(merger->universeCount() <= SacnMerger::kMaxUniverses, "more universes than kMaxUniverses");
        check(merger->sourceCount(v.universe) <= SacnMerger::kMaxSourcesPerUniverse, "more sources than the bound");
    }
    check(total(merger->stats()) - packetsBefore == packets, "outcome statistics do not add up to the packets fed");

    // Reset for the next input: every source is stale at the end of time, so every universe goes.
    merger->tick(std::numeric_limits<std::uint64_t>::max(), sink);
    check(merger->universeCount() == 0, "a tick long after the last packet left a universe tracked");
    return 0;
}
