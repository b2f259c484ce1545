#pragma once
// StatusBar: the top of the editor. One line says where DMX In listens and what arrives
// ("Listening 0.0.0.0:6454 · 2 sources · 44 pkt/s · 0 rejected"), with every counter by reason in
// its tooltip. When the bind failed it shows the OS reason in a warning colour. Below it, the bind
// address, the Art-Net and sACN ports with "Apply / Retry", and the last refused state or preset,
// if any. The Status tab (StatusView) has every counter.
// refresh() is called by the editor's timer. Message thread only.

#include "Plugin/DmxInProcessor.h"

#include <juce_gui_basics/juce_gui_basics.h>

#include <cstdint>

namespace dmxin {

class StatusBar final : public juce::Component {
public:
    explicit StatusBar(DmxInProcessor& processor);

    // Reads the hub status and the last state error; cheap enough for 30 Hz.
    void refresh();
    // The height the bar wants for its current content (grows with a state error).
    int getPreferredHeight() const;

    void paint(juce::Graphics&) override;
    void resized() override;

private:
    void applyNetwork();
    void loadNetworkFields();
    void updatePacketRate(const net::HubStatus& status);
    juce::String describeListening(const net::HubStatus& status) const;
    juce::String describeCounters(const net::HubStatus& status) const;

    DmxInProcessor& processor_;
    juce::Label statusLine_;
    juce::Label bindLabel_{{}, "Bind address"};
    juce::TextEditor address_;
    juce::Label portLabel_{{}, "Art-Net port"};
    juce::TextEditor port_;
    juce::Label sacnPortLabel_{{}, "sACN port"};
    juce::TextEditor sacnPort_;
    juce::TextButton apply_{"Apply / Retry"};
    juce::Label networkMessage_;
    juce::Label stateError_;
    bool showingHint_ = false;   // networkMessage_ holds the "choose another address" hint

    std::uint64_t rateBaseFrames_ = 0;
    double rateBaseMs_ = 0.0;
    double packetsPerSecond_ = 0.0;
    bool listening_ = false;
};

} // namespace dmxin
