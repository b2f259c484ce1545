#include "Core/PollResponder.h"

#include "Core/ArtNetBuilder.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <set>
#include <vector>

using namespace dmxin;

namespace {

constexpr std::uint64_t kMs = 1'000'000;
constexpr std::uint64_t kSec = 1'000'000'000;
constexpr std::uint32_t kPoller = 0x0A000064;   // 10.0.0.100
constexpr std::uint32_t kOwnIp = 0x0A000002;    // 10.0.0.2

PortAddress flat(int v) {
    return *PortAddress::fromFlat(v);
}

struct Sent {
    std::uint32_t ip;
    std::uint16_t port;
    std::vector<std::uint8_t> bytes;
};

struct Collector {
    std::vector<Sent> sent;
    void operator()(std::uint32_t ip, std::uint16_t port, std::span<const std::uint8_t> bytes) {
        sent.push_back({ip, port, {bytes.begin(), bytes.end()}});
    }
};

// A random source the test controls: returns `value` every time.
std::uint32_t fixedRandom(void* state) {
    return *static_cast<std::uint32_t*>(state);
}

ArtPollView generalPoll() {
    ArtPollView p;
    p.flags = 0x02;
    return p;
}

ArtPollView targetedPoll(std::uint16_t bottom, std::uint16_t top) {
    ArtPollView p;
    p.flags = 0x20;
    p.targeted = true;
    p.targetBottom = bottom;
    p.targetTop = top;
    return p;
}

ReplyContext context(std::span<const PollReplyPort> ports) {
    ReplyContext ctx;
    ctx.ip = kOwnIp;
    ctx.mac = {1, 2, 3, 4, 5, 6};
    ctx.shortName = "DMX In";
    ctx.longName = "DMX In test";
    ctx.reportText = "OK";
    ctx.versionInfo = 0x0100;
    ctx.ports = ports;
    return ctx;
}

ParsedPollReply parsed(const Sent& s) {
    auto r = parseArtPollReply(s.bytes);
    REQUIRE(r);
    return *r;
}

std::vector<PortAddress> addressesOf(const Collector& c) {
    std::vector<PortAddress> out;
    for (const auto& s : c.sent)
        out.push_back(parsed(s).outputAddress(0));
    return out;
}

} // namespace

TEST_CASE("PollResponder sends after the drawn delay, never before it is due", "[poll]") {
    const std::vector<PollReplyPort> ports{{flat(1)}};
    const std::vector<PortAddress> subs{flat(1)};

    SECTION("the smallest draw replies at once") {
        std::uint32_t value = 0;
        PollResponder responder(&fixedRandom, &value);
        REQUIRE(responder.onPoll(generalPoll(), kPoller, 5 * kSec, subs) == PollDecision::Scheduled);
        CHECK(responder.nextDueNs() == 5 * kSec);
        Collector c;
        responder.sendDue(5 * kSec, context(ports), c);
        CHECK(c.sent.size() == 1);
    }
    SECTION("the largest draw replies just under 1 s later") {
        std::uint32_t value = 0xFFFFFFFFu;
        PollResponder responder(&fixedRandom, &value);
        REQUIRE(responder.onPoll(generalPoll(), kPoller, 5 * kSec, subs) == PollDecision::Scheduled);
        const std::uint64_t due = 5 * kSec + kSec - 1;
        CHECK(responder.nextDueNs() == due);
        Collector c;
        responder.sendDue(due - 1, context(ports), c);
        CHECK(c.sent.empty());
        CHECK(responder.pendingCount() == 1);
        responder.sendDue(due, context(ports), c);
        CHECK(c.sent.size() == 1);
        CHECK(responder.pendingCount() == 0);
        CHECK_FALSE(responder.nextDueNs());
    }
    SECTION("seeded draws spread over [0, 1 s)") {
        PollResponder responder(12345u);
        std::set<std::uint64_t> delays;
        for (std::uint32_t i = 0; i < 200; ++i) {
            const std::uint64_t t = 10 * kSec + i * 3 * kSec;   // far apart: no limit applies
            REQUIRE(responder.onPoll(generalPoll(), kPoller + i, t, subs) == PollDecision::Scheduled);
            const auto due = responder.nextDueNs();
            REQUIRE(due);
            REQUIRE(*due >= t);
            REQUIRE(*due - t < kSec);
            delays.insert(*due - t);
            Collector c;
            responder.sendDue(*due - 1 < t ? t : *due - 1, context(ports), c);
            CHECK(c.sent.size() == (*due == t ? 1u : 0u));
            responder.sendDue(*due, context(ports), c);
            REQUIRE(c.sent.size() == 1);
        }
        CHECK(delays.size() > 190);   // not a constant
        CHECK(*delays.rbegin() > kSec / 2);
        CHECK(*delays.begin() < kSec / 2);
    }
}

