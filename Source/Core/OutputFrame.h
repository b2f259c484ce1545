#pragma once
// Renders one output universe's 512-slot DMX image from the instance's parameter slot values: the
// inverse of an input Mapping (linear: no curve, no steps). Pure and allocation-free: the sender
// thread calls it for every universe it polls. Any thread.
//
// Rounding, per output channel, with v the value of its slot:
//   v is clamped to 0..1 (NaN reads as 0), then inverted if asked (1 - v);
//   raw = dmxMin + floor(v * (dmxMax - dmxMin) + 0.5), computed in double: the nearest raw step,
//   halves rounding up. So v = 0 gives exactly dmxMin, v = 1 exactly dmxMax, and a value an input
//   Mapping with the same window produced from raw r (r - inMin) / (inMax - inMin) gives r back.
//   8-bit: the slot is raw. 16-bit: the coarse channel is raw >> 8, the fine channel raw & 0xFF.
// DMX channels that no output channel writes are 0.

#include "DmxFrame.h"
#include "OutputSettings.h"

#include <cstdint>
#include <span>

namespace dmxin {

// The raw value (0..255 or 0..65535) of one output channel for its slot's value.
int outputRawValue(const OutputChannel& channel, float slotValue) noexcept;

// Writes the whole image: zeros, then every channel of `universe`. slotValues[i] is slot i + 1;
// a slot beyond slotValues.size() reads as 0, and a channel outside 1..512 is skipped (the rules
// refuse both, so this only guards against a state built by hand).
void renderOutputFrame(const OutputUniverse& universe, std::span<const float> slotValues,
                       std::span<std::uint8_t, kDmxSlots> image) noexcept;

} // namespace dmxin
