#include "Core/SacnBuilder.h"
#include "Core/SacnMerger.h"
#include "Core/SacnParser.h"

#include "TestBytes.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <initializer_list>
#include <vector>

using namespace dmxin;

namespace {

using dmxin::testing::Bytes;
using dmxin::testing::bytes;
constexpr std::uint64_t kMs = 1'000'000;
constexpr std::uint64_t kSec = 1'000'000'000;

using dmxin::testing::Recorded;
using dmxin::testing::RecordingSink;

SacnCid cidOf(int n) {
    SacnCid cid{};
    cid[0] = static_cast<std::uint8_t>(n);
    cid[1] = static_cast<std::uint8_t>(n >> 8);
    cid[15] = 0xA5;
    return cid;
}

// One sACN source on one universe: keeps its own sequence counter and builds views the merger sees.
struct Sender {
    SacnCid cid;
    std::uint16_t universe = 1;
    std::uint8_t priority = 100;
    std::uint8_t sequence = 0;

    SacnOutcome send(SacnMerger& m, RecordingSink& sink, std::uint64_t now, const Bytes& slots,
                     std::uint8_t startCode = 0x00, std::uint8_t options = 0) {
        return sendSeq(m, sink, now, slots, sequence++, startCode, options);
    }
    SacnOutcome sendSeq(SacnMerger& m, RecordingSink& sink, std::uint64_t now, const Bytes& slots,
                        std::uint8_t seq, std::uint8_t startCode = 0x00, std::uint8_t options = 0) const {
        SacnDataView v;
        v.cid = cid;
        v.priority = priority;
        v.sequence = seq;
        v.options = options;
        v.preview = (options & SacnOption::Preview) != 0;
        v.terminated = (options & SacnOption::Terminated) != 0;
        v.forceSync = (options & SacnOption::ForceSync) != 0;
        v.universe = universe;
        v.startCode = startCode;
        v.length = static_cast<std::uint16_t>(slots.size());
        v.data = slots.data();
        v.sourceName = "test";
        return m.onData(v, now, sink);
    }
};

Sender sender(int id, std::uint8_t priority = 100, std::uint16_t universe = 1) {
    return Sender{cidOf(id), universe, priority, 0};
}

} // namespace

TEST_CASE("A single source is output as sent", "[sacn-merge]") {
    SacnMerger m;
    RecordingSink sink;
    auto a = sender(1);
    CHECK(a.send(m, sink, 5 * kMs, {1, 2, 3}) == SacnOutcome::Output);
    REQUIRE(sink.outputs.size() == 1);
    const auto& o = sink.last();
    CHECK(o.universe == 1);
    CHECK(o.length == 3);
    CHECK(o.arrivalNs == 5 * kMs);
    CHECK_FALSE(o.lost);
    CHECK_FALSE(o.merging);
    CHECK(sink.head(4) == Bytes{1, 2, 3, 0});
    // An unchanged keep-alive from the winner is still emitted, with its own arrival time.
    CHECK(a.send(m, sink, 900 * kMs, {1, 2, 3}) == SacnOutcome::Output);
    REQUIRE(sink.outputs.size() == 2);
    CHECK(sink.last().arrivalNs == 900 * kMs);
    CHECK(m.universeCount() == 1);
    CHECK(m.sourceCount(1) == 1);
    CHECK(m.stats().output == 2);
}

TEST_CASE("Parsed packets feed the merger end to end", "[sacn-merge]") {
    SacnMerger m;
    RecordingSink sink;
    Bytes buf(638);
    const Bytes slots = {10, 20, 30, 40};
    const std::size_t n = buildSacnData(buf, cidOf(7), "Desk", 100, 0, 1, 0, 42, 0x00, slots);
    const auto r = parseSacn(std::span<const std::uint8_t>(buf.data(), n));
    REQUIRE(r.kind == SacnKind::Data);
    CHECK(m.onData(r.data, 0, sink) == SacnOutcome::Output);
    REQUIRE(sink.outputs.size() == 1);
    CHECK(sink.last().universe == 42);
    CHECK(sink.last().length == 4);
    CHECK(sink.head(4) == slots);
}

