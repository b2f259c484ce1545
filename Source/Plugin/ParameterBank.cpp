#include "ParameterBank.h"

namespace dmxin {

juce::String ParameterBank::slotId(int slotNumber) {
    return "control" + juce::String(slotNumber).paddedLeft('0', 3);
}

static juce::String defaultName(int slotNumber) {
    return "Control " + juce::String(slotNumber).paddedLeft('0', 3);
}

SlotParameter::SlotParameter(int slotNumber)
    : juce::AudioParameterFloat(juce::ParameterID{ParameterBank::slotId(slotNumber), 1},
                                defaultName(slotNumber), juce::NormalisableRange<float>(0.0f, 1.0f), 0.0f),
      slot_(slotNumber) {}

juce::String SlotParameter::getName(int maximumStringLength) const {
    juce::String label;
    {
        const juce::SpinLock::ScopedLockType lock(labelLock_);
        label = label_;
    }
    const auto name = label.isEmpty() ? defaultName(slot_) : label;
    return name.substring(0, maximumStringLength);
}

void SlotParameter::setLabel(const juce::String& label) {
    const juce::SpinLock::ScopedLockType lock(labelLock_);
    label_ = label;
}

juce::String SlotParameter::getLabel() const {
    const juce::SpinLock::ScopedLockType lock(labelLock_);
    return label_;
}

ParameterBank::ParameterBank(juce::AudioProcessor& processor) {
    for (int i = 0; i < kNumParameterSlots; ++i) {
        auto p = std::make_unique<SlotParameter>(i + 1);
        slots_[static_cast<std::size_t>(i)] = p.get();
        processor.addParameter(p.release());
    }
    auto enable = std::make_unique<juce::AudioParameterBool>(juce::ParameterID{"dmxEnable", 1}, "DMX Enable", true);
    dmxEnable_ = enable.get();
    processor.addParameter(enable.release());
}

} // namespace dmxin
