// OutputScheduler: when a universe sends and with which sequence number, stepped through simulated
// time (the scheduler reads no clock, so these counts are exact, not timing thresholds).

#include "Core/OutputScheduler.h"

#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <vector>

using namespace dmxin;

namespace {

using Image = std::array<std::uint8_t, kDmxSlots>;
constexpr std::uint64_t kMs = 1'000'000;

Image imageWith(std::uint8_t first) {
    Image image{};
    image[0] = first;
    return image;
}

struct Sent {
    std::uint64_t at;
    OutputSend send;
};

// Polls every `stepNs` from `from` (inclusive) to `to` (exclusive), with the image `imageAt(t)`.
template <typename ImageAt>
std::vector<Sent> run(OutputScheduler& s, std::uint64_t from, std::uint64_t to, std::uint64_t stepNs, ImageAt imageAt) {
    std::vector<Sent> out;
    for (std::uint64_t t = from; t < to; t += stepNs) {
        const Image image = imageAt(t);
        const OutputSend send = s.poll(t, image);
        if (send.kind != OutputSendKind::None)
            out.push_back({t, send});
    }
    return out;
}

} // namespace

TEST_CASE("the period comes from the rate", "[output][scheduler]") {
    CHECK(OutputScheduler(DmxProtocol::ArtNet, 44).periodNs() == 22'727'272);
    CHECK(OutputScheduler(DmxProtocol::Sacn, 1).periodNs() == 1'000'000'000);
    CHECK(OutputScheduler(DmxProtocol::ArtNet, 0).periodNs() == 1'000'000'000);   // clamped to 1 Hz
}

TEST_CASE("Art-Net: the first poll sends, then only changes, at most one per period", "[output][scheduler]") {
    OutputScheduler s(DmxProtocol::ArtNet, 44);
    const std::uint64_t p = s.periodNs();
    CHECK(s.nextAllowedNs() == 0);
    const OutputSend first = s.poll(1000, imageWith(0));   // an all-zero image is still the first frame
    CHECK(first.kind == OutputSendKind::Data);
    CHECK(first.sequence == 1);
    CHECK(s.nextAllowedNs() == 1000 + p);
    CHECK(s.poll(1000, imageWith(0)).kind == OutputSendKind::None);
    // A change inside the period waits for the period's end.
    CHECK(s.poll(1000 + p - 1, imageWith(9)).kind == OutputSendKind::None);
    const OutputSend second = s.poll(1000 + p, imageWith(9));
    CHECK(second.kind == OutputSendKind::Data);
    CHECK(second.sequence == 2);
    CHECK(s.lastSent()[0] == 9);
    // Unchanged: nothing (Art-Net does not repeat a change), until the keep-alive.
    CHECK(s.poll(1000 + 2 * p, imageWith(9)).kind == OutputSendKind::None);
    CHECK(s.poll(1000 + p + OutputScheduler::kKeepAliveNs - 1, imageWith(9)).kind == OutputSendKind::None);
}

TEST_CASE("an image that changes at every poll is sent at most rate times a second", "[output][scheduler]") {
    OutputScheduler s(DmxProtocol::ArtNet, 44);
    std::uint8_t counter = 0;
    const auto sends = run(s, 0, 1000 * kMs, kMs, [&](std::uint64_t) { return imageWith(++counter); });
    // Polled each millisecond, a send is due 22.73 ms after the last one, i.e. every 23 ms: t = 0, 23, ..., 989.
    CHECK(sends.size() == 44);
    for (std::size_t i = 1; i < sends.size(); ++i) {
        CHECK(sends[i].at - sends[i - 1].at >= s.periodNs());
        CHECK(sends[i].send.kind == OutputSendKind::Data);
    }
}

TEST_CASE("an unchanged universe gets a keep-alive at least every second", "[output][scheduler]") {
    for (const auto protocol : {DmxProtocol::ArtNet, DmxProtocol::Sacn}) {
        OutputScheduler s(protocol, 44);
        const auto sends = run(s, 0, 5000 * kMs, 10 * kMs, [](std::uint64_t) { return imageWith(7); });
        REQUIRE(sends.size() >= 2);
        std::size_t keepAlives = 0;
        for (std::size_t i = 1; i < sends.size(); ++i) {
            const std::uint64_t gap = sends[i].at - sends[i - 1].at;
            CHECK(gap <= 1000 * kMs);
            if (sends[i].send.kind == OutputSendKind::KeepAlive) {
                ++keepAlives;
                CHECK(gap >= OutputScheduler::kKeepAliveNs);
            }
        }
        // 5 s polled every 10 ms: a keep-alive 0.9 s after the last packet, i.e. at 0.9-s steps.
        CHECK(keepAlives >= 5);
        CHECK(s.lastSent()[0] == 7);
    }
}

TEST_CASE("sACN sends a change 3 times, then keep-alives", "[output][scheduler]") {
    OutputScheduler s(DmxProtocol::Sacn, 10);
    const std::uint64_t p = s.periodNs();
    std::vector<OutputSend> sends;
    for (std::uint64_t t = 0; t < 5 * p; t += p)
        sends.push_back(s.poll(t, imageWith(3)));
    REQUIRE(sends.size() == 5);
    CHECK(sends[0].kind == OutputSendKind::Data);
    CHECK(sends[1].kind == OutputSendKind::Data);
    CHECK(sends[2].kind == OutputSendKind::Data);
    CHECK(sends[3].kind == OutputSendKind::None);
    CHECK(sends[4].kind == OutputSendKind::None);
    CHECK(sends[0].sequence == 0);   // sACN counts from 0
    CHECK(sends[2].sequence == 2);
    // A change during the repeats starts a new set of 3.
    OutputScheduler r(DmxProtocol::Sacn, 10);
    CHECK(r.poll(0, imageWith(1)).kind == OutputSendKind::Data);
    CHECK(r.poll(p, imageWith(2)).kind == OutputSendKind::Data);
    CHECK(r.poll(2 * p, imageWith(2)).kind == OutputSendKind::Data);
    CHECK(r.poll(3 * p, imageWith(2)).kind == OutputSendKind::Data);
    CHECK(r.poll(4 * p, imageWith(2)).kind == OutputSendKind::None);
    const OutputSend keepAlive = r.poll(3 * p + OutputScheduler::kKeepAliveNs, imageWith(2));
    CHECK(keepAlive.kind == OutputSendKind::KeepAlive);
    CHECK(keepAlive.sequence == 4);
}

TEST_CASE("sequence numbers: Art-Net 1..255 never 0, sACN 0..255", "[output][scheduler]") {
    OutputScheduler art(DmxProtocol::ArtNet, 44);
    OutputScheduler sacn(DmxProtocol::Sacn, 44);
    const std::uint64_t p = art.periodNs();
    std::vector<int> artSeq, sacnSeq;
    for (int i = 0; i < 600; ++i) {
        const Image image = imageWith(static_cast<std::uint8_t>(i));   // a change every period
        const auto t = static_cast<std::uint64_t>(i) * p;
        artSeq.push_back(art.poll(t, image).sequence);
        const OutputSend s = sacn.poll(t, image);
        REQUIRE(s.kind == OutputSendKind::Data);
        sacnSeq.push_back(s.sequence);
    }
    for (std::size_t i = 0; i < artSeq.size(); ++i) {
        INFO("packet " << i);
        CHECK(artSeq[i] == static_cast<int>(i % 255) + 1);   // 1, 2, ..., 255, 1, 2, ...
        CHECK(sacnSeq[i] == static_cast<int>(i % 256));      // 0, 1, ..., 255, 0, 1, ...
    }
    CHECK(artSeq[254] == 255);
    CHECK(artSeq[255] == 1);
    CHECK(sacnSeq[255] == 255);
    CHECK(sacnSeq[256] == 0);
}

TEST_CASE("stopping: sACN terminates with 3 packets of the last frame, Art-Net stops at once", "[output][scheduler]") {
    OutputScheduler s(DmxProtocol::Sacn, 20);
    const std::uint64_t p = s.periodNs();
    REQUIRE(s.poll(0, imageWith(5)).sequence == 0);
    s.stop();
    CHECK(s.stopping());
    CHECK_FALSE(s.finished());
    CHECK(s.poll(p - 1, imageWith(6)).kind == OutputSendKind::None);   // still one per period
    std::vector<OutputSend> terminations;
    for (std::uint64_t t = p; t < 10 * p; t += p) {
        const OutputSend send = s.poll(t, imageWith(6));   // a later image is not sent any more
        if (send.kind != OutputSendKind::None)
            terminations.push_back(send);
    }
    REQUIRE(terminations.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(terminations[i].kind == OutputSendKind::Terminate);
        CHECK(terminations[i].sequence == i + 1);
    }
    CHECK(s.lastSent()[0] == 5);
    CHECK(s.finished());
    s.stop();   // a second stop changes nothing
    CHECK(s.poll(100 * p, imageWith(6)).kind == OutputSendKind::None);

    OutputScheduler art(DmxProtocol::ArtNet, 20);
    REQUIRE(art.poll(0, imageWith(5)).kind == OutputSendKind::Data);
    art.stop();
    CHECK(art.finished());
    CHECK(art.poll(10 * p, imageWith(5)).kind == OutputSendKind::None);

    // A stream that never started has nothing to terminate.
    OutputScheduler never(DmxProtocol::Sacn, 20);
    never.stop();
    CHECK(never.finished());
    CHECK(never.poll(0, imageWith(5)).kind == OutputSendKind::None);
}
