#include "PluginState.h"

#include "DmxInProcessor.h"

namespace dmxin {

PluginState captureState(const DmxInProcessor& processor) {
    PluginState state;
    state.mappings = processor.getMappings();
    state.network = processor.getNetworkSettings();
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

} // namespace dmxin
