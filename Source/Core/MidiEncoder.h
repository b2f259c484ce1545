#pragma once
// Turns a mapping's normalised output into MIDI short messages (7-bit CC, 14-bit CC pair,
// NRPN, or note on/off from a threshold), sending only what changed since the last call, and
// places an event in the audio block from the packet's arrival time. Pure and allocation-free:
// audio-thread safe. No JUCE.

#include "Mapping.h"

#include <array>
#include <cstdint>

namespace dmxin {

struct MidiShortMessage {
    std::uint8_t bytes[3] = {0, 0, 0};
    std::uint8_t size = 3;
};

// What was last sent for one mapping, so unchanged values send nothing.
struct MidiSendState {
    int last14 = -1;          // 0..16383 last value sent (CC7 keeps value << 7), -1 = never
    bool noteOn = false;
    int lastNrpnNumber = -1;  // NRPN parameter number already selected (99/98 not repeated)
};

// At most 4 messages per value (NRPN: 99, 98, 6, 38).
struct MidiMessages {
    std::array<MidiShortMessage, 4> messages{};
    int count = 0;
};

// Encodes `value` (0..1) for `target`; updates `state`. Returns the messages to send, in order.
MidiMessages encodeMidi(const MidiTarget& target, float value, MidiSendState& state) noexcept;
// The same, written straight into `out` (room for 4 messages); returns how many. For a collector
// that stores the messages anyway: building them in a MidiMessages and copying that out made
// every copy's wide load wait on the byte stores just made (a store-forwarding stall per message,
// most of the collector's time at 384 CCs per block).
int encodeMidiInto(const MidiTarget& target, float value, MidiSendState& state, MidiShortMessage* out) noexcept;

// The sample offset (0..numSamples-1) for an event that arrived at arrivalNs, in a block whose
// processing starts at blockStartNs: the block of audio covers the packets that arrived during the
// previous blockDuration, so an arrival at blockStart - duration maps to 0 and one at blockStart
// (or later) to the last sample. Earlier arrivals (the queue waited) clamp to 0.
int sampleOffsetFor(std::uint64_t arrivalNs, std::uint64_t blockStartNs, double sampleRate, int numSamples) noexcept;

} // namespace dmxin
