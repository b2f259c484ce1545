#include "Core/ArtNetMerger.h"

#include "TestBytes.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <initializer_list>
#include <vector>

using namespace dmxin;

namespace {

constexpr std::uint64_t kMs = 1'000'000ULL;
constexpr std::uint64_t kSec = 1'000'000'000ULL;
constexpr std::uint64_t kT0 = 1000 * kSec;   // an arbitrary non-zero start on the injected clock

constexpr std::uint32_t kIpA = 0x0A000001;   // 10.0.0.1
constexpr std::uint32_t kIpB = 0x0A000002;
constexpr std::uint32_t kIpC = 0x0A000003;

using dmxin::testing::Bytes;
using dmxin::testing::bytes;


PortAddress pa(int flat) { return *PortAddress::fromFlat(flat); }

using dmxin::testing::Recorded;
using dmxin::testing::RecordingSink;

struct Rig {
    ArtNetMerger merger;
    RecordingSink sink;

    ArtDmxOutcome dmx(int universe, std::uint32_t ip, const Bytes& data, std::uint64_t now, std::uint8_t seq = 0,
                      std::uint8_t physical = 0) {
        return merger.onDmx(pa(universe), ip, physical, seq, data.data(), static_cast<std::uint16_t>(data.size()),
                            now, sink);
    }
    ArtSyncOutcome sync(std::uint32_t ip, std::uint64_t now) { return merger.onSync(ip, now, sink); }
    void tick(std::uint64_t now) { merger.tick(now, sink); }
    std::size_t count() const { return sink.outputs.size(); }
};

} // namespace

// ---------------------------------------------------------------------------------------------
// Single source

TEST_CASE("A single source passes through with every MergeOutput field set", "[merger]") {
    Rig rig;
    REQUIRE(rig.dmx(0x0423, kIpA, bytes({0, 1, 2, 3, 4, 255}), kT0) == ArtDmxOutcome::Output);
    REQUIRE(rig.count() == 1);
    const Recorded& o = rig.sink.last();
    CHECK(o.universe == 0x0423);
    CHECK(o.length == 6);
    CHECK(o.used() == bytes({0, 1, 2, 3, 4, 255}));
    CHECK(o.slots[6] == 0);
    CHECK(o.slots[511] == 0);
    CHECK(o.arrivalNs == kT0);
    CHECK_FALSE(o.lost);
    CHECK_FALSE(o.merging);
    CHECK(rig.merger.isLive(pa(0x0423)));
    CHECK_FALSE(rig.merger.isMerging(pa(0x0423)));
    CHECK_FALSE(rig.merger.isLive(pa(0x0424)));

    REQUIRE(rig.dmx(0x0423, kIpA, bytes({9, 8}), kT0 + 25 * kMs) == ArtDmxOutcome::Output);
    REQUIRE(rig.count() == 2);
    CHECK(rig.sink.last().used() == bytes({9, 8}));
    CHECK(rig.sink.last().arrivalNs == kT0 + 25 * kMs);
}

TEST_CASE("A shorter frame replaces the whole previous frame: slots past its length are zero", "[merger]") {
    Rig rig;
    Bytes full(512, 200);
    rig.dmx(1, kIpA, full, kT0);
    rig.dmx(1, kIpA, bytes({7, 7}), kT0 + kMs);
    const Recorded& o = rig.sink.last();
    CHECK(o.length == 2);
    CHECK(o.slots[0] == 7);
    CHECK(o.slots[2] == 0);
    CHECK(o.slots[511] == 0);
}

TEST_CASE("A length above 512 is clamped", "[merger]") {
    Rig rig;
    Bytes big(600, 3);
    REQUIRE(rig.merger.onDmx(pa(1), kIpA, 0, 0, big.data(), 600, kT0, rig.sink) == ArtDmxOutcome::Output);
    CHECK(rig.sink.last().length == 512);
    CHECK(rig.sink.last().slots[511] == 3);
}

// ---------------------------------------------------------------------------------------------
// HTP / LTP

TEST_CASE("HTP merges two sources per slot and outputs the longer length", "[merger][htp]") {
    Rig rig;
    CHECK(rig.merger.mergeMode(pa(5)) == MergeMode::Htp);   // the default
    rig.dmx(5, kIpA, bytes({10, 200, 0, 5}), kT0);
    CHECK_FALSE(rig.sink.last().merging);
    REQUIRE(rig.dmx(5, kIpB, bytes({20, 100, 50}), kT0 + 10 * kMs) == ArtDmxOutcome::Output);
    const Recorded& o = rig.sink.last();
    CHECK(o.used() == bytes({20, 200, 50, 5}));
    CHECK(o.length == 4);
    CHECK(o.slots[4] == 0);
    CHECK(o.merging);
    CHECK(o.arrivalNs == kT0 + 10 * kMs);
    CHECK(rig.merger.isMerging(pa(5)));

    // The shorter source is the newest: the length is still the longer one.
    rig.dmx(5, kIpB, bytes({20, 100}), kT0 + 20 * kMs);
    CHECK(rig.sink.last().length == 4);
    CHECK(rig.sink.last().used() == bytes({20, 200, 0, 5}));
}