TEST_CASE("Higher priority takes over; lower returns only when the higher times out", "[sacn-merge]") {
    SacnMerger m;
    RecordingSink sink;
    auto low = sender(1, 100);
    auto high = sender(2, 150);

    CHECK(low.send(m, sink, 0, {10, 10, 10}) == SacnOutcome::Output);
    CHECK(high.send(m, sink, 100 * kMs, {200, 0}) == SacnOutcome::Output);
    CHECK(sink.head(3) == Bytes{200, 0, 0});
    CHECK(sink.last().length == 2);
    CHECK_FALSE(sink.last().merging);   // only the high source contributes

    const std::size_t before = sink.outputs.size();
    CHECK(low.send(m, sink, 200 * kMs, {11, 11, 11}) == SacnOutcome::Held);
    CHECK(sink.outputs.size() == before);

    // The high source's last packet is at 1 s; the low one keeps sending every 500 ms.
    CHECK(high.send(m, sink, 1 * kSec, {201, 0}) == SacnOutcome::Output);
    std::uint64_t t = 1 * kSec;
    for (int i = 0; i < 3; ++i) {
        t += 500 * kMs;
        CHECK(low.send(m, sink, t, {12, 12, 12}) == SacnOutcome::Held);
        m.tick(t, sink);
    }
    REQUIRE(t == 2500 * kMs);
    CHECK(sink.last().slots[0] == 201);

    SECTION("not before 2.5 s") {
        const std::size_t n = sink.outputs.size();
        m.tick(1 * kSec + SacnMerger::kSourceTimeoutNs - 1, sink);
        CHECK(sink.outputs.size() == n);
        CHECK(low.send(m, sink, 1 * kSec + SacnMerger::kSourceTimeoutNs - 1, {13, 13, 13}) == SacnOutcome::Held);
        CHECK(sink.outputs.size() == n);
        CHECK(m.sourceCount(1) == 2);
    }
    SECTION("the tick at 2.5 s hands the universe back to the low source") {
        const std::size_t n = sink.outputs.size();
        m.tick(1 * kSec + SacnMerger::kSourceTimeoutNs, sink);
        REQUIRE(sink.outputs.size() == n + 1);
        CHECK(sink.head(3) == Bytes{12, 12, 12});
        CHECK(sink.last().length == 3);
        CHECK_FALSE(sink.last().lost);
        CHECK(sink.last().arrivalNs == 2500 * kMs);
        CHECK(m.sourceCount(1) == 1);
        CHECK(m.stats().sourceTimeouts == 1);
    }
    SECTION("a low packet at 2.5 s takes over even without a tick") {
        const std::size_t n = sink.outputs.size();
        CHECK(low.send(m, sink, 1 * kSec + SacnMerger::kSourceTimeoutNs, {14, 14, 14}) == SacnOutcome::Output);
        REQUIRE(sink.outputs.size() == n + 1);   // one output, not one for the loss and one for the packet
        CHECK(sink.head(3) == Bytes{14, 14, 14});
    }
}

TEST_CASE("A priority change of a live source changes the winner", "[sacn-merge]") {
    SacnMerger m;
    RecordingSink sink;
    auto a = sender(1, 100);
    auto b = sender(2, 120);
    a.send(m, sink, 0, {1, 1});
    b.send(m, sink, 0, {9, 9});
    CHECK(sink.head(2) == Bytes{9, 9});
    b.priority = 80;   // the winner lowers its priority
    CHECK(b.send(m, sink, 10 * kMs, {9, 9}) == SacnOutcome::Output);
    CHECK(sink.head(2) == Bytes{1, 1});
    a.priority = 50;   // now the other one drops below
    CHECK(a.send(m, sink, 20 * kMs, {1, 1}) == SacnOutcome::Output);
    CHECK(sink.head(2) == Bytes{9, 9});
}

