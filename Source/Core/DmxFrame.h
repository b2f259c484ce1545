#pragma once
// A fixed-size DMX frame as it travels from the receive thread to an instance's audio thread.
// Trivially copyable, so SpscQueue<DmxFrame> never allocates after construction.

#include "UniverseId.h"

#include <array>
#include <cstddef>
#include <cstdint>

namespace dmxin {

inline constexpr std::size_t kDmxSlots = 512;

// The number of host parameter slots a DMX In instance exposes (control001 ... control128).
inline constexpr int kNumParameterSlots = 128;

// The most universes one instance can map at once (bounds per-instance memory).
inline constexpr std::size_t kMaxUniversesPerInstance = 64;

struct DmxFrame {
    std::uint32_t universeKey = 0;   // UniverseId::key(): Art-Net Port-Address, or sACN universe + 32768
    std::uint16_t length = 0;        // valid slots in `slots` (1..512); slots beyond keep 0
    std::uint32_t sourceIp = 0;      // IPv4, host byte order
    std::uint8_t sequence = 0;       // 0 = sequencing disabled
    std::uint8_t physical = 0;
    DmxProtocol protocol = DmxProtocol::ArtNet;
    bool lost = false;               // every source of the universe has gone: slots carry nothing new
    std::uint64_t arrivalNs = 0;     // steady_clock time at which the datagram was read
    std::array<std::uint8_t, kDmxSlots> slots{};
};

} // namespace dmxin