TEST_CASE("HTP takes each source's latest frame, not the highest value ever seen", "[merger][htp]") {
    Rig rig;
    rig.dmx(5, kIpA, bytes({255, 255}), kT0);
    rig.dmx(5, kIpB, bytes({100, 0}), kT0 + kMs);
    CHECK(rig.sink.last().used() == bytes({255, 255}));
    rig.dmx(5, kIpA, bytes({0, 30}), kT0 + 2 * kMs);
    CHECK(rig.sink.last().used() == bytes({100, 30}));
    CHECK(rig.sink.last().arrivalNs == kT0 + 2 * kMs);
}

TEST_CASE("The same IP with another Physical value is a second source", "[merger]") {
    Rig rig;
    rig.dmx(5, kIpA, bytes({10, 0}), kT0, 0, /*physical*/ 0);
    rig.dmx(5, kIpA, bytes({0, 20}), kT0 + kMs, 0, /*physical*/ 1);
    CHECK(rig.sink.last().merging);
    CHECK(rig.sink.last().used() == bytes({10, 20}));
    // So the pair is full: a third (IP, Physical) is refused.
    CHECK(rig.dmx(5, kIpA, bytes({1}), kT0 + 2 * kMs, 0, 2) == ArtDmxOutcome::DroppedThirdSource);
}

TEST_CASE("LTP outputs the newest packet whole, per universe", "[merger][ltp]") {
    Rig rig;
    rig.merger.setMergeMode(pa(7), MergeMode::Ltp);   // set before the universe is seen
    CHECK(rig.merger.mergeMode(pa(7)) == MergeMode::Ltp);
    CHECK(rig.merger.mergeMode(pa(8)) == MergeMode::Htp);

    rig.dmx(7, kIpA, bytes({100, 100, 100, 100}), kT0);
    rig.dmx(7, kIpB, bytes({1, 2}), kT0 + kMs);
    CHECK(rig.sink.last().used() == bytes({1, 2}));
    CHECK(rig.sink.last().slots[2] == 0);
    CHECK(rig.sink.last().merging);
    CHECK(rig.sink.last().arrivalNs == kT0 + kMs);
    rig.dmx(7, kIpA, bytes({0, 50, 0, 60}), kT0 + 2 * kMs);
    CHECK(rig.sink.last().used() == bytes({0, 50, 0, 60}));
    CHECK(rig.sink.last().arrivalNs == kT0 + 2 * kMs);

    // Universe 8 keeps HTP.
    rig.dmx(8, kIpA, bytes({100, 100, 100, 100}), kT0);
    rig.dmx(8, kIpB, bytes({1, 2}), kT0 + kMs);
    CHECK(rig.sink.last().used() == bytes({100, 100, 100, 100}));

    // Back to HTP on 7: applies from the next output.
    rig.merger.setMergeMode(pa(7), MergeMode::Htp);
    CHECK(rig.merger.mergeMode(pa(7)) == MergeMode::Htp);
    rig.dmx(7, kIpB, bytes({1, 2}), kT0 + 3 * kMs);
    CHECK(rig.sink.last().used() == bytes({1, 50, 0, 60}));
}

// ---------------------------------------------------------------------------------------------
// Sources: third source, merge timeout, merge flags

TEST_CASE("A third source is dropped until one source has been silent for 10 s", "[merger][sources]") {
    Rig rig;
    rig.dmx(3, kIpA, bytes({10, 10}), kT0);
    rig.dmx(3, kIpB, bytes({90, 0}), kT0);   // B's last packet
    CHECK(rig.dmx(3, kIpC, bytes({0, 77}), kT0 + kMs) == ArtDmxOutcome::DroppedThirdSource);
    CHECK(rig.sink.last().used() == bytes({90, 10}));   // the third source changed nothing

    rig.dmx(3, kIpA, bytes({10, 10}), kT0 + 9 * kSec);   // A keeps sending
    const std::size_t before = rig.count();
    CHECK(rig.dmx(3, kIpC, bytes({0, 77}), kT0 + ArtNetMerger::kMergeTimeoutNs - 1) ==
          ArtDmxOutcome::DroppedThirdSource);
    CHECK(rig.count() == before);
    CHECK(rig.merger.stats().dmxDroppedThirdSource == 2);

    // At exactly 10 s B has left (no tick needed): C takes its place and merges with A.
    CHECK(rig.dmx(3, kIpC, bytes({0, 77}), kT0 + ArtNetMerger::kMergeTimeoutNs) == ArtDmxOutcome::Output);
    const Recorded& o = rig.sink.last();
    CHECK(o.used() == bytes({10, 77}));   // B's 90 is gone
    CHECK(o.merging);
    CHECK(rig.merger.isMerging(pa(3)));
    CHECK(rig.merger.stats().sourcesTimedOut == 1);
}

