#include "DmxInProcessor.h"

#include "Editor/DmxInEditor.h"
#include "StateTransfer.h"

#include "Core/OutputRules.h"
#include "Core/StateJson.h"
#include "Core/SteadyClock.h"

namespace dmxin {

namespace {
// When the host has not called processBlock for this long, the message thread takes over
// evaluating DMX so parameters keep following the console (transport stopped, no device).
constexpr std::int64_t kFallbackAfterMs = 100;
constexpr int kFallbackTimerHz = 50;
// A mapping set to "host wins" ignores DMX while the host changed the parameter this recently.
constexpr std::uint32_t kHostAutomationHoldMs = 500;

} // namespace

DmxInProcessor::DmxInProcessor(const NetworkSettings& initialNetwork)
    : juce::AudioProcessor(BusesProperties()
                               .withInput("Input", juce::AudioChannelSet::stereo(), true)
                               .withOutput("Output", juce::AudioChannelSet::stereo(), true)), bank_(*this), network_(pipeline_.queue()), publisher_(bank_) {
    network_.connect(initialNetwork);
    startTimerHz(kFallbackTimerHz);
}

DmxInProcessor::~DmxInProcessor() {
    stopTimer();
    {
        std::lock_guard lock(controlMutex_);
        recordReplay_.stopReplay();
        recordReplay_.stopRecording();
        output_.close();   // sACN streams terminate; the sender thread ends here if it was the last output
    }
    network_.disconnect();   // the receive thread stops pushing before the queue dies
}

void DmxInProcessor::prepareToPlay(double sampleRate, int) {
    sampleRate_.store(sampleRate > 0.0 ? sampleRate : 48000.0);
}

bool DmxInProcessor::isBusesLayoutSupported(const BusesLayout& layouts) const {
    // Pass-through: output matches input; stereo, mono, or no input (an instrument-like slot).
    const auto out = layouts.getMainOutputChannelSet();
    const auto in = layouts.getMainInputChannelSet();
    if (out != juce::AudioChannelSet::stereo() && out != juce::AudioChannelSet::mono())
        return false;
    return in.isDisabled() || in == out;
}

void DmxInProcessor::processBlock(juce::AudioBuffer<float>& buffer, juce::MidiBuffer& midi) {
    juce::ScopedNoDenormals noDenormals;
    lastProcessBlockMs_.store(static_cast<std::int64_t>(juce::Time::getMillisecondCounter()), std::memory_order_relaxed);
    // Audio passes through untouched; channels without an input are silenced.
    for (int ch = getTotalNumInputChannels(); ch < getTotalNumOutputChannels(); ++ch)
        buffer.clear(ch, 0, buffer.getNumSamples());
    midi.clear();
    // The block's length advances loss fades (a lost universe gliding to its default).
    const double sampleRate = sampleRate_.load(std::memory_order_relaxed);
    const auto blockNs = static_cast<std::uint64_t>(buffer.getNumSamples() * 1.0e9 / sampleRate);
    if (midiStale_.exchange(false, std::memory_order_acq_rel))
        midiOut_.resetMappings();
    blockStartNs_ = steadyNowNs();
    midiOut_.beginBlock(blockStartNs_, sampleRate, buffer.getNumSamples());
    if (pipeline_.tryProcess(bank_.dmxEnable().get(), audioSink_, blockNs))
        midiOut_.writeTo(midi);
    // After the mappings: the output sends what the parameters are at the end of this block.
    output_.publish();
}

void DmxInProcessor::applyToSlot(const Mapping& mapping, int slotIndex, float value) noexcept {
    auto& slot = bank_.slot(slotIndex);
    if (mapping.hostAutomation == HostAutomation::HostWins && slot.hostMovedWithin(kHostAutomationHoldMs))
        return;   // the host's automation has this parameter: DMX waits until it stops
    // Inside the plugin the value changes now (this block); the host hears about it from the
    // HostPublisher on the message thread, with gestures.
    slot.setFromDmx(value);
    publisher_.post(slotIndex, value);
}

void DmxInProcessor::PassSink::onMappedValue(const Mapping& mapping, int mappingIndex, int slotIndex, float value,
                                             std::uint64_t arrivalNs) noexcept {
    if (slotIndex >= 0)
        owner.applyToSlot(mapping, slotIndex, value);
    if (isAudio && mapping.midi.kind != MidiKind::None)
        owner.midiOut_.add(mapping.midi, mappingIndex, value, arrivalNs);
    if (isAudio)
        owner.measureDelay(arrivalNs);
}

void DmxInProcessor::measureDelay(std::uint64_t arrivalNs) noexcept {
    // arrivalNs 0: no frame caused this value (a glide or a loss fade).
    if (arrivalNs == 0 || arrivalNs == lastMeasuredArrivalNs_)
        return;
    lastMeasuredArrivalNs_ = arrivalNs;
    delayMeter_.record(blockStartNs_, blockStartNs_ > arrivalNs ? blockStartNs_ - arrivalNs : 0);
}

DelayMeter::Summary DmxInProcessor::getDelaySummary() const noexcept {
    return delayMeter_.summary(steadyNowNs());
}

void DmxInProcessor::PassSink::onTableAdopted() noexcept {
    if (isAudio)
        owner.midiOut_.resetMappings();
    else
        owner.midiStale_.store(true, std::memory_order_release);
}

void DmxInProcessor::timerCallback() {
    const auto now = static_cast<std::int64_t>(juce::Time::getMillisecondCounter());
    const bool stalled = now - lastProcessBlockMs_.load(std::memory_order_relaxed) > kFallbackAfterMs;
    fallbackActive_.store(stalled);
    SlotParameter::advanceCoarseClock();
    // Skips if the audio thread is inside. No MIDI here: there is no block to put it in, and a host
    // that restarts must not get a burst of stale events.
    if (stalled) {
        pipeline_.tryProcess(bank_.dmxEnable().get(), fallbackSink_, 1'000'000'000ull / kFallbackTimerHz);
        output_.publish();   // the output follows host and editor moves without audio callbacks too
    }
    if (controlMutex_.try_lock()) {
        pipeline_.collectRetired();
        controlMutex_.unlock();
    }
}

void DmxInProcessor::applyTable(std::unique_ptr<MappingTable> table) {
    const auto universes = table->universes();
    // Subscribe first so frames for new universes are already queued when the table lands.
    network_.setUniverses(universes);
    pipeline_.setTable(std::move(table));
}

bool DmxInProcessor::setMappings(const std::vector<Mapping>& mappings, std::vector<std::string>& errors) {
    auto table = MappingTable::build(mappings, errors);
    if (table == nullptr)
        return false;
    std::lock_guard lock(controlMutex_);
    // No mapping may take this instance's own output as input (the state loader's rule).
    std::vector<std::string> loops;
    checkOutputLoops(mappings, {}, output_.settings(), {}, network_.settings().sacnOneIsArtnetZero, loops);
    if (!loops.empty()) {
        errors.insert(errors.end(), loops.begin(), loops.end());
        return false;
    }
    applyTable(std::move(table));
    return true;
}

bool DmxInProcessor::setOutputSettings(const OutputSettings& settings, std::vector<std::string>& errors) {
    std::lock_guard lock(controlMutex_);
    auto found = validateOutputs(settings, pipeline_.latestTable().mappings(), network_.settings().sacnOneIsArtnetZero);
    if (!found.empty()) {
        errors.insert(errors.end(), found.begin(), found.end());
        return false;
    }
    output_.apply(settings);
    return true;
}

OutputSettings DmxInProcessor::getOutputSettings() const {
    std::lock_guard lock(controlMutex_);
    return output_.settings();
}

void DmxInProcessor::setOutputAllowed(bool allowed) {
    std::lock_guard lock(controlMutex_);
    output_.setSendingAllowed(allowed);
}

OutputStatus DmxInProcessor::getOutputStatus() const {
    std::lock_guard lock(controlMutex_);
    return output_.status();
}

std::vector<Mapping> DmxInProcessor::getMappings() const {
    std::lock_guard lock(controlMutex_);
    return pipeline_.latestTable().mappings();
}

bool DmxInProcessor::setNetworkSettings(const NetworkSettings& settings) {
    std::lock_guard lock(controlMutex_);
    return network_.connect(settings);
}

NetworkSettings DmxInProcessor::getNetworkSettings() const {
    std::lock_guard lock(controlMutex_);
    return network_.settings();
}

net::HubStatus DmxInProcessor::getHubStatus() const {
    std::lock_guard lock(controlMutex_);
    return network_.status();
}

void DmxInProcessor::setSlotLabel(int slotNumber, const juce::String& label) {
    if (slotNumber < 1 || slotNumber > kNumParameterSlots)
        return;
    bank_.slot(slotNumber - 1).setLabel(label);
    updateHostDisplay(ChangeDetails().withParameterInfoChanged(true));
}

void DmxInProcessor::setHostPublisherSettings(bool sendToHost, int gestureIdleMs) noexcept {
    publisher_.setEnabled(sendToHost);
    publisher_.setIdleMs(gestureIdleMs);
}

ProfileInput DmxInProcessor::getProfileInput(const std::string& model) const {
    ProfileInput in;
    in.model = model;
    in.mappings = getMappings();
    for (int slot = 1; slot <= kNumParameterSlots; ++slot)
        if (const auto label = getSlotLabel(slot); label.isNotEmpty())
            in.labels[slot] = label.toStdString();
    return in;
}

bool DmxInProcessor::startRecording(const std::string& path, std::string& error) {
    std::lock_guard lock(controlMutex_);
    return recordReplay_.startRecording(path, error);
}

void DmxInProcessor::stopRecording() {
    std::lock_guard lock(controlMutex_);
    recordReplay_.stopRecording();
}

bool DmxInProcessor::startReplay(const std::string& path, bool loop, std::string& error) {
    std::lock_guard lock(controlMutex_);
    return recordReplay_.startReplay(path, loop, error);
}

void DmxInProcessor::stopReplay() {
    std::lock_guard lock(controlMutex_);
    recordReplay_.stopReplay();
}

RecordReplayStatus DmxInProcessor::getRecordReplayStatus() const {
    std::lock_guard lock(controlMutex_);
    return recordReplay_.status();
}

juce::String DmxInProcessor::getSlotLabel(int slotNumber) const {
    if (slotNumber < 1 || slotNumber > kNumParameterSlots)
        return {};
    return bank_.slot(slotNumber - 1).getLabel();
}

std::string DmxInProcessor::getStateJson() const {
    return serializeState(captureState(*this));
}

bool DmxInProcessor::applyStateJson(std::string_view json, std::vector<std::string>& errors) {
    auto result = parseState(json);
    std::unique_ptr<MappingTable> table;
    if (result.errors.empty())
        table = MappingTable::build(result.state->mappings, result.errors);
    if (!result.errors.empty()) {
        errors = result.errors;
        std::lock_guard lock(controlMutex_);
        lastStateError_ = describeErrors(errors);
        return false;
    }
    // Open DMX gestures are left to end by their idle timeout on the message thread: hosts call
    // setStateInformation from their own threads, and the publisher's state is message-thread only.
    {
        std::lock_guard lock(controlMutex_);
        lastStateError_.clear();
        applyTable(std::move(table));
        network_.connect(result.state->network);
    }
    // Parameters first: an output that starts sends the restored values, not the previous ones.
    restoreParameters(*this, *result.state);
    {
        std::lock_guard lock(controlMutex_);
        output_.apply(result.state->output);
    }
    return true;
}

bool DmxInProcessor::loadPresetFile(const juce::File& file, std::vector<std::string>& errors) {
    if (!file.existsAsFile()) {
        errors = {"preset: " + file.getFullPathName().toStdString() + " does not exist"};
        std::lock_guard lock(controlMutex_);
        lastStateError_ = describeErrors(errors);
        return false;
    }
    return applyStateJson(file.loadFileAsString().toStdString(), errors);
}

bool DmxInProcessor::savePresetFile(const juce::File& file, juce::String& error) const {
    return writeFileAtomically(file, getStateJson(), error);
}

juce::String DmxInProcessor::getLastStateError() const {
    std::lock_guard lock(controlMutex_);
    return lastStateError_;
}

void DmxInProcessor::getStateInformation(juce::MemoryBlock& destData) {
    const auto json = getStateJson();
    destData.replaceAll(json.data(), json.size());
}

void DmxInProcessor::setStateInformation(const void* data, int sizeInBytes) {
    std::vector<std::string> errors;
    applyStateJson(std::string_view(static_cast<const char*>(data), static_cast<std::size_t>(sizeInBytes)), errors);
}

juce::AudioProcessorEditor* DmxInProcessor::createEditor() {
    return new DmxInEditor(*this);
}

} // namespace dmxin

// The entry point every plugin format calls.
juce::AudioProcessor* JUCE_CALLTYPE createPluginFilter() {
    return new dmxin::DmxInProcessor();
}
