// The malformed/hostile sACN table (Tests/Tools/MalformedSacn.h) through parseSacn. Each
// malformed datagram must be rejected with its stated reason and expose no view. The same table
// runs through ReceiverHub::handleSacnDatagram in Tests/Net/MalformedDatagramTests.cpp.

#include "Core/SacnMerger.h"
#include "Core/SacnParser.h"
#include "MalformedSacn.h"

#include <catch2/catch.hpp>

#include <set>
#include <string>

using namespace dmxin;
using namespace dmxin::testing;

TEST_CASE("The malformed sACN table has at least 15 distinct datagrams and names", "[sacn][malformed]") {
    const auto cases = malformedSacn();
    std::set<std::string> names;
    std::set<std::vector<std::uint8_t>> packets;
    std::set<SacnReject> reasons;
    for (const auto& c : cases) {
        names.insert(c.name);
        packets.insert(c.bytes);
        reasons.insert(c.expected);
    }
    CHECK(cases.size() >= 15);
    CHECK(names.size() == cases.size());
    CHECK(packets.size() == cases.size());
    // Every reason the parser can reject for appears at least once.
    for (std::size_t r = 1; r < static_cast<std::size_t>(SacnReject::Count); ++r) {
        INFO(toString(static_cast<SacnReject>(r)));
        CHECK(reasons.count(static_cast<SacnReject>(r)) == 1);
    }
}

TEST_CASE("The sACN table's base packets are valid", "[sacn][malformed]") {
    namespace d = malformed_sacn_detail;
    const auto data = d::data();
    const SacnParseResult r = parseSacn(data);
    REQUIRE(r.kind == SacnKind::Data);
    CHECK(r.data.universe == d::kUniverse);
    CHECK(r.data.length == 8);
    CHECK(r.data.sourceName == "hostile");
    CHECK(parseSacn(d::data(512)).kind == SacnKind::Data);
    CHECK(parseSacn(d::data(0)).kind == SacnKind::Data);
    CHECK(parseSacn(d::sync()).kind == SacnKind::Sync);
    CHECK(parseSacn(d::discovery(2)).kind == SacnKind::Discovery);
    CHECK(parseSacn(d::discovery(512)).kind == SacnKind::Discovery);
}

TEST_CASE("parseSacn rejects every malformed sACN datagram with its reason", "[sacn][malformed]") {
    for (const auto& c : malformedSacn()) {
        INFO(c.name << " (" << c.bytes.size() << " bytes), expected " << toString(c.expected));
        const SacnParseResult r = parseSacn(c.bytes);
        CHECK(r.kind == SacnKind::Rejected);
        CHECK(std::string(toString(r.reject)) == toString(c.expected));
        CHECK(r.data.data == nullptr);
        CHECK(r.data.length == 0);
        CHECK(r.discovery.universes == nullptr);
    }
}

namespace {
struct CountingSink final : MergeSink {
    int outputs = 0;
    void onMergeOutput(const MergeOutput&) noexcept override { ++outputs; }
};
} // namespace

TEST_CASE("Preview data and START code 0xCC parse, and the merger drops and counts them", "[sacn][malformed]") {
    namespace d = malformed_sacn_detail;
    const auto preview = d::data(8, 1, SacnOption::Preview);
    const auto rdm = d::data(8, 2, 0, 0xCC);
    const SacnParseResult p = parseSacn(preview);
    const SacnParseResult q = parseSacn(rdm);
    REQUIRE(p.kind == SacnKind::Data);
    REQUIRE(q.kind == SacnKind::Data);
    CHECK(p.data.preview);
    CHECK(q.data.startCode == 0xCC);

    SacnMerger merger;
    CountingSink sink;
    CHECK(merger.onData(p.data, 1, sink) == SacnOutcome::DroppedPreview);
    CHECK(merger.onData(q.data, 2, sink) == SacnOutcome::DroppedStartCode);
    CHECK(sink.outputs == 0);
    CHECK(merger.stats().droppedPreview == 1);
    CHECK(merger.stats().droppedStartCode == 1);
    CHECK(merger.universeCount() == 0);
    // Positive control: the same packet without the preview bit is output.
    const auto live = d::data(8, 3);
    CHECK(merger.onData(parseSacn(live).data, 3, sink) == SacnOutcome::Output);
    CHECK(sink.outputs == 1);
}
