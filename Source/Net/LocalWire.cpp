#include "LocalWire.h"

#include "Core/UniverseId.h"

#include <algorithm>
#include <cstring>

namespace dmxin::net {

const char* toString(LocalReject r) noexcept {
    switch (r) {
    case LocalReject::None: return "ok";
    case LocalReject::TooShort: return "too short";
    case LocalReject::BadMagic: return "bad magic";
    case LocalReject::BadVersion: return "bad version";
    case LocalReject::UnknownType: return "unknown type";
    case LocalReject::BadLength: return "bad length";
    case LocalReject::TooManyEntries: return "too many entries";
    case LocalReject::BadEntry: return "bad entry";
    case LocalReject::BadChannel: return "bad channel";
    case LocalReject::BadPayload: return "bad payload size";
    case LocalReject::Count: break;
    }
    return "?";
}

namespace {

void put16(std::uint8_t* p, std::uint16_t v) noexcept {
    p[0] = static_cast<std::uint8_t>(v);
    p[1] = static_cast<std::uint8_t>(v >> 8);
}
void put32(std::uint8_t* p, std::uint32_t v) noexcept {
    for (int i = 0; i < 4; ++i)
        p[i] = static_cast<std::uint8_t>(v >> (8 * i));
}
void put64(std::uint8_t* p, std::uint64_t v) noexcept {
    for (int i = 0; i < 8; ++i)
        p[i] = static_cast<std::uint8_t>(v >> (8 * i));
}
std::uint16_t get16(const std::uint8_t* p) noexcept {
    return static_cast<std::uint16_t>(p[0] | (p[1] << 8));
}
std::uint32_t get32(const std::uint8_t* p) noexcept {
    std::uint32_t v = 0;
    for (int i = 3; i >= 0; --i)
        v = (v << 8) | p[i];
    return v;
}
std::uint64_t get64(const std::uint8_t* p) noexcept {
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i)
        v = (v << 8) | p[i];
    return v;
}

std::uint8_t* header(std::vector<std::uint8_t>& out, std::size_t size, LocalType type) {
    if (out.size() != size)
        out.resize(size);
    out[0] = local::kMagic;
    out[1] = local::kVersion;
    out[2] = static_cast<std::uint8_t>(type);
    out[3] = 0;
    return out.data();
}

} // namespace

std::uint32_t LocalMessage::entryAt(std::size_t i) const noexcept {
    return get32(entries.data() + 4 * i);
}

std::size_t encodeHello(std::vector<std::uint8_t>& out, const LocalHello& m) {
    std::uint8_t* p = header(out, local::kHelloSize, LocalType::Hello);
    put32(p + 4, m.pid);
    return out.size();
}

std::size_t encodeWelcome(std::vector<std::uint8_t>& out, const LocalWelcome& m) {
    std::uint8_t* p = header(out, local::kWelcomeSize, LocalType::Welcome);
    put32(p + 4, m.pid);
    put16(p + 8, m.artnetPort);
    put16(p + 10, m.sacnPort);
    return out.size();
}

std::size_t encodeSubscribe(std::vector<std::uint8_t>& out, std::uint32_t sacnInterfaceIp,
                            std::span<const std::uint32_t> entries) {
    const std::size_t n = std::min(entries.size(), local::kMaxEntries);
    std::uint8_t* p = header(out, local::kSubscribeFixed + 4 * n, LocalType::Subscribe);
    put32(p + 4, sacnInterfaceIp);
    put16(p + 8, static_cast<std::uint16_t>(n));
    put16(p + 10, 0);
    for (std::size_t i = 0; i < n; ++i)
        put32(p + local::kSubscribeFixed + 4 * i, entries[i]);
    return out.size();
}

std::size_t encodeDatagram(std::vector<std::uint8_t>& out, LocalChannel channel, const Datagram& d) {
    std::uint8_t* p = header(out, local::kDatagramFixed + d.size, LocalType::Datagram);
    p[4] = static_cast<std::uint8_t>(channel);
    p[5] = 0;
    put16(p + 6, d.sourcePort);
    put32(p + 8, d.sourceIp);
    put32(p + 12, d.localIp);
    put32(p + 16, d.destIp);
    put64(p + 20, d.arrivalNs);
    if (d.size != 0)
        std::memcpy(p + local::kDatagramFixed, d.data, d.size);
    return out.size();
}