TEST_CASE("PollResponder sends one reply per port with BindIndex 1..N to poller:6454", "[poll]") {
    std::uint32_t zero = 0;
    PollResponder responder(&fixedRandom, &zero);
    const std::vector<PollReplyPort> ports{
        {*PortAddress::fromParts(0, 0, 1), false, false, true},
        {*PortAddress::fromParts(4, 2, 3), true, true, true},
        {*PortAddress::fromParts(1, 0, 15), true, false, false},
    };
    const std::vector<PortAddress> subs{ports[0].address, ports[1].address, ports[2].address};
    REQUIRE(responder.onPoll(generalPoll(), kPoller, kSec, subs) == PollDecision::Scheduled);
    Collector c;
    responder.sendDue(kSec, context(ports), c);
    REQUIRE(c.sent.size() == 3);
    const std::uint8_t expectedGood[3] = {0x80, 0x8A, 0x08};
    for (std::size_t i = 0; i < 3; ++i) {
        INFO("reply " << i);
        CHECK(c.sent[i].ip == kPoller);
        CHECK(c.sent[i].port == 6454);
        CHECK(c.sent[i].bytes.size() == kArtPollReplySize);
        const auto r = parsed(c.sent[i]);
        CHECK(r.bindIndex == i + 1);
        CHECK(r.numPorts == 1);
        CHECK(r.portTypes[0] == 0x80);
        CHECK(r.netSwitch == ports[i].address.net());
        CHECK(r.subSwitch == ports[i].address.subNet());
        CHECK(r.swOut[0] == ports[i].address.universe());
        CHECK(r.outputAddress(0) == ports[i].address);
        CHECK(r.goodOutputA[0] == expectedGood[i]);
        CHECK(r.ip == kOwnIp);
        CHECK(r.bindIp == kOwnIp);
        CHECK(r.shortName == "DMX In");
        CHECK(r.longName == "DMX In test");
        CHECK(r.versionInfo == 0x0100);
        CHECK(r.mac == std::array<std::uint8_t, 6>{1, 2, 3, 4, 5, 6});
    }
    CHECK(parsed(c.sent[0]).nodeReport == "#0001 [0000] OK");
    CHECK(parsed(c.sent[1]).nodeReport == "#0001 [0001] OK");
    CHECK(parsed(c.sent[2]).nodeReport == "#0001 [0002] OK");

    const auto k = responder.counters();
    CHECK(k.pollsSeen == 1);
    CHECK(k.scheduled == 1);
    CHECK(k.burstsSent == 1);
    CHECK(k.repliesSent == 3);

    // The counter keeps running across bursts.
    REQUIRE(responder.onPoll(generalPoll(), kPoller + 1, 2 * kSec, subs) == PollDecision::Scheduled);
    Collector c2;
    responder.sendDue(2 * kSec, context(ports), c2);
    REQUIRE(c2.sent.size() == 3);
    CHECK(parsed(c2.sent[0]).nodeReport == "#0001 [0003] OK");
    CHECK(responder.counters().repliesSent == 6);
}

