#pragma once
// HeadlessRunner: runs a DmxInProcessor without a window or audio device. A "clock" thread calls
// processBlock every 128 samples at 48 kHz (as an audio callback would), and a message-thread
// timer prints one line per mapped parameter change plus a status line every few seconds (with
// the outputs, when the preset has any).
// Construct, use and destroy on the message thread.

#include "Plugin/DmxInProcessor.h"
#include "Core/SpscQueue.h"

#include <juce_audio_devices/juce_audio_devices.h>
#include <juce_events/juce_events.h>

#include <array>
#include <atomic>
#include <thread>

namespace dmxin {

class HeadlessRunner final : private juce::Timer {
public:
    static constexpr double kSampleRate = 48000.0;
    static constexpr int kBlockSize = 128;

    // midiOut (may be null): where each block's MIDI goes; printMidi: also print every message.
    HeadlessRunner(DmxInProcessor& processor, double statusIntervalSeconds, juce::MidiOutput* midiOut = nullptr,
                   bool printMidi = false);
    ~HeadlessRunner() override;

private:
    void timerCallback() override;
    void clockThread();
    void printStatus();
    void printOutputStatus();
    void printMidi();

    DmxInProcessor& processor_;
    const double statusInterval_;
    std::thread clock_;
    std::atomic<bool> running_{true};
    juce::MidiOutput* const midiOut_;
    const bool printMidi_;
    struct PrintedMidi { std::uint8_t bytes[3]; std::uint8_t size; int offset; };
    SpscQueue<PrintedMidi> midiToPrint_{1024};   // clock thread -> message thread
    std::array<float, kNumParameterSlots> printed_{};
    double lastStatus_ = 0.0;
};

} // namespace dmxin
