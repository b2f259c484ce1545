#pragma once
// TransferPlot: the mapping's transfer function (raw DMX in -> normalised out) drawn with
// Core's mapRawValue, the input window shaded, and the live input marked with its output.
// Repaints only when the mapping or the live input changed. Message thread only.

#include "Core/Mapping.h"

#include <juce_gui_basics/juce_gui_basics.h>

#include <optional>

namespace dmxin {

class TransferPlot final : public juce::Component, public juce::SettableTooltipClient {
public:
    TransferPlot();
    // nullptr clears the plot. liveRaw < 0: no live input known.
    void show(const Mapping* mapping, int liveRaw);
    void paint(juce::Graphics&) override;

private:
    std::optional<Mapping> mapping_;
    int liveRaw_ = -1;
};

} // namespace dmxin
