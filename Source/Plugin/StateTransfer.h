#pragma once
// Moving state in and out of a live DmxInProcessor: capturing it as the PluginState model of
// Source/Core, restoring the parameter side of one, wording load errors for the editor, and
// writing preset files so that a failed write never replaces a good preset.
// Threads: control side only (message thread or the host's state thread).

#include "Core/PluginState.h"

#include <juce_core/juce_core.h>

#include <string>
#include <vector>

namespace dmxin {

class DmxInProcessor;

// Reads mappings, network settings, outputs, labels, parameter values and dmxEnable from the processor.
PluginState captureState(const DmxInProcessor& processor);

// Applies labels, parameter values and dmxEnable from a validated state (mappings, network and
// outputs are applied by the processor itself).
void restoreParameters(DmxInProcessor& processor, const PluginState& state);

// One message for the editor: "2 errors: a; b".
juce::String describeErrors(const std::vector<std::string>& errors);

// Writes `text` to `file` atomically: a temporary file next to it, written, flushed to disk and
// checked for its full length, then renamed over `file`. On failure `file` is untouched and
// `error` says why ("could not write <path>: the disk may be full").
bool writeFileAtomically(const juce::File& file, const std::string& text, juce::String& error);

} // namespace dmxin