TEST_CASE("PollResponder: a node with no ports sends one port-less reply", "[poll]") {
    std::uint32_t zero = 0;
    PollResponder responder(&fixedRandom, &zero);
    REQUIRE(responder.onPoll(generalPoll(), kPoller, kSec, {}) == PollDecision::Scheduled);
    Collector c;
    responder.sendDue(kSec, context({}), c);
    REQUIRE(c.sent.size() == 1);
    const auto r = parsed(c.sent[0]);
    CHECK(r.bindIndex == 1);
    CHECK(r.numPorts == 0);
    CHECK(r.portTypes[0] == 0);
}

TEST_CASE("PollResponder reports the address the poll arrived on", "[poll]") {
    std::uint32_t zero = 0;
    PollResponder responder(&fixedRandom, &zero);
    REQUIRE(responder.onPoll(generalPoll(), kPoller, kSec, {}, 0xC0A80105) == PollDecision::Scheduled);
    Collector c;
    responder.sendDue(kSec, context({}), c);
    REQUIRE(c.sent.size() == 1);
    CHECK(parsed(c.sent[0]).ip == 0xC0A80105u);
    CHECK(parsed(c.sent[0]).bindIp == 0xC0A80105u);
}

TEST_CASE("PollResponder answers targeted polls only for Port-Addresses in [Bottom, Top]", "[poll]") {
    std::uint32_t zero = 0;
    const std::vector<PollReplyPort> ports{{flat(5)}, {flat(10)}, {flat(20)}};
    const std::vector<PortAddress> subs{flat(5), flat(10), flat(20)};
    std::uint32_t poller = kPoller;
    PollResponder responder(&fixedRandom, &zero);
    std::uint64_t t = kSec;

    auto answer = [&](std::uint16_t bottom, std::uint16_t top, PollDecision expected) {
        t += 2 * kSec;
        ++poller;
        REQUIRE(responder.onPoll(targetedPoll(bottom, top), poller, t, subs) == expected);
        Collector c;
        responder.sendDue(t, context(ports), c);
        return addressesOf(c);
    };

    CHECK(answer(10, 10, PollDecision::Scheduled) == std::vector<PortAddress>{flat(10)});
    CHECK(answer(5, 20, PollDecision::Scheduled) == std::vector<PortAddress>{flat(5), flat(10), flat(20)});
    CHECK(answer(5, 9, PollDecision::Scheduled) == std::vector<PortAddress>{flat(5)});     // Bottom inclusive
    CHECK(answer(11, 20, PollDecision::Scheduled) == std::vector<PortAddress>{flat(20)});  // Top inclusive
    CHECK(answer(0, 32767, PollDecision::Scheduled).size() == 3);
    CHECK(answer(11, 19, PollDecision::NotTargeted).empty());
    CHECK(answer(0, 4, PollDecision::NotTargeted).empty());
    CHECK(answer(21, 32767, PollDecision::NotTargeted).empty());
    CHECK(answer(20, 5, PollDecision::NotTargeted).empty());   // Bottom > Top: an empty range
    CHECK(responder.counters().notTargeted == 4);

    // A targeted poll reaching a node with no ports has nothing to answer.
    CHECK(responder.onPoll(targetedPoll(0, 32767), poller + 100, t + 3 * kSec, {}) ==
          PollDecision::NothingToReport);
    CHECK(responder.counters().nothingToReport == 1);
}

TEST_CASE("PollResponder reads targeted polls straight from the wire", "[poll]") {
    // ArtPoll, Flags 0x20, Top 0x0010 (BE), Bottom 0x000A (BE).
    const std::vector<std::uint8_t> bytes{0x41, 0x72, 0x74, 0x2d, 0x4e, 0x65, 0x74, 0x00, 0x00, 0x20, 0x00, 0x0e,
                                          0x20, 0x00, 0x00, 0x10, 0x00, 0x0a, 0x00, 0x00, 0x00, 0x00};
    const auto r = parseArtNet(bytes);
    REQUIRE(r.kind == ArtNetKind::Poll);
    std::uint32_t zero = 0;
    PollResponder responder(&fixedRandom, &zero);
    const std::vector<PortAddress> inside{flat(16)};
    const std::vector<PortAddress> outside{flat(17)};
    CHECK(responder.onPoll(r.poll, kPoller, kSec, outside) == PollDecision::NotTargeted);
    CHECK(responder.onPoll(r.poll, kPoller, kSec, inside) == PollDecision::Scheduled);
}