// A source with no slots still claims the universe at its priority. Whenever it starts or stops
// hiding the others, the merged frame changes and must be output, though the source itself
// never contributes a slot.
TEST_CASE("A top source without slots hides the rest; the merged frame follows it", "[sacn-merge]") {
    SacnMerger m;
    RecordingSink sink;
    auto low = sender(1, 100);
    auto empty = sender(2, 150);
    CHECK(low.send(m, sink, 0, {7, 8}) == SacnOutcome::Output);

    CHECK(empty.send(m, sink, 10 * kMs, {}) == SacnOutcome::Output);
    REQUIRE_FALSE(sink.outputs.empty());
    CHECK(sink.last().lost);                       // nobody drives a slot now
    CHECK(low.send(m, sink, 20 * kMs, {7, 9}) == SacnOutcome::Held);

    SECTION("it lowers its priority") {
        empty.priority = 50;
        CHECK(empty.send(m, sink, 30 * kMs, {}) == SacnOutcome::Output);
        CHECK_FALSE(sink.last().lost);
        CHECK(sink.head(2) == Bytes{7, 9});
    }
    SECTION("it terminates") {
        CHECK(empty.send(m, sink, 30 * kMs, {}, 0x00, SacnOption::Terminated) == SacnOutcome::Terminated);
        CHECK_FALSE(sink.last().lost);
        CHECK(sink.head(2) == Bytes{7, 9});
    }
    SECTION("it times out while the other keeps sending") {
        for (std::uint64_t t = 500 * kMs; t <= 2500 * kMs; t += 500 * kMs)
            low.send(m, sink, t, {7, 9});
        m.tick(10 * kMs + SacnMerger::kSourceTimeoutNs, sink);
        CHECK(m.sourceCount(1) == 1);
        CHECK_FALSE(sink.last().lost);
        CHECK(sink.head(2) == Bytes{7, 9});
    }
}

// The fuzzer's case: the hiding source drops below a source that joined while hidden, so the
// first output of that source comes from another source's packet.
TEST_CASE("A source that joined while hidden is output when the hiding source steps down", "[sacn-merge]") {
    SacnMerger m;
    RecordingSink sink;
    auto empty = sender(1, 132);
    auto data = sender(2, 4);
    CHECK(empty.send(m, sink, 0, {}) == SacnOutcome::Held);
    CHECK(data.send(m, sink, 1 * kMs, {3, 4}) == SacnOutcome::Held);
    CHECK(sink.outputs.empty());
    empty.priority = 0;
    CHECK(empty.send(m, sink, 2 * kMs, {}) == SacnOutcome::Output);
    REQUIRE(sink.outputs.size() == 1);
    CHECK(sink.head(2) == Bytes{3, 4});
    CHECK(sink.last().arrivalNs == 1 * kMs);
    // Its next packet is its own output as usual.
    CHECK(data.send(m, sink, 3 * kMs, {3, 5}) == SacnOutcome::Output);
    CHECK(sink.head(2) == Bytes{3, 5});
}

// With 0xDD the set of contributing sources can stay the same while the slots they win change.
TEST_CASE("Slots handed back by a source without slots are output", "[sacn-merge]") {
    SacnMerger m;
    RecordingSink sink;
    auto a = sender(1, 100);
    auto empty = sender(2, 150);
    a.send(m, sink, 0, {10, 20});
    a.send(m, sink, 0, {100, 200}, 0xDD);          // slot 1 at 100, slot 2 at 200
    empty.send(m, sink, 1 * kMs, {});               // claims both slots at 150: a keeps slot 2
    CHECK(sink.head(2) == Bytes{0, 20});
    empty.priority = 50;
    CHECK(empty.send(m, sink, 2 * kMs, {}) == SacnOutcome::Output);
    CHECK(sink.head(2) == Bytes{10, 20});
}

