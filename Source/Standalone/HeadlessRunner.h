#pragma once
// HeadlessRunner: runs a DmxInProcessor without a window or audio device. A "clock" thread calls
// processBlock every 128 samples at 48 kHz (as an audio callback would), and a message-thread
// timer prints one line per mapped parameter change plus a status line every few seconds.
// Construct, use and destroy on the message thread.

#include "Plugin/DmxInProcessor.h"

#include <juce_events/juce_events.h>

#include <array>
#include <atomic>
#include <thread>

namespace dmxin {

class HeadlessRunner final : private juce::Timer {
public:
    static constexpr double kSampleRate = 48000.0;
    static constexpr int kBlockSize = 128;

    HeadlessRunner(DmxInProcessor& processor, double statusIntervalSeconds);
    ~HeadlessRunner() override;

private:
    void timerCallback() override;
    void clockThread();
    void printStatus();

    DmxInProcessor& processor_;
    const double statusInterval_;
    std::thread clock_;
    std::atomic<bool> running_{true};
    std::array<float, kNumParameterSlots> printed_{};
    double lastStatus_ = 0.0;
};

} // namespace dmxin
