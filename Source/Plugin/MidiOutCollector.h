#pragma once
// Collects the MIDI that mappings emit during one processing pass, at their sample offsets, and
// writes it into the block's MidiBuffer in order. Fixed capacity: no allocation on the audio thread
// (events past the capacity are dropped and counted).
//
// Threads: the processing thread only (the audio thread, or the message-thread fallback; the
// pipeline's try-flag guarantees one at a time). dropped() from any thread.

#include "Core/MidiEncoder.h"

#include <juce_audio_basics/juce_audio_basics.h>

#include <array>
#include <atomic>
#include <cstdint>

namespace dmxin {

class MidiOutCollector {
public:
    static constexpr int kCapacity = 2048;   // events per block: 512 mappings x 4 messages

    // Start of a pass: where arrival times fall in this block.
    void beginBlock(std::uint64_t blockStartNs, double sampleRate, int numSamples) noexcept;
    // A mapping (by compiled index) produced `value` for `target` from a packet that arrived at
    // arrivalNs (0: no packet, e.g. a loss fade: the first sample).
    void add(const MidiTarget& target, int mappingIndex, float value, std::uint64_t arrivalNs) noexcept;
    // Writes the collected events into `out` (in the order they were produced, which is arrival
    // order, so offsets never go backwards) and empties the collector.
    void writeTo(juce::MidiBuffer& out) noexcept;
    // A new mapping table: what was last sent per mapping no longer applies.
    void resetMappings() noexcept;

    std::uint64_t dropped() const noexcept { return dropped_.load(std::memory_order_relaxed); }

private:
    static constexpr int kMaxMessagesPerValue = static_cast<int>(std::tuple_size_v<decltype(MidiMessages::messages)>);
    // The sample offset for an event from arrivalNs (never before the previous event's).
    int nextOffset(std::uint64_t arrivalNs) noexcept;
    void addNearlyFull(const MidiTarget& target, MidiSendState& state, float value, std::uint64_t arrivalNs) noexcept;
    // Event i is offsets_[i], messages_[i]: kept apart so encodeMidiInto can write the messages
    // in place (see MidiEncoder.h).
    std::array<int, kCapacity> offsets_{};
    std::array<MidiShortMessage, kCapacity> messages_{};
    int count_ = 0;
    int lastOffset_ = 0;
    std::uint64_t offsetForNs_ = 0;   // the arrival time offsetForArrival_ was computed for (per block)
    int offsetForArrival_ = 0;
    std::array<MidiSendState, kMaxMappings> states_{};
    std::uint64_t blockStartNs_ = 0;
    double sampleRate_ = 48000.0;
    int numSamples_ = 0;
    std::atomic<std::uint64_t> dropped_{0};
};

} // namespace dmxin