TEST_CASE("Sources at the same top priority merge HTP per slot", "[sacn-merge]") {
    SacnMerger m;
    RecordingSink sink;
    auto a = sender(1);
    auto b = sender(2);
    auto lower = sender(3, 99);
    CHECK(a.send(m, sink, 0, {10, 200, 0}) == SacnOutcome::Output);
    CHECK(lower.send(m, sink, 1 * kMs, {255, 255, 255, 255, 255}) == SacnOutcome::Held);
    CHECK(b.send(m, sink, 2 * kMs, {100, 50, 0, 7}) == SacnOutcome::Output);
    const auto& o = sink.last();
    CHECK(sink.head(5) == Bytes{100, 200, 0, 7, 0});
    CHECK(o.length == 4);
    CHECK(o.merging);
    CHECK(o.arrivalNs == 2 * kMs);
    // A source at the top priority counts as contributing even where its levels are lower.
    CHECK(a.send(m, sink, 3 * kMs, {0, 0, 0}) == SacnOutcome::Output);
    CHECK(sink.head(4) == Bytes{100, 50, 0, 7});
    CHECK(sink.last().merging);
    CHECK(sink.last().arrivalNs == 3 * kMs);
}

TEST_CASE("A ninth source is refused until one leaves", "[sacn-merge]") {
    SacnMerger m;
    RecordingSink sink;
    std::vector<Sender> senders;
    for (int i = 0; i < 9; ++i)
        senders.push_back(sender(i + 1));
    for (int i = 0; i < 8; ++i) {
        const Bytes level = {static_cast<std::uint8_t>(i * 10)};
        CHECK(senders[i].send(m, sink, 0, level) == SacnOutcome::Output);
    }
    CHECK(m.sourceCount(1) == 8);
    CHECK(sink.last().slots[0] == 70);
    CHECK(senders[8].send(m, sink, 1 * kMs, {250}) == SacnOutcome::DroppedSourceLimit);
    CHECK(senders[8].send(m, sink, 2 * kMs, {250}) == SacnOutcome::DroppedSourceLimit);
    CHECK(m.stats().droppedSourceLimit == 2);
    CHECK(sink.last().slots[0] == 70);

    SECTION("after a termination") {
        CHECK(senders[3].send(m, sink, 3 * kMs, {30}, 0x00, SacnOption::Terminated) == SacnOutcome::Terminated);
        CHECK(m.sourceCount(1) == 7);
        CHECK(senders[8].send(m, sink, 4 * kMs, {250}) == SacnOutcome::Output);
        CHECK(sink.last().slots[0] == 250);
        CHECK(m.sourceCount(1) == 8);
    }
    SECTION("after a timeout") {
        for (int i = 1; i < 8; ++i)
            senders[i].send(m, sink, 2 * kSec, {static_cast<std::uint8_t>(i * 10)});
        m.tick(SacnMerger::kSourceTimeoutNs, sink);   // source 0 last sent at 0
        CHECK(m.sourceCount(1) == 7);
        CHECK(senders[8].send(m, sink, SacnMerger::kSourceTimeoutNs + 1, {250}) == SacnOutcome::Output);
        CHECK(m.sourceCount(1) == 8);
    }
}

TEST_CASE("Stream_Terminated drops the source at once; duplicates are harmless", "[sacn-merge]") {
    SacnMerger m;
    RecordingSink sink;
    auto a = sender(1);

    SECTION("the last source: one lost output holding the last levels") {
        a.send(m, sink, 0, {5, 6, 7});
        const std::size_t n = sink.outputs.size();
        CHECK(a.send(m, sink, 10 * kMs, {99, 99, 99}, 0x00, SacnOption::Terminated) == SacnOutcome::Terminated);
        REQUIRE(sink.outputs.size() == n + 1);
        const auto& o = sink.last();
        CHECK(o.lost);
        CHECK_FALSE(o.merging);
        CHECK(o.length == 3);
        CHECK(sink.head(3) == Bytes{5, 6, 7});   // the terminating packet's levels are ignored
        CHECK(o.arrivalNs == 0);
        CHECK(m.universeCount() == 0);
        CHECK(a.send(m, sink, 11 * kMs, {99, 99, 99}, 0x00, SacnOption::Terminated) == SacnOutcome::Terminated);
        CHECK(a.send(m, sink, 12 * kMs, {99, 99, 99}, 0x00, SacnOption::Terminated) == SacnOutcome::Terminated);
        CHECK(sink.outputs.size() == n + 1);
        CHECK(m.universeCount() == 0);
        CHECK(m.stats().terminated == 3);
        CHECK(m.stats().universesLost == 1);
        // The source may come back; its first packet is accepted whatever its sequence.
        CHECK(a.sendSeq(m, sink, 20 * kMs, {1}, 0) == SacnOutcome::Output);
        CHECK_FALSE(sink.last().lost);
    }
    SECTION("another source remains: the output follows it") {
        auto b = sender(2);
        a.send(m, sink, 0, {50, 50});
        b.send(m, sink, 0, {20, 80});
        CHECK(sink.head(2) == Bytes{50, 80});
        CHECK(a.send(m, sink, 10 * kMs, {50, 50}, 0x00, SacnOption::Terminated) == SacnOutcome::Terminated);
        CHECK(sink.head(2) == Bytes{20, 80});
        CHECK_FALSE(sink.last().lost);
        CHECK_FALSE(sink.last().merging);
        CHECK(m.sourceCount(1) == 1);
    }
}