TEST_CASE("A source silent for 10 s leaves the merge on tick: the remaining source is output", "[merger][sources]") {
    Rig rig;
    rig.dmx(3, kIpA, bytes({10, 10}), kT0);
    rig.dmx(3, kIpB, bytes({90, 0}), kT0);
    REQUIRE(rig.sink.last().merging);
    // A keeps sending; B stops.
    for (std::uint64_t t = kT0 + kSec; t < kT0 + 10 * kSec; t += kSec)
        rig.dmx(3, kIpA, bytes({10, 10}), t);
    CHECK(rig.sink.last().merging);
    CHECK(rig.sink.last().used() == bytes({90, 10}));

    const std::size_t before = rig.count();
    rig.tick(kT0 + ArtNetMerger::kMergeTimeoutNs - 1);
    CHECK(rig.count() == before);
    CHECK(rig.merger.isMerging(pa(3)));

    rig.tick(kT0 + ArtNetMerger::kMergeTimeoutNs);
    REQUIRE(rig.count() == before + 1);
    const Recorded& o = rig.sink.last();
    CHECK_FALSE(o.merging);
    CHECK_FALSE(o.lost);
    CHECK(o.used() == bytes({10, 10}));
    CHECK(o.arrivalNs == kT0 + 9 * kSec);   // A's newest packet
    CHECK_FALSE(rig.merger.isMerging(pa(3)));

    rig.tick(kT0 + ArtNetMerger::kMergeTimeoutNs + 250 * kMs);
    CHECK(rig.count() == before + 1);   // once
}

// Without a tick, the packet that finds a source timed out is judged after the source left; what
// the receiver sees is one frame for that packet, never the intermediate "remaining source alone"
// followed at once by the frame that replaces it (found by fuzz_receive_path).
TEST_CASE("A packet that finds a source timed out outputs one frame, the state after both", "[merger][sources]") {
    Rig rig;
    rig.dmx(3, kIpA, bytes({10, 10}), kT0, 1);
    rig.dmx(3, kIpB, bytes({90, 0}), kT0);   // B's last packet
    rig.dmx(3, kIpA, bytes({10, 10}), kT0 + 9 * kSec, 2);
    const std::size_t before = rig.count();
    const std::uint64_t later = kT0 + ArtNetMerger::kMergeTimeoutNs;

    SECTION("a new source takes B's place") {
        CHECK(rig.dmx(3, kIpC, bytes({0, 77}), later) == ArtDmxOutcome::Output);
        REQUIRE(rig.count() == before + 1);
        CHECK(rig.sink.last().used() == bytes({10, 77}));
        CHECK(rig.sink.last().merging);
    }
    SECTION("the remaining source sends") {
        CHECK(rig.dmx(3, kIpA, bytes({11, 12}), later, 3) == ArtDmxOutcome::Output);
        REQUIRE(rig.count() == before + 1);
        CHECK(rig.sink.last().used() == bytes({11, 12}));
        CHECK_FALSE(rig.sink.last().merging);
    }
    SECTION("the remaining source's packet is dropped: the merge ending is still output") {
        CHECK(rig.dmx(3, kIpA, bytes({99, 99}), later, 2) == ArtDmxOutcome::DroppedSequence);
        REQUIRE(rig.count() == before + 1);
        CHECK(rig.sink.last().used() == bytes({10, 10}));
        CHECK_FALSE(rig.sink.last().merging);
    }
    CHECK(rig.merger.stats().sourcesTimedOut == 1);
}

TEST_CASE("A source that returns within 10 s keeps merging", "[merger][sources]") {
    Rig rig;
    rig.dmx(3, kIpA, bytes({10}), kT0);
    rig.dmx(3, kIpB, bytes({90}), kT0);
    rig.dmx(3, kIpA, bytes({10}), kT0 + 9 * kSec);
    rig.dmx(3, kIpB, bytes({90}), kT0 + 9 * kSec + 999 * kMs);
    const std::size_t before = rig.count();
    rig.tick(kT0 + 10 * kSec);
    CHECK(rig.count() == before);
    CHECK(rig.merger.isMerging(pa(3)));
    CHECK(rig.merger.stats().sourcesTimedOut == 0);
}

TEST_CASE("When both sources have gone the last merged output is held", "[merger][sources]") {
    Rig rig;
    rig.merger.setLossTimeoutNs(20 * kSec);   // keep loss out of the way
    rig.dmx(3, kIpA, bytes({10, 10}), kT0);
    rig.dmx(3, kIpB, bytes({90, 0}), kT0 + kSec);
    const std::size_t before = rig.count();
    rig.tick(kT0 + 10 * kSec);          // A leaves; B remains
    REQUIRE(rig.count() == before + 1);
    CHECK(rig.sink.last().used() == bytes({90, 0}));
    rig.tick(kT0 + 11 * kSec);          // B leaves: nothing to emit
    CHECK(rig.count() == before + 1);
    CHECK_FALSE(rig.merger.isMerging(pa(3)));
    CHECK(rig.merger.isLive(pa(3)));
    CHECK(rig.merger.stats().sourcesTimedOut == 2);

    rig.tick(kT0 + kSec + 20 * kSec);   // loss reports the held image
    REQUIRE(rig.count() == before + 2);
    CHECK(rig.sink.last().lost);
    CHECK(rig.sink.last().used() == bytes({90, 0}));
}

