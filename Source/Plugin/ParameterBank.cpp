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

namespace {
// Set while DMX (not the host) writes a value on this thread, so valueChanged can tell the two apart.
thread_local bool writingFromDmx = false;
std::atomic<std::uint32_t> coarseClock{0};

struct DmxWriteScope {
    DmxWriteScope() noexcept { writingFromDmx = true; }
    ~DmxWriteScope() { writingFromDmx = false; }
};
} // namespace

void SlotParameter::advanceCoarseClock() noexcept {
    coarseClock.store(juce::Time::getMillisecondCounter(), std::memory_order_relaxed);
}

std::uint32_t SlotParameter::coarseNowMs() noexcept {
    return coarseClock.load(std::memory_order_relaxed);
}

void SlotParameter::setFromDmx(float normalised) noexcept {
    const DmxWriteScope scope;
    lastDmxValue_.store(normalised, std::memory_order_relaxed);
    static_cast<juce::AudioProcessorParameter&>(*this).setValue(normalised);
}

void SlotParameter::notifyHostOfDmxValue(float normalised) {
    const DmxWriteScope scope;
    setValueNotifyingHost(normalised);
}

void SlotParameter::valueChanged(float newValue) {
    if (writingFromDmx)
        return;
    // Hosts may echo our own edits back; only a different value is a host move.
    if (std::abs(newValue - lastDmxValue_.load(std::memory_order_relaxed)) < 1.0e-6f)
        return;
    hostMovedMs_.store(coarseNowMs(), std::memory_order_relaxed);
    hostMovedEver_.store(true, std::memory_order_release);
}

bool SlotParameter::hostMovedWithin(std::uint32_t windowMs) const noexcept {
    if (!hostMovedEver_.load(std::memory_order_acquire))
        return false;
    return coarseNowMs() - hostMovedMs_.load(std::memory_order_relaxed) < windowMs;
}

juce::String SlotParameter::getName(int maximumStringLength) const {
    juce::String userLabel;
    {
        const juce::SpinLock::ScopedLockType lock(labelLock_);
        userLabel = label_;
    }
    const auto shown = userLabel.isEmpty() ? defaultName(slot_) : userLabel;
    return shown.substring(0, maximumStringLength);
}

void SlotParameter::setLabel(const juce::String& newLabel) {
    const juce::SpinLock::ScopedLockType lock(labelLock_);
    label_ = newLabel;
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
