#pragma once
// StatusView: the Status tab. Where each protocol listens (or its bind error with the OS reason),
// packets per second, every rejection counter by reason, the instance's drops, its universes
// (live / lost / merging, with their senders) and every tracked source. The bind settings and the
// retry live in the StatusBar above every tab. refresh() rebuilds the text about twice a second
// and repaints only when it changed. Message thread only.

#include "Plugin/DmxInProcessor.h"

#include <juce_gui_basics/juce_gui_basics.h>

#include <vector>

namespace dmxin {

class StatusView final : public juce::Component, public juce::SettableTooltipClient {
public:
    explicit StatusView(DmxInProcessor& processor);

    void refresh(std::uint64_t nowNs);
    // Everything shown, one line each (tests).
    juce::StringArray lines() const;

    void paint(juce::Graphics&) override;

private:
    struct Line {
        juce::String text;
        juce::Colour colour;
        bool heading = false;
        bool operator==(const Line& o) const { return text == o.text && colour == o.colour && heading == o.heading; }
    };
    std::vector<Line> build(const net::HubStatus& s, std::uint64_t nowNs);

    DmxInProcessor& processor_;
    std::vector<Line> left_, right_;
    std::uint64_t lastBuildNs_ = 0;
    std::uint64_t baseFrames_ = 0, baseNs_ = 0;
    double rate_ = 0.0;
};

} // namespace dmxin
