#pragma once
// LearnBar: DMX learn. Armed on a row (or for a new mapping), it feeds the DmxMonitor's images of
// every watched universe into a LearnDetector each tick and says what it sees. When one channel
// moved and settled, onAssign fires with it; when two adjacent channels moved together it offers
// "16-bit coarse+fine" or "8-bit" and waits for a click. Escape or Cancel stops learning.
// Message thread only (the editor's timer calls tick()).

#include "LearnDetector.h"

#include "Plugin/DmxMonitor.h"

#include <juce_gui_basics/juce_gui_basics.h>

#include <functional>
#include <optional>

namespace dmxin {

class LearnBar final : public juce::Component {
public:
    LearnBar();

    // index: the row to learn into, -1 for a new mapping; targetName is shown.
    void arm(int index, const juce::String& targetName, std::uint64_t nowNs);
    void cancel();
    bool armed() const noexcept { return detector_.armed(); }
    int target() const noexcept { return target_; }
    // The pair on offer, if any (tests).
    const std::optional<LearnDetector::Result>& offer() const noexcept { return offer_; }
    void acceptPair(bool sixteenBit);

    void tick(const DmxMonitor& monitor, std::uint64_t nowNs);

    // (row or -1, universe, coarse channel, 16-bit)
    std::function<void(int index, UniverseId universe, int channel, bool sixteenBit)> onAssign;

    void paint(juce::Graphics&) override;
    void resized() override;

private:
    void setText(const juce::String& text);

    LearnDetector detector_;
    int target_ = -1;
    juce::String targetName_;
    std::optional<LearnDetector::Result> offer_;
    juce::Label text_;
    juce::TextButton sixteen_{"Use 16-bit pair"}, eight_{"Use 8-bit"}, cancel_{"Cancel learn"};
};

} // namespace dmxin
