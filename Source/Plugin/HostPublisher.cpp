#include "HostPublisher.h"

namespace dmxin {

HostPublisher::HostPublisher(ParameterBank& bank) : bank_(bank) {
    startTimerHz(kRefreshHz);
}

HostPublisher::~HostPublisher() {
    stopTimer();
    endAllGestures();
}

void HostPublisher::post(int slotIndex, float value) noexcept {
    const auto i = static_cast<std::size_t>(slotIndex);
    pendingValue_[i].store(value, std::memory_order_relaxed);
    // release: the timer that sees the flag also sees the value written just before it.
    pendingFlag_[i].store(true, std::memory_order_release);
}

void HostPublisher::flush() {
    const auto now = juce::Time::getMillisecondCounter();
    const bool publish = enabled_.load();
    for (int i = 0; i < kNumParameterSlots; ++i) {
        const auto s = static_cast<std::size_t>(i);
        auto& param = bank_.slot(i);
        if (pendingFlag_[s].exchange(false, std::memory_order_acquire)) {
            const float v = pendingValue_[s].load(std::memory_order_relaxed);
            if (!publish)
                continue;
            if (!inGesture_[s]) {
                param.beginChangeGesture();
                inGesture_[s] = true;
            }
            // The audio thread already set the value; this re-set notifies the host (performEdit).
            param.notifyHostOfDmxValue(v);
            lastMoveMs_[s] = now;
        } else if (inGesture_[s] && (!publish || now - lastMoveMs_[s] >= static_cast<juce::uint32>(idleMs_.load()))) {
            param.endChangeGesture();
            inGesture_[s] = false;
        }
    }
}

void HostPublisher::endAllGestures() {
    for (int i = 0; i < kNumParameterSlots; ++i) {
        const auto s = static_cast<std::size_t>(i);
        if (inGesture_[s]) {
            bank_.slot(i).endChangeGesture();
            inGesture_[s] = false;
        }
    }
}

int HostPublisher::openGestures() const noexcept {
    int n = 0;
    for (bool g : inGesture_)
        n += g ? 1 : 0;
    return n;
}

} // namespace dmxin