LocalDecodeResult decodeLocal(std::span<const std::uint8_t> b) noexcept {
    LocalDecodeResult r;
    auto reject = [&r](LocalReject why) {
        r.reject = why;
        return r;
    };
    if (b.size() < local::kHeader)
        return reject(LocalReject::TooShort);
    if (b[0] != local::kMagic)
        return reject(LocalReject::BadMagic);
    if (b[1] != local::kVersion)
        return reject(LocalReject::BadVersion);
    const std::uint8_t* p = b.data();
    LocalMessage& m = r.message;
    switch (b[2]) {
    case static_cast<std::uint8_t>(LocalType::Hello):
        if (b.size() < local::kHelloSize)
            return reject(LocalReject::TooShort);
        if (b.size() != local::kHelloSize)
            return reject(LocalReject::BadLength);
        m.type = LocalType::Hello;
        m.hello.pid = get32(p + 4);
        return r;
    case static_cast<std::uint8_t>(LocalType::Welcome):
        if (b.size() < local::kWelcomeSize)
            return reject(LocalReject::TooShort);
        if (b.size() != local::kWelcomeSize)
            return reject(LocalReject::BadLength);
        m.type = LocalType::Welcome;
        m.welcome.pid = get32(p + 4);
        m.welcome.artnetPort = get16(p + 8);
        m.welcome.sacnPort = get16(p + 10);
        return r;
    case static_cast<std::uint8_t>(LocalType::Subscribe): {
        if (b.size() < local::kSubscribeFixed)
            return reject(LocalReject::TooShort);
        const std::size_t n = get16(p + 8);
        if (n > local::kMaxEntries)
            return reject(LocalReject::TooManyEntries);
        if (b.size() != local::kSubscribeFixed + 4 * n)
            return reject(LocalReject::BadLength);
        m.type = LocalType::Subscribe;
        m.sacnInterfaceIp = get32(p + 4);
        m.entries = b.subspan(local::kSubscribeFixed, 4 * n);
        for (std::size_t i = 0; i < n; ++i)
            if ((m.entryAt(i) & ~local::kAnnounceBit) >= UniverseId::kKeyCount)
                return reject(LocalReject::BadEntry);
        return r;
    }
    case static_cast<std::uint8_t>(LocalType::Datagram): {
        if (b.size() < local::kDatagramFixed)
            return reject(LocalReject::TooShort);
        if (b[4] > static_cast<std::uint8_t>(LocalChannel::Sacn))
            return reject(LocalReject::BadChannel);
        const std::size_t payload = b.size() - local::kDatagramFixed;
        if (payload == 0 || payload > UdpSocket::kMaxDatagram)
            return reject(LocalReject::BadPayload);
        m.type = LocalType::Datagram;
        m.channel = static_cast<LocalChannel>(b[4]);
        Datagram& d = m.datagram;
        d.sourcePort = get16(p + 6);
        d.sourceIp = get32(p + 8);
        d.localIp = get32(p + 12);
        d.destIp = get32(p + 16);
        d.arrivalNs = get64(p + 20);
        d.data = p + local::kDatagramFixed;
        d.size = payload;
        return r;
    }
    default: return reject(LocalReject::UnknownType);
    }
}

ForwardTarget forwardTarget(LocalChannel channel, std::span<const std::uint8_t> b) noexcept {
    ForwardTarget t;
    if (channel == LocalChannel::ArtNet) {
        static constexpr std::uint8_t kId[8] = {'A', 'r', 't', '-', 'N', 'e', 't', 0};
        if (b.size() < 12 || std::memcmp(b.data(), kId, 8) != 0)
            return t;
        const std::uint16_t op = get16(b.data() + 8);
        if (op == 0x5200) {   // OpSync: every follower's mergers may be holding frames for it
            t.forward = t.everyone = true;
        } else if (op == 0x5000 && b.size() >= 18) {   // OpDmx: SubUni at 14, Net at 15
            t.forward = true;
            t.key = static_cast<std::uint32_t>(b[14] | ((b[15] & 0x7F) << 8));
        }
        return t;
    }
    // E1.31 data packet: root vector 0x00000004 at 18, framing vector 0x00000002 at 40, universe
    // (big-endian) at 113. Sync and discovery packets are only counted, so they stay with the leader.
    if (b.size() < 126)
        return t;
    const std::uint32_t rootVector = (std::uint32_t{b[18]} << 24) | (std::uint32_t{b[19]} << 16) | (std::uint32_t{b[20]} << 8) | b[21];
    const std::uint32_t framingVector = (std::uint32_t{b[40]} << 24) | (std::uint32_t{b[41]} << 16) | (std::uint32_t{b[42]} << 8) | b[43];
    if (rootVector != 4 || framingVector != 2)
        return t;
    const std::uint32_t universe = (std::uint32_t{b[113]} << 8) | b[114];
    if (universe < 1 || universe > static_cast<std::uint32_t>(UniverseId::kSacnMax))
        return t;
    t.forward = true;
    t.key = UniverseId::kSacnKeyBase + universe;
    return t;
}

} // namespace dmxin::net
