#pragma once
// sACN (ANSI E1.31-2018) packet parsing. Pure functions on a byte span: no
// allocation, no state, safe on any thread and under a fuzzer. Every layer is validated (root,
// framing, DMP / sync / discovery) and every rejection carries a reason code so the receive thread
// can count drops by reason. What to do with a valid packet (start codes, preview, termination,
// priority) is the merger's business, not the parser's.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace dmxin {

inline constexpr std::uint16_t kSacnPort = 5568;
inline constexpr std::uint16_t kSacnMinUniverse = 1;
inline constexpr std::uint16_t kSacnMaxUniverse = 63999;
inline constexpr std::uint16_t kSacnDiscoveryUniverse = 64214;
inline constexpr std::uint8_t kSacnMaxPriority = 200;
inline constexpr std::size_t kSacnDataHeaderSize = 126;      // up to and including the START code
inline constexpr std::size_t kSacnMaxDataPacket = 638;       // 126 + 512 slots
inline constexpr std::size_t kSacnSyncPacketSize = 49;
inline constexpr std::size_t kSacnDiscoveryHeaderSize = 120;
inline constexpr std::size_t kSacnMaxDiscoveryUniverses = 512;  // per page

namespace SacnOption {
inline constexpr std::uint8_t Preview = 0x80;
inline constexpr std::uint8_t Terminated = 0x40;
inline constexpr std::uint8_t ForceSync = 0x20;
} // namespace SacnOption

namespace SacnStartCode {
inline constexpr std::uint8_t Levels = 0x00;
inline constexpr std::uint8_t PerAddressPriority = 0xDD;   // ETC extension
} // namespace SacnStartCode

// Why a datagram was dropped. Values are stable: they index counters and appear in tests. The
// order of the first block is also the order in which the parser checks (outer layer first).
enum class SacnReject : std::uint8_t {
    None = 0,
    TooShort,               // shorter than the fixed part of its packet type
    BadPreamble,            // preamble size is not 0x0010
    BadPacketId,            // not "ASC-E1.17\0\0\0"
    BadRootFlagsLength,     // flags nibble not 0x7, or root PDU length != datagram size - 16
    BadRootVector,          // neither DATA (4) nor EXTENDED (8)
    BadFramingFlagsLength,  // flags nibble not 0x7, or framing PDU length != datagram size - 38 (sync: 11)
    BadFramingVector,       // DATA needs 2; EXTENDED needs 1 (sync) or 2 (discovery)
    BadDmpFlagsLength,      // flags nibble not 0x7, or DMP PDU length != datagram size - 115
    BadDmpVector,           // not SET_PROPERTY (2)
    BadAddressType,         // not 0xA1
    BadFirstAddress,        // not 0
    BadIncrement,           // not 1
    BadPropertyCount,       // not 1 + slots in the datagram, or more than 513
    BadUniverse,            // data universe outside 1..63999 (64214 is for discovery only)
    BadPriority,            // above 200
    BadPostamble,           // postamble size is not 0
    BadSyncAddress,         // sync packet for sync address 0 or outside 1..63999 (receivers ignore it)
    BadDiscoveryFlagsLength,  // discovery layer length != datagram size - 112, or an odd / oversized list
    BadDiscoveryVector,     // discovery layer vector is not UNIVERSE_LIST (1)
    Count
};

// Short stable names for counters and logs ("too-short", "bad-preamble", ...).
const char* toString(SacnReject reason) noexcept;

enum class SacnKind : std::uint8_t { Rejected, Data, Sync, Discovery };

using SacnCid = std::array<std::uint8_t, 16>;

struct SacnDataView {
    SacnCid cid{};
    std::uint8_t priority = 0;          // 0..200
    std::uint16_t syncAddress = 0;      // 0 = not synchronised
    std::uint8_t sequence = 0;
    std::uint8_t options = 0;           // raw byte; the flags below are decoded from it
    bool preview = false;
    bool terminated = false;
    bool forceSync = false;
    std::uint16_t universe = 0;         // 1..63999
    std::uint8_t startCode = 0;
    std::uint16_t length = 0;           // slots after the start code, 0..512
    const std::uint8_t* data = nullptr; // slot 1; points into the parsed buffer
    std::string_view sourceName;        // up to the first NUL, at most 63 bytes; points into the buffer
};

struct SacnSyncView {
    SacnCid cid{};
    std::uint8_t sequence = 0;
    std::uint16_t syncAddress = 0;      // 1..63999
};

struct SacnDiscoveryView {
    SacnCid cid{};
    std::string_view sourceName;
    std::uint8_t page = 0;
    std::uint8_t lastPage = 0;
    std::uint16_t universeCount = 0;        // 0..512
    const std::uint8_t* universes = nullptr;  // universeCount big-endian u16 values
};

struct SacnParseResult {
    SacnKind kind = SacnKind::Rejected;
    SacnReject reject = SacnReject::None;
    SacnDataView data;                  // kind Data
    SacnSyncView sync;                  // kind Sync
    SacnDiscoveryView discovery;        // kind Discovery
};

// Parses one UDP payload. Never reads outside `packet`.
SacnParseResult parseSacn(std::span<const std::uint8_t> packet) noexcept;

// 239.255.hi.lo for universe hi:lo, as a host-order IPv4 address (E1.31 multicast addressing).
std::uint32_t sacnMulticastGroup(std::uint16_t universe) noexcept;

} // namespace dmxin
