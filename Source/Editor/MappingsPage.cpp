// MappingsPage (see MappingsPage.h). Message thread only.

#include "MappingsPage.h"

#include "Core/SteadyClock.h"

namespace dmxin {

MappingsPage::MappingsPage(DmxInProcessor& processor, MappingHistory& history)
    : processor_(processor), history_(history), list_(processor, history) {
    list_.onSelectionChanged = [this] { showDetails(true); };
    list_.onLearn = [this](int index) { learn(index, steadyNowNs()); };
    details_.onChange = [this](int index, const Mapping& edited, const juce::String& what) { list_.replace(index, edited, what); };
    details_.onLabelChange = [this](int slot, const juce::String& label) {
        history_.setLabel(slot, label);
        list_.showMessage("Renamed control" + juce::String(slot).paddedLeft('0', 3) + " (Ctrl+Z undoes)", false);
        showDetails(true);
    };
    details_.onInputError = [this](const juce::String& error) { list_.showMessage("Not applied: " + error, true); };
    learn_.onAssign = [this](int index, UniverseId universe, int channel, bool sixteenBit) {
        const auto& list = list_.mappings();
        if (index >= 0 && index < static_cast<int>(list.size())) {
            auto m = list[static_cast<std::size_t>(index)];
            m.universe = universe;
            m.channel = channel;
            m.fineChannel = 0;
            if (m.sixteenBit != sixteenBit) {
                m.inMin = 0;
                m.inMax = -1;
            }
            m.sixteenBit = sixteenBit;
            list_.replace(index, m, "learn " + juce::String(universe.describe()) + " ch " + juce::String(channel) + " for "
                                        + juce::String(m.name));
        } else {
            list_.addMappingFor(universe, channel, sixteenBit);
        }
    };
    addAndMakeVisible(list_);
    addChildComponent(learn_);
    addAndMakeVisible(details_);
}

void MappingsPage::learn(int index, std::uint64_t nowNs) {
    const auto& list = list_.mappings();
    const juce::String name = index >= 0 && index < static_cast<int>(list.size())
                                  ? "\"" + juce::String(list[static_cast<std::size_t>(index)].name) + "\""
                                  : juce::String("a new mapping");
    learn_.arm(index, name, nowNs);
    resized();
}

void MappingsPage::showDetails(bool force) {
    const int index = list_.selectedIndex();
    const auto& list = list_.mappings();
    if (index < 0 || index >= static_cast<int>(list.size())) {
        details_.show(nullptr, -1, {}, -1, force);
        return;
    }
    const auto& m = list[static_cast<std::size_t>(index)];
    details_.show(&m, index, processor_.getSlotLabel(m.targetSlot), list_.liveInput(index), force);
}

void MappingsPage::tick(const DmxMonitor& monitor, std::uint64_t nowNs) {
    const bool learning = learn_.armed();
    list_.refresh(&monitor);
    learn_.tick(monitor, nowNs);
    if (learning != learn_.armed())
        resized();
    showDetails(false);
}

void MappingsPage::resized() {
    auto area = getLocalBounds();
    details_.setBounds(area.removeFromBottom(juce::jlimit(200, 250, area.getHeight() / 2)));
    area.removeFromBottom(6);
    if (learn_.isVisible()) {
        learn_.setBounds(area.removeFromTop(38));
        area.removeFromTop(4);
    }
    list_.setBounds(area);
}

} // namespace dmxin