TEST_CASE("Timeout of the last source emits lost once", "[sacn-merge]") {
    SacnMerger m;
    RecordingSink sink;
    auto a = sender(1, 100, 7);
    a.send(m, sink, 1 * kSec, {3, 4});
    m.tick(1 * kSec + SacnMerger::kSourceTimeoutNs - 1, sink);
    REQUIRE(sink.outputs.size() == 1);
    m.tick(1 * kSec + SacnMerger::kSourceTimeoutNs, sink);
    REQUIRE(sink.outputs.size() == 2);
    CHECK(sink.last().lost);
    CHECK(sink.last().universe == 7);
    CHECK(sink.head(2) == Bytes{3, 4});
    CHECK(sink.last().length == 2);
    m.tick(5 * kSec, sink);
    CHECK(sink.outputs.size() == 2);
    CHECK(m.universeCount() == 0);
    CHECK(m.sourceCount(7) == 0);
}

TEST_CASE("Sequence window per source and universe, with wrap-around", "[sacn-merge]") {
    SacnMerger m;
    RecordingSink sink;
    auto a = sender(1);
    CHECK(a.sendSeq(m, sink, 0, {1}, 10) == SacnOutcome::Output);   // first packet: any number
    CHECK(a.sendSeq(m, sink, 1, {2}, 5) == SacnOutcome::DroppedSequence);     // d = -5
    CHECK(a.sendSeq(m, sink, 2, {2}, 10) == SacnOutcome::DroppedSequence);    // d = 0, duplicate
    CHECK(a.sendSeq(m, sink, 3, {2}, 250) == SacnOutcome::DroppedSequence);   // d = -16
    CHECK(sink.last().slots[0] == 1);
    CHECK(a.sendSeq(m, sink, 4, {3}, 200) == SacnOutcome::Output);            // d = -66: a restart
    CHECK(sink.last().slots[0] == 3);
    CHECK(a.sendSeq(m, sink, 5, {4}, 255) == SacnOutcome::Output);
    CHECK(a.sendSeq(m, sink, 6, {5}, 0) == SacnOutcome::Output);              // 255 -> 0, d = +1
    CHECK(sink.last().slots[0] == 5);
    CHECK(a.sendSeq(m, sink, 7, {6}, 30) == SacnOutcome::Output);
    CHECK(a.sendSeq(m, sink, 8, {6}, 11) == SacnOutcome::DroppedSequence);    // d = -19
    CHECK(a.sendSeq(m, sink, 9, {7}, 10) == SacnOutcome::Output);             // d = -20: outside the window
    CHECK(m.stats().droppedSequence == 4);

    // Separate per universe and per CID.
    auto sameCidOtherUniverse = sender(1, 100, 2);
    CHECK(sameCidOtherUniverse.sendSeq(m, sink, 10, {1}, 5) == SacnOutcome::Output);
    auto otherCid = sender(2);
    CHECK(otherCid.sendSeq(m, sink, 11, {1}, 5) == SacnOutcome::Output);
}

