#include "MidiOutCollector.h"

#include <algorithm>

namespace dmxin {

void MidiOutCollector::beginBlock(std::uint64_t blockStartNs, double sampleRate, int numSamples) noexcept {
    blockStartNs_ = blockStartNs;
    sampleRate_ = sampleRate;
    numSamples_ = numSamples;
    count_ = 0;
    lastOffset_ = 0;
}

void MidiOutCollector::add(const MidiTarget& target, int mappingIndex, float value, std::uint64_t arrivalNs) noexcept {
    if (mappingIndex < 0 || mappingIndex >= kMaxMappings)
        return;
    const MidiMessages messages = encodeMidi(target, value, states_[static_cast<std::size_t>(mappingIndex)]);
    if (messages.count == 0)
        return;
    int offset = arrivalNs == 0 ? 0 : sampleOffsetFor(arrivalNs, blockStartNs_, sampleRate_, numSamples_);
    // Frames are applied in arrival order; never let a later event land before an earlier one.
    offset = std::max(offset, lastOffset_);
    lastOffset_ = offset;
    for (int i = 0; i < messages.count; ++i) {
        if (count_ >= kCapacity) {
            dropped_.fetch_add(static_cast<std::uint64_t>(messages.count - i), std::memory_order_relaxed);
            return;
        }
        events_[static_cast<std::size_t>(count_++)] = Event{offset, messages.messages[static_cast<std::size_t>(i)]};
    }
}

void MidiOutCollector::writeTo(juce::MidiBuffer& out) noexcept {
    for (int i = 0; i < count_; ++i) {
        const Event& e = events_[static_cast<std::size_t>(i)];
        out.addEvent(e.message.bytes, e.message.size, e.offset);
    }
    count_ = 0;
}

void MidiOutCollector::resetMappings() noexcept {
    states_.fill(MidiSendState{});
}

} // namespace dmxin
