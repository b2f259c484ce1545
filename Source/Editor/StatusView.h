#pragma once
// StatusView: the Status tab. Where each protocol listens (or its bind error with the OS reason),
// packets per second, every rejection counter by reason, the instance's drops, its universes
// (live / lost / merging, with every sender: protocol, name, sACN priority), the delay from packet
// arrival to the audio block that used it (median and worst of the last 5 s), and every tracked source. The bind settings and the
// retry live in the StatusBar above every tab. refresh() rebuilds the text about twice a second
// and repaints only when it changed. Message thread only.

#include "Plugin/DmxInProcessor.h"

#include <juce_gui_basics/juce_gui_basics.h>

#include <vector>

namespace dmxin {

// "Delay packet -> audio block: median 2.1 ms, worst 10.7 ms (last 5 s, 212 frames)"; noAudio
// (the host stopped calling processBlock) explains why nothing is measured.
juce::String describeDelay(const DelayMeter::Summary& delay, bool noAudio);

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
