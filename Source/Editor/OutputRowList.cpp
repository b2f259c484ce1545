// OutputRowList (see OutputRowList.h). Message thread only.

#include "OutputRowList.h"

#include "EditorTheme.h"

namespace dmxin {

OutputRowList::OutputRowList(const juce::String& id, const juce::String& tooltip, const juce::String& emptyText)
    : emptyText_(emptyText) {
    list_.setComponentID(id);
    list_.setModel(this);
    list_.setRowHeight(theme::kRowHeight - 4);
    list_.setTooltip(tooltip);
    list_.setColour(juce::ListBox::backgroundColourId, theme::panelLight);
    addAndMakeVisible(list_);
}

void OutputRowList::setRows(const juce::StringArray& rows) {
    if (rows == rows_)
        return;
    const bool countChanged = rows.size() != rows_.size();
    rows_ = rows;
    if (countChanged)
        list_.updateContent();
    list_.repaint();
    repaint();
}

int OutputRowList::selectedRow() const {
    return list_.getSelectedRow();
}

void OutputRowList::selectRow(int row) {
    if (rows_.isEmpty()) {
        list_.deselectAllRows();
        return;
    }
    list_.selectRow(juce::jlimit(0, rows_.size() - 1, row));
}

void OutputRowList::resized() {
    list_.setBounds(getLocalBounds());
}

void OutputRowList::paint(juce::Graphics&) {}

void OutputRowList::paintListBoxItem(int row, juce::Graphics& g, int width, int height, bool selected) {
    if (row < 0 || row >= rows_.size())
        return;
    if (selected) {
        g.setColour(theme::bar.withAlpha(0.45f));
        g.fillRect(0, 0, width, height);
    }
    g.setColour(rows_[row].startsWith("off") ? theme::textDim : theme::text);
    g.setFont(theme::font(theme::kSmallFontSize));
    g.drawText(rows_[row], 8, 0, width - 12, height, juce::Justification::centredLeft, true);
}

void OutputRowList::selectedRowsChanged(int lastRowSelected) {
    if (onSelect)
        onSelect(lastRowSelected);
}

juce::String OutputRowList::getTooltipForRow(int row) {
    return row >= 0 && row < rows_.size() ? rows_[row] : emptyText_;
}

} // namespace dmxin
