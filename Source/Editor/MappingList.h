#pragma once
// MappingList: the mapping table. One row per mapping: enabled, name, protocol, universe (Net:Sub:Uni
// and the flat number), channel, 8/16-bit, target slot with its label, range, curve, and the live
// input (raw DMX, read from the DmxMonitor's image) and output (the slot's value). Columns sort the
// view (the stored order is untouched); name, universe, channel and target edit inline (double-click);
// "On" toggles with a click, protocol and bits with a double-click. Several rows can be selected for
// delete, duplicate and enable. Every edit is one undoable step of MappingHistory; a refused edit
// shows the processor's errors and changes nothing. refresh() runs from the editor's timer and
// picks up changes made elsewhere (host state, presets). Message thread only.

#include "MappingHistory.h"

#include "Plugin/DmxInProcessor.h"
#include "Plugin/DmxMonitor.h"

#include <juce_gui_basics/juce_gui_basics.h>

#include <functional>
#include <vector>

namespace dmxin {

class MappingList final : public juce::Component, private juce::TableListBoxModel {
public:
    enum Column { colOn = 1, colName, colProtocol, colUniverse, colChannel, colBits, colTarget, colRange, colCurve,
                  colIn, colOut };

    MappingList(DmxInProcessor& processor, MappingHistory& history);
    ~MappingList() override;

    // Re-reads the processor's table (a change made elsewhere clears the undo history) and the live
    // values; repaints only rows whose shown values changed. monitor may be null.
    void refresh(const DmxMonitor* monitor);
    const std::vector<Mapping>& mappings() const noexcept { return mappings_; }
    // Raw DMX input of a mapping as last seen by the monitor, -1 when unknown.
    int liveInput(int index) const;

    // Actions (buttons, shortcuts, other views, tests). Each is one undoable step.
    bool addMapping();
    bool addMappingFor(UniverseId universe, int channel, bool sixteenBit = false);
    bool duplicateSelected();
    bool deleteSelected();
    bool toggleEnabledSelected();
    // Replaces the mapping at `index` (stored order); selects it afterwards.
    bool replace(int index, const Mapping& edited, const juce::String& what);
    bool applyList(const std::vector<Mapping>& list, const juce::String& what, int selectIndex);
    void undo();
    void redo();

    // Selection in stored order.
    std::vector<int> selectedIndices() const;
    int selectedIndex() const;   // the last selected row, -1 when none
    void selectIndex(int index);
    // Sorts the view by a column (0: stored order).
    void sortBy(int column, bool forwards);

    juce::String messageText() const { return message_.getText(); }
    void showMessage(const juce::String& text, bool isError);

    std::function<void()> onSelectionChanged;
    std::function<void(int index)> onLearn;   // -1: learn a new mapping

    void resized() override;

private:
    class CellEditor;

    // TableListBoxModel
    int getNumRows() override;
    void paintRowBackground(juce::Graphics&, int row, int width, int height, bool selected) override;
    void paintCell(juce::Graphics&, int row, int column, int width, int height, bool selected) override;
    juce::Component* refreshComponentForCell(int row, int column, bool selected, juce::Component* existing) override;
    void cellClicked(int row, int column, const juce::MouseEvent&) override;
    void cellDoubleClicked(int row, int column, const juce::MouseEvent&) override;
    void selectedRowsChanged(int lastRowSelected) override;
    void deleteKeyPressed(int lastRowSelected) override;
    void sortOrderChanged(int newSortColumnId, bool isForwards) override;
    juce::String getCellTooltip(int row, int column) override;

    void reload(bool external);
    void rebuildOrder();
    int viewRowOf(int index) const;
    int indexOfRow(int row) const;
    bool updateLive(const DmxMonitor* monitor);
    void commitCell(int index, int column, const juce::String& text);
    juce::String cellText(int index, int column) const;
    void updateButtons();

    DmxInProcessor& processor_;
    MappingHistory& history_;
    juce::TableListBox table_;
    juce::TextButton add_{"Add"}, duplicate_{"Duplicate"}, delete_{"Delete"}, learn_{"Learn"},
        learnNew_{"Learn new"}, undo_{"Undo"}, redo_{"Redo"};
    juce::Label message_;

    std::vector<Mapping> mappings_;
    std::vector<int> order_;              // view row -> stored index
    int sortColumn_ = 0;
    bool sortForwards_ = true;
    std::vector<juce::String> labels_;    // per stored index: the target slot's label
    std::vector<int> inputs_;             // per stored index: raw input, -1 unknown
    std::vector<float> outputs_;          // per stored index: the slot's value
};

} // namespace dmxin