TEST_CASE("Preview data is dropped unless accepted", "[sacn-merge]") {
    SacnMerger m;
    RecordingSink sink;
    auto a = sender(1);
    CHECK(a.send(m, sink, 0, {9}, 0x00, SacnOption::Preview) == SacnOutcome::DroppedPreview);
    CHECK(sink.outputs.empty());
    CHECK(m.universeCount() == 0);
    CHECK(m.stats().droppedPreview == 1);
    m.setAcceptPreview(true);
    CHECK(m.acceptPreview());
    CHECK(a.send(m, sink, 1, {9}, 0x00, SacnOption::Preview) == SacnOutcome::Output);
    CHECK(sink.last().slots[0] == 9);
}

TEST_CASE("Other START codes are ignored without creating state", "[sacn-merge]") {
    SacnMerger m;
    RecordingSink sink;
    auto a = sender(1);
    CHECK(a.send(m, sink, 0, {1, 2}, 0x17) == SacnOutcome::DroppedStartCode);
    CHECK(a.send(m, sink, 0, {1, 2}, 0xCC) == SacnOutcome::DroppedStartCode);
    CHECK(sink.outputs.empty());
    CHECK(m.universeCount() == 0);
    CHECK(m.stats().droppedStartCode == 2);
    CHECK(a.send(m, sink, 0, {1, 2}) == SacnOutcome::Output);
    CHECK(a.send(m, sink, 0, {7, 7}, 0x17) == SacnOutcome::DroppedStartCode);
    CHECK(sink.outputs.size() == 1);
}

TEST_CASE("0xDD per-address priority decides per slot", "[sacn-merge]") {
    SacnMerger m;
    RecordingSink sink;
    auto a = sender(1);
    auto b = sender(2);

    SECTION("a 0xDD packet before any levels is held and outputs nothing") {
        CHECK(a.send(m, sink, 0, {100, 100}, 0xDD) == SacnOutcome::Held);
        CHECK(sink.outputs.empty());
        CHECK(m.sourceCount(1) == 1);
        CHECK(a.send(m, sink, 1, {5, 6, 7}) == SacnOutcome::Output);
        CHECK(sink.last().length == 2);   // slot 3 has per-address priority 0 (missing value)
        CHECK(sink.head(3) == Bytes{5, 6, 0});
    }
    SECTION("highest per-slot priority wins, ties HTP, 0 does not drive") {
        a.send(m, sink, 0, {255, 255, 255, 40});
        b.send(m, sink, 0, {10, 20, 30, 50});
        CHECK(sink.head(4) == Bytes{255, 255, 255, 50});
        CHECK(a.send(m, sink, 1, {50, 50, 0, 100}, 0xDD) == SacnOutcome::Output);
        // a: slots 1,2 at 50, slot 3 not driven, slot 4 at 100; b: packet priority 100 everywhere.
        CHECK(sink.head(4) == Bytes{10, 20, 30, 50});
        CHECK(sink.last().merging);   // slot 4 ties at 100
        CHECK(b.send(m, sink, 2, {100, 10, 100, 1}, 0xDD) == SacnOutcome::Output);
        // slot 1: b 100 > a 50; slot 2: a 50 > b 10; slot 3: b only; slot 4: a 100 > b 1.
        CHECK(sink.head(4) == Bytes{10, 255, 30, 40});
        CHECK(sink.last().merging);
        // Repeating the same priorities changes nothing.
        const std::size_t n = sink.outputs.size();
        CHECK(b.send(m, sink, 3, {100, 10, 100, 1}, 0xDD) == SacnOutcome::Held);
        CHECK(sink.outputs.size() == n);
        // New levels from a winner are output.
        CHECK(b.send(m, sink, 4, {11, 21, 31, 41}) == SacnOutcome::Output);
        CHECK(sink.head(4) == Bytes{11, 255, 31, 40});
    }
    SECTION("a lone source that stops driving every slot is reported lost") {
        a.send(m, sink, 0, {1, 2});
        CHECK(a.send(m, sink, 1, {0, 0}, 0xDD) == SacnOutcome::Output);
        CHECK(sink.last().lost);
        CHECK(sink.head(2) == Bytes{1, 2});
        CHECK(a.send(m, sink, 2, {1, 0}, 0xDD) == SacnOutcome::Output);
        CHECK_FALSE(sink.last().lost);
        CHECK(sink.last().length == 1);
        CHECK(sink.head(2) == Bytes{1, 0});
    }
    SECTION("per-address priorities fall back to the packet priority 2.5 s after the last 0xDD") {
        a.send(m, sink, 0, {200});
        b.send(m, sink, 0, {100});
        CHECK(sink.last().slots[0] == 200);
        b.send(m, sink, 0, {150}, 0xDD);          // b outranks a on slot 1
        CHECK(sink.last().slots[0] == 100);
        for (std::uint64_t t = 500 * kMs; t <= 2000 * kMs; t += 500 * kMs) {
            a.send(m, sink, t, {200});
            b.send(m, sink, t, {100});            // levels keep coming, 0xDD stops
        }
        CHECK(sink.last().slots[0] == 100);
        m.tick(SacnMerger::kSourceTimeoutNs - 1, sink);
        CHECK(sink.last().slots[0] == 100);
        m.tick(SacnMerger::kSourceTimeoutNs, sink);
        CHECK(sink.last().slots[0] == 200);       // equal packet priorities again: HTP
        CHECK(m.sourceCount(1) == 2);
    }
}

