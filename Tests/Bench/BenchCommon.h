#pragma once
// Shared set-up for the benchmarks: mapping lists spread over universes, and ArtDmx frames.
//
// Why "512 mappings" is not measured: a mapping drives one host parameter slot, the bank has
// kNumParameterSlots (128) slots and validation refuses two enabled mappings on one slot
// (DESIGN.md "a slot has at most one mapping driving it"); disabled mappings are not compiled, so
// they cost nothing on the audio thread. 128 enabled mappings is therefore the largest table the
// audio thread can ever evaluate. The benchmarks measure 16/64/128 and bench.sh reports the
// per-mapping cost so a 512-mapping figure can be read off as 4x the 128 one (the engine is a
// flat loop over compiled mappings, linear by construction).

#include "Core/DmxFrame.h"
#include "Core/Mapping.h"
#include "Core/PortAddress.h"

#include <cstdint>
#include <vector>

namespace dmxin::bench {

// `count` enabled mappings over `universes` universes (flat 0..universes-1), one target slot each,
// distinct channels inside each universe, curves cycling over all four kinds, every 4th mapping
// 16-bit, so the mix resembles a real show file rather than the cheapest possible case.
inline std::vector<Mapping> makeMappings(int count, int universes) {
    std::vector<Mapping> out;
    out.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        Mapping m;
        m.name = "m" + std::to_string(i + 1);
        m.universe = *PortAddress::fromFlat(i % universes);
        const int inUniverse = i / universes;            // 0.. per universe
        m.channel = 1 + inUniverse * 3;                  // leaves room for a fine channel
        m.sixteenBit = (i % 4) == 3;
        m.curve = static_cast<Curve>(i % 4);
        m.curveAmount = 0.6f;
        m.targetSlot = i + 1;
        out.push_back(m);
    }
    return out;
}

// A full-length frame for universe `flat`, every slot set to `value`.
inline DmxFrame makeFrame(int flat, std::uint8_t value, std::uint8_t sequence = 1) {
    DmxFrame f;
    f.universeKey = static_cast<std::uint32_t>(flat);
    f.length = kDmxSlots;
    f.sequence = sequence;
    f.slots.fill(value);
    return f;
}

} // namespace dmxin::bench
