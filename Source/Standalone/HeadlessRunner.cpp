#include "HeadlessRunner.h"

#include "Net/StatusText.h"

#include "Core/PortAddress.h"
#include "Core/SteadyClock.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace dmxin {

HeadlessRunner::HeadlessRunner(DmxInProcessor& processor, double statusIntervalSeconds, juce::MidiOutput* midiOut,
                               bool printMidi)
    : processor_(processor), statusInterval_(statusIntervalSeconds), midiOut_(midiOut), printMidi_(printMidi) {
    printed_.fill(-1.0f);
    processor_.setRateAndBufferSizeDetails(kSampleRate, kBlockSize);
    processor_.prepareToPlay(kSampleRate, kBlockSize);
    clock_ = std::thread([this] { clockThread(); });
    lastStatus_ = juce::Time::getMillisecondCounterHiRes();
    printStatus();
    startTimerHz(30);
}

HeadlessRunner::~HeadlessRunner() {
    stopTimer();
    running_ = false;
    clock_.join();
    processor_.releaseResources();
}

void HeadlessRunner::clockThread() {
    juce::AudioBuffer<float> buffer(2, kBlockSize);
    juce::MidiBuffer midi;
    midi.ensureSize(4096);
    const auto period = std::chrono::nanoseconds(static_cast<long long>(1e9 * kBlockSize / kSampleRate));
    auto next = std::chrono::steady_clock::now();
    while (running_.load()) {
        buffer.clear();
        midi.clear();
        processor_.processBlock(buffer, midi);
        if (!midi.isEmpty()) {
            if (midiOut_ != nullptr)
                midiOut_->sendBlockOfMessagesNow(midi);
            if (printMidi_)
                for (const auto meta : midi) {
                    PrintedMidi p{};
                    p.size = static_cast<std::uint8_t>(std::min(meta.numBytes, 3));
                    std::copy(meta.data, meta.data + p.size, p.bytes);
                    p.offset = meta.samplePosition;
                    midiToPrint_.try_push(p);   // a full queue drops lines, never blocks the clock
                }
        }
        next += period;
        std::this_thread::sleep_until(next);
    }
}

void HeadlessRunner::printMidi() {
    PrintedMidi p{};
    while (midiToPrint_.try_pop(p)) {
        std::printf("midi");
        for (int i = 0; i < p.size; ++i)
            std::printf(" %02X", p.bytes[i]);
        std::printf("  @%d\n", p.offset);
    }
}

void HeadlessRunner::timerCallback() {
    printMidi();
    // One line per mapped slot whose value changed since the last print.
    for (const auto& m : processor_.getMappings()) {
        if (!m.enabled || m.targetSlot < 1)
            continue;   // MIDI-only mappings print through --print-midi
        const int i = m.targetSlot - 1;
        const float v = processor_.getSlotValue(i);
        if (v == printed_[static_cast<std::size_t>(i)])
            continue;
        printed_[static_cast<std::size_t>(i)] = v;
        const auto label = processor_.getSlotLabel(m.targetSlot);
        std::printf("param %s%s%s = %.4f  <- universe %s ch %d%s\n",
                    ParameterBank::slotId(m.targetSlot).toRawUTF8(),
                    label.isEmpty() ? "" : " ", label.isEmpty() ? "" : ("\"" + label + "\"").toRawUTF8(),
                    static_cast<double>(v), m.universe.describe().c_str(), m.channel, m.sixteenBit ? " (16-bit)" : "");
    }
    std::fflush(stdout);

    const double now = juce::Time::getMillisecondCounterHiRes();
    if (statusInterval_ > 0 && now - lastStatus_ >= statusInterval_ * 1000.0) {
        lastStatus_ = now;
        printStatus();
    }
}

// "status: output Art-Net 0:1:2 -> 127.0.0.1:6454, sACN 9 -> multicast; 812 packet(s) sent, 0 send error(s)",
// or "status: output off for this run (--output-off), 2 universe(s) configured"; nothing without outputs.
void HeadlessRunner::printOutputStatus() {
    const auto out = processor_.getOutputStatus();
    if (out.universes == 0)
        return;
    if (!out.allowed) {
        std::printf("status: output off for this run (--output-off), %zu universe(s) configured\n", out.universes);
        return;
    }
    std::string list;
    const auto settings = processor_.getOutputSettings();
    for (const auto& u : settings.universes) {
        if (!u.enabled)
            continue;
        list += (list.empty() ? "" : ", ") + u.universe.describe() + " -> ";
        if (u.destination == OutputDestination::Unicast) {
            for (std::size_t i = 0; i < u.addresses.size(); ++i)
                list += (i == 0 ? "" : " ") + u.addresses[i] + ":" + std::to_string(u.effectivePort());
        } else {
            list += toString(u.destination);
        }
    }
    std::printf("status: output %s; %llu packet(s) sent, %llu send error(s)%s%s\n", list.c_str(),
                static_cast<unsigned long long>(out.packetsSent), static_cast<unsigned long long>(out.sendErrors),
                out.error.empty() ? "" : "; ", out.error.c_str());
}

void HeadlessRunner::printStatus() {
    printOutputStatus();
    const auto s = processor_.getHubStatus();
    const auto rr = processor_.getRecordReplayStatus();
    if (rr.recording)
        std::printf("status: recording %s: %llu frame(s), %llu bytes on disk\n", rr.recordPath.c_str(),
                    static_cast<unsigned long long>(rr.framesRecorded), static_cast<unsigned long long>(rr.bytesWritten));
    if (rr.replaying) {
        std::printf("status: replaying %s%s: %llu of %llu frame(s)%s\n", rr.replayPath.c_str(), rr.looping ? " (loop)" : "",
                    static_cast<unsigned long long>(rr.framesReplayed), static_cast<unsigned long long>(rr.replayFrames),
                    rr.replayFinished ? ", finished (holding the last frame)" : "");
        std::fflush(stdout);
        return;   // the network is paused while a recording plays
    }
    if (!s.listening) {
        // The hub's text names the OS reason and the next step; here the settings are options.
        std::printf("status: NOT LISTENING: %s (--port, --bind).\n", s.error.c_str());
    } else {
        std::printf("status: listening %s:%u, %zu source(s), %llu datagrams, %llu ArtDmx, %llu rejected, "
                    "%llu ignored, %llu for unmapped universes, %zu mapping(s)\n",
                    s.bindAddress.c_str(), s.boundPort, s.sources.size(),
                    static_cast<unsigned long long>(s.datagrams), static_cast<unsigned long long>(s.dmxFrames),
                    static_cast<unsigned long long>(s.totalRejected()), static_cast<unsigned long long>(s.ignored()),
                    static_cast<unsigned long long>(s.unsubscribed), processor_.getMappings().size());
        const auto universes = net::summariseUniverses(s);
        if (!universes.empty())
            std::printf("status: universes %s; %s\n", universes.c_str(), net::describeSacn(s).c_str());
        for (const auto& u : s.universes)   // merged frames per universe (frame-loss figures in tests)
            std::printf("status: frames %s = %llu\n", u.universe.describe().c_str(), static_cast<unsigned long long>(u.frames));
        for (const auto& u : s.universes)
            if (u.lost)
                std::printf("status: %s\n", net::describeUniverse(u, steadyNowNs()).c_str());
        if (const auto sharing = net::describeSharing(s); !sharing.empty())
            std::printf("status: sharing: %s\n", sharing.c_str());
        const auto drops = net::describeDrops(s);
        if (!drops.empty())
            std::printf("status: dropped %s\n", drops.c_str());
    }
    std::fflush(stdout);
}

} // namespace dmxin
