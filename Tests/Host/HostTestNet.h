#pragma once
// Network helpers shared by the host tests (which load the built plugin from disk and so talk to it
// only over loopback UDP, like a console would). Test threads only. Include after catch2.

#include "Core/ArtNetBuilder.h"
#include "Core/PortAddress.h"
#include "Net/Platform/UdpSocket.h"
#include "SendSocket.h"

#include <cstdint>
#include <utility>
#include <vector>

namespace dmxin::testing {

// A free UDP port on 127.0.0.1: bind port 0, read the port the OS chose, close.
inline std::uint16_t freeLoopbackUdpPort() {
    net::UdpSocket probe;
    REQUIRE(probe.open("127.0.0.1", 0, 64 * 1024).ok);
    return probe.localPort();
}

// One ArtDmx frame for universe 0:0:1 (every slot not named is 0), sent to 127.0.0.1:port.
inline void sendArtDmx(std::uint16_t port, const std::vector<std::pair<int, int>>& values) {
    static std::uint8_t sequence = 0;
    sequence = static_cast<std::uint8_t>(sequence % 255 + 1);   // 1..255; 0 would disable sequencing
    std::vector<std::uint8_t> slots(512, 0);
    for (const auto& [channel, value] : values)
        slots[static_cast<std::size_t>(channel - 1)] = static_cast<std::uint8_t>(value);
    std::uint8_t packet[530];
    const auto size = buildArtDmx(packet, *PortAddress::parse("0:0:1"), sequence, 0, slots);
    REQUIRE(size > 0);
    REQUIRE(SendSocket("127.0.0.1", port).send(packet, size));
}

} // namespace dmxin::testing
