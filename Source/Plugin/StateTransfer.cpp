#include "StateTransfer.h"

#include "DmxInProcessor.h"

namespace dmxin {

PluginState captureState(const DmxInProcessor& processor) {
    PluginState state;
    state.mappings = processor.getMappings();
    state.network = processor.getNetworkSettings();
    state.output = processor.getOutputSettings();
    const auto& bank = processor.getParameterBank();
    for (int i = 0; i < kNumParameterSlots; ++i) {
        const auto label = bank.slot(i).getLabel();
        if (label.isNotEmpty())
            state.labels[i + 1] = label.toStdString();
        state.parameterValues[i + 1] = bank.slot(i).get();
    }
    state.dmxEnabled = bank.dmxEnable().get();
    state.sendToHost = processor.getHostPublisherSettings().first;
    state.gestureIdleMs = processor.getHostPublisherSettings().second;
    return state;
}

void restoreParameters(DmxInProcessor& processor, const PluginState& state) {
    auto& bank = processor.getParameterBank();
    for (int i = 0; i < kNumParameterSlots; ++i) {
        const auto label = state.labels.find(i + 1);
        bank.slot(i).setLabel(label == state.labels.end() ? juce::String() : juce::String(label->second));
        const auto value = state.parameterValues.find(i + 1);
        if (value != state.parameterValues.end())
            bank.slot(i).setValueNotifyingHost(value->second);
    }
    bank.dmxEnable().setValueNotifyingHost(state.dmxEnabled ? 1.0f : 0.0f);
    processor.setHostPublisherSettings(state.sendToHost, state.gestureIdleMs);
    processor.updateHostDisplay(juce::AudioProcessor::ChangeDetails().withParameterInfoChanged(true));
}

juce::String describeErrors(const std::vector<std::string>& errors) {
    juce::StringArray lines;
    for (const auto& e : errors)
        lines.add(juce::String(e));
    const auto count = static_cast<int>(errors.size());
    return juce::String(count) + (count == 1 ? " error: " : " errors: ") + lines.joinIntoString("; ");
}

bool writeFileAtomically(const juce::File& file, const std::string& text, juce::String& error) {
    // JUCE 7.0.5's File::replaceWithText already writes a hidden temporary file next to the target
    // and renames it over the target (juce_File.cpp: TemporaryFile(useHiddenFile) +
    // overwriteTargetFileWithTemporary -> File::replaceFileIn -> rename(2) on POSIX, ReplaceFile on
    // Windows), so nobody ever reads a half-written preset. But it ignores the result of writing
    // the temporary file and never fsyncs it: with a full disk (or a write error) it renames a
    // truncated file over a good preset. So the same temporary-file-and-rename, with the write
    // checked and flushed first.
    const juce::String failed = "could not write " + file.getFullPathName();
    juce::TemporaryFile temp(file, juce::TemporaryFile::useHiddenFile);   // deletes the temporary on every path
    {
        juce::FileOutputStream out(temp.getFile());
        if (out.failedToOpen()) {
            error = failed + ": " + out.getStatus().getErrorMessage();
            return false;
        }
        const bool written = out.write(text.data(), text.size());
        out.flush();   // writes the buffer and fsyncs: what is renamed below is on disk
        if (!written || out.getStatus().failed()) {
            error = failed + (out.getStatus().failed() ? ": " + out.getStatus().getErrorMessage() : juce::String());
            return false;
        }
    }
    // A short write is not reported by the stream's status: compare what reached the file.
    if (temp.getFile().getSize() != static_cast<juce::int64>(text.size())) {
        error = failed + ": the disk may be full";
        return false;
    }
    if (!temp.overwriteTargetFileWithTemporary()) {
        error = failed;
        return false;
    }
    return true;
}

} // namespace dmxin
