#pragma once
// MappingsPage: the Mappings tab. The table (MappingList), the learn strip (LearnBar, shown while
// learning) and the details of the selected mapping (MappingDetails with its transfer plot), wired
// together: details edits and learn results become undoable table edits. tick() is called by the
// editor's timer with the monitor. Message thread only.

#include "LearnBar.h"
#include "MappingDetails.h"
#include "MappingList.h"

#include <juce_gui_basics/juce_gui_basics.h>

namespace dmxin {

class MappingsPage final : public juce::Component {
public:
    MappingsPage(DmxInProcessor& processor, MappingHistory& history);

    void tick(const DmxMonitor& monitor, std::uint64_t nowNs);
    // Arms learn for the selected row, or for a new mapping (index -1).
    void learn(int index, std::uint64_t nowNs);

    MappingList& list() noexcept { return list_; }
    MappingDetails& details() noexcept { return details_; }
    LearnBar& learnBar() noexcept { return learn_; }

    void resized() override;

private:
    void showDetails(bool force);

    DmxInProcessor& processor_;
    MappingHistory& history_;
    MappingList list_;
    LearnBar learn_;
    MappingDetails details_;
};

} // namespace dmxin
