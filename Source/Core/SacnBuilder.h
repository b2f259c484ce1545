#pragma once
// Builds sACN (E1.31) packets (ANSI E1.31-2018): data, sync and universe discovery. Used by the tests,
// the fuzz corpora and the loopback sender tool. Pure functions writing into caller-owned buffers;
// any thread. They do not police field values (universe, priority ...) so tests can build packets
// that a receiver must reject; they only refuse what cannot be encoded.

#include "SacnParser.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace dmxin {

// Writes a data packet with `slots.size()` slots (0..512) after `startCode`; the packet is
// 126 + slots bytes. `sourceName` is cut to 63 bytes and NUL-padded to 64. Returns the packet
// size, or 0 if `out` is too small or there are more than 512 slots.
std::size_t buildSacnData(std::span<std::uint8_t> out, const SacnCid& cid, std::string_view sourceName,
                          std::uint8_t priority, std::uint16_t syncAddress, std::uint8_t sequence,
                          std::uint8_t options, std::uint16_t universe, std::uint8_t startCode,
                          std::span<const std::uint8_t> slots) noexcept;

// Writes a 49-byte synchronization packet. Returns 49, or 0 if `out` is too small.
std::size_t buildSacnSync(std::span<std::uint8_t> out, const SacnCid& cid, std::uint8_t sequence,
                          std::uint16_t syncAddress) noexcept;

// Writes one universe discovery page (120 + 2 * universes bytes; the list should be sorted).
// Returns the packet size, or 0 if `out` is too small or there are more than 512 universes.
std::size_t buildSacnDiscovery(std::span<std::uint8_t> out, const SacnCid& cid, std::string_view sourceName,
                               std::uint8_t page, std::uint8_t lastPage,
                               std::span<const std::uint16_t> universes) noexcept;

} // namespace dmxin