TEST_CASE("PollResponder coalesces repeated polls and limits a poller to one burst per second", "[poll]") {
    std::uint32_t half = 0x80000000u;   // 0.5 s delay
    PollResponder responder(&fixedRandom, &half);
    const std::vector<PollReplyPort> ports{{flat(5)}, {flat(10)}};
    const std::vector<PortAddress> subs{flat(5), flat(10)};

    REQUIRE(responder.onPoll(targetedPoll(10, 10), kPoller, kSec, subs) == PollDecision::Scheduled);
    CHECK(responder.onPoll(targetedPoll(10, 10), kPoller, kSec + 100 * kMs, subs) == PollDecision::AlreadyScheduled);
    // An untargeted poll while pending widens the burst to every port; it is still one burst.
    CHECK(responder.onPoll(generalPoll(), kPoller, kSec + 200 * kMs, subs) == PollDecision::AlreadyScheduled);
    CHECK(responder.pendingCount() == 1);
    Collector c;
    responder.sendDue(kSec + 500 * kMs, context(ports), c);
    CHECK(addressesOf(c) == std::vector<PortAddress>{flat(5), flat(10)});
    CHECK(responder.counters().burstsSent == 1);
    CHECK(responder.counters().alreadyScheduled == 2);

    // Within 1 s after the burst left: refused. At 1 s: accepted again.
    CHECK(responder.onPoll(generalPoll(), kPoller, kSec + 1400 * kMs, subs) == PollDecision::RateLimited);
    CHECK(responder.onPoll(generalPoll(), kPoller, kSec + 1499 * kMs, subs) == PollDecision::RateLimited);
    CHECK(responder.counters().rateLimited == 2);
    // Another poller is not affected.
    CHECK(responder.onPoll(generalPoll(), kPoller + 1, kSec + 1400 * kMs, subs) == PollDecision::Scheduled);
    CHECK(responder.onPoll(generalPoll(), kPoller, kSec + 1500 * kMs, subs) == PollDecision::Scheduled);
    Collector c2;
    responder.sendDue(3 * kSec, context(ports), c2);
    CHECK(c2.sent.size() == 4);   // two pollers x two ports
}

TEST_CASE("PollResponder merges two targeted ranges into their hull", "[poll]") {
    std::uint32_t sixteenth = 0x10000000u;   // 62.5 ms
    PollResponder responder(&fixedRandom, &sixteenth);
    const std::vector<PollReplyPort> ports{{flat(5)}, {flat(10)}, {flat(20)}, {flat(30)}};
    const std::vector<PortAddress> subs{flat(5), flat(10), flat(20), flat(30)};
    REQUIRE(responder.onPoll(targetedPoll(10, 10), kPoller, kSec, subs) == PollDecision::Scheduled);
    REQUIRE(responder.onPoll(targetedPoll(20, 20), kPoller, kSec, subs) == PollDecision::AlreadyScheduled);
    Collector c;
    responder.sendDue(2 * kSec, context(ports), c);
    CHECK(addressesOf(c) == std::vector<PortAddress>{flat(10), flat(20)});
}