TEST_CASE("A lost universe stays lost when its sources leave the merge", "[merger][sources][loss]") {
    Rig rig;   // default loss timeout 6 s < merge timeout 10 s
    rig.dmx(3, kIpA, bytes({10}), kT0);
    rig.dmx(3, kIpB, bytes({90}), kT0 + kSec);
    rig.tick(kT0 + 7 * kSec);
    REQUIRE(rig.sink.last().lost);
    const std::size_t before = rig.count();
    rig.tick(kT0 + 10 * kSec);   // A leaves, B (also silent) remains
    CHECK(rig.count() == before);
    CHECK_FALSE(rig.merger.isLive(pa(3)));
    CHECK_FALSE(rig.merger.isMerging(pa(3)));
}

// ---------------------------------------------------------------------------------------------
// Sequence

TEST_CASE("Sequence: duplicates and frames up to 19 behind are dropped, 20 behind is a restart", "[merger][sequence]") {
    Rig rig;
    std::uint64_t t = kT0;
    REQUIRE(rig.dmx(1, kIpA, bytes({30}), t += kMs, 30) == ArtDmxOutcome::Output);
    CHECK(rig.dmx(1, kIpA, bytes({99}), t += kMs, 30) == ArtDmxOutcome::DroppedSequence);   // d = 0
    CHECK(rig.dmx(1, kIpA, bytes({99}), t += kMs, 29) == ArtDmxOutcome::DroppedSequence);   // d = -1
    CHECK(rig.dmx(1, kIpA, bytes({99}), t += kMs, 11) == ArtDmxOutcome::DroppedSequence);   // d = -19
    CHECK(rig.sink.last().used() == bytes({30}));   // dropped frames changed nothing
    CHECK(rig.count() == 1);
    CHECK(rig.dmx(1, kIpA, bytes({31}), t += kMs, 31) == ArtDmxOutcome::Output);            // d = +1
    CHECK(rig.dmx(1, kIpA, bytes({11}), t += kMs, 11) == ArtDmxOutcome::Output);            // d = -20
    CHECK(rig.sink.last().used() == bytes({11}));
    CHECK(rig.merger.stats().dmxDroppedSequence == 3);
}

TEST_CASE("Sequence: 255 -> 1 is forward, and the window spans the wrap", "[merger][sequence]") {
    Rig rig;
    std::uint64_t t = kT0;
    rig.dmx(1, kIpA, bytes({1}), t += kMs, 255);
    CHECK(rig.dmx(1, kIpA, bytes({2}), t += kMs, 1) == ArtDmxOutcome::Output);
    CHECK(rig.dmx(1, kIpA, bytes({3}), t += kMs, 5) == ArtDmxOutcome::Output);
    CHECK(rig.dmx(1, kIpA, bytes({4}), t += kMs, 250) == ArtDmxOutcome::DroppedSequence);   // 11 behind, across the wrap
    CHECK(rig.dmx(1, kIpA, bytes({5}), t += kMs, 240) == ArtDmxOutcome::Output);            // 21 behind: restart
    CHECK(rig.dmx(1, kIpA, bytes({6}), t += kMs, 120) == ArtDmxOutcome::Output);            // d = -120: restart
}

TEST_CASE("Sequence 0 disables the check for that packet and leaves no reference", "[merger][sequence]") {
    Rig rig;
    std::uint64_t t = kT0;
    rig.dmx(1, kIpA, bytes({1}), t += kMs, 0);
    CHECK(rig.dmx(1, kIpA, bytes({2}), t += kMs, 0) == ArtDmxOutcome::Output);   // 0 after 0
    rig.dmx(1, kIpA, bytes({3}), t += kMs, 50);
    CHECK(rig.dmx(1, kIpA, bytes({4}), t += kMs, 0) == ArtDmxOutcome::Output);   // 0 after 50
    CHECK(rig.dmx(1, kIpA, bytes({5}), t += kMs, 250) == ArtDmxOutcome::Output); // after 0: nothing to compare
    CHECK(rig.dmx(1, kIpA, bytes({6}), t += kMs, 250) == ArtDmxOutcome::DroppedSequence);
    CHECK(rig.sink.last().used() == bytes({5}));
    CHECK(rig.dmx(1, kIpA, bytes({7}), t += kMs, 5) == ArtDmxOutcome::Output);   // 255 -> 5 (wrap)
    CHECK(rig.dmx(1, kIpA, bytes({8}), t += kMs, 0) == ArtDmxOutcome::Output);   // 0 right after 5
    CHECK(rig.sink.last().used() == bytes({8}));
}

TEST_CASE("Sequence is tracked per source, and a source's first frame is always accepted", "[merger][sequence]") {
    Rig rig;
    rig.dmx(1, kIpA, bytes({10}), kT0, 100);
    // B's first frame is behind A's sequence: a separate source, so it is accepted.
    CHECK(rig.dmx(1, kIpB, bytes({20}), kT0 + kMs, 95) == ArtDmxOutcome::Output);
    CHECK(rig.dmx(1, kIpA, bytes({30}), kT0 + 2 * kMs, 96) == ArtDmxOutcome::DroppedSequence);
    CHECK(rig.dmx(1, kIpB, bytes({40}), kT0 + 3 * kMs, 96) == ArtDmxOutcome::Output);
    CHECK(rig.dmx(1, kIpA, bytes({50}), kT0 + 3 * kMs, 101) == ArtDmxOutcome::Output);

    // A source that left the merge and comes back starts over: its first frame is accepted.
    Rig back;
    back.dmx(2, kIpA, bytes({1}), kT0, 100);
    back.dmx(2, kIpB, bytes({1}), kT0, 1);
    for (std::uint64_t t = kT0 + kSec; t <= kT0 + 10 * kSec; t += kSec)
        back.dmx(2, kIpB, bytes({1}), t, static_cast<std::uint8_t>(1 + (t - kT0) / kSec));
    back.tick(kT0 + 10 * kSec);
    REQUIRE_FALSE(back.merger.isMerging(pa(2)));
    CHECK(back.dmx(2, kIpA, bytes({2}), kT0 + 11 * kSec, 95) == ArtDmxOutcome::Output);
}

