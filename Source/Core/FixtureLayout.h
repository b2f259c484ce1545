#pragma once
// The common ground of the fixture-profile exports (QLC+ .qxf, GDTF, CSV patch sheet): which DMX
// channels of which universes the mapping table uses, in address order, with the names a lighting
// desk shows. A fixture has one start address per universe, so the layout is split by universe;
// each universe becomes one QLC+ mode, one GDTF DMX break and one block of the patch sheet.
// Pure functions; message thread (or any non-audio thread): they allocate.

#include "Mapping.h"

#include <map>
#include <string>
#include <vector>

namespace dmxin {

// What every export starts from: the mapping table, the parameter slot labels and a model name.
struct ProfileInput {
    std::string model = "DMX In";              // QLC+ model / GDTF fixture type name: the instance's name
    std::vector<Mapping> mappings;
    std::map<int, std::string> labels;         // parameter slot (1-based) -> user label
};

enum class ChannelRole { Single, Coarse, Fine };

struct LayoutChannel {
    int address = 1;                 // 1..512 in its universe
    ChannelRole role = ChannelRole::Single;
    std::string name;                // unique across the whole layout (every universe)
    std::vector<int> mappings;       // indices into ProfileInput::mappings that read this channel
};

struct UniverseLayout {
    UniverseId universe;
    int startAddress = 1;            // the lowest used channel: where the fixture is patched
    int footprint = 1;               // highest used channel - startAddress + 1
    std::vector<LayoutChannel> channels;   // used channels only, ascending address
};

// The name a desk shows for a mapping: the slot's label, else the mapping's name, else
// "Control 001" (or "MIDI cc 7" for a MIDI-only mapping).
std::string displayName(const Mapping& mapping, const std::map<int, std::string>& labels);

// What a mapping drives, for people: "control001 (Cutoff)", "control002 + MIDI cc ch 1 #7", "MIDI note ch 2 #60".
std::string targetText(const Mapping& mapping, const std::map<int, std::string>& labels);

// Enabled mappings only, universes ascending. A channel read by several mappings appears once,
// named after all of them ("Cutoff / Resonance"); the fine channel of a 16-bit pair is "<name> fine".
std::vector<UniverseLayout> buildFixtureLayout(const ProfileInput& input);

} // namespace dmxin
