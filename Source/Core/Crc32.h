#pragma once
// CRC-32 (ISO-HDLC, as zip and PNG use it: polynomial 0xEDB88320 reflected, init and final xor
// 0xFFFFFFFF). crc32("123456789") == 0xCBF43926. Any thread; no allocation.

#include <cstddef>
#include <cstdint>
#include <span>

namespace dmxin {

// Continues a running CRC: pass the previous result as `crc` (0 to start).
std::uint32_t crc32(std::span<const std::uint8_t> data, std::uint32_t crc = 0) noexcept;

} // namespace dmxin
