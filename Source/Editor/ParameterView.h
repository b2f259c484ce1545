#pragma once
// ParameterView: the live values of the parameter slots as small labelled bars: the mapped slots,
// or all 128 with "Show all slots". Values come from DmxInProcessor::getSlotValue (an atomic
// float read); refresh() is called by the editor's timer and repaints only when something shown
// changed. Message thread only.

#include "Plugin/DmxInProcessor.h"

#include <juce_gui_basics/juce_gui_basics.h>

#include <vector>

namespace dmxin {

class ParameterView final : public juce::Component {
public:
    explicit ParameterView(DmxInProcessor& processor);
    ~ParameterView() override;

    void refresh(const std::vector<Mapping>& mappings);

    void paint(juce::Graphics&) override;
    void resized() override;

private:
    struct Cell {
        int slot = 0;               // 1-based
        juce::String caption;       // "005 Cutoff"
        bool mapped = false;
        float value = -1.0f;
    };
    class Bars;

    void layoutBars();

    DmxInProcessor& processor_;
    juce::Label title_{{}, "Parameter values"};
    juce::ToggleButton showAll_{"Show all slots"};
    juce::Viewport viewport_;
    std::unique_ptr<Bars> bars_;
    std::vector<Cell> cells_;
};

} // namespace dmxin