TEST_CASE("A flood of 10,000 polls from 10,000 addresses in one second yields at most 8 bursts", "[poll]") {
    PollResponder responder(0xC0FFEEu);
    const std::vector<PollReplyPort> ports{{flat(1)}, {flat(2)}};
    const std::vector<PortAddress> subs{flat(1), flat(2)};
    Collector c;
    std::uint64_t t = 100 * kSec;
    for (std::uint32_t i = 0; i < 10'000; ++i) {
        responder.onPoll(generalPoll(), 0x0B000000u + i, t, subs);
        if (i % 10 == 0)
            responder.sendDue(t, context(ports), c);
        t += 100'000;   // 100 us: 10,000 polls in 1 s
    }
    for (int step = 0; step < 3000; ++step, t += kMs)
        responder.sendDue(t, context(ports), c);

    std::set<std::uint32_t> destinations;
    for (const auto& s : c.sent)
        destinations.insert(s.ip);
    const auto k = responder.counters();
    CHECK(PollResponder::kMaxBurstsPerSecond == 8);
    CHECK(destinations.size() == PollResponder::kMaxBurstsPerSecond);
    CHECK(k.burstsSent == PollResponder::kMaxBurstsPerSecond);
    CHECK(c.sent.size() == 2 * PollResponder::kMaxBurstsPerSecond);
    CHECK(k.pollsSeen == 10'000);
    CHECK(k.scheduled == 8);
    CHECK(k.rateLimited == 10'000 - 8);
    CHECK(responder.pendingCount() == 0);
}

TEST_CASE("A sustained flood is held to 8 accepted bursts per second", "[poll]") {
    PollResponder responder(7u);
    const std::vector<PollReplyPort> ports{{flat(1)}};
    const std::vector<PortAddress> subs{flat(1)};
    std::size_t sends = 0;
    auto record = [&](std::uint32_t, std::uint16_t, std::span<const std::uint8_t>) { ++sends; };
    const std::uint64_t start = 50 * kSec;
    std::uint64_t t = start;
    std::vector<std::uint64_t> acceptTimes;
    for (std::uint32_t i = 0; i < 100'000; ++i) {   // 10 s at 10,000 polls/s
        if (responder.onPoll(generalPoll(), 0x0C000000u + i, t, subs) == PollDecision::Scheduled)
            acceptTimes.push_back(t);
        responder.sendDue(t, context(ports), record);
        t += 100'000;
    }
    CHECK(acceptTimes.size() <= 10 * PollResponder::kMaxBurstsPerSecond);
    CHECK(acceptTimes.size() >= 5 * PollResponder::kMaxBurstsPerSecond);   // still answers someone
    // No 1 s window of arrivals holds more than 8 acceptances.
    for (std::size_t i = PollResponder::kMaxBurstsPerSecond; i < acceptTimes.size(); ++i)
        CHECK(acceptTimes[i] - acceptTimes[i - PollResponder::kMaxBurstsPerSecond] >= kSec);
    CHECK(sends <= acceptTimes.size());
}

TEST_CASE("PollResponder tracks at most 32 pollers", "[poll]") {
    std::uint32_t slow = 0xFFFFFFFFu;
    PollResponder responder(&fixedRandom, &slow);
    const std::vector<PortAddress> subs{flat(1)};
    // Nobody calls sendDue, so bursts pile up: 8 per second pass the rate limit, 32 fill the table.
    std::uint32_t ip = 0x0A010000u;
    for (int second = 0; second < 4; ++second)
        for (int i = 0; i < 8; ++i)
            REQUIRE(responder.onPoll(generalPoll(), ip++, static_cast<std::uint64_t>(second) * kSec + kSec, subs) ==
                    PollDecision::Scheduled);
    CHECK(responder.pendingCount() == PollResponder::kMaxPendingPollers);
    CHECK(responder.onPoll(generalPoll(), ip++, 5 * kSec, subs) == PollDecision::RateLimited);
    const std::vector<PollReplyPort> ports{{flat(1)}};
    Collector c;
    responder.sendDue(6 * kSec, context(ports), c);
    CHECK(c.sent.size() == 32);
    // Still cooling: the table stays full for 1 s after the bursts left.
    CHECK(responder.onPoll(generalPoll(), ip++, 6 * kSec + 999 * kMs, subs) == PollDecision::RateLimited);
    CHECK(responder.onPoll(generalPoll(), ip++, 7 * kSec, subs) == PollDecision::Scheduled);
}

TEST_CASE("PollResponder caps a burst at 255 replies", "[poll]") {
    std::uint32_t zero = 0;
    PollResponder responder(&fixedRandom, &zero);
    std::vector<PollReplyPort> ports;
    std::vector<PortAddress> subs;
    for (int i = 0; i < 300; ++i) {
        ports.push_back({flat(i)});
        subs.push_back(flat(i));
    }
    REQUIRE(responder.onPoll(generalPoll(), kPoller, kSec, subs) == PollDecision::Scheduled);
    Collector c;
    responder.sendDue(kSec, context(ports), c);
    REQUIRE(c.sent.size() == 255);
    CHECK(parsed(c.sent.front()).bindIndex == 1);
    CHECK(parsed(c.sent.back()).bindIndex == 255);
    CHECK(parsed(c.sent.back()).outputAddress(0) == flat(254));
    CHECK(responder.counters().portsOmitted == 45);
}

TEST_CASE("PollResponder never replies to addresses that are not a unicast host", "[poll]") {
    std::uint32_t zero = 0;
    PollResponder responder(&fixedRandom, &zero);
    CHECK(responder.onPoll(generalPoll(), 0, kSec, {}) == PollDecision::NothingToReport);
    CHECK(responder.onPoll(generalPoll(), 0xFFFFFFFFu, kSec, {}) == PollDecision::NothingToReport);
    CHECK(responder.onPoll(generalPoll(), 0xEFFFFFFAu, kSec, {}) == PollDecision::NothingToReport);   // 239.255.255.250
    CHECK(responder.onPoll(generalPoll(), 0x7F000001u, kSec, {}) == PollDecision::Scheduled);         // localhost tools
    CHECK(responder.counters().nothingToReport == 3);
    CHECK(responder.counters().pollsSeen == 4);
}

TEST_CASE("PollResponder counts failed sends", "[poll]") {
    std::uint32_t zero = 0;
    PollResponder responder(&fixedRandom, &zero);
    const std::vector<PollReplyPort> ports{{flat(1)}, {flat(2)}};
    REQUIRE(responder.onPoll(generalPoll(), kPoller, kSec, {}) == PollDecision::Scheduled);
    int calls = 0;
    responder.sendDue(kSec, context(ports), [&](std::uint32_t, std::uint16_t, std::span<const std::uint8_t>) {
        return ++calls == 1;   // the second send fails
    });
    CHECK(calls == 2);
    CHECK(responder.counters().repliesSent == 1);
    CHECK(responder.counters().sendFailures == 1);
}

TEST_CASE("PollDecision names are stable", "[poll]") {
    CHECK(std::string(toString(PollDecision::Scheduled)) == "scheduled");
    CHECK(std::string(toString(PollDecision::AlreadyScheduled)) == "already-scheduled");
    CHECK(std::string(toString(PollDecision::NotTargeted)) == "not-targeted");
    CHECK(std::string(toString(PollDecision::RateLimited)) == "rate-limited");
    CHECK(std::string(toString(PollDecision::NothingToReport)) == "nothing-to-report");
}

TEST_CASE("PollResponder announces a sent universe as an input port among the outputs", "[poll][output]") {
    std::uint32_t zero = 0;
    PollResponder responder(&fixedRandom, &zero);
    PollReplyPort sent;
    sent.address = *PortAddress::fromParts(0, 0, 5);
    sent.input = true;
    sent.dataReceived = true;
    const std::vector<PollReplyPort> ports{{*PortAddress::fromParts(0, 0, 1), false, false, true}, sent};
    const std::vector<PortAddress> subs{ports[0].address};
    REQUIRE(responder.onPoll(generalPoll(), kPoller, kSec, subs) == PollDecision::Scheduled);
    Collector c;
    responder.sendDue(kSec, context(ports), c);
    REQUIRE(c.sent.size() == 2);
    const auto out = parsed(c.sent[0]);
    CHECK(out.portTypes[0] == 0x80);
    CHECK(out.outputAddress(0) == ports[0].address);
    const auto in = parsed(c.sent[1]);
    CHECK(in.bindIndex == 2);
    CHECK(in.numPorts == 1);
    CHECK(in.portTypes[0] == 0x40);
    CHECK(in.inputAddress(0) == sent.address);
    CHECK(in.goodInput[0] == 0x80);
    CHECK(in.swOut[0] == 0);
}
