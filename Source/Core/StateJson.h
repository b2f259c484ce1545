#pragma once
// The plugin's state and preset files as JSON (nlohmann), with a "schema" number: reading and
// writing the model of PluginState.h. Loading checks every field's type and then the rules of
// StateRules.h, and reports errors that name the field and the reason,
// e.g. "mappings[3].channel: 600 is outside 1..512"; on any error nothing is returned to apply.
// Message thread (or any non-audio thread): these functions allocate.

#include "PluginState.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dmxin {

// Schema history (parseState upgrades older documents step by step, noting what changed):
//   1: the first format.
//   2: mappings gained smoothingMs, deadband, steps, mode ("continuous" / "switch"), threshold and
//      hysteresis. A schema-1 document loads with their defaults, which behave exactly as schema 1.
//   3: the "output" section (OutputJson.h): output universes, their destinations and channels, the
//      sACN CID and source name. A schema-2 document loads with no output universes: nothing is sent.
// A schema newer than kStateSchema is refused ("schema: 4 is newer than this DMX In supports (3)").
inline constexpr int kStateSchema = 3;

// Hostile-input bounds of parseState, checked before any parsing. A real state is a few
// KiB (128 mappings of about 400 bytes each are about 50 KiB) and nests 4 levels deep.
inline constexpr std::size_t kMaxStateBytes = 16u * 1024u * 1024u;   // "json: N bytes is larger than the 16 MiB limit"
inline constexpr int kMaxStateDepth = 32;                             // "json: nested deeper than 32 levels"

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

} // namespace dmxin
