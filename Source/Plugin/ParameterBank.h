#pragma once
// The fixed bank of host parameters: control001 ... control128 (normalised 0..1 floats, IDs never
// renamed, version hint 1) and the dmxEnable master switch. Slot labels are user-editable and are
// what the host shows as the parameter name.
//
// Threads: construct and addTo on the message thread (processor constructor). slot()/dmxEnable()
// pointers are stable and usable from any thread. setLabel on the message thread; getName (called by
// hosts) from any non-audio thread.

#include "Core/DmxFrame.h"

#include <juce_audio_processors/juce_audio_processors.h>

#include <array>
#include <atomic>
#include <cstdint>

namespace dmxin {

// A slot parameter whose displayed name is the user's label (or "Control 001" without one).
class SlotParameter final : public juce::AudioParameterFloat {
public:
    SlotParameter(int slotNumber);

    juce::String getName(int maximumStringLength) const override;
    void setLabel(const juce::String& label);     // message thread
    juce::String getLabel() const;                 // the user label, empty if none
    int slotNumber() const noexcept { return slot_; }
    // Audio thread: sets the value without notifying anyone (an atomic store). The host hears
    // about it through the HostPublisher.
    void setFromDmx(float normalised) noexcept;
    // Message thread (HostPublisher): tells the host about a DMX-driven value (performEdit). Not
    // counted as a host move.
    void notifyHostOfDmxValue(float normalised);

    // Whether the host (its automation or a user) changed this parameter within the last windowMs
    // of the coarse clock. Any thread: atomics only, no clock call.
    bool hostMovedWithin(std::uint32_t windowMs) const noexcept;

    // A coarse millisecond clock that the processors' message-thread timers advance, so the audio
    // thread can compare times without a clock call. Any thread.
    static void advanceCoarseClock() noexcept;
    static std::uint32_t coarseNowMs() noexcept;

private:
    void valueChanged(float newValue) override;

    const int slot_;
    std::atomic<float> lastDmxValue_{-1.0f};
    std::atomic<std::uint32_t> hostMovedMs_{0};
    std::atomic<bool> hostMovedEver_{false};
    mutable juce::SpinLock labelLock_;   // never taken on the audio thread
    juce::String label_;
};

class ParameterBank {
public:
    static juce::String slotId(int slotNumber);     // 1 -> "control001"

    // Creates every parameter and adds it to the processor (which takes ownership).
    explicit ParameterBank(juce::AudioProcessor& processor);

    SlotParameter& slot(int index0) const noexcept { return *slots_[static_cast<std::size_t>(index0)]; }
    juce::AudioParameterBool& dmxEnable() const noexcept { return *dmxEnable_; }
    static constexpr int size() noexcept { return kNumParameterSlots; }

private:
    std::array<SlotParameter*, kNumParameterSlots> slots_{};
    juce::AudioParameterBool* dmxEnable_ = nullptr;
};

} // namespace dmxin
