#pragma once
// Exports the mapping table as a QLC+ 4.12 fixture definition (.qxf): manufacturer "DMX In",
// model = ProfileInput::model, one channel per used DMX channel (8-bit, or coarse/fine with
// <Group Byte="0"/"1">), and one mode per universe in use, named "<universe> @ <start address>",
// listing the channels from the start address on. Gaps between used channels are filled with
// "Unused N" channels so every channel sits at its real offset. Channels are in the Effect group:
// Intensity channels would follow QLC+'s Grand Master. Message thread; allocates.

#include "FixtureLayout.h"

#include <string>

namespace dmxin {

std::string exportQxf(const ProfileInput& input);

// The mode name used for a universe: "Art-Net 0:0:1 @ 10", "sACN 5 @ 1".
std::string qxfModeName(const UniverseLayout& layout);

} // namespace dmxin
