#pragma once
// Conversions between a live DmxInProcessor and the JSON PluginState of Source/Core.
// Threads: control side only (message thread or the host's state thread).

#include "Core/StateJson.h"

#include <juce_core/juce_core.h>

#include <string>
#include <vector>

namespace dmxin {

class DmxInProcessor;

// Reads mappings, network settings, labels, parameter values and dmxEnable from the processor.
PluginState captureState(const DmxInProcessor& processor);

// Applies labels, parameter values and dmxEnable from a validated state (mappings and network
// are applied by the processor itself).
void restoreParameters(DmxInProcessor& processor, const PluginState& state);

// One message for the editor: "2 errors: a; b".
juce::String describeErrors(const std::vector<std::string>& errors);

} // namespace dmxin
