#pragma once
// Shared set-up for the benchmarks: mapping lists spread over universes, and ArtDmx frames.
//
// 512 mappings (kMaxMappings), the figure: a table holds at most one enabled mapping per
// parameter slot (128 slots), plus MIDI-only mappings (targetSlot 0) up to 512 in all. So the first
// 128 mappings drive slots 1..128 and the rest are MIDI-only (7-bit CC, 16 channels x 128
// controllers), which costs the audio thread the same evaluation plus a MIDI encode.

#include "Core/DmxFrame.h"
#include "Core/Mapping.h"
#include "Core/PortAddress.h"

#include <cstdint>
#include <vector>

namespace dmxin::bench {

// `count` enabled mappings over `universes` universes (flat 0..universes-1), one target slot each,
// distinct channels inside each universe, curves cycling over all four kinds, a quarter of each
// universe's mappings 16-bit, so the mix resembles a real show file rather than the cheapest
// possible case, and is the same on every universe.
inline std::vector<Mapping> makeMappings(int count, int universes) {
    std::vector<Mapping> out;
    out.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        Mapping m;
        m.name = "m" + std::to_string(i + 1);
        m.universe = *PortAddress::fromFlat(i % universes);
        const int inUniverse = i / universes;            // 0.. per universe
        m.channel = 1 + inUniverse * 3;                  // leaves room for a fine channel
        // Every universe gets the same mix (a quarter 16-bit, each curve on both widths), so
        // passes over 1 or 16 changed universes compare the same kind of work per mapping.
        m.sixteenBit = (inUniverse % 4) == 3;
        m.curve = static_cast<Curve>((inUniverse / 4) % 4);
        m.curveAmount = 0.6f;
        if (i < kNumParameterSlots) {
            m.targetSlot = i + 1;
        } else {
            const int k = i - kNumParameterSlots;
            m.targetSlot = 0;
            m.midi.kind = MidiKind::Cc7;
            m.midi.channel = 1 + (k / 128) % 16;
            m.midi.number = k % 128;
        }
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
