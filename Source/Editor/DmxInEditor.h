#pragma once
// The DMX In editor. Above every tab: the StatusBar (where DMX In listens or why it cannot, the
// bind settings and a retry). Tabs: Mappings (table, learn, details), Monitor (512 channels of a
// universe and what is heard on the wire), Parameters (the slots' live values), Presets, Status,
// Outputs (the DMX this instance sends from its parameters).
// One 30 Hz timer drives everything: it drains the editor's own DmxMonitor (a subscription on the
// process-wide receiver, never audio-thread state) and refreshes the visible views, which repaint
// only what changed. Keyboard: Ctrl+N add, Ctrl+D duplicate, Delete delete, Ctrl+E enable/disable,
// L learn into the selected row, Shift+L learn new, Escape cancel learn, Ctrl+Z undo
// (of the outputs while the Outputs tab shows, else of the mappings),
// Ctrl+Shift+Z / Ctrl+Y redo, Ctrl+1..6 switch tabs. Message thread only.

#include "Plugin/DmxInProcessor.h"
#include "Plugin/DmxMonitor.h"

#include "MappingHistory.h"

#include <juce_gui_basics/juce_gui_basics.h>

#include <memory>

namespace dmxin {

class StatusBar;
class MappingsPage;
class ChannelMonitor;
class ParameterView;
class PresetPanel;
class StatusView;
class OutputsPage;
namespace theme { class LookAndFeel; }

class DmxInEditor final : public juce::AudioProcessorEditor, private juce::Timer {
public:
    enum Tab { tabMappings = 0, tabMonitor, tabParameters, tabPresets, tabStatus, tabOutputs };

    explicit DmxInEditor(DmxInProcessor& owner);
    ~DmxInEditor() override;

    void paint(juce::Graphics&) override;
    void resized() override;
    bool keyPressed(const juce::KeyPress&) override;

    // One timer tick (tests call it to advance without waiting for the timer).
    void tick();
    void showTab(Tab tab);

    // The parts (tests and screenshots).
    MappingsPage& mappingsPage() noexcept { return *mappings_; }
    ChannelMonitor& channelMonitor() noexcept { return *channelMonitor_; }
    PresetPanel& presetPanel() noexcept { return *presets_; }
    StatusView& statusView() noexcept { return *statusView_; }
    OutputsPage& outputsPage() noexcept { return *outputs_; }
    DmxMonitor& monitor() noexcept { return monitor_; }
    MappingHistory& history() noexcept { return history_; }

private:
    void timerCallback() override { tick(); }
    void updateWatchedUniverses();

    DmxInProcessor& processor_;
    std::unique_ptr<theme::LookAndFeel> lookAndFeel_;   // declared first: outlives the children
    DmxMonitor monitor_;
    MappingHistory history_;
    std::unique_ptr<StatusBar> status_;
    std::unique_ptr<MappingsPage> mappings_;
    std::unique_ptr<ChannelMonitor> channelMonitor_;
    std::unique_ptr<ParameterView> parameters_;
    std::unique_ptr<PresetPanel> presets_;
    std::unique_ptr<StatusView> statusView_;
    std::unique_ptr<OutputsPage> outputs_;
    std::unique_ptr<juce::TabbedComponent> tabs_;
    std::unique_ptr<juce::TooltipWindow> tooltips_;
    int ticks_ = 0;
};

} // namespace dmxin
