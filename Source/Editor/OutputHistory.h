#pragma once
// OutputHistory: the Outputs tab's edits as undoable steps (juce::UndoManager), like MappingHistory
// for the mapping table. A step hands the whole new OutputSettings to
// DmxInProcessor::setOutputSettings; a refused one is not recorded and its errors are returned.
// Outputs changed elsewhere (a preset, the host restoring state) clear the history: undoing across
// them would silently throw them away. Message thread only.

#include "Plugin/DmxInProcessor.h"

#include <juce_data_structures/juce_data_structures.h>

#include <string>
#include <vector>

namespace dmxin {

class OutputHistory {
public:
    explicit OutputHistory(DmxInProcessor& processor);

    // Applies `after` as one step named `what`. false: refused, nothing changed, errors set.
    bool apply(const OutputSettings& after, const juce::String& what, std::vector<std::string>& errors);

    // false when there is nothing to undo/redo, or the processor refused the old settings (the
    // mappings changed since so that they would now loop); the history is then cleared.
    bool undo();
    bool redo();
    bool canUndo() const { return manager_.canUndo(); }
    bool canRedo() const { return manager_.canRedo(); }
    juce::String undoDescription() const { return manager_.getUndoDescription(); }
    juce::String redoDescription() const { return manager_.getRedoDescription(); }

    // Call with the processor's current settings before showing them: settings this history did
    // not make clear it.
    void noticeSettings(const OutputSettings& current);

private:
    DmxInProcessor& processor_;
    juce::UndoManager manager_{0, 200};   // the last 200 steps
    OutputSettings lastKnown_;            // as the processor kept them after this history's last change
};

} // namespace dmxin