TEST_CASE("setSequenceCheck(false) accepts duplicates and late frames", "[merger][sequence]") {
    Rig rig;
    rig.merger.setSequenceCheck(false);
    rig.dmx(1, kIpA, bytes({1}), kT0, 30);
    CHECK(rig.dmx(1, kIpA, bytes({2}), kT0 + kMs, 30) == ArtDmxOutcome::Output);
    CHECK(rig.dmx(1, kIpA, bytes({3}), kT0 + 2 * kMs, 20) == ArtDmxOutcome::Output);
    CHECK(rig.sink.last().used() == bytes({3}));
    rig.merger.setSequenceCheck(true);
    CHECK(rig.dmx(1, kIpA, bytes({4}), kT0 + 3 * kMs, 20) == ArtDmxOutcome::DroppedSequence);
}

// ---------------------------------------------------------------------------------------------
// ArtSync

TEST_CASE("ArtSync: the first one enters synchronous mode, frames wait for the next one", "[merger][sync]") {
    Rig rig;
    CHECK_FALSE(rig.merger.isSynchronous());
    REQUIRE(rig.dmx(1, kIpA, bytes({1}), kT0) == ArtDmxOutcome::Output);   // starts asynchronous
    REQUIRE(rig.sync(kIpA, kT0 + 10 * kMs) == ArtSyncOutcome::Entered);
    CHECK(rig.merger.isSynchronous());
    CHECK(rig.count() == 1);   // entering emits nothing

    CHECK(rig.dmx(1, kIpA, bytes({2}), kT0 + 20 * kMs) == ArtDmxOutcome::Buffered);
    CHECK(rig.dmx(1, kIpA, bytes({3, 3}), kT0 + 21 * kMs) == ArtDmxOutcome::Buffered);   // latest wins
    CHECK(rig.dmx(2, kIpA, bytes({9}), kT0 + 22 * kMs) == ArtDmxOutcome::Buffered);
    CHECK(rig.count() == 1);
    CHECK(rig.merger.isLive(pa(2)));   // buffered counts as received

    REQUIRE(rig.sync(kIpA, kT0 + 30 * kMs) == ArtSyncOutcome::Applied);
    REQUIRE(rig.count() == 3);
    const Recorded& u1 = rig.sink.outputs[1].universe == 1 ? rig.sink.outputs[1] : rig.sink.outputs[2];
    const Recorded& u2 = rig.sink.outputs[1].universe == 2 ? rig.sink.outputs[1] : rig.sink.outputs[2];
    CHECK(u1.universe == 1);
    CHECK(u1.used() == bytes({3, 3}));
    CHECK(u1.arrivalNs == kT0 + 21 * kMs);
    CHECK(u2.universe == 2);
    CHECK(u2.used() == bytes({9}));

    // Only universes that received something since the last sync are emitted.
    rig.dmx(2, kIpA, bytes({8}), kT0 + 40 * kMs);
    REQUIRE(rig.sync(kIpA, kT0 + 50 * kMs) == ArtSyncOutcome::Applied);
    REQUIRE(rig.count() == 4);
    CHECK(rig.sink.last().universe == 2);
    CHECK(rig.sink.last().used() == bytes({8}));
    REQUIRE(rig.sync(kIpA, kT0 + 60 * kMs) == ArtSyncOutcome::Applied);
    CHECK(rig.count() == 4);

    CHECK(rig.merger.stats().syncEntered == 1);
    CHECK(rig.merger.stats().syncApplied == 3);

    // Before any ArtDmx there is no sender to compare with: any IP enters synchronous mode.
    Rig fresh;
    CHECK(fresh.sync(kIpB, kT0) == ArtSyncOutcome::Entered);
    CHECK(rig.merger.stats().dmxBuffered == 4);
}

TEST_CASE("ArtSync: 4 s without one returns to asynchronous mode and tick flushes the buffer", "[merger][sync]") {
    Rig rig;
    rig.dmx(1, kIpA, bytes({1}), kT0);
    REQUIRE(rig.sync(kIpA, kT0) == ArtSyncOutcome::Entered);
    REQUIRE(rig.dmx(1, kIpA, bytes({2}), kT0 + kSec) == ArtDmxOutcome::Buffered);

    rig.tick(kT0 + ArtNetMerger::kSyncTimeoutNs - 1);
    CHECK(rig.count() == 1);
    CHECK(rig.merger.isSynchronous());

    rig.tick(kT0 + ArtNetMerger::kSyncTimeoutNs);
    CHECK_FALSE(rig.merger.isSynchronous());
    REQUIRE(rig.count() == 2);
    CHECK(rig.sink.last().used() == bytes({2}));
    CHECK(rig.merger.stats().syncTimeouts == 1);

    CHECK(rig.dmx(1, kIpA, bytes({3}), kT0 + 5 * kSec) == ArtDmxOutcome::Output);
    // The next ArtSync enters synchronous mode again.
    CHECK(rig.sync(kIpA, kT0 + 5 * kSec) == ArtSyncOutcome::Entered);
}

