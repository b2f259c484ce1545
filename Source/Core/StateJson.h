#pragma once
// The plugin's state and preset files as JSON (nlohmann), with a "schema" number.
// Loading validates every field first and reports errors that name the field and the reason,
// e.g. "mappings[3].channel: 600 is outside 1..512"; on any error nothing is returned to apply.
// Message thread (or any non-audio thread): these functions allocate.

#include "DmxFrame.h"
#include "Mapping.h"

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dmxin {

// Schema history (parseState upgrades older documents step by step, noting what changed):
//   1: the first format.
//   2: mappings gained smoothingMs, deadband, steps, mode ("continuous" / "switch"), threshold and
//      hysteresis. A schema-1 document loads with their defaults, which behave exactly as schema 1.
// A schema newer than kStateSchema is refused ("schema: 3 is newer than this DMX In supports (2)").
inline constexpr int kStateSchema = 2;

// Hostile-input bounds of parseState, checked before any parsing. A real state is a few
// KiB (128 mappings of about 400 bytes each are about 50 KiB) and nests 4 levels deep.
inline constexpr std::size_t kMaxStateBytes = 16u * 1024u * 1024u;   // "json: N bytes is larger than the 16 MiB limit"
inline constexpr int kMaxStateDepth = 32;                             // "json: nested deeper than 32 levels"

// The network side of one instance. Instances with the same bind address and ports share one
// receiver; per-instance choices (universes, allowlist, numbering) apply to what that instance gets.
struct NetworkSettings {
    std::string bindAddress = "0.0.0.0";   // IPv4 dotted quad of the local interface, or 0.0.0.0
    int artnetPort = 6454;                 // 1..65535; 0 is allowed only in tests (ephemeral)
    int sacnPort = 5568;                   // sACN (E1.31) port, opened once a mapping uses sACN; 0 only in tests
    std::string sacnInterface = "0.0.0.0"; // interface address for multicast joins; 0.0.0.0 = the kernel's choice
    bool sacnOneIsArtnetZero = false;      // deliver sACN universe N as Art-Net Port-Address N-1
    bool answerPolls = true;               // reply to ArtPoll (unicast to the poller) so consoles find this node
    bool shareAcrossProcesses = true;      // one receiver per machine shared by every DMX In process (Net/LocalShare.h)
    int artnetLossMs = 6000;               // Art-Net universe counts as lost after this long without data
    std::vector<std::string> ltpUniverses; // Art-Net universes ("N:S:U") merged LTP instead of HTP
    std::string allowlist;                 // "10.0.0.0/8, 192.168.1.20"; empty accepts every sender
    bool operator==(const NetworkSettings&) const = default;

    // Defaults with another address and ports (tests pass "127.0.0.1", 0, 0: ephemeral ports).
    static NetworkSettings at(std::string address, int artnet, int sacn = 5568) {
        NetworkSettings n;
        n.bindAddress = std::move(address);
        n.artnetPort = artnet;
        n.sacnPort = sacn;
        return n;
    }
};

struct PluginState {
    std::vector<Mapping> mappings;
    NetworkSettings network;
    std::map<int, std::string> labels;          // parameter slot (1-based) -> user label
    std::map<int, float> parameterValues;       // parameter slot (1-based) -> normalised value
    bool dmxEnabled = true;
    bool sendToHost = true;                     // record-arm: DMX moves reach the host as edits with gestures
    int gestureIdleMs = 250;                    // a gesture ends this long after the last DMX move (50..5000)
};

struct StateLoadResult {
    std::optional<PluginState> state;           // set only when errors is empty
    std::vector<std::string> errors;
    int loadedSchema = 0;                       // the document's schema (0 when unreadable)
    std::vector<std::string> notes;             // what an upgrade from an older schema changed
};

// Parses and validates; a preset may omit every section except "schema". Never throws on any input:
// text over kMaxStateBytes or nested deeper than kMaxStateDepth is refused before parsing, invalid
// JSON (truncated, garbage, invalid UTF-8, numbers beyond a double) is one "json: ..." error, and a
// key that appears twice in one object is refused ("json: duplicate key \"mappings[0].channel\"")
// rather than letting the last one silently win.
StateLoadResult parseState(std::string_view json);

// Serialises; the output parses back to an equal state.
std::string serializeState(const PluginState& state);

// Validates a mapping list on its own (used by the editor before applying an edit). Errors name
// the field ("mappings[2].target: ...") and, for two mappings onto one slot, both mappings.
std::vector<std::string> validateMappings(const std::vector<Mapping>& mappings);

} // namespace dmxin
