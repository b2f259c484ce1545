#pragma once
// Exports the mapping table as a CSV patch sheet (RFC 4180: comma-separated, CRLF line ends,
// fields with a comma, quote, CR or LF quoted with doubled quotes), one row per enabled mapping in
// universe and address order. Columns:
//   Protocol, Net:Sub:Uni, Universe #, sACN universe, Address, Fine address, Width, Name, Target,
//   Input range, Output range
// "Net:Sub:Uni" is the 0-based Art-Net notation and "Universe #" the 1-based flat number; for an
// sACN mapping they show the Art-Net universe it equals when sACN N is read as Art-Net N-1 (empty
// above 32768). "sACN universe" is the universe number (for Art-Net mappings, flat + 1, the
// usual correspondence). Width is 8 or 16 (bits). Message thread; allocates.

#include "FixtureLayout.h"

#include <string>
#include <string_view>

namespace dmxin {

std::string exportCsv(const ProfileInput& input);

// One field, quoted when it has to be.
std::string csvField(std::string_view text);

} // namespace dmxin
