#pragma once
// Builds Art-Net packets (Art-Net 4 layouts). Used by the test senders and load tools now, and by
// discovery replies later. Pure functions writing into caller-owned buffers; any thread.

#include "PortAddress.h"

#include <cstddef>
#include <cstdint>
#include <span>

namespace dmxin {

// Writes an ArtDmx with `slots.size()` slots (1..512; an odd count is padded with a zero slot
// as the spec asks senders to send even lengths). Returns the packet size, or 0 if `out` is
// too small or the slot count is outside 1..512.
std::size_t buildArtDmx(std::span<std::uint8_t> out, PortAddress address, std::uint8_t sequence,
                        std::uint8_t physical, std::span<const std::uint8_t> slots) noexcept;

// Writes a 14-byte ArtPoll. Returns 14, or 0 if `out` is too small.
std::size_t buildArtPoll(std::span<std::uint8_t> out, std::uint8_t flags, std::uint8_t diagPriority) noexcept;

// Writes a 14-byte ArtSync. Returns 14, or 0 if `out` is too small.
std::size_t buildArtSync(std::span<std::uint8_t> out) noexcept;

} // namespace dmxin
