#include "ArtPollReply.h"

#include "ArtNetParser.h"

#include <algorithm>
#include <charconv>
#include <cstring>

namespace dmxin {

namespace {

constexpr std::uint8_t kArtNetId[8] = {'A', 'r', 't', '-', 'N', 'e', 't', 0};

// Offsets of the Art-Net 4 ArtPollReply.
namespace Off {
constexpr std::size_t OpCode = 8;
constexpr std::size_t Ip = 10;
constexpr std::size_t Port = 14;
constexpr std::size_t Version = 16;
constexpr std::size_t NetSwitch = 18;
constexpr std::size_t SubSwitch = 19;
constexpr std::size_t Oem = 20;
constexpr std::size_t Status1 = 23;
constexpr std::size_t EstaMan = 24;
constexpr std::size_t ShortName = 26;
constexpr std::size_t LongName = 44;
constexpr std::size_t NodeReport = 108;
constexpr std::size_t NumPorts = 172;
constexpr std::size_t PortTypes = 174;
constexpr std::size_t GoodInput = 178;
constexpr std::size_t GoodOutputA = 182;
constexpr std::size_t SwIn = 186;
constexpr std::size_t SwOut = 190;
constexpr std::size_t Style = 200;
constexpr std::size_t Mac = 201;
constexpr std::size_t BindIp = 207;
constexpr std::size_t BindIndex = 211;
constexpr std::size_t Status2 = 212;
} // namespace Off

constexpr std::size_t kShortNameField = 18;
constexpr std::size_t kLongNameField = 64;
constexpr std::size_t kNodeReportField = 64;

void writeBe32(std::uint8_t* p, std::uint32_t v) noexcept {
    p[0] = static_cast<std::uint8_t>(v >> 24);
    p[1] = static_cast<std::uint8_t>(v >> 16);
    p[2] = static_cast<std::uint8_t>(v >> 8);
    p[3] = static_cast<std::uint8_t>(v);
}

// The field was zeroed beforehand, so copying at most `maxChars` leaves the NUL terminator in place.
void writeString(std::uint8_t* field, std::string_view text, std::size_t maxChars) noexcept {
    const std::size_t n = std::min(text.size(), maxChars);
    std::memcpy(field, text.data(), n);
}

// "#xxxx [yyyy] text" built in a stack buffer, then truncated to the field like any string.
void writeNodeReport(std::uint8_t* field, std::uint16_t code, std::uint32_t counter,
                     std::string_view text) noexcept {
    static constexpr char kHex[] = "0123456789ABCDEF";
    char buf[32];   // "#xxxx [" + up to 10 digits + "] " fits easily
    std::size_t n = 0;
    buf[n++] = '#';
    for (int shift = 12; shift >= 0; shift -= 4)
        buf[n++] = kHex[(code >> shift) & 0x0F];
    buf[n++] = ' ';
    buf[n++] = '[';
    char digits[10];
    const auto res = std::to_chars(digits, digits + sizeof(digits), counter);
    const auto len = static_cast<std::size_t>(res.ptr - digits);
    for (std::size_t pad = len; pad < 4; ++pad)
        buf[n++] = '0';
    std::memcpy(buf + n, digits, len);
    n += len;
    buf[n++] = ']';
    const std::size_t head = std::min({n, kArtNodeReportMax, sizeof buf});
    std::memcpy(field, buf, head);
    if (text.empty() || head + 1 >= kArtNodeReportMax)
        return;
    field[head] = ' ';
    writeString(field + head + 1, text, kArtNodeReportMax - head - 1);
}

std::uint8_t byteOr0(std::span<const std::uint8_t> p, std::size_t at) noexcept {
    return at < p.size() ? p[at] : std::uint8_t{0};
}

std::uint16_t be16Or0(std::span<const std::uint8_t> p, std::size_t at) noexcept {
    return static_cast<std::uint16_t>((byteOr0(p, at) << 8) | byteOr0(p, at + 1));
}

std::uint16_t le16Or0(std::span<const std::uint8_t> p, std::size_t at) noexcept {
    return static_cast<std::uint16_t>(byteOr0(p, at) | (byteOr0(p, at + 1) << 8));
}

std::uint32_t be32Or0(std::span<const std::uint8_t> p, std::size_t at) noexcept {
    return (static_cast<std::uint32_t>(byteOr0(p, at)) << 24) | (static_cast<std::uint32_t>(byteOr0(p, at + 1)) << 16) |
           (static_cast<std::uint32_t>(byteOr0(p, at + 2)) << 8) | byteOr0(p, at + 3);
}

// A NUL-terminated field; a sender that fills it without a NUL ends it at the field (or packet) end.
std::string_view readString(std::span<const std::uint8_t> p, std::size_t at, std::size_t field) noexcept {
    if (at >= p.size())
        return {};
    const std::size_t avail = std::min(field, p.size() - at);
    const auto* begin = reinterpret_cast<const char*>(p.data() + at);
    const auto* nul = static_cast<const char*>(std::memchr(begin, 0, avail));
    return {begin, nul != nullptr ? static_cast<std::size_t>(nul - begin) : avail};
}

} // namespace

std::size_t buildArtPollReply(std::span<std::uint8_t> out, const PollReplyFields& f) noexcept {
    if (out.size() < kArtPollReplySize)
        return 0;
    std::uint8_t* p = out.data();
    std::memset(p, 0, kArtPollReplySize);
    std::memcpy(p, kArtNetId, sizeof(kArtNetId));
    p[Off::OpCode] = static_cast<std::uint8_t>(ArtOp::PollReply & 0xFF);   // LE
    p[Off::OpCode + 1] = static_cast<std::uint8_t>(ArtOp::PollReply >> 8);
    writeBe32(p + Off::Ip, f.ip);
    p[Off::Port] = static_cast<std::uint8_t>(kArtNetPort & 0xFF);            // LE, unlike most fields
    p[Off::Port + 1] = static_cast<std::uint8_t>(kArtNetPort >> 8);
    p[Off::Version] = static_cast<std::uint8_t>(f.versionInfo >> 8);
    p[Off::Version + 1] = static_cast<std::uint8_t>(f.versionInfo & 0xFF);
    if (f.port) {
        // The upper 11 bits of the Port-Address are shared by all ports of a reply; the low nibble
        // goes in SwOut. One port per reply, so this reply's port alone decides them.
        p[Off::NetSwitch] = static_cast<std::uint8_t>(f.port->address.net());
        p[Off::SubSwitch] = static_cast<std::uint8_t>(f.port->address.subNet());
    }
    p[Off::Oem] = static_cast<std::uint8_t>(kArtOemUnknown >> 8);           // BE
    p[Off::Oem + 1] = static_cast<std::uint8_t>(kArtOemUnknown & 0xFF);
    p[Off::Status1] = kArtStatus1;
    // EstaMan stays 0 (unregistered), so its LE order does not show.
    writeString(p + Off::ShortName, f.shortName, kArtShortNameMax);
    writeString(p + Off::LongName, f.longName, kArtLongNameMax);
    writeNodeReport(p + Off::NodeReport, f.reportCode, f.reportCounter, f.reportText);
    if (f.port && f.port->input) {
        p[Off::NumPorts + 1] = 1;   // BE 0x0001
        p[Off::PortTypes] = 0x40;   // can input to Art-Net; protocol DMX512
        p[Off::GoodInput] = f.port->dataReceived ? std::uint8_t{0x80} : std::uint8_t{0};
        p[Off::SwIn] = static_cast<std::uint8_t>(f.port->address.universe());
    } else if (f.port) {
        p[Off::NumPorts + 1] = 1;   // BE 0x0001
        p[Off::PortTypes] = 0x80;   // can output from Art-Net; protocol DMX512
        std::uint8_t good = 0;
        if (f.port->dataReceived)
            good |= 0x80;
        if (f.port->merging)
            good |= 0x08;
        if (f.port->ltp)
            good |= 0x02;
        // bit0 stays clear: the output is Art-Net, not sACN.
        p[Off::GoodOutputA] = good;
        p[Off::SwOut] = static_cast<std::uint8_t>(f.port->address.universe());
    }
    p[Off::Style] = 0;   // StNode
    std::memcpy(p + Off::Mac, f.mac.data(), f.mac.size());
    writeBe32(p + Off::BindIp, f.ip);
    p[Off::BindIndex] = f.bindIndex;
    p[Off::Status2] = kArtStatus2Port15Bit;
    return kArtPollReplySize;
}

namespace {
PortAddress portAddress(std::uint8_t netSwitch, std::uint8_t subSwitch, const std::array<std::uint8_t, 4>& sw,
                        std::size_t index) noexcept {
    const std::uint8_t nibble = index < sw.size() ? static_cast<std::uint8_t>(sw[index] & 0x0F) : std::uint8_t{0};
    return PortAddress::fromWire(static_cast<std::uint8_t>(((subSwitch & 0x0F) << 4) | nibble), netSwitch);
}
} // namespace

PortAddress ParsedPollReply::outputAddress(std::size_t index) const noexcept {
    return portAddress(netSwitch, subSwitch, swOut, index);
}

PortAddress ParsedPollReply::inputAddress(std::size_t index) const noexcept {
    return portAddress(netSwitch, subSwitch, swIn, index);
}

std::optional<ParsedPollReply> parseArtPollReply(std::span<const std::uint8_t> p) noexcept {
    if (p.size() < kArtPollReplyMinSize)
        return std::nullopt;
    if (!std::equal(std::begin(kArtNetId), std::end(kArtNetId), p.begin()))
        return std::nullopt;
    if (le16Or0(p, Off::OpCode) != ArtOp::PollReply)
        return std::nullopt;
    ParsedPollReply r;
    r.ip = be32Or0(p, Off::Ip);
    r.port = le16Or0(p, Off::Port);
    r.versionInfo = be16Or0(p, Off::Version);
    r.netSwitch = byteOr0(p, Off::NetSwitch);
    r.subSwitch = byteOr0(p, Off::SubSwitch);
    r.oem = be16Or0(p, Off::Oem);
    r.status1 = byteOr0(p, Off::Status1);
    r.estaMan = le16Or0(p, Off::EstaMan);
    r.shortName = readString(p, Off::ShortName, kShortNameField);
    r.longName = readString(p, Off::LongName, kLongNameField);
    r.nodeReport = readString(p, Off::NodeReport, kNodeReportField);
    r.numPorts = be16Or0(p, Off::NumPorts);
    for (std::size_t i = 0; i < 4; ++i) {
        r.portTypes[i] = byteOr0(p, Off::PortTypes + i);
        r.goodInput[i] = byteOr0(p, Off::GoodInput + i);
        r.goodOutputA[i] = byteOr0(p, Off::GoodOutputA + i);
        r.swIn[i] = byteOr0(p, Off::SwIn + i);
        r.swOut[i] = byteOr0(p, Off::SwOut + i);
    }
    r.style = byteOr0(p, Off::Style);
    for (std::size_t i = 0; i < r.mac.size(); ++i)
        r.mac[i] = byteOr0(p, Off::Mac + i);
    r.bindIp = be32Or0(p, Off::BindIp);
    r.bindIndex = byteOr0(p, Off::BindIndex);
    r.status2 = byteOr0(p, Off::Status2);
    return r;
}

} // namespace dmxin
