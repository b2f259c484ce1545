// The receive path drops this process's own output (OwnOutputFilter handed to the hub) before any
// subscriber sees it, and counts it in HubStatus::ownOutput; the same packets from anyone else go
// through. A detached hub, so the test's datagrams are the only input.

#include "Core/ArtNetBuilder.h"
#include "Core/DmxFrame.h"
#include "Core/SacnBuilder.h"
#include "Net/ReceiverHub.h"
#include "Net/Platform/UdpSocket.h"

#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <vector>

using namespace dmxin;
using namespace dmxin::net;

namespace {

constexpr std::uint32_t kLoopback = 0x7F000001;   // 127.0.0.1
constexpr std::uint16_t kSenderPort = 40123;      // "our" output socket's port
constexpr SacnCid kOurCid{1, 2, 3, 4, 5, 6, 0x47, 8, 0x89, 10, 11, 12, 13, 14, 15, 16};
constexpr SacnCid kOtherCid{9, 9, 9, 9, 9, 9, 0x49, 9, 0x89, 9, 9, 9, 9, 9, 9, 9};

std::vector<std::uint8_t> artDmx(std::uint8_t sequence) {
    std::vector<std::uint8_t> packet(600);
    std::array<std::uint8_t, 512> slots{};
    slots[0] = 200;
    packet.resize(buildArtDmx(packet, *PortAddress::fromFlat(1), sequence, 0, slots));
    return packet;
}

std::vector<std::uint8_t> sacnData(const SacnCid& cid, std::uint8_t sequence) {
    std::vector<std::uint8_t> packet(kSacnMaxDataPacket);
    std::array<std::uint8_t, 512> slots{};
    slots[0] = 100;
    packet.resize(buildSacnData(packet, cid, "test", 100, 0, sequence, 0, 7, SacnStartCode::Levels, slots));
    return packet;
}

Datagram from(const std::vector<std::uint8_t>& bytes, std::uint32_t ip, std::uint16_t port, std::uint64_t ns) {
    Datagram d;
    d.data = bytes.data();
    d.size = bytes.size();
    d.sourceIp = ip;
    d.sourcePort = port;
    d.arrivalNs = ns;
    return d;
}

} // namespace

TEST_CASE("The hub drops and counts this process's own Art-Net and sACN output, and lets others through", "[net][output]") {
    FrameQueue queue(16);
    auto hub = ReceiverHub::createDetached();
    const int id = hub->subscribe(queue);
    SubscriptionSettings settings;
    settings.universes = {*PortAddress::fromFlat(1), *UniverseId::sacn(7)};
    hub->configure(id, settings);

    OwnOutputFilter own;
    REQUIRE(own.addArtNetSender(0, kSenderPort));
    REQUIRE(own.addCid(kOurCid));
    hub->setOwnOutput(own);

    DmxFrame frame;
    const auto ours = artDmx(0);
    hub->handleDatagram(from(ours, kLoopback, kSenderPort, 1'000));
    CHECK_FALSE(queue.try_pop(frame));
    CHECK(hub->status().ownOutput == 1);
    CHECK(hub->status().dmxFrames == 0);
    CHECK(hub->status().sources.empty());   // never listed as a sender either

    // Another program on this machine (another port), and another machine on our port number.
    hub->handleDatagram(from(ours, kLoopback, kSenderPort + 1, 2'000));
    REQUIRE(queue.try_pop(frame));
    CHECK(frame.slots[0] == 200);
    hub->handleDatagram(from(ours, 0x0A000005, kSenderPort, 3'000));
    REQUIRE(queue.try_pop(frame));

    hub->handleSacnDatagram(from(sacnData(kOurCid, 1), kLoopback, 5568, 4'000));
    CHECK_FALSE(queue.try_pop(frame));
    CHECK(hub->status().ownOutput == 2);
    hub->handleSacnDatagram(from(sacnData(kOtherCid, 1), kLoopback, 5568, 5'000));
    REQUIRE(queue.try_pop(frame));
    CHECK(frame.slots[0] == 100);
    CHECK(hub->status().ownOutput == 2);

    // The output stopped: an empty filter lets the same packets in again.
    hub->setOwnOutput(OwnOutputFilter{});
    hub->handleSacnDatagram(from(sacnData(kOurCid, 2), kLoopback, 5568, 6'000));
    CHECK(queue.try_pop(frame));
    hub->handleDatagram(from(ours, kLoopback, kSenderPort, 7'000));
    CHECK(queue.try_pop(frame));
    CHECK(hub->status().ownOutput == 2);
    hub->unsubscribe(id);
}
