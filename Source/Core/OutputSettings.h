#pragma once
// The output direction (host -> rig): which universes an instance sends, to where, how often, and
// which parameter slot drives each DMX channel. Plain data saved in the state (schema 3); OutputRules
// says what is valid, OutputJson reads and writes it. Output is off until the user adds a universe:
// the default (no universes) never sends a packet.
// Built and copied on the message thread (or any non-audio thread): these types allocate.

#include "SacnCid.h"
#include "UniverseId.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dmxin {

// Where an output universe's packets go.
//   Unicast: to each of `addresses` (Art-Net and sACN).
//   Broadcast: Art-Net only, to the directed broadcast address of the subnet of `interfaceAddress`
//     (`prefixLength` bits); only when the user picks it: Art-Net 4 asks controllers to unicast.
//   Multicast: sACN only, to 239.255.{hi}.{lo} of the universe, leaving by `interfaceAddress`.
enum class OutputDestination : std::uint8_t { Unicast = 0, Broadcast, Multicast };

const char* toString(OutputDestination destination) noexcept;    // "unicast", "broadcast", "multicast"
bool outputDestinationFromString(std::string_view text, OutputDestination& out) noexcept;

inline constexpr int kDefaultOutputRateHz = 44;     // a full 512-slot DMX512 frame takes 22.7 ms
inline constexpr int kMinOutputRateHz = 1;
inline constexpr int kMaxOutputRateHz = 44;         // no faster than a DMX512 line can carry
inline constexpr int kMaxOutputUniverses = 64;      // as many as an instance may map for input
inline constexpr int kMaxOutputAddresses = 16;      // unicast targets per output universe
inline constexpr int kDefaultSacnPriority = 100;
inline constexpr int kMaxSacnPriority = 200;
inline constexpr std::size_t kMaxSacnSourceNameBytes = 63;   // 64-byte field, NUL-terminated

// One DMX channel (or coarse/fine pair) of an output universe, driven by one parameter slot: the
// inverse of an input Mapping. The slot's value 0..1 is inverted if asked, then scaled onto
// dmxMin..dmxMax in raw units (OutputFrame.h says how it is rounded). One slot may feed several
// channels; a DMX channel has at most one writer (OutputRules refuses an overlap).
struct OutputChannel {
    int channel = 1;          // 1..512, the coarse channel
    bool sixteenBit = false;  // coarse + fine pair
    int fineChannel = 0;      // 1..512 when sixteenBit; 0 means "channel + 1"
    int slot = 1;             // parameter slot 1..kNumParameterSlots (control001 = 1), as Mapping::targetSlot
    int dmxMin = 0;           // raw output window: 0..255 (8-bit) or 0..65535 (16-bit), dmxMin <= dmxMax
    int dmxMax = -1;          // -1 means the full range (255 or 65535)
    bool invert = false;      // slot value 1 gives dmxMin, 0 gives dmxMax
    bool operator==(const OutputChannel&) const = default;

    int effectiveFineChannel() const noexcept { return fineChannel > 0 ? fineChannel : channel + 1; }
    int rawMax() const noexcept { return sixteenBit ? 65535 : 255; }
    int effectiveDmxMax() const noexcept { return dmxMax < 0 ? rawMax() : dmxMax; }
};

struct OutputUniverse {
    std::string name;                                   // free text shown in the editor and in errors
    bool enabled = true;
    UniverseId universe;                                // protocol + Art-Net Port-Address or sACN 1..63999
    OutputDestination destination = OutputDestination::Unicast;
    std::vector<std::string> addresses;                 // Unicast: IPv4 dotted quads, 1..kMaxOutputAddresses
    std::string interfaceAddress = "0.0.0.0";           // Broadcast: an address of the interface (required);
                                                        // Multicast: the interface to leave by (0.0.0.0 = system's choice)
    int prefixLength = 24;                              // Broadcast: the interface's subnet prefix, 8..30
    int port = 0;                                       // destination UDP port; 0 = the protocol's (6454 / 5568)
    int rateHz = kDefaultOutputRateHz;                  // at most this many frames per second, 1..44
    int priority = kDefaultSacnPriority;                // sACN priority 0..200 (Art-Net has none)
    std::vector<OutputChannel> channels;
    bool operator==(const OutputUniverse&) const = default;

    // The destination port actually used.
    int effectivePort() const noexcept;
};

struct OutputSettings {
    bool enabled = true;                 // master switch; turning it off terminates sACN streams
    SacnCid cid{};                       // sACN source identity of this instance; nil until assigned
    std::string sourceName = "DMX In";   // sACN source name, at most 63 bytes of UTF-8
    bool artnetSync = false;             // send an ArtSync after each round of Art-Net universes
    std::vector<OutputUniverse> universes;
    bool operator==(const OutputSettings&) const = default;
};

} // namespace dmxin
