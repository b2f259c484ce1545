#pragma once
// MappingHistory: every edit of the mapping table (and of slot labels) made in the editor goes
// through here as one undoable step (juce::UndoManager). A step hands the whole new list to
// DmxInProcessor::setMappings; a refused list is not recorded and its errors are returned.
// Changes made elsewhere (a preset, the host restoring state) clear the history, because undoing
// across them would silently throw them away. Message thread only.

#include "Plugin/DmxInProcessor.h"

#include <juce_data_structures/juce_data_structures.h>

#include <string>
#include <vector>

namespace dmxin {

class MappingHistory {
public:
    explicit MappingHistory(DmxInProcessor& processor) : processor_(processor) {}

    // Applies `after` as one step named `what`. false: refused, nothing changed, errors set.
    bool apply(const std::vector<Mapping>& after, const juce::String& what, std::vector<std::string>& errors);
    // Renames a slot as one step.
    void setLabel(int slotNumber, const juce::String& label);

    bool undo() { return manager_.undo(); }
    bool redo() { return manager_.redo(); }
    bool canUndo() const { return manager_.canUndo(); }
    bool canRedo() const { return manager_.canRedo(); }
    juce::String undoDescription() const { return manager_.getUndoDescription(); }
    juce::String redoDescription() const { return manager_.getRedoDescription(); }
    void clear() { manager_.clearUndoHistory(); }

private:
    DmxInProcessor& processor_;
    juce::UndoManager manager_{0, 200};   // the last 200 steps
};

} // namespace dmxin
