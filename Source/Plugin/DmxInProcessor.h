#pragma once
// DmxInProcessor: wires the parts of one DMX In instance. It contains none of them:
//   ParameterBank (host parameters), DmxPipeline (queue, images, table, engine),
//   NetworkConnection (the shared ReceiverHub), OutputConnection (the shared OutputSender: host ->
//   rig), HostPublisher (gestures to the host), StateTransfer (state and preset files).
//
// Threads:
//  - processBlock: audio thread. Drains DMX, applies mappings, sets parameter values, publishes
//    the slot values the output sends. Never allocates, locks, logs or makes a syscall.
//  - Control API (setMappings, setNetworkSettings, setOutputSettings, state, presets, labels): message thread or any
//    one non-audio thread at a time (serialised by controlMutex_). Hosts may call
//    get/setStateInformation from a worker thread; that is covered by the same mutex.
//  - Snapshots (getHubStatus, getSlotValue, getMappings ...): any non-audio thread.

#include "HostPublisher.h"
#include "MidiOutCollector.h"
#include "NetworkConnection.h"
#include "OutputConnection.h"
#include "ParameterBank.h"
#include "RecordReplay.h"

#include "Core/DelayMeter.h"
#include "Core/DmxPipeline.h"
#include "Core/FixtureLayout.h"
#include "Core/PluginState.h"

#include <juce_audio_processors/juce_audio_processors.h>

#include <atomic>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace dmxin {

class DmxInProcessor final : public juce::AudioProcessor, private juce::Timer {
public:
    // settings: where to listen (tests pass 127.0.0.1:0). Plugin hosts use the default.
    explicit DmxInProcessor(const NetworkSettings& initialNetwork = {});
    ~DmxInProcessor() override;

    // ---- juce::AudioProcessor
    void prepareToPlay(double sampleRate, int samplesPerBlock) override;
    void releaseResources() override {}
    bool isBusesLayoutSupported(const BusesLayout& layouts) const override;
    void processBlock(juce::AudioBuffer<float>&, juce::MidiBuffer&) override;
    using juce::AudioProcessor::processBlock;

    juce::AudioProcessorEditor* createEditor() override;
    bool hasEditor() const override { return true; }
    const juce::String getName() const override { return "DMX In"; }
    bool acceptsMidi() const override { return false; }
    // Mappings with a MIDI target emit CC / 14-bit CC / NRPN / notes at the packet's sample offset.
    bool producesMidi() const override { return true; }
    double getTailLengthSeconds() const override { return 0.0; }
    int getNumPrograms() override { return 1; }
    int getCurrentProgram() override { return 0; }
    void setCurrentProgram(int) override {}
    const juce::String getProgramName(int) override { return "Default"; }
    void changeProgramName(int, const juce::String&) override {}
    void getStateInformation(juce::MemoryBlock& destData) override;
    void setStateInformation(const void* data, int sizeInBytes) override;

    // ---- Control API (see the thread notes above)
    // Validates and applies a new mapping list; on error nothing changes and errors name the fields.
    bool setMappings(const std::vector<Mapping>& mappings, std::vector<std::string>& errors);
    std::vector<Mapping> getMappings() const;
    // Rebinds the receiver; false when the bind failed (getHubStatus().error says why).
    bool setNetworkSettings(const NetworkSettings& settings);
    NetworkSettings getNetworkSettings() const;
    // Validates (OutputRules, against the current mappings) and applies the output section: what
    // this instance sends, host -> rig. On error nothing changes and errors name the fields. A nil
    // CID is replaced by a fresh one when something is sent (getOutputSettings returns it).
    bool setOutputSettings(const OutputSettings& settings, std::vector<std::string>& errors);
    OutputSettings getOutputSettings() const;
    // Off: this instance sends nothing for the rest of the run whatever its settings, which are
    // kept and saved (the standalone's --output-off). Control side.
    void setOutputAllowed(bool allowed);
    OutputStatus getOutputStatus() const;
    void setSlotLabel(int slotNumber, const juce::String& label);
    juce::String getSlotLabel(int slotNumber) const;

