#pragma once
// Exports the mapping table as a GDTF 1.2 fixture type (DIN SPEC 15800): a zip (stored entries)
// holding description.xml with one DMX mode. Each universe in use is one DMX break (break 1 = the
// lowest universe key), because a fixture has one start address per universe; the Description
// says which break is which universe and where to patch it. Every used 8-bit channel or 16-bit
// pair is one DMXChannel (Offset "c" or "c,f" relative to the break's start address) with one
// LogicalChannel whose Attribute is named after the parameter label (Pretty = the label as typed,
// Name = the label reduced to GDTF name characters), and one ChannelFunction over the full range.
// Message thread; allocates.

#include "FixtureLayout.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dmxin {

// description.xml alone (what the zip holds).
std::string exportGdtfDescription(const ProfileInput& input);

// The .gdtf file: a zip with description.xml.
std::vector<std::uint8_t> exportGdtf(const ProfileInput& input);

// A label as a GDTF name: letters, digits and '_' only (others become '_'), never empty.
std::string gdtfName(const std::string& label);

} // namespace dmxin
