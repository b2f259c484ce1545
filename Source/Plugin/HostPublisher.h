#pragma once
// HostPublisher: turns DMX-driven value changes into host edits with gestures, on the message
// thread. JUCE's VST3 wrapper sends performEdit and gestures to the host only from the message
// thread; from the audio thread the host would see one output value per block and no
// gesture, so touch/latch automation would not record.
//
// Threads: post() from the audio thread (wait-free: atomics only). Everything else, including the
// timer, on the message thread.

#include "ParameterBank.h"

#include <juce_events/juce_events.h>

#include <array>
#include <atomic>

namespace dmxin {

class HostPublisher final : private juce::Timer {
public:
    static constexpr int kDefaultIdleMs = 250;
    static constexpr int kRefreshHz = 60;

    explicit HostPublisher(ParameterBank& bank);
    ~HostPublisher() override;

    // Audio thread (or the fallback processing thread): slot 0-based got a new DMX-driven value.
    void post(int slotIndex, float value) noexcept;

    // Message thread.
    void setIdleMs(int ms) noexcept { idleMs_.store(ms); }
    int idleMs() const noexcept { return idleMs_.load(); }
    // Whether DMX moves are sent to the host as edits (record-arm). Off: values still change
    // inside the plugin, the host is not told.
    void setEnabled(bool enabled) noexcept { enabled_.store(enabled); }
    bool isEnabled() const noexcept { return enabled_.load(); }
    // Publishes pending values now and ends idle gestures (the timer calls this at kRefreshHz).
    void flush();
    // Ends every open gesture (before state changes and destruction).
    void endAllGestures();
    int openGestures() const noexcept;

private:
    void timerCallback() override { flush(); }

    ParameterBank& bank_;
    std::array<std::atomic<float>, kNumParameterSlots> pendingValue_{};
    std::array<std::atomic<bool>, kNumParameterSlots> pendingFlag_{};
    std::array<bool, kNumParameterSlots> inGesture_{};
    std::array<juce::uint32, kNumParameterSlots> lastMoveMs_{};
    std::atomic<int> idleMs_{kDefaultIdleMs};   // set from any control thread (state restore)
    std::atomic<bool> enabled_{true};
};

} // namespace dmxin