TEST_CASE("Universe limit: refuse new universes, reuse freed ones", "[sacn-merge]") {
    SacnMerger m;
    RecordingSink sink;
    for (std::uint16_t u = 1; u <= SacnMerger::kMaxUniverses; ++u) {
        auto s = sender(1, 100, u);
        REQUIRE(s.send(m, sink, 0, {static_cast<std::uint8_t>(u)}) == SacnOutcome::Output);
    }
    CHECK(m.universeCount() == SacnMerger::kMaxUniverses);
    auto extra = sender(1, 100, 60000);
    CHECK(extra.send(m, sink, 1, {1}) == SacnOutcome::DroppedUniverseLimit);
    CHECK(m.stats().droppedUniverseLimit == 1);
    // A known universe still takes new sources.
    auto second = sender(2, 100, 5);
    CHECK(second.send(m, sink, 1, {1}) == SacnOutcome::Output);

    // Terminating universe 3's only source frees its record for the new universe.
    auto three = sender(1, 100, 3);
    three.sequence = 1;
    CHECK(three.send(m, sink, 2, {0}, 0x00, SacnOption::Terminated) == SacnOutcome::Terminated);
    CHECK(m.universeCount() == SacnMerger::kMaxUniverses - 1);
    CHECK(extra.send(m, sink, 3, {77}) == SacnOutcome::Output);
    CHECK(sink.last().universe == 60000);
    CHECK(sink.last().slots[0] == 77);
    CHECK(extra.sendSeq(m, sink, 3, {1}, 1) == SacnOutcome::DroppedSequence);   // a duplicate
    auto more = sender(1, 100, 60001);
    CHECK(more.send(m, sink, 4, {1}) == SacnOutcome::DroppedUniverseLimit);

    // Everything times out: all records are freed and lost is reported for each universe once.
    const std::size_t before = sink.outputs.size();
    m.tick(10 * kSec, sink);
    CHECK(m.universeCount() == 0);
    CHECK(sink.outputs.size() == before + SacnMerger::kMaxUniverses);
    for (std::size_t i = before; i < sink.outputs.size(); ++i)
        REQUIRE(sink.outputs[i].lost);
    CHECK(more.send(m, sink, 11 * kSec, {1}) == SacnOutcome::Output);
}

TEST_CASE("Outcome names and counters", "[sacn-merge]") {
    for (int i = 0; i < static_cast<int>(SacnOutcome::Count); ++i)
        CHECK(std::string(toString(static_cast<SacnOutcome>(i))) != "unknown");
    SacnMerger m;
    RecordingSink sink;
    auto a = sender(1, 100);
    auto b = sender(2, 50);
    a.send(m, sink, 0, {1});
    b.send(m, sink, 0, {1});
    a.sendSeq(m, sink, 0, {1}, 0);
    CHECK(m.count(SacnOutcome::Output) == 1);
    CHECK(m.count(SacnOutcome::Held) == 1);
    CHECK(m.count(SacnOutcome::DroppedSequence) == 1);
    CHECK(m.count(SacnOutcome::Terminated) == 0);
}