    // JSON state (the same format as preset files). applyStateJson validates everything first;
    // on any error the previous mappings, labels and settings stay and the errors are returned.
    std::string getStateJson() const;
    bool applyStateJson(std::string_view json, std::vector<std::string>& errors);
    bool loadPresetFile(const juce::File& file, std::vector<std::string>& errors);
    bool savePresetFile(const juce::File& file, juce::String& error) const;
    // The last refused state or preset (shown by the editor), empty if none.
    juce::String getLastStateError() const;

    // What the fixture-profile exports need: the mappings and labels, with `model` as the name.
    ProfileInput getProfileInput(const std::string& model) const;

    // Recording and replay (RecordReplay): record what this instance receives to a file; replay a
    // file into this instance as if from the network (the network pauses meanwhile).
    bool startRecording(const std::string& path, std::string& error);
    void stopRecording();
    bool startReplay(const std::string& path, bool loop, std::string& error);
    void stopReplay();
    RecordReplayStatus getRecordReplayStatus() const;

    // ---- Snapshots
    net::HubStatus getHubStatus() const;
    PipelineStats getPipelineStats() const noexcept { return pipeline_.stats(); }
    std::uint64_t getMidiDropped() const noexcept { return midiOut_.dropped(); }
    // Delay from a frame's arrival on the socket to the processBlock that used it (frames that
    // changed a mapped value), median and worst of the last ~5 s. Any non-audio thread.
    DelayMeter::Summary getDelaySummary() const noexcept;
    float getSlotValue(int slotIndex) const noexcept { return bank_.slot(slotIndex).get(); }
    ParameterBank& getParameterBank() noexcept { return bank_; }
    const ParameterBank& getParameterBank() const noexcept { return bank_; }
    HostPublisher& getHostPublisher() noexcept { return publisher_; }
    // Record-arm (DMX moves sent to the host as edits) and the gesture idle time, saved with the
    // state. Any non-audio thread.
    void setHostPublisherSettings(bool sendToHost, int gestureIdleMs) noexcept;
    std::pair<bool, int> getHostPublisherSettings() const noexcept { return {publisher_.isEnabled(), publisher_.idleMs()}; }
    // Whether the message thread is currently evaluating DMX because processBlock stopped.
    bool isUsingFallbackClock() const noexcept { return fallbackActive_.load(); }

private:
    // What a processing pass does with each mapped value. The audio pass also emits MIDI (its
    // MidiOutCollector is audio-thread only); the message-thread fallback pass has no MIDI buffer.
    struct PassSink final : DmxOutputSink {
        PassSink(DmxInProcessor& p, bool audio) : owner(p), isAudio(audio) {}
        void onMappedValue(const Mapping& mapping, int mappingIndex, int slotIndex, float value,
                           std::uint64_t arrivalNs) noexcept override;
        void onTableAdopted() noexcept override;
        DmxInProcessor& owner;
        const bool isAudio;
    };
    void applyToSlot(const Mapping& mapping, int slotIndex, float value) noexcept;
    void measureDelay(std::uint64_t arrivalNs) noexcept;   // audio thread
    void timerCallback() override;
    void applyTable(std::unique_ptr<MappingTable> table);

    ParameterBank bank_;
    DmxPipeline pipeline_;
    NetworkConnection network_;
    OutputConnection output_{bank_};         // control side, under controlMutex_; publish() from the audio thread
    RecordReplay recordReplay_{network_, pipeline_.queue()};   // control side, under controlMutex_
    HostPublisher publisher_;
    MidiOutCollector midiOut_;               // audio thread only
    DelayMeter delayMeter_;                  // written by the audio thread, read by the editor
    std::uint64_t blockStartNs_ = 0;         // audio thread: when the current processBlock began
    std::uint64_t lastMeasuredArrivalNs_ = 0;   // audio thread: a frame is measured once, not per mapping
    std::atomic<bool> midiStale_{false};     // the fallback adopted a new table: reset MIDI send state
    PassSink audioSink_{*this, true};
    PassSink fallbackSink_{*this, false};

    mutable std::mutex controlMutex_;   // control side only, never the audio thread
    juce::String lastStateError_;

    std::atomic<std::int64_t> lastProcessBlockMs_{0};
    std::atomic<double> sampleRate_{48000.0};
    std::atomic<bool> fallbackActive_{false};

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR(DmxInProcessor)
};

} // namespace dmxin
