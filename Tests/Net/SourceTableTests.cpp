// SourceTable is written for every packet by the receive thread without a lock and read by
// status() through a seqlock. These check that the readers never see a torn entry while the writer
// runs flat out (and, under the tsan preset, that nothing races), and the bounded-table rules.

#include "Net/SourceTable.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <cstdint>
#include <thread>

using namespace dmxin::net;
using dmxin::DmxProtocol;

namespace {

SourceInfo artnetSource(std::uint32_t ip, std::uint64_t nowNs) {
    SourceInfo s;
    s.protocol = DmxProtocol::ArtNet;
    s.ip = ip;
    s.lastSeenNs = nowNs;
    return s;
}

} // namespace

TEST_CASE("SourceTable: counts packets per source and evicts only a stale entry when full", "[sources]") {
    SourceTable t;
    t.note(artnetSource(1, 100));
    t.note(artnetSource(1, 200));
    t.note(artnetSource(2, 300));
    auto snap = t.snapshot();
    REQUIRE(snap.size() == 2);
    CHECK(snap[0].packets == 2);
    CHECK(snap[0].lastSeenNs == 200);
    CHECK(snap[1].packets == 1);

    for (std::uint32_t ip = 3; ip <= SourceTable::kMaxTracked; ++ip)
        t.note(artnetSource(ip, 400));
    CHECK(t.snapshot().size() == SourceTable::kMaxTracked);
    t.note(artnetSource(1000, 500));   // nobody silent for 10 s yet
    CHECK(t.dropped() == 1);
    // 10 s after entry 1 (the stalest) was last heard: it makes room; the rest move down intact.
    t.note(artnetSource(1000, 200 + 10'000'000'000ull));
    snap = t.snapshot();
    REQUIRE(snap.size() == SourceTable::kMaxTracked);
    CHECK(snap.front().ip == 2);
    CHECK(snap.back().ip == 1000);
    for (std::size_t i = 1; i + 1 < snap.size(); ++i)
        CHECK(snap[i].ip == i + 2);
}

TEST_CASE("SourceTable: snapshots taken during a packet flood are never torn", "[sources]") {
    SourceTable t;
    std::atomic<bool> done{false};
    std::atomic<std::uint64_t> torn{0}, reads{0};
    // The writer keeps packets == lastSeenNs == ip for every source; a snapshot mixing two writes
    // of an entry would break that.
    std::thread reader([&] {
        do {
            for (const SourceInfo& s : t.snapshot())
                if (s.packets != s.lastSeenNs || s.ip != static_cast<std::uint32_t>(s.lastSeenNs))
                    torn.fetch_add(1);
            reads.fetch_add(1);
        } while (!done.load());
    });
    std::uint64_t count[8] = {};
    for (int i = 0; i < 200'000; ++i) {
        const int src = i % 8;
        SourceInfo s;
        s.protocol = DmxProtocol::Sacn;
        s.cid[0] = static_cast<std::uint8_t>(src + 1);
        ++count[src];
        s.lastSeenNs = count[src];
        s.ip = static_cast<std::uint32_t>(count[src]);
        t.note(s);
    }
    done = true;
    reader.join();
    CHECK(torn.load() == 0);
    CHECK(reads.load() > 0);
    const auto snap = t.snapshot();
    REQUIRE(snap.size() == 8);
    for (const SourceInfo& s : snap)
        CHECK(s.packets == 25'000);
}
