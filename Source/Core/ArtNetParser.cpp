#include "ArtNetParser.h"

#include <algorithm>

namespace dmxin {

namespace {

constexpr std::uint8_t kArtNetId[8] = {'A', 'r', 't', '-', 'N', 'e', 't', 0};

std::uint16_t readLe16(std::span<const std::uint8_t> p, std::size_t at) noexcept {
    return static_cast<std::uint16_t>(p[at] | (p[at + 1] << 8));
}

std::uint16_t readBe16(std::span<const std::uint8_t> p, std::size_t at) noexcept {
    return static_cast<std::uint16_t>((p[at] << 8) | p[at + 1]);
}

// Short ArtPolls are legal (older senders send only the first 12 bytes); a field that is not fully present reads 0.
std::uint16_t readBe16OrZero(std::span<const std::uint8_t> p, std::size_t at) noexcept {
    return p.size() >= at + 2 ? readBe16(p, at) : std::uint16_t{0};
}

bool isKnownOpcode(std::uint16_t op) noexcept {
    switch (op) {
    case ArtOp::Poll: case ArtOp::PollReply: case ArtOp::DiagData: case ArtOp::Command:
    case ArtOp::DataRequest: case ArtOp::DataReply: case ArtOp::Dmx: case ArtOp::Nzs:
    case ArtOp::Sync: case ArtOp::Address: case ArtOp::Input: case ArtOp::TodRequest:
    case ArtOp::TodData: case ArtOp::TodControl: case ArtOp::Rdm: case ArtOp::RdmSub:
    case ArtOp::TimeCode: case ArtOp::TimeSync: case ArtOp::Trigger: case ArtOp::FirmwareMaster:
    case ArtOp::FirmwareReply: case ArtOp::IpProg: case ArtOp::IpProgReply:
        return true;
    default:
        return false;
    }
}

ArtNetParseResult reject(ArtNetParseResult r, ArtNetReject reason) noexcept {
    r.kind = ArtNetKind::Rejected;
    r.reject = reason;
    return r;
}

// ArtDmx and ArtNzs share one layout and one minimum (header + 1 slot); they differ only in what
// byte 13 means.
ArtNetParseResult parseSlots(std::span<const std::uint8_t> p, ArtNetParseResult r, bool nzs) noexcept {
    if (p.size() < kArtDmxMinPacket)
        return reject(r, ArtNetReject::TooShort);
    auto& v = r.dmx;
    v.sequence = p[12];
    if (nzs) {
        v.startCode = p[13];
        v.physical = 0;
        // 0x00 belongs in ArtDmx and 0xCC is RDM: neither may ride in an ArtNzs.
        if (v.startCode == 0x00 || v.startCode == 0xCC)
            return reject(r, ArtNetReject::BadStartCode);
    } else {
        v.physical = p[13];
        v.startCode = 0;
    }
    v.address = PortAddress::fromWire(p[14], p[15]);
    v.declaredLength = readBe16(p, 16);
    if (v.declaredLength == 0)
        return reject(r, ArtNetReject::BadLength);
    // Clamp like OLA and ArtNetSharp: a truncated or oversized Length must never read past the datagram.
    const std::size_t received = p.size() - kArtDmxHeaderSize;
    v.length = static_cast<std::uint16_t>(std::min<std::size_t>({v.declaredLength, received, 512}));
    v.data = p.data() + kArtDmxHeaderSize;
    r.kind = nzs ? ArtNetKind::Nzs : ArtNetKind::Dmx;
    return r;
}

ArtNetParseResult parsePoll(std::span<const std::uint8_t> p, ArtNetParseResult r) noexcept {
    auto& v = r.poll;
    v.flags = p.size() > 12 ? p[12] : std::uint8_t{0};
    v.diagPriority = p.size() > 13 ? p[13] : std::uint8_t{0};
    v.targeted = (v.flags & 0x20) != 0;
    v.targetTop = readBe16OrZero(p, 14);
    v.targetBottom = readBe16OrZero(p, 16);
    v.estaMan = readBe16OrZero(p, 18);
    v.oem = readBe16OrZero(p, 20);
    r.kind = ArtNetKind::Poll;
    return r;
}

} // namespace

const char* toString(ArtNetReject reason) noexcept {
    switch (reason) {
    case ArtNetReject::None: return "none";
    case ArtNetReject::TooShort: return "too-short";
    case ArtNetReject::BadId: return "bad-id";
    case ArtNetReject::BadProtocolVersion: return "bad-protocol-version";
    case ArtNetReject::BadLength: return "bad-length";
    case ArtNetReject::BadStartCode: return "bad-start-code";
    case ArtNetReject::UnknownOpcode: return "unknown-opcode";
    case ArtNetReject::IgnoredOpcode: return "ignored-opcode";
    case ArtNetReject::Count: break;
    }
    return "unknown";
}

ArtNetParseResult parseArtNet(std::span<const std::uint8_t> packet) noexcept {
    ArtNetParseResult r;
    if (packet.size() < sizeof(kArtNetId))
        return reject(r, ArtNetReject::TooShort);
    if (!std::equal(std::begin(kArtNetId), std::end(kArtNetId), packet.begin()))
        return reject(r, ArtNetReject::BadId);
    if (packet.size() < 10)
        return reject(r, ArtNetReject::TooShort);

    r.opcode = readLe16(packet, 8);
    // ArtPollReply carries the IP address where other packets carry ProtVer, so it has no version to check.
    if (r.opcode == ArtOp::PollReply) {
        r.kind = ArtNetKind::PollReply;
        return r;
    }
    if (!isKnownOpcode(r.opcode))
        return reject(r, ArtNetReject::UnknownOpcode);
    if (packet.size() < kArtNetHeaderSize)
        return reject(r, ArtNetReject::TooShort);
    // ">= 14", not "== 14": the spec promises backward compatibility for later revisions.
    if (readBe16(packet, 10) < kArtNetProtocolVersion)
        return reject(r, ArtNetReject::BadProtocolVersion);

    switch (r.opcode) {
    case ArtOp::Dmx: return parseSlots(packet, r, false);
    case ArtOp::Nzs: return parseSlots(packet, r, true);
    case ArtOp::Poll: return parsePoll(packet, r);
    case ArtOp::Sync:
        r.kind = ArtNetKind::Sync;
        return r;
    default:
        // Remote programming and RDM are refused on purpose: no sender may reconfigure this node.
        return reject(r, ArtNetReject::IgnoredOpcode);
    }
}

} // namespace dmxin