TEST_CASE("ArtSync: the timeout also applies to an ArtDmx that arrives before any tick", "[merger][sync]") {
    Rig rig;
    rig.dmx(1, kIpA, bytes({1}), kT0);
    rig.sync(kIpA, kT0);
    REQUIRE(rig.dmx(1, kIpA, bytes({2}), kT0 + kSec) == ArtDmxOutcome::Buffered);
    CHECK(rig.dmx(1, kIpA, bytes({3}), kT0 + ArtNetMerger::kSyncTimeoutNs) == ArtDmxOutcome::Output);
    REQUIRE(rig.count() == 3);   // the flush of {2}, then {3}
    CHECK(rig.sink.outputs[1].used() == bytes({2}));
    CHECK(rig.sink.last().used() == bytes({3}));
}

TEST_CASE("ArtSync from another IP than the latest ArtDmx is ignored", "[merger][sync]") {
    Rig rig;
    rig.dmx(1, kIpA, bytes({1}), kT0);
    CHECK(rig.sync(kIpB, kT0 + kMs) == ArtSyncOutcome::IgnoredOtherSource);
    CHECK_FALSE(rig.merger.isSynchronous());
    CHECK(rig.dmx(1, kIpA, bytes({2}), kT0 + 2 * kMs) == ArtDmxOutcome::Output);

    REQUIRE(rig.sync(kIpA, kT0 + 3 * kMs) == ArtSyncOutcome::Entered);
    rig.dmx(1, kIpA, bytes({3}), kT0 + 4 * kMs);
    rig.dmx(2, kIpB, bytes({4}), kT0 + 5 * kMs);   // now B sent the latest ArtDmx
    CHECK(rig.sync(kIpA, kT0 + 6 * kMs) == ArtSyncOutcome::IgnoredOtherSource);
    CHECK(rig.count() == 2);   // nothing applied
    CHECK(rig.sync(kIpB, kT0 + 7 * kMs) == ArtSyncOutcome::Applied);
    CHECK(rig.count() == 4);
    CHECK(rig.merger.stats().syncIgnoredOtherSource == 2);
}

TEST_CASE("Ignored ArtSyncs do not keep synchronous mode alive", "[merger][sync]") {
    Rig rig;
    rig.dmx(1, kIpA, bytes({1}), kT0);
    rig.sync(kIpA, kT0);
    rig.dmx(1, kIpA, bytes({2}), kT0 + kSec);
    CHECK(rig.sync(kIpB, kT0 + 3 * kSec) == ArtSyncOutcome::IgnoredOtherSource);
    rig.tick(kT0 + 4 * kSec);
    CHECK_FALSE(rig.merger.isSynchronous());
    CHECK(rig.sink.last().used() == bytes({2}));
}

TEST_CASE("ArtSync is ignored while a universe merges, and a merging universe outputs at once", "[merger][sync]") {
    Rig rig;
    rig.dmx(1, kIpA, bytes({1}), kT0);
    REQUIRE(rig.sync(kIpA, kT0) == ArtSyncOutcome::Entered);
    CHECK(rig.dmx(1, kIpA, bytes({2}), kT0 + kMs) == ArtDmxOutcome::Buffered);

    // Universe 9 starts merging: it is output immediately despite synchronous mode.
    CHECK(rig.dmx(9, kIpA, bytes({5}), kT0 + 2 * kMs) == ArtDmxOutcome::Buffered);   // one source: waits
    CHECK(rig.dmx(9, kIpB, bytes({0, 6}), kT0 + 3 * kMs) == ArtDmxOutcome::Output);
    CHECK(rig.sink.last().universe == 9);
    CHECK(rig.sink.last().merging);
    CHECK(rig.sink.last().used() == bytes({5, 6}));
    CHECK(rig.dmx(9, kIpA, bytes({7}), kT0 + 4 * kMs) == ArtDmxOutcome::Output);

    const std::size_t before = rig.count();
    CHECK(rig.sync(kIpA, kT0 + 5 * kMs) == ArtSyncOutcome::IgnoredWhileMerging);
    CHECK(rig.count() == before);   // universe 1 still waits
    CHECK(rig.merger.stats().syncIgnoredWhileMerging == 1);
}

// ---------------------------------------------------------------------------------------------
// Loss

