#pragma once
// LocalWire: the messages DMX In processes on one machine exchange over the local leader's
// Unix-domain SOCK_SEQPACKET channel (one message per packet, so no framing is needed). Pure
// encode/decode, no sockets, no allocation on decode: tested to the byte.
//
// Every message starts with 4 bytes: 'D' (0x44), version 1, type, 0. Integers are little-endian.
//   Hello     (1) follower -> leader   u32 pid                                         8 bytes
//   Welcome   (2) leader -> follower   u32 pid, u16 Art-Net port, u16 sACN port         12 bytes
//   Subscribe (3) follower -> leader   u32 sACN interface IP, u16 count, u16 0,
//                                      count x u32 entry (bits 0..30 UniverseId key,
//                                      bit 31: announce in ArtPollReply)               12 + 4n bytes
//   Datagram  (4) leader -> follower   u8 channel (0 Art-Net, 1 sACN), u8 0, u16 source port,
//                                      u32 source IP, u32 local IP, u32 destination IP,
//                                      u64 arrival ns (steady clock, system-wide), payload 28 + n bytes
// The leader forwards the raw datagram (not its merged frame) so each follower runs its own
// mergers, filters and counters on exactly the bytes and arrival times the leader saw: the
// frames are bit-identical by construction, and per-process settings (allowlist, LTP, timeouts)
// keep working. Any thread.

#include "Platform/UdpSocket.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace dmxin::net {

enum class LocalChannel : std::uint8_t { ArtNet = 0, Sacn = 1 };

enum class LocalType : std::uint8_t { Hello = 1, Welcome = 2, Subscribe = 3, Datagram = 4 };

enum class LocalReject : std::uint8_t {
    None = 0,
    TooShort,        // shorter than the message's fixed part
    BadMagic,
    BadVersion,
    UnknownType,
    BadLength,       // fixed-size message with extra bytes, or Subscribe whose count does not match its size
    TooManyEntries,  // Subscribe with more than kMaxEntries
    BadEntry,        // Subscribe entry whose key is not a UniverseId key
    BadChannel,
    BadPayload,      // Datagram with no payload or more than UdpSocket::kMaxDatagram bytes
    Count
};

const char* toString(LocalReject r) noexcept;

namespace local {
inline constexpr std::uint8_t kMagic = 0x44;    // 'D'
inline constexpr std::uint8_t kVersion = 1;
inline constexpr std::size_t kHeader = 4;
inline constexpr std::size_t kHelloSize = 8;
inline constexpr std::size_t kWelcomeSize = 12;
inline constexpr std::size_t kSubscribeFixed = 12;
inline constexpr std::size_t kDatagramFixed = 28;
// 64 universes x 64 instances: far more than a real process maps, and it bounds what a follower
// can make the leader store (4096 x 4 bytes).
inline constexpr std::size_t kMaxEntries = 4096;
inline constexpr std::uint32_t kAnnounceBit = 0x8000'0000u;
inline constexpr std::size_t kMaxMessage = kSubscribeFixed + 4 * kMaxEntries;
} // namespace local

struct LocalHello { std::uint32_t pid = 0; };
struct LocalWelcome { std::uint32_t pid = 0; std::uint16_t artnetPort = 0; std::uint16_t sacnPort = 0; };

// A decoded message. For Subscribe, `entries` views the input buffer (4 bytes each, little-endian):
// read them with entryAt(). For Datagram, datagram.data points into the input buffer.
struct LocalMessage {
    LocalType type = LocalType::Hello;
    LocalHello hello;
    LocalWelcome welcome;
    std::uint32_t sacnInterfaceIp = 0;
    std::span<const std::uint8_t> entries;
    LocalChannel channel = LocalChannel::ArtNet;
    Datagram datagram;

    std::size_t entryCount() const noexcept { return entries.size() / 4; }
    std::uint32_t entryAt(std::size_t i) const noexcept;
};

struct LocalDecodeResult {
    LocalReject reject = LocalReject::None;
    LocalMessage message;
    bool ok() const noexcept { return reject == LocalReject::None; }
};

LocalDecodeResult decodeLocal(std::span<const std::uint8_t> bytes) noexcept;

// Encoders write into `out` (resized) and return the message size. Entries above kMaxEntries are
// cut (the caller never has that many).
std::size_t encodeHello(std::vector<std::uint8_t>& out, const LocalHello& m);
std::size_t encodeWelcome(std::vector<std::uint8_t>& out, const LocalWelcome& m);
std::size_t encodeSubscribe(std::vector<std::uint8_t>& out, std::uint32_t sacnInterfaceIp,
                            std::span<const std::uint32_t> entries);
// No allocation when `out` already holds kDatagramFixed + payload bytes (the leader's send path).
std::size_t encodeDatagram(std::vector<std::uint8_t>& out, LocalChannel channel, const Datagram& d);

// What the leader forwards and to whom, from a peek at the raw bytes (the follower's own parser
// does the full validation and counting): ArtDmx and sACN data go to followers subscribed to the
// universe key, ArtSync to every follower; everything else (polls, replies, malformed) stays
// with the leader.
struct ForwardTarget {
    bool forward = false;
    bool everyone = false;        // ArtSync
    std::uint32_t key = 0;        // UniverseId key when !everyone
};
ForwardTarget forwardTarget(LocalChannel channel, std::span<const std::uint8_t> payload) noexcept;

} // namespace dmxin::net
