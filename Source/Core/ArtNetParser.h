#pragma once
// Art-Net 4 packet parsing (the Art-Net 4 specification). Pure functions on a byte span: no allocation,
// no state, safe on any thread and under a fuzzer. Every rejection carries a reason code so the
// receive thread can count drops by reason.

#include "PortAddress.h"

#include <cstddef>
#include <cstdint>
#include <span>

namespace dmxin {

inline constexpr std::uint16_t kArtNetPort = 6454;
inline constexpr std::uint16_t kArtNetProtocolVersion = 14;
inline constexpr std::size_t kArtNetHeaderSize = 12;    // ID + OpCode + ProtVer
inline constexpr std::size_t kArtDmxHeaderSize = 18;
// Header + 1 slot, for ArtDmx and ArtNzs alike. The spec asks senders for an even Length 2..512, but
// a 19-byte ArtDmx with Length 1 is a well-formed datagram (tshark decodes it), so receivers take it.
inline constexpr std::size_t kArtDmxMinPacket = 19;

namespace ArtOp {
inline constexpr std::uint16_t Poll = 0x2000;
inline constexpr std::uint16_t PollReply = 0x2100;
inline constexpr std::uint16_t DiagData = 0x2300;
inline constexpr std::uint16_t Command = 0x2400;
inline constexpr std::uint16_t DataRequest = 0x2700;
inline constexpr std::uint16_t DataReply = 0x2800;
inline constexpr std::uint16_t Dmx = 0x5000;
inline constexpr std::uint16_t Nzs = 0x5100;
inline constexpr std::uint16_t Sync = 0x5200;
inline constexpr std::uint16_t Address = 0x6000;
inline constexpr std::uint16_t Input = 0x7000;
inline constexpr std::uint16_t TodRequest = 0x8000;
inline constexpr std::uint16_t TodData = 0x8100;
inline constexpr std::uint16_t TodControl = 0x8200;
inline constexpr std::uint16_t Rdm = 0x8300;
inline constexpr std::uint16_t RdmSub = 0x8400;
inline constexpr std::uint16_t TimeCode = 0x9700;
inline constexpr std::uint16_t TimeSync = 0x9800;
inline constexpr std::uint16_t Trigger = 0x9900;
inline constexpr std::uint16_t FirmwareMaster = 0xF200;
inline constexpr std::uint16_t FirmwareReply = 0xF300;
inline constexpr std::uint16_t IpProg = 0xF800;
inline constexpr std::uint16_t IpProgReply = 0xF900;
} // namespace ArtOp

// Why a datagram was dropped. Values are stable: they index counters and appear in tests.
enum class ArtNetReject : std::uint8_t {
    None = 0,
    TooShort,            // shorter than the header or the minimum for its OpCode (ArtDmx/ArtNzs: 19)
    BadId,               // first 8 bytes are not "Art-Net\0"
    BadProtocolVersion,  // ProtVer < 14
    BadLength,           // Length field 0 (ArtDmx/ArtNzs): no slots to apply
    BadStartCode,        // ArtNzs with start code 0x00 or 0xCC (RDM)
    UnknownOpcode,       // not an Art-Net 4 OpCode
    IgnoredOpcode,       // a valid OpCode DMX In deliberately ignores (ArtAddress, ArtIpProg, RDM ...)
    Count
};

// Short stable names for counters and logs ("too-short", "bad-id", ...).
const char* toString(ArtNetReject reason) noexcept;

enum class ArtNetKind : std::uint8_t { Rejected, Dmx, Nzs, Poll, PollReply, Sync };

struct ArtDmxView {
    PortAddress address;
    std::uint8_t sequence = 0;
    std::uint8_t physical = 0;
    std::uint8_t startCode = 0;        // 0 for ArtDmx; the NZS start code for ArtNzs
    std::uint16_t declaredLength = 0;  // the Length field as sent
    std::uint16_t length = 0;          // slots actually usable: min(declared, bytes received, 512)
    const std::uint8_t* data = nullptr;  // points into the parsed buffer; slot 1 is data[0]
};

struct ArtPollView {
    std::uint8_t flags = 0;
    std::uint8_t diagPriority = 0;
    bool targeted = false;                // Flags bit 5
    std::uint16_t targetTop = 0;          // Port-Address range, only meaningful when targeted
    std::uint16_t targetBottom = 0;
    std::uint16_t estaMan = 0;
    std::uint16_t oem = 0;
};

struct ArtNetParseResult {
    ArtNetKind kind = ArtNetKind::Rejected;
    ArtNetReject reject = ArtNetReject::None;
    std::uint16_t opcode = 0;          // when the header was readable
    ArtDmxView dmx;                    // kind Dmx or Nzs
    ArtPollView poll;                  // kind Poll
};

// Parses one UDP payload. Never reads outside `packet`.
ArtNetParseResult parseArtNet(std::span<const std::uint8_t> packet) noexcept;

} // namespace dmxin
