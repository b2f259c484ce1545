// DmxInEditor (see DmxInEditor.h): owns the children, lays them out and drives them from one
// 30 Hz timer. Message thread only.

#include "DmxInEditor.h"

#include "EditorTheme.h"
#include "MappingList.h"
#include "ParameterView.h"
#include "PresetButtons.h"
#include "StatusBar.h"

namespace dmxin {

DmxInEditor::DmxInEditor(DmxInProcessor& owner)
    : juce::AudioProcessorEditor(owner), processor_(owner),
      lookAndFeel_(std::make_unique<theme::LookAndFeel>()) {
    setLookAndFeel(lookAndFeel_.get());
    status_ = std::make_unique<StatusBar>(processor_);
    presets_ = std::make_unique<PresetButtons>(processor_);
    mappings_ = std::make_unique<MappingList>(processor_);
    parameters_ = std::make_unique<ParameterView>(processor_);
    tooltips_ = std::make_unique<juce::TooltipWindow>(this, 600);
    presets_->onPresetLoaded = [this] { timerCallback(); };
    status_->setAccessory(presets_.get(), 290);
    addAndMakeVisible(*status_);
    addAndMakeVisible(*mappings_);
    addAndMakeVisible(*parameters_);

    setResizable(true, true);
    setResizeLimits(800, 520, 2400, 1600);
    setSize(900, 600);
    timerCallback();
    startTimerHz(30);
}

DmxInEditor::~DmxInEditor() {
    stopTimer();
    tooltips_.reset();
    parameters_.reset();
    mappings_.reset();
    presets_.reset();
    status_.reset();
    setLookAndFeel(nullptr);
}

void DmxInEditor::paint(juce::Graphics& g) {
    g.fillAll(theme::background);
}

void DmxInEditor::resized() {
    auto area = getLocalBounds().reduced(8);
    status_->setBounds(area.removeFromTop(status_->getPreferredHeight()));
    area.removeFromTop(8);
    const int parameterHeight = juce::jlimit(130, 320, area.getHeight() / 4);
    parameters_->setBounds(area.removeFromBottom(parameterHeight));
    area.removeFromBottom(8);
    mappings_->setBounds(area);
}

void DmxInEditor::timerCallback() {
    status_->refresh();
    if (status_->getPreferredHeight() != status_->getHeight())
        resized();
    mappings_->refresh();
    parameters_->refresh(mappings_->mappings());
}

} // namespace dmxin
