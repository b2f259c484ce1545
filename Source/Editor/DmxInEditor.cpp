// DmxInEditor (see DmxInEditor.h): owns the parts, lays them out and drives them from one 30 Hz
// timer. Message thread only.

#include "DmxInEditor.h"

#include "ChannelMonitor.h"
#include "EditorTheme.h"
#include "MappingsPage.h"
#include "OutputsPage.h"
#include "ParameterView.h"
#include "PresetPanel.h"
#include "StatusBar.h"
#include "StatusView.h"

#include "Core/SteadyClock.h"

namespace dmxin {

namespace {
constexpr int kTimerHz = 30;
constexpr int kNetworkCheckTicks = kTimerHz;   // re-read the instance's network settings once a second
} // namespace

DmxInEditor::DmxInEditor(DmxInProcessor& owner)
    : juce::AudioProcessorEditor(owner), processor_(owner), lookAndFeel_(std::make_unique<theme::LookAndFeel>()),
      history_(owner) {
    setLookAndFeel(lookAndFeel_.get());
    monitor_.connect(processor_.getNetworkSettings());

    status_ = std::make_unique<StatusBar>(processor_);
    mappings_ = std::make_unique<MappingsPage>(processor_, history_);
    channelMonitor_ = std::make_unique<ChannelMonitor>();
    parameters_ = std::make_unique<ParameterView>(processor_);
    presets_ = std::make_unique<PresetPanel>(processor_);
    statusView_ = std::make_unique<StatusView>(processor_);
    outputs_ = std::make_unique<OutputsPage>(processor_);
    tooltips_ = std::make_unique<juce::TooltipWindow>(this, 600);

    const auto mapped = processor_.getMappings();
    if (!mapped.empty())
        channelMonitor_->setUniverse(mapped.front().universe);
    channelMonitor_->onUniverseChanged = [this](UniverseId) { updateWatchedUniverses(); };
    channelMonitor_->onCreateMapping = [this](UniverseId universe, int channel) {
        if (mappings_->list().addMappingFor(universe, channel))
            showTab(tabMappings);
    };
    presets_->onPresetLoaded = [this] { tick(); };

    tabs_ = std::make_unique<juce::TabbedComponent>(juce::TabbedButtonBar::TabsAtTop);
    tabs_->setTabBarDepth(32);
    tabs_->setOutline(0);
    tabs_->setColour(juce::TabbedComponent::backgroundColourId, theme::background);
    const auto tabColour = theme::panel;
    tabs_->addTab("Mappings", tabColour, mappings_.get(), false);
    tabs_->addTab("Monitor", tabColour, channelMonitor_.get(), false);
    tabs_->addTab("Parameters", tabColour, parameters_.get(), false);
    tabs_->addTab("Presets", tabColour, presets_.get(), false);
    tabs_->addTab("Status", tabColour, statusView_.get(), false);
    tabs_->addTab("Outputs", tabColour, outputs_.get(), false);
    const char* const tips[] = {"Mappings: the table, learn and details (Ctrl+1)",
                                "Monitor: the 512 channels of a universe and what is heard on the wire (Ctrl+2)",
                                "Parameters: the live values of the parameter slots (Ctrl+3)",
                                "Presets: load, save, import and export (Ctrl+4)",
                                "Status: sockets, packet rate, rejected packets, universes and sources (Ctrl+5)",
                                "Outputs: the DMX this instance sends from its parameters: universes, destinations, "
                                "channels, packets sent and send errors (Ctrl+6)"};
    for (int i = 0; i < tabs_->getNumTabs(); ++i)
        if (auto* button = tabs_->getTabbedButtonBar().getTabButton(i))
            button->setTooltip(tips[i]);
    addAndMakeVisible(*status_);
    addAndMakeVisible(*tabs_);

    setWantsKeyboardFocus(true);
    setResizable(true, true);
    setResizeLimits(1040, 680, 2800, 1800);
    setSize(1200, 780);
    updateWatchedUniverses();
    tick();
    startTimerHz(kTimerHz);
}

DmxInEditor::~DmxInEditor() {
    stopTimer();
    tooltips_.reset();
    tabs_.reset();
    outputs_.reset();
    statusView_.reset();
    presets_.reset();
    parameters_.reset();
    channelMonitor_.reset();
    mappings_.reset();
    status_.reset();
    setLookAndFeel(nullptr);
}

void DmxInEditor::paint(juce::Graphics& g) {
    g.fillAll(theme::background);
}

void DmxInEditor::resized() {
    auto area = getLocalBounds().reduced(8);
    status_->setBounds(area.removeFromTop(status_->getPreferredHeight()));
    area.removeFromTop(6);
    tabs_->setBounds(area);
}

void DmxInEditor::showTab(Tab tab) {
    tabs_->setCurrentTabIndex(static_cast<int>(tab));
}

void DmxInEditor::updateWatchedUniverses() {
    // The mapped universes (live input column), the monitored one, and everything heard on the
    // wire (so learn finds a fader on any universe the console sends).
    std::vector<UniverseId> universes;
    universes.push_back(channelMonitor_->universe());
    for (const auto& m : mappings_->list().mappings())
        universes.push_back(m.universe);
    for (const auto& h : monitor_.heard())
        universes.push_back(h.universe);
    monitor_.watch(std::move(universes));
}

void DmxInEditor::tick() {
    const auto now = steadyNowNs();
    if (++ticks_ % kNetworkCheckTicks == 0)
        monitor_.connect(processor_.getNetworkSettings());
    const auto heardBefore = monitor_.heardGeneration();
    monitor_.poll(now);
    status_->refresh();
    if (status_->getPreferredHeight() != status_->getHeight())
        resized();
    mappings_->tick(monitor_, now);
    if (heardBefore != monitor_.heardGeneration() || ticks_ % kNetworkCheckTicks == 1)
        updateWatchedUniverses();
    switch (tabs_->getCurrentTabIndex()) {
    case tabMonitor: channelMonitor_->refresh(monitor_, mappings_->list().mappings(), now); break;
    case tabParameters: parameters_->refresh(mappings_->list().mappings()); break;
    case tabStatus: statusView_->refresh(now); break;
    case tabOutputs: outputs_->refresh(); break;
    default: break;
    }
}

bool DmxInEditor::keyPressed(const juce::KeyPress& key) {
    auto& list = mappings_->list();
    const auto mods = key.getModifiers();
    const bool cmd = mods.isCommandDown();
    const int code = key.getKeyCode();
    auto is = [&](char c) {
        // juce_wchar is unsigned on Windows, signed elsewhere: compare as int.
        return code == c || code == static_cast<int>(juce::CharacterFunctions::toLowerCase(static_cast<juce::juce_wchar>(c)));
    };
    if (cmd && code >= '1' && code <= '6') {
        showTab(static_cast<Tab>(code - '1'));
        return true;
    }
    if (cmd && (is('Z') || is('Y')) && tabs_->getCurrentTabIndex() == tabOutputs) {
        (is('Y') || mods.isShiftDown()) ? outputs_->redo() : outputs_->undo();   // the outputs have their own history
        return true;
    }
    if (cmd && is('Z')) {
        showTab(tabMappings);
        mods.isShiftDown() ? list.redo() : list.undo();
        return true;
    }
    if (cmd && is('Y')) {
        list.redo();
        return true;
    }
    if (cmd && is('N')) {
        showTab(tabMappings);
        list.addMapping();
        return true;
    }
    if (cmd && is('D')) {
        list.duplicateSelected();
        return true;
    }
    if (cmd && is('E')) {
        list.toggleEnabledSelected();
        return true;
    }
    if (!cmd && is('L')) {
        showTab(tabMappings);
        mappings_->learn(mods.isShiftDown() ? -1 : list.selectedIndex(), steadyNowNs());
        return true;
    }
    if (key == juce::KeyPress::escapeKey && mappings_->learnBar().armed()) {
        mappings_->learnBar().cancel();
        mappings_->resized();
        return true;
    }
    if ((key == juce::KeyPress::deleteKey || key == juce::KeyPress::backspaceKey) && tabs_->getCurrentTabIndex() == tabMappings) {
        list.deleteSelected();
        return true;
    }
    return false;
}

} // namespace dmxin
