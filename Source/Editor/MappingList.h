#pragma once
// MappingList: the table of mappings (one row each: enabled, name, universe in both notations,
// channel, 8/16-bit, target slot with its label, output range, live value), Add / Delete, the edit
// panel for the selected row and the errors of a refused edit. Every edit builds a new list and
// hands it to DmxInProcessor::setMappings; on refusal the errors are shown and the list is re-read
// from the processor (which kept the previous one). refresh() is called by the editor's timer and
// also picks up changes made elsewhere (host state, presets). Message thread only.

#include "MappingEditPanel.h"

#include "Plugin/DmxInProcessor.h"

#include <juce_gui_basics/juce_gui_basics.h>

#include <vector>

namespace dmxin {

class MappingList final : public juce::Component, private juce::TableListBoxModel {
public:
    explicit MappingList(DmxInProcessor& processor);
    ~MappingList() override;

    void refresh();
    const std::vector<Mapping>& mappings() const noexcept { return mappings_; }

    void resized() override;

private:
    enum Column { colOn = 1, colName, colUniverse, colChannel, colBits, colSlot, colRange, colValue };

    // TableListBoxModel
    int getNumRows() override;
    void paintRowBackground(juce::Graphics&, int row, int width, int height, bool selected) override;
    void paintCell(juce::Graphics&, int row, int column, int width, int height, bool selected) override;
    void cellClicked(int row, int column, const juce::MouseEvent&) override;
    void selectedRowsChanged(int lastRowSelected) override;
    void deleteKeyPressed(int lastRowSelected) override;

    void addMapping();
    void deleteSelected();
    bool applyList(const std::vector<Mapping>& list, int selectRow);
    void reload(bool forcePanel);
    bool updateRowCaches();   // labels and values per row; true when anything shown changed
    void showErrors(const juce::StringArray& errors);
    void showPanelForSelection(bool force);

    DmxInProcessor& processor_;
    juce::TableListBox table_;
    juce::TextButton add_{"Add"};
    juce::TextButton delete_{"Delete"};
    juce::Label message_;
    MappingEditPanel panel_;

    std::vector<Mapping> mappings_;
    std::vector<juce::String> labels_;   // per row: the target slot's label
    std::vector<float> values_;          // per row: the target slot's value at the last refresh
};

} // namespace dmxin
