#pragma once
// OutputRowList: a list of text rows with one selected, for the Outputs tab's universes and the
// selected universe's channels. setRows repaints only when a row's text changed, so a 30 Hz refresh
// of live values costs nothing while they stand still. Message thread only.

#include <juce_gui_basics/juce_gui_basics.h>

#include <functional>

namespace dmxin {

class OutputRowList final : public juce::Component, private juce::ListBoxModel {
public:
    OutputRowList(const juce::String& id, const juce::String& tooltip, const juce::String& emptyText);

    void setRows(const juce::StringArray& rows);
    const juce::StringArray& rows() const noexcept { return rows_; }

    int selectedRow() const;   // -1: none
    void selectRow(int row);   // clamps into the rows; notifies onSelect

    std::function<void(int row)> onSelect;

    void resized() override;
    void paint(juce::Graphics&) override;

private:
    int getNumRows() override { return rows_.size(); }
    void paintListBoxItem(int row, juce::Graphics&, int width, int height, bool selected) override;
    void selectedRowsChanged(int lastRowSelected) override;
    juce::String getTooltipForRow(int row) override;

    juce::ListBox list_;
    juce::StringArray rows_;
    juce::String emptyText_;
};

} // namespace dmxin
