#pragma once
// ChannelMonitor: the 512 channels of one universe as a grid of live values (number and bar),
// mapped channels outlined and labelled with their mapping's name, a universe chooser (type any
// universe, or pick one heard on the wire) and the list of universes heard on the wire with their
// sources (IP, name, protocol, rate). Clicking an unmapped cell asks for a mapping on it; clicking
// a heard universe monitors it. Values come from the DmxMonitor's image (never audio-thread state);
// refresh() repaints only the cells whose value or mapping changed. Message thread only.

#include "Plugin/DmxMonitor.h"

#include "Core/Mapping.h"

#include <juce_gui_basics/juce_gui_basics.h>

#include <array>
#include <functional>
#include <vector>

namespace dmxin {

class ChannelMonitor final : public juce::Component {
public:
    ChannelMonitor();
    ~ChannelMonitor() override;

    UniverseId universe() const noexcept { return universe_; }
    void setUniverse(UniverseId universe);

    void refresh(const DmxMonitor& monitor, const std::vector<Mapping>& mappings, std::uint64_t nowNs);

    // What a cell shows now (tests): -1 when nothing was received.
    int shownValue(int channel) const noexcept;
    juce::String shownLabel(int channel) const;

    std::function<void(UniverseId universe, int channel)> onCreateMapping;
    std::function<void(UniverseId universe)> onUniverseChanged;

    void paint(juce::Graphics&) override;
    void resized() override;

    class Grid;
    class HeardList;

private:
    void chooseTyped();
    void updateChoices(const DmxMonitor& monitor, const std::vector<Mapping>& mappings);

    UniverseId universe_;
    juce::Label universeCaption_{{}, "Universe"};
    juce::ComboBox chooser_;
    juce::Label state_;
    juce::Label heardCaption_{{}, "Heard on the wire"};
    std::unique_ptr<Grid> grid_;
    std::unique_ptr<HeardList> heard_;
    std::vector<UniverseId> choices_;
    std::uint64_t heardGeneration_ = ~0ull;
};

} // namespace dmxin
