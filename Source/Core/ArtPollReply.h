#pragma once
// ArtPollReply (OpCode 0x2100) build and parse, Art-Net 4 layout.
// Pure functions on caller-owned buffers: no allocation, no state, safe on any thread and under a
// fuzzer. The receive thread builds replies through PollResponder and parses replies it receives
// only to recognise (and drop) its own.
//
// What DMX In announces, and why:
//  - Status1 0xD0: indicators normal (11), Port-Address authority "front panel" (01). Universes
//    are chosen in the plugin's own UI, and ArtAddress is ignored, so "set by network" (10) would
//    be false.
//  - Style StNode (0). StVisual is a vendor trick that makes some controllers send
//    every universe to the node; DMX In wants only the universes it subscribes to.
//  - One port per reply (Art-Net 4 "bound" form): NumPorts 1, PortTypes[0] 0x80 (output from
//    Art-Net, DMX512) for a subscribed universe or 0x40 (input to Art-Net) for a universe DMX In
//    sends, BindIp = IP, BindIndex 1..N. A node without ports sends NumPorts 0.
//  - Status2 bit3: 15-bit Port-Address supported. OEM 0x00FF (OemUnknown), ESTA 0.

#include "PortAddress.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace dmxin {

inline constexpr std::size_t kArtPollReplySize = 239;      // Art-Net 4 length, as built
inline constexpr std::size_t kArtPollReplyMinSize = 198;   // shortest reply accepted (2023 text, ArtNetSharp)
inline constexpr std::size_t kArtShortNameMax = 17;        // characters, plus the NUL
inline constexpr std::size_t kArtLongNameMax = 63;
inline constexpr std::size_t kArtNodeReportMax = 63;
inline constexpr std::uint16_t kArtReportPowerOk = 0x0001;   // RcPowerOk
inline constexpr std::uint16_t kArtOemUnknown = 0x00FF;
inline constexpr std::uint8_t kArtStatus1 = 0xD0;            // see the header comment
inline constexpr std::uint8_t kArtStatus2Port15Bit = 0x08;

// One port as announced: its Port-Address and live state. By default an output port (a universe
// DMX In subscribes to: PortTypes bit7, SwOut, GoodOutputA). With `input` set, an input port (a
// universe DMX In sends to Art-Net: PortTypes bit6, SwIn, GoodInput), so controllers that build
// their tables from ArtPollReply see this node as the universe's source.
struct PollReplyPort {
    PortAddress address;
    bool merging = false;        // output: GoodOutputA bit3, more than one source feeds this universe
    bool ltp = false;            // output: GoodOutputA bit1, the merge is LTP (clear = HTP)
    bool dataReceived = false;   // output: GoodOutputA bit7, DMX is arriving; input: GoodInput bit7, DMX is being sent
    bool input = false;          // an input port (DMX In sends this universe) instead of an output port
};

struct PollReplyFields {
    std::uint32_t ip = 0;                   // host order; written MSB first, also used as BindIp
    std::array<std::uint8_t, 6> mac{};      // all zero if unknown
    std::string_view shortName = "DMX In";  // truncated to 17 characters
    std::string_view longName;              // truncated to 63 characters
    std::uint16_t reportCode = kArtReportPowerOk;
    std::uint32_t reportCounter = 0;        // the [yyyy] in NodeReport; the caller increments it per reply
    std::string_view reportText;
    std::uint8_t bindIndex = 1;             // 1..255; 1 = the root device
    std::optional<PollReplyPort> port;      // nullopt: a port-less reply (NumPorts 0)
    std::uint16_t versionInfo = 0;          // firmware version, BE on the wire
};

// Writes the 239-byte reply; every byte not named above is 0. Returns kArtPollReplySize, or 0 if
// `out` is too small. NodeReport reads "#xxxx [yyyy] text": xxxx the report code in upper-case
// hex, yyyy the counter in decimal padded to 4 digits (the spec's form; OLA writes it unpadded),
// the whole string truncated to 63 characters.
std::size_t buildArtPollReply(std::span<std::uint8_t> out, const PollReplyFields& fields) noexcept;

// The fields of a received ArtPollReply. Strings point into the parsed buffer (like
// ArtDmxView::data): they are valid only while it is, and end at the first NUL or the field end.
// Fields beyond the end of a short reply read 0 (or empty).
struct ParsedPollReply {
    std::uint32_t ip = 0;                   // host order
    std::uint16_t port = 0;                 // as read LE: 0x1936 from conformant senders
    std::uint16_t versionInfo = 0;
    std::uint8_t netSwitch = 0;
    std::uint8_t subSwitch = 0;
    std::uint16_t oem = 0;
    std::uint8_t status1 = 0;
    std::uint16_t estaMan = 0;
    std::string_view shortName;
    std::string_view longName;
    std::string_view nodeReport;
    std::uint16_t numPorts = 0;
    std::array<std::uint8_t, 4> portTypes{};
    std::array<std::uint8_t, 4> goodInput{};
    std::array<std::uint8_t, 4> goodOutputA{};
    std::array<std::uint8_t, 4> swIn{};
    std::array<std::uint8_t, 4> swOut{};
    std::uint8_t style = 0;
    std::array<std::uint8_t, 6> mac{};
    std::uint32_t bindIp = 0;               // host order
    std::uint8_t bindIndex = 0;
    std::uint8_t status2 = 0;

    // The Port-Address of output `index` (0..3): Net, Sub and the low nibble of SwOut (OLA writes
    // the whole low byte there, so the high nibble is masked off).
    PortAddress outputAddress(std::size_t index) const noexcept;
    // The same for input `index`, from SwIn.
    PortAddress inputAddress(std::size_t index) const noexcept;
};

// Parses a datagram that starts with "Art-Net\0" and OpCode 0x2100 and is at least 198 bytes
// long; longer packets are fine. nullopt otherwise. Never reads outside `packet`.
std::optional<ParsedPollReply> parseArtPollReply(std::span<const std::uint8_t> packet) noexcept;

} // namespace dmxin
