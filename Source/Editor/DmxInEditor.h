#pragma once
// The first DMX In editor: a status line (listening address:port with counters, or the bind
// error with its reason and a way out), preset load/save, the mapping list (add, edit, delete) and
// the live parameter values. It reads processor snapshots from a 30 Hz timer and never touches
// audio-thread state. Message thread only.

#include "Plugin/DmxInProcessor.h"

#include <juce_gui_basics/juce_gui_basics.h>

#include <memory>

namespace dmxin {

class StatusBar;
class PresetButtons;
class MappingList;
class ParameterView;
namespace theme { class LookAndFeel; }

class DmxInEditor final : public juce::AudioProcessorEditor, private juce::Timer {
public:
    explicit DmxInEditor(DmxInProcessor& owner);
    ~DmxInEditor() override;

    void paint(juce::Graphics&) override;
    void resized() override;

private:
    void timerCallback() override;

    DmxInProcessor& processor_;
    std::unique_ptr<theme::LookAndFeel> lookAndFeel_;   // declared first: outlives the children
    std::unique_ptr<StatusBar> status_;
    std::unique_ptr<PresetButtons> presets_;
    std::unique_ptr<MappingList> mappings_;
    std::unique_ptr<ParameterView> parameters_;
    std::unique_ptr<juce::TooltipWindow> tooltips_;
};

} // namespace dmxin
