// MappingList (see MappingList.h). Message thread only.

#include "MappingList.h"

#include "EditorTheme.h"
#include "MappingEdits.h"

namespace dmxin {

MappingList::MappingList(DmxInProcessor& processor) : processor_(processor) {
    auto& header = table_.getHeader();
    const auto columnFlags = juce::TableHeaderComponent::visible | juce::TableHeaderComponent::resizable;
    header.addColumn("On", colOn, 44, 40, 60, columnFlags);
    header.addColumn("Name", colName, 150, 60, 400, columnFlags);
    header.addColumn("Universe", colUniverse, 110, 80, 200, columnFlags);
    header.addColumn("Channel", colChannel, 76, 50, 120, columnFlags);
    header.addColumn("Bits", colBits, 50, 40, 80, columnFlags);
    header.addColumn("Target slot", colSlot, 180, 90, 400, columnFlags);
    header.addColumn("Out range", colRange, 96, 70, 160, columnFlags);
    header.addColumn("Value", colValue, 140, 80, 400, columnFlags);
    header.setStretchToFitActive(true);
    header.setPopupMenuActive(false);
    table_.setHeaderHeight(theme::kRowHeight);
    table_.setRowHeight(theme::kRowHeight);
    table_.setModel(this);
    table_.setMultipleSelectionEnabled(false);
    table_.setColour(juce::ListBox::outlineColourId, juce::Colour(0xff4a4f59));
    table_.setOutlineThickness(1);

    add_.setTooltip("Add a mapping on the next channel and the first free parameter slot");
    delete_.setTooltip("Delete the selected mapping");
    add_.onClick = [this] { addMapping(); };
    delete_.onClick = [this] { deleteSelected(); };
    message_.setFont(theme::font());
    message_.setJustificationType(juce::Justification::centredLeft);
    message_.setMinimumHorizontalScale(1.0f);

    panel_.onChange = [this](int index, const Mapping& edited) {
        if (index < 0 || index >= static_cast<int>(mappings_.size()))
            return;
        auto list = mappings_;
        list[static_cast<std::size_t>(index)] = edited;
        applyList(list, index);
    };
    panel_.onLabelChange = [this](int slot, const juce::String& label) {
        processor_.setSlotLabel(slot, label);
        reload(false);
    };
    panel_.onInputError = [this](const juce::String& error) { showErrors(juce::StringArray(error)); };

    for (auto* c : std::initializer_list<juce::Component*>{&table_, &add_, &delete_, &message_, &panel_})
        addAndMakeVisible(c);
    reload(true);
}

MappingList::~MappingList() {
    table_.setModel(nullptr);
}

bool MappingList::updateRowCaches() {
    bool changed = labels_.size() != mappings_.size();
    labels_.resize(mappings_.size());
    values_.resize(mappings_.size(), -1.0f);
    for (std::size_t i = 0; i < mappings_.size(); ++i) {
        auto label = processor_.getSlotLabel(mappings_[i].targetSlot);
        if (label != labels_[i]) {
            labels_[i] = std::move(label);
            changed = true;
        }
        const float value = processor_.getSlotValue(mappings_[i].targetSlot - 1);
        if (value != values_[i]) {
            values_[i] = value;
            changed = true;
        }
    }
    return changed;
}

void MappingList::reload(bool forcePanel) {
    auto latest = processor_.getMappings();
    const bool changed = !sameMappings(latest, mappings_);
    if (changed)
        mappings_ = std::move(latest);
    const bool cachesChanged = updateRowCaches();
    if (changed) {
        table_.updateContent();
        if (table_.getSelectedRow() >= static_cast<int>(mappings_.size()))
            table_.selectRow(static_cast<int>(mappings_.size()) - 1);
    }
    if (changed || cachesChanged)
        table_.repaint();
    if (changed || forcePanel)
        showPanelForSelection(forcePanel);
    delete_.setEnabled(table_.getSelectedRow() >= 0);
}

void MappingList::refresh() {
    reload(false);
}

void MappingList::showPanelForSelection(bool force) {
    const int row = table_.getSelectedRow();
    if (row >= 0 && row < static_cast<int>(mappings_.size()) && row < static_cast<int>(labels_.size()))
        panel_.show(&mappings_[static_cast<std::size_t>(row)], row, labels_[static_cast<std::size_t>(row)], force);
    else
        panel_.show(nullptr, -1, {}, true);
}

bool MappingList::applyList(const std::vector<Mapping>& list, int selectRow) {
    std::vector<std::string> errors;
    const bool ok = processor_.setMappings(list, errors);
    if (ok) {
        message_.setText({}, juce::dontSendNotification);
        mappings_ = list;   // what the processor now holds; reload() confirms
        updateRowCaches();
        table_.updateContent();
        table_.selectRow(selectRow);
    } else {
        juce::StringArray lines;
        for (const auto& e : errors)
            lines.add(juce::String(e));
        showErrors(lines);
    }
    reload(true);   // on refusal the processor kept the previous list: show it again
    return ok;
}

void MappingList::showErrors(const juce::StringArray& errors) {
    message_.setText("Not applied: " + errors.joinIntoString("; "), juce::dontSendNotification);
    message_.setTooltip(errors.joinIntoString("\n"));
    message_.setColour(juce::Label::textColourId, theme::error);
}

void MappingList::addMapping() {
    std::string error;
    const auto next = makeNextMapping(mappings_, error);
    if (!next) {
        showErrors(juce::StringArray(juce::String(error)));
        return;
    }
    auto list = mappings_;
    list.push_back(*next);
    applyList(list, static_cast<int>(list.size()) - 1);
}

void MappingList::deleteSelected() {
    const int row = table_.getSelectedRow();
    if (row < 0 || row >= static_cast<int>(mappings_.size()))
        return;
    auto list = mappings_;
    list.erase(list.begin() + row);
    applyList(list, juce::jmin(row, static_cast<int>(list.size()) - 1));
}

int MappingList::getNumRows() {
    return static_cast<int>(mappings_.size());
}

void MappingList::paintRowBackground(juce::Graphics& g, int row, int, int, bool selected) {
    if (selected)
        g.fillAll(theme::accent.withAlpha(0.28f));
    else if (row % 2 == 1)
        g.fillAll(theme::panelLight.withAlpha(0.5f));
}

void MappingList::paintCell(juce::Graphics& g, int row, int column, int width, int height, bool) {
    if (row < 0 || row >= static_cast<int>(mappings_.size()) || row >= static_cast<int>(labels_.size()))
        return;
    const auto& m = mappings_[static_cast<std::size_t>(row)];
    const auto i = static_cast<std::size_t>(row);
    const auto textColour = m.enabled ? theme::text : theme::textDim;
    g.setFont(theme::font());
    g.setColour(textColour);
    auto text = [&](const juce::String& s) {
        g.drawFittedText(s, 6, 0, width - 12, height, juce::Justification::centredLeft, 1, 1.0f);
    };
    switch (column) {
    case colOn: {
        const auto box = juce::Rectangle<float>(10.0f, (static_cast<float>(height) - 16.0f) / 2.0f, 16.0f, 16.0f);
        g.setColour(m.enabled ? theme::ok : theme::textDim);
        if (m.enabled)
            g.fillRoundedRectangle(box, 3.0f);
        else
            g.drawRoundedRectangle(box, 3.0f, 1.5f);
        break;
    }
    case colName: text(juce::String(m.name)); break;
    case colUniverse: text(juce::String(m.universe.describe())); break;
    case colChannel: text(describeChannels(m)); break;
    case colBits: text(m.sixteenBit ? "16" : "8"); break;
    case colSlot: text(describeSlot(m.targetSlot, labels_[i])); break;
    case colRange: text(formatUnit(m.outMin) + ".." + formatUnit(m.outMax)); break;
    case colValue: {
        const float v = juce::jlimit(0.0f, 1.0f, values_[i]);
        const auto bar = juce::Rectangle<float>(6.0f, 6.0f, static_cast<float>(width) - 64.0f, static_cast<float>(height) - 12.0f);
        g.setColour(theme::background);
        g.fillRect(bar);
        g.setColour(m.enabled ? theme::bar : theme::textDim);
        g.fillRect(bar.withWidth(bar.getWidth() * v));
        g.setColour(textColour);
        g.drawText(juce::String(v, 3), width - 56, 0, 52, height, juce::Justification::centredRight);
        break;
    }
    default: break;
    }
}

void MappingList::cellClicked(int row, int column, const juce::MouseEvent&) {
    if (column != colOn || row < 0 || row >= static_cast<int>(mappings_.size()))
        return;
    auto list = mappings_;
    list[static_cast<std::size_t>(row)].enabled = !list[static_cast<std::size_t>(row)].enabled;
    applyList(list, row);
}

void MappingList::selectedRowsChanged(int) {
    showPanelForSelection(true);
    delete_.setEnabled(table_.getSelectedRow() >= 0);
}

void MappingList::deleteKeyPressed(int) {
    deleteSelected();
}

void MappingList::resized() {
    auto area = getLocalBounds();
    panel_.setBounds(area.removeFromBottom(84));
    area.removeFromBottom(4);
    auto buttons = area.removeFromBottom(36).reduced(0, 3);
    add_.setBounds(buttons.removeFromLeft(90));
    buttons.removeFromLeft(6);
    delete_.setBounds(buttons.removeFromLeft(90));
    buttons.removeFromLeft(12);
    message_.setBounds(buttons);
    table_.setBounds(area);
}

} // namespace dmxin