TEST_CASE("Loss: one lost output after the timeout, not before; the next packet recovers", "[merger][loss]") {
    Rig rig;
    rig.dmx(4, kIpA, bytes({1, 2, 3}), kT0);
    rig.tick(kT0 + ArtNetMerger::kDefaultLossTimeoutNs - 1);
    CHECK(rig.count() == 1);
    CHECK(rig.merger.isLive(pa(4)));

    rig.tick(kT0 + ArtNetMerger::kDefaultLossTimeoutNs);
    REQUIRE(rig.count() == 2);
    const Recorded& o = rig.sink.last();
    CHECK(o.universe == 4);
    CHECK(o.lost);
    CHECK_FALSE(o.merging);
    CHECK(o.used() == bytes({1, 2, 3}));
    CHECK(o.arrivalNs == kT0);
    CHECK_FALSE(rig.merger.isLive(pa(4)));
    CHECK(rig.merger.stats().losses == 1);

    rig.tick(kT0 + ArtNetMerger::kDefaultLossTimeoutNs + 250 * kMs);
    CHECK(rig.count() == 2);   // emitted once

    REQUIRE(rig.dmx(4, kIpA, bytes({4}), kT0 + 7 * kSec) == ArtDmxOutcome::Output);
    CHECK_FALSE(rig.sink.last().lost);
    CHECK(rig.sink.last().used() == bytes({4}));
    CHECK(rig.merger.isLive(pa(4)));
}

TEST_CASE("Loss: only accepted packets keep a universe live, and the timeout is settable", "[merger][loss]") {
    Rig rig;
    rig.merger.setLossTimeoutNs(2 * kSec);
    rig.dmx(4, kIpA, bytes({1}), kT0, 50);
    rig.dmx(4, kIpA, bytes({1}), kT0 + kSec, 50);   // duplicate: dropped
    rig.tick(kT0 + 2 * kSec - 1);
    CHECK(rig.count() == 1);
    rig.tick(kT0 + 2 * kSec);
    REQUIRE(rig.count() == 2);
    CHECK(rig.sink.last().lost);
}

TEST_CASE("Loss of a merged universe holds the merged image", "[merger][loss]") {
    Rig rig;
    rig.dmx(4, kIpA, bytes({200, 0}), kT0);
    rig.dmx(4, kIpB, bytes({0, 100}), kT0 + kSec);
    rig.tick(kT0 + kSec + ArtNetMerger::kDefaultLossTimeoutNs - 1);
    CHECK(rig.count() == 2);
    rig.tick(kT0 + kSec + ArtNetMerger::kDefaultLossTimeoutNs);
    REQUIRE(rig.count() == 3);
    CHECK(rig.sink.last().lost);
    CHECK(rig.sink.last().used() == bytes({200, 100}));
}

TEST_CASE("Loss while a frame waits for ArtSync reports that frame and drops it from the buffer", "[merger][loss][sync]") {
    Rig rig;
    rig.merger.setLossTimeoutNs(2 * kSec);   // shorter than the 4 s sync timeout
    rig.dmx(4, kIpA, bytes({1}), kT0);
    REQUIRE(rig.sync(kIpA, kT0) == ArtSyncOutcome::Entered);
    REQUIRE(rig.dmx(4, kIpA, bytes({2}), kT0 + 500 * kMs) == ArtDmxOutcome::Buffered);
    REQUIRE(rig.sync(kIpA, kT0 + 2 * kSec) == ArtSyncOutcome::Applied);   // emits {2}
    REQUIRE(rig.count() == 2);
    REQUIRE(rig.dmx(4, kIpA, bytes({3}), kT0 + 2500 * kMs) == ArtDmxOutcome::Buffered);
    rig.tick(kT0 + 4500 * kMs);               // 2 s after {3}; sync mode still on (last sync at 2 s)
    REQUIRE(rig.count() == 3);
    CHECK(rig.sink.last().lost);
    CHECK(rig.sink.last().used() == bytes({3}));
    CHECK(rig.sync(kIpA, kT0 + 5 * kSec) == ArtSyncOutcome::Applied);
    CHECK(rig.count() == 3);                  // not emitted again as a live frame
    CHECK_FALSE(rig.merger.isLive(pa(4)));
}

// ---------------------------------------------------------------------------------------------
// Universe limit

