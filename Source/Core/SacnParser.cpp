#include "SacnParser.h"

#include <algorithm>

namespace dmxin {

namespace {

constexpr std::uint8_t kPacketId[12] = {'A', 'S', 'C', '-', 'E', '1', '.', '1', '7', 0, 0, 0};

constexpr std::uint32_t kRootVectorData = 0x00000004;
constexpr std::uint32_t kRootVectorExtended = 0x00000008;
constexpr std::uint32_t kFramingVectorData = 0x00000002;
constexpr std::uint32_t kFramingVectorSync = 0x00000001;
constexpr std::uint32_t kFramingVectorDiscovery = 0x00000002;
constexpr std::uint32_t kDiscoveryVectorUniverseList = 0x00000001;
constexpr std::uint8_t kDmpVectorSetProperty = 0x02;
constexpr std::uint8_t kDmpAddressType = 0xA1;

// Offsets of the E1.31-2018 root, framing and DMP layers.
constexpr std::size_t kRootFlagsAt = 16, kRootVectorAt = 18, kCidAt = 22;
constexpr std::size_t kFramingFlagsAt = 38, kFramingVectorAt = 40, kSourceNameAt = 44;
constexpr std::size_t kSourceNameSize = 64;
constexpr std::size_t kPriorityAt = 108, kSyncAddressAt = 109, kSequenceAt = 111, kOptionsAt = 112;
constexpr std::size_t kUniverseAt = 113, kDmpFlagsAt = 115, kDmpVectorAt = 117, kAddressTypeAt = 118;
constexpr std::size_t kFirstAddressAt = 119, kIncrementAt = 121, kPropertyCountAt = 123, kStartCodeAt = 125;
constexpr std::size_t kSyncSequenceAt = 44, kSyncAddressSyncAt = 45;
constexpr std::size_t kDiscoveryFlagsAt = 112, kDiscoveryVectorAt = 114, kPageAt = 118, kLastPageAt = 119;
constexpr std::size_t kRootPrefix = 38;    // everything up to and including the CID
constexpr std::size_t kFramingPrefix = 44; // framing flags/length + vector

std::uint16_t readBe16(std::span<const std::uint8_t> p, std::size_t at) noexcept {
    return static_cast<std::uint16_t>((p[at] << 8) | p[at + 1]);
}

std::uint32_t readBe32(std::span<const std::uint8_t> p, std::size_t at) noexcept {
    return (std::uint32_t{p[at]} << 24) | (std::uint32_t{p[at + 1]} << 16) | (std::uint32_t{p[at + 2]} << 8) |
           std::uint32_t{p[at + 3]};
}

// A PDU's flags/length word: flags nibble 0x7 and a 12-bit length that must cover exactly the rest
// of the datagram from `at`. E1.31 nests one PDU per layer, so anything else is a malformed packet.
bool flagsLengthMatch(std::span<const std::uint8_t> p, std::size_t at) noexcept {
    const std::uint16_t word = readBe16(p, at);
    return (word >> 12) == 0x7 && (word & 0x0FFF) == p.size() - at;
}

bool validUniverse(std::uint16_t u) noexcept {
    return u >= kSacnMinUniverse && u <= kSacnMaxUniverse;
}

SacnCid readCid(std::span<const std::uint8_t> p) noexcept {
    SacnCid cid;
    std::copy_n(p.begin() + kCidAt, cid.size(), cid.begin());
    return cid;
}

// The name field is 64 bytes, NUL-terminated by spec; a sender that fills all 64 still yields at
// most 63 bytes so a consumer can always add a terminator.
std::string_view readSourceName(std::span<const std::uint8_t> p) noexcept {
    const auto* begin = p.data() + kSourceNameAt;
    const auto* end = std::find(begin, begin + (kSourceNameSize - 1), std::uint8_t{0});
    return {reinterpret_cast<const char*>(begin), static_cast<std::size_t>(end - begin)};
}

SacnParseResult reject(SacnParseResult r, SacnReject reason) noexcept {
    r.kind = SacnKind::Rejected;
    r.reject = reason;
    return r;
}

SacnParseResult parseData(std::span<const std::uint8_t> p, SacnParseResult r) noexcept {
    if (p.size() < kSacnDataHeaderSize)
        return reject(r, SacnReject::TooShort);
    if (!flagsLengthMatch(p, kFramingFlagsAt))
        return reject(r, SacnReject::BadFramingFlagsLength);
    if (readBe32(p, kFramingVectorAt) != kFramingVectorData)
        return reject(r, SacnReject::BadFramingVector);
    if (!flagsLengthMatch(p, kDmpFlagsAt))
        return reject(r, SacnReject::BadDmpFlagsLength);
    if (p[kDmpVectorAt] != kDmpVectorSetProperty)
        return reject(r, SacnReject::BadDmpVector);
    if (p[kAddressTypeAt] != kDmpAddressType)
        return reject(r, SacnReject::BadAddressType);
    if (readBe16(p, kFirstAddressAt) != 0)
        return reject(r, SacnReject::BadFirstAddress);
    if (readBe16(p, kIncrementAt) != 1)
        return reject(r, SacnReject::BadIncrement);
    // Property values are the START code plus the slots; the count must match the bytes present
    // and a DMX universe holds at most 512 slots.
    const std::size_t values = p.size() - kStartCodeAt;
    const std::uint16_t count = readBe16(p, kPropertyCountAt);
    if (count != values || count > 513)
        return reject(r, SacnReject::BadPropertyCount);
    const std::uint16_t universe = readBe16(p, kUniverseAt);
    if (!validUniverse(universe))
        return reject(r, SacnReject::BadUniverse);
    if (p[kPriorityAt] > kSacnMaxPriority)
        return reject(r, SacnReject::BadPriority);

    auto& v = r.data;
    v.cid = readCid(p);
    v.sourceName = readSourceName(p);
    v.priority = p[kPriorityAt];
    v.syncAddress = readBe16(p, kSyncAddressAt);
    v.sequence = p[kSequenceAt];
    v.options = p[kOptionsAt];
    v.preview = (v.options & SacnOption::Preview) != 0;
    v.terminated = (v.options & SacnOption::Terminated) != 0;
    v.forceSync = (v.options & SacnOption::ForceSync) != 0;
    v.universe = universe;
    v.startCode = p[kStartCodeAt];
    v.length = static_cast<std::uint16_t>(count - 1);
    v.data = p.data() + kSacnDataHeaderSize;
    r.kind = SacnKind::Data;
    return r;
}

SacnParseResult parseSync(std::span<const std::uint8_t> p, SacnParseResult r) noexcept {
    if (p.size() < kSacnSyncPacketSize)
        return reject(r, SacnReject::TooShort);
    // The sync layer has a fixed size, so its framing PDU is always 11 bytes long.
    if (p.size() != kSacnSyncPacketSize)
        return reject(r, SacnReject::BadFramingFlagsLength);
    const std::uint16_t syncAddress = readBe16(p, kSyncAddressSyncAt);
    if (!validUniverse(syncAddress))
        return reject(r, SacnReject::BadSyncAddress);
    r.sync.cid = readCid(p);
    r.sync.sequence = p[kSyncSequenceAt];
    r.sync.syncAddress = syncAddress;
    r.kind = SacnKind::Sync;
    return r;
}

SacnParseResult parseDiscovery(std::span<const std::uint8_t> p, SacnParseResult r) noexcept {
    if (p.size() < kSacnDiscoveryHeaderSize)
        return reject(r, SacnReject::TooShort);
    const std::size_t listBytes = p.size() - kSacnDiscoveryHeaderSize;
    if (!flagsLengthMatch(p, kDiscoveryFlagsAt) || (listBytes & 1) != 0 ||
        listBytes / 2 > kSacnMaxDiscoveryUniverses)
        return reject(r, SacnReject::BadDiscoveryFlagsLength);
    if (readBe32(p, kDiscoveryVectorAt) != kDiscoveryVectorUniverseList)
        return reject(r, SacnReject::BadDiscoveryVector);
    auto& v = r.discovery;
    v.cid = readCid(p);
    v.sourceName = readSourceName(p);
    v.page = p[kPageAt];
    v.lastPage = p[kLastPageAt];
    v.universeCount = static_cast<std::uint16_t>(listBytes / 2);
    v.universes = p.data() + kSacnDiscoveryHeaderSize;
    r.kind = SacnKind::Discovery;
    return r;
}

} // namespace

const char* toString(SacnReject reason) noexcept {
    switch (reason) {
    case SacnReject::None: return "none";
    case SacnReject::TooShort: return "too-short";
    case SacnReject::BadPreamble: return "bad-preamble";
    case SacnReject::BadPacketId: return "bad-packet-id";
    case SacnReject::BadRootFlagsLength: return "bad-root-flags-length";
    case SacnReject::BadRootVector: return "bad-root-vector";
    case SacnReject::BadFramingFlagsLength: return "bad-framing-flags-length";
    case SacnReject::BadFramingVector: return "bad-framing-vector";
    case SacnReject::BadDmpFlagsLength: return "bad-dmp-flags-length";
    case SacnReject::BadDmpVector: return "bad-dmp-vector";
    case SacnReject::BadAddressType: return "bad-address-type";
    case SacnReject::BadFirstAddress: return "bad-first-address";
    case SacnReject::BadIncrement: return "bad-increment";
    case SacnReject::BadPropertyCount: return "bad-property-count";
    case SacnReject::BadUniverse: return "bad-universe";
    case SacnReject::BadPriority: return "bad-priority";
    case SacnReject::BadPostamble: return "bad-postamble";
    case SacnReject::BadSyncAddress: return "bad-sync-address";
    case SacnReject::BadDiscoveryFlagsLength: return "bad-discovery-flags-length";
    case SacnReject::BadDiscoveryVector: return "bad-discovery-vector";
    case SacnReject::Count: break;
    }
    return "unknown";
}

SacnParseResult parseSacn(std::span<const std::uint8_t> packet) noexcept {
    SacnParseResult r;
    if (packet.size() < kRootPrefix)
        return reject(r, SacnReject::TooShort);
    if (readBe16(packet, 0) != 0x0010)
        return reject(r, SacnReject::BadPreamble);
    if (readBe16(packet, 2) != 0x0000)
        return reject(r, SacnReject::BadPostamble);
    if (!std::equal(std::begin(kPacketId), std::end(kPacketId), packet.begin() + 4))
        return reject(r, SacnReject::BadPacketId);
    if (!flagsLengthMatch(packet, kRootFlagsAt))
        return reject(r, SacnReject::BadRootFlagsLength);
    const std::uint32_t rootVector = readBe32(packet, kRootVectorAt);
    if (rootVector == kRootVectorData)
        return parseData(packet, r);
    if (rootVector != kRootVectorExtended)
        return reject(r, SacnReject::BadRootVector);

    // EXTENDED: the framing vector tells sync from discovery, so check the framing PDU first.
    if (packet.size() < kFramingPrefix)
        return reject(r, SacnReject::TooShort);
    if (!flagsLengthMatch(packet, kFramingFlagsAt))
        return reject(r, SacnReject::BadFramingFlagsLength);
    switch (readBe32(packet, kFramingVectorAt)) {
    case kFramingVectorSync: return parseSync(packet, r);
    case kFramingVectorDiscovery: return parseDiscovery(packet, r);
    default: return reject(r, SacnReject::BadFramingVector);
    }
}

std::uint32_t sacnMulticastGroup(std::uint16_t universe) noexcept {
    return (239u << 24) | (255u << 16) | universe;
}

} // namespace dmxin
