// The whole-frame merge SacnMerger uses when no live source has sent 0xDD: it copies and maxes
// full 512-slot frames, relying on a source's levels being zero past its last packet's length.
// These cases pin the edges of that shortcut (shorter frames after longer ones, empty frames,
// switching between it and the per-address merge) to the per-slot rule the product documents.

#include "Core/SacnMerger.h"

#include "TestBytes.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

using namespace dmxin;
using dmxin::testing::Bytes;
using dmxin::testing::RecordingSink;

namespace {

constexpr std::uint64_t kMs = 1'000'000;

struct Src {
    std::uint8_t id;
    std::uint8_t priority = 100;
    std::uint8_t sequence = 0;

    SacnOutcome send(SacnMerger& m, RecordingSink& sink, std::uint64_t now, const Bytes& slots,
                     std::uint8_t startCode = 0x00) {
        SacnDataView v;
        v.cid.fill(0);
        v.cid[0] = id;
        v.priority = priority;
        v.sequence = sequence++;
        v.universe = 1;
        v.startCode = startCode;
        v.length = static_cast<std::uint16_t>(slots.size());
        v.data = slots.data();
        return m.onData(v, now, sink);
    }
};

} // namespace

TEST_CASE("Whole-frame merge: a shorter frame drops the tail of the longer one it replaces", "[sacn-merge]") {
    SacnMerger m;
    RecordingSink sink;
    Src a{1}, b{2};
    CHECK(a.send(m, sink, 0, Bytes(512, 9)) == SacnOutcome::Output);
    CHECK(b.send(m, sink, 1 * kMs, {1, 2}) == SacnOutcome::Output);
    CHECK(sink.last().length == 512);
    // a shrinks to 3 slots: slots 4..512 are now nobody's data, not a's old 9s.
    CHECK(a.send(m, sink, 2 * kMs, {0, 5, 0}) == SacnOutcome::Output);
    CHECK(sink.last().length == 3);
    CHECK(sink.head(4) == Bytes{1, 5, 0, 0});
    Bytes expected(512, 0);
    expected[0] = 1;
    expected[1] = 5;
    CHECK(sink.last().slots == expected);
    CHECK(sink.last().merging);
}

TEST_CASE("Whole-frame merge: an empty frame at the top priority claims but carries nothing", "[sacn-merge]") {
    SacnMerger m;
    RecordingSink sink;
    Src low{1, 50}, top{2, 100}, peer{3, 100};
    CHECK(low.send(m, sink, 0, {7, 7}) == SacnOutcome::Output);
    // The top source with no slots outranks `low` everywhere but drives nothing itself: `low`
    // no longer contributes, so nobody drives a slot and the universe is reported lost once.
    CHECK(top.send(m, sink, 1 * kMs, {}) == SacnOutcome::Output);
    CHECK(sink.last().lost);
    CHECK(sink.head(2) == Bytes{7, 7});   // a loss keeps the last levels
    const auto before = sink.outputs.size();
    CHECK(low.send(m, sink, 2 * kMs, {8, 8}) == SacnOutcome::Held);
    CHECK(sink.outputs.size() == before);
    CHECK(peer.send(m, sink, 3 * kMs, {4}) == SacnOutcome::Output);
    CHECK(sink.last().length == 1);
    CHECK(sink.head(2) == Bytes{4, 0});
    CHECK_FALSE(sink.last().merging);   // only peer carries data
}

TEST_CASE("Whole-frame and per-address merges agree across a 0xDD source coming and going", "[sacn-merge]") {
    SacnMerger m;
    RecordingSink sink;
    Src a{1}, b{2};
    CHECK(a.send(m, sink, 0, {10, 10, 10, 10}) == SacnOutcome::Output);
    CHECK(b.send(m, sink, 1 * kMs, {20, 5, 20}) == SacnOutcome::Output);
    CHECK(sink.head(5) == Bytes{20, 10, 20, 10, 0});
    // b now drives slot 1 only, at a higher per-address priority: per-address merge.
    b.send(m, sink, 2 * kMs, {150}, 0xDD);
    CHECK(sink.head(5) == Bytes{20, 10, 10, 10, 0});
    CHECK(sink.last().length == 4);
    // b terminates: a alone again, whole-frame merge.
    SacnDataView v;
    v.cid.fill(0);
    v.cid[0] = 2;
    v.priority = 100;
    v.sequence = b.sequence++;
    v.universe = 1;
    v.terminated = true;
    m.onData(v, 3 * kMs, sink);
    CHECK(sink.head(5) == Bytes{10, 10, 10, 10, 0});
    CHECK_FALSE(sink.last().merging);
}