TEST_CASE("At most 512 universes; a lost universe without sources can be reused", "[merger][limit]") {
    Rig rig;
    for (int u = 0; u < static_cast<int>(ArtNetMerger::kMaxUniverses); ++u)
        REQUIRE(rig.dmx(u, kIpA, bytes({1}), kT0) == ArtDmxOutcome::Output);
    CHECK(rig.merger.stats().universesTracked == 512);

    CHECK(rig.dmx(1000, kIpA, bytes({1}), kT0 + kMs) == ArtDmxOutcome::DroppedUniverseLimit);
    CHECK(rig.dmx(1000, kIpA, bytes({1}), kT0 + 2 * kMs) == ArtDmxOutcome::DroppedUniverseLimit);
    CHECK(rig.dmx(1001, kIpA, bytes({1}), kT0 + 2 * kMs) == ArtDmxOutcome::DroppedUniverseLimit);
    CHECK_FALSE(rig.merger.isLive(pa(1000)));
    CHECK(rig.merger.stats().dmxDroppedUniverseLimit == 3);
    CHECK(rig.merger.stats().universesRefused == 2);   // distinct Port-Addresses

    // Known universes keep working.
    CHECK(rig.dmx(0, kIpA, bytes({2}), kT0 + 3 * kMs) == ArtDmxOutcome::Output);

    // Universe 0 keeps sending; the others go silent and are lost at 6 s, but their source is
    // still in the merge buffer until 10 s: not reusable yet.
    rig.dmx(0, kIpA, bytes({2}), kT0 + 5 * kSec);
    rig.tick(kT0 + 7 * kSec);
    CHECK_FALSE(rig.merger.isLive(pa(1)));
    CHECK(rig.dmx(1000, kIpA, bytes({1}), kT0 + 8 * kSec) == ArtDmxOutcome::DroppedUniverseLimit);

    // At 10 s the sources have gone: a lost, source-less entry is taken over (without a tick).
    rig.dmx(0, kIpA, bytes({2}), kT0 + 9 * kSec);
    REQUIRE(rig.dmx(1000, kIpA, bytes({42}), kT0 + 10 * kSec) == ArtDmxOutcome::Output);
    CHECK(rig.sink.last().universe == 1000);
    CHECK(rig.sink.last().used() == bytes({42}));
    CHECK_FALSE(rig.sink.last().merging);
    CHECK(rig.merger.isLive(pa(1000)));
    CHECK(rig.merger.stats().universesTracked == 512);
    CHECK(rig.merger.stats().universesReused == 1);
    // Universe 0 was never lost: it was not the one taken over.
    CHECK(rig.merger.isLive(pa(0)));
    CHECK(rig.dmx(0, kIpA, bytes({3}), kT0 + 10 * kSec) == ArtDmxOutcome::Output);
}

TEST_CASE("A reused entry starts clean: no sources, mode of its own Port-Address", "[merger][limit]") {
    Rig rig;
    rig.merger.setMergeMode(pa(2000), MergeMode::Ltp);
    for (int u = 0; u < static_cast<int>(ArtNetMerger::kMaxUniverses); ++u)
        rig.dmx(u, kIpA, bytes({255, 255}), kT0, 100);
    rig.tick(kT0 + 10 * kSec);   // all lost and source-less
    REQUIRE(rig.dmx(2000, kIpB, bytes({1}), kT0 + 11 * kSec, 1) == ArtDmxOutcome::Output);
    REQUIRE(rig.dmx(2000, kIpC, bytes({2, 2}), kT0 + 11 * kSec + kMs, 1) == ArtDmxOutcome::Output);
    CHECK(rig.sink.last().merging);
    CHECK(rig.sink.last().used() == bytes({2, 2}));   // LTP, and none of the old 255s
    CHECK(rig.sink.last().universe == 2000);
    // The Port-Address it replaced no longer points at the entry: universe 0 is new again (had it
    // kept the entry, A would be a third source next to B and C).
    REQUIRE(rig.dmx(0, kIpA, bytes({9}), kT0 + 12 * kSec) == ArtDmxOutcome::Output);
    CHECK(rig.sink.last().universe == 0);
    CHECK(rig.sink.last().used() == bytes({9}));
    CHECK(rig.merger.stats().universesReused == 2);
}

TEST_CASE("A universe that is not lost is never reused, even without sources", "[merger][limit]") {
    Rig rig;
    rig.merger.setLossTimeoutNs(20 * kSec);   // sources leave at 10 s, loss only at 20 s
    for (int u = 0; u < static_cast<int>(ArtNetMerger::kMaxUniverses); ++u)
        rig.dmx(u, kIpA, bytes({1}), kT0);
    rig.tick(kT0 + 10 * kSec);
    REQUIRE_FALSE(rig.merger.isMerging(pa(1)));
    REQUIRE(rig.merger.isLive(pa(1)));
    CHECK(rig.dmx(1000, kIpA, bytes({1}), kT0 + 11 * kSec) == ArtDmxOutcome::DroppedUniverseLimit);
    rig.tick(kT0 + 20 * kSec);
    REQUIRE_FALSE(rig.merger.isLive(pa(1)));
    CHECK(rig.dmx(1000, kIpA, bytes({1}), kT0 + 21 * kSec) == ArtDmxOutcome::Output);
}

// ---------------------------------------------------------------------------------------------
// Stats

TEST_CASE("Stats count each outcome", "[merger][stats]") {
    Rig rig;
    rig.dmx(1, kIpA, bytes({1}), kT0, 10);                 // Output
    rig.dmx(1, kIpA, bytes({1}), kT0 + kMs, 10);           // DroppedSequence
    rig.dmx(1, kIpB, bytes({1}), kT0 + kMs);               // Output (merge)
    rig.dmx(1, kIpC, bytes({1}), kT0 + kMs);               // DroppedThirdSource
    rig.sync(kIpB, kT0 + 2 * kMs);                         // IgnoredWhileMerging
    rig.dmx(2, kIpA, bytes({1}), kT0 + 3 * kMs);           // Output
    const ArtNetMergerStats& s = rig.merger.stats();
    CHECK(s.dmxOutput == 3);
    CHECK(s.dmxDroppedSequence == 1);
    CHECK(s.dmxDroppedThirdSource == 1);
    CHECK(s.dmxBuffered == 0);
    CHECK(s.dmxDroppedUniverseLimit == 0);
    CHECK(s.syncIgnoredWhileMerging == 1);
    CHECK(s.universesTracked == 2);
    CHECK(s.universesRefused == 0);
}
