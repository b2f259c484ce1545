// StatusBar (see StatusBar.h): listening state, counters, bind settings, refused state.
// Message thread only.

#include "StatusBar.h"

#include "Net/StatusText.h"

#include <algorithm>

#include "EditorTheme.h"

#include "Core/Ipv4.h"
#include "Core/StateRules.h"
#include "Core/SteadyClock.h"

namespace dmxin {

namespace {
const juce::String dot = juce::String(juce::CharPointer_UTF8(" \xc2\xb7 "));
constexpr int kLine = 30;
constexpr std::uint64_t kActiveSourceNs = 5'000'000'000ull;   // a source counts while seen in the last 5 s

int activeSources(const net::HubStatus& status) {
    const auto now = steadyNowNs();
    int n = 0;
    for (const auto& s : status.sources)
        if (now - s.lastSeenNs < kActiveSourceNs)
            ++n;
    return n;
}
} // namespace

StatusBar::StatusBar(DmxInProcessor& processor) : processor_(processor) {
    statusLine_.setFont(theme::font(theme::kFontSize + 1.0f, true));
    statusLine_.setMinimumHorizontalScale(0.9f);
    for (auto* l : {&bindLabel_, &portLabel_, &sacnPortLabel_, &networkMessage_})
        l->setFont(theme::font());
    sacnPortLabel_.setColour(juce::Label::textColourId, theme::textDim);
    networkMessage_.setMinimumHorizontalScale(1.0f);
    bindLabel_.setColour(juce::Label::textColourId, theme::textDim);
    portLabel_.setColour(juce::Label::textColourId, theme::textDim);
    stateError_.setFont(theme::font());
    stateError_.setColour(juce::Label::textColourId, theme::error);
    stateError_.setJustificationType(juce::Justification::topLeft);
    stateError_.setMinimumHorizontalScale(1.0f);

    for (auto* e : {&address_, &port_, &sacnPort_}) {
        e->setFont(theme::font());
        e->setIndents(6, 4);
        e->onReturnKey = [this] { applyNetwork(); };
    }
    address_.setInputRestrictions(15, "0123456789.");
    address_.setTooltip("IPv4 address of the local interface to listen on; 0.0.0.0 listens on all");
    port_.setInputRestrictions(5, "0123456789");
    port_.setTooltip("Art-Net UDP port, normally 6454");
    sacnPort_.setInputRestrictions(5, "0123456789");
    sacnPort_.setTooltip("sACN (E1.31) UDP port, normally 5568 (opened once a mapping uses sACN)");
    apply_.setTooltip("Rebind the receivers to this address and these ports (also retries a failed bind)");
    apply_.onClick = [this] { applyNetwork(); };

    for (auto* c : std::initializer_list<juce::Component*>{&statusLine_, &bindLabel_, &address_, &portLabel_, &port_,
                                                           &sacnPortLabel_, &sacnPort_, &apply_, &networkMessage_, &stateError_})
        addAndMakeVisible(c);
    loadNetworkFields();
    refresh();
}

void StatusBar::loadNetworkFields() {
    const auto settings = processor_.getNetworkSettings();
    address_.setText(settings.bindAddress, juce::dontSendNotification);
    port_.setText(juce::String(settings.artnetPort), juce::dontSendNotification);
    sacnPort_.setText(juce::String(settings.sacnPort), juce::dontSendNotification);
}

void StatusBar::applyNetwork() {
    auto settings = processor_.getNetworkSettings();   // keeps the allowlist, LTP universes, ...
    settings.bindAddress = address_.getText().trim().toStdString();
    const auto portText = port_.getText().trim();
    const auto sacnText = sacnPort_.getText().trim();
    settings.artnetPort = portText.getIntValue();
    settings.sacnPort = sacnText.getIntValue();
    // The shared rule (StateRules) accepts port 0 because tests bind ephemeral ports through it; a
    // port typed here must be one a console can send to, so the editor refuses 0 (and an empty field) too.
    const bool ephemeral = portText.isEmpty() || settings.artnetPort == 0 || sacnText.isEmpty() || settings.sacnPort == 0;
    if (ephemeral || !validateNetwork(settings).empty()) {
        networkMessage_.setText("ports must be 1..65535 and the address an IPv4 address", juce::dontSendNotification);
        networkMessage_.setColour(juce::Label::textColourId, theme::error);
        return;
    }
    const bool bound = processor_.setNetworkSettings(settings);
    showingHint_ = false;
    networkMessage_.setText(bound ? "Applied: listening on " + address_.getText().trim() + ":" + portText
                                  : "Bind failed (reason above): try another address or port",
                            juce::dontSendNotification);
    networkMessage_.setColour(juce::Label::textColourId, bound ? theme::ok : theme::warning);
    rateBaseMs_ = 0.0;   // a new hub restarts its counters
    refresh();
}

void StatusBar::updatePacketRate(const net::HubStatus& status) {
    const double nowMs = juce::Time::getMillisecondCounterHiRes();
    if (rateBaseMs_ <= 0.0 || status.dmxFrames < rateBaseFrames_) {
        rateBaseMs_ = nowMs;
        rateBaseFrames_ = status.dmxFrames;
        packetsPerSecond_ = 0.0;
        return;
    }
    const double elapsed = nowMs - rateBaseMs_;
    if (elapsed < 1000.0)   // per-tick deltas at 30 Hz are too jumpy to read; average over ~1 s
        return;
    packetsPerSecond_ = static_cast<double>(status.dmxFrames - rateBaseFrames_) * 1000.0 / elapsed;
    rateBaseMs_ = nowMs;
    rateBaseFrames_ = status.dmxFrames;
}

juce::String StatusBar::describeListening(const net::HubStatus& s) const {
    juce::String text = "Listening " + juce::String(s.bindAddress) + ":" + juce::String(s.boundPort);
    const int sources = activeSources(s);
    text << dot << sources << (sources == 1 ? " source" : " sources");
    text << dot << juce::roundToInt(packetsPerSecond_) << " pkt/s";
    if (const auto delay = processor_.getDelaySummary(); delay.count > 0)
        text << dot << "delay " << juce::String(static_cast<double>(delay.medianNs) / 1.0e6, 1) << " / "
             << juce::String(static_cast<double>(delay.worstNs) / 1.0e6, 1) << " ms";
    text << dot << juce::String(static_cast<juce::int64>(s.totalRejected())) << " rejected";
    juce::StringArray reasons;
    for (std::size_t i = 1; i < s.rejected.size(); ++i)
        if (s.rejected[i] > 0)
            reasons.add(juce::String(toString(static_cast<ArtNetReject>(i))) + " "
                        + juce::String(static_cast<juce::int64>(s.rejected[i])));
    if (!reasons.isEmpty())
        text << " (" << reasons.joinIntoString(", ") << ")";
    if (s.queueFull > 0)
        text << dot << juce::String(static_cast<juce::int64>(s.queueFull)) << " dropped (queue full)";
    const auto universes = net::summariseUniverses(s);
    if (!universes.empty())
        text << dot << "universes " << juce::String(universes);
    if (processor_.isUsingFallbackClock())
        text << dot << "no audio: UI clock";
    if (!processor_.getParameterBank().dmxEnable().get())
        text << dot << "DMX disabled";
    return text;
}

juce::String StatusBar::describeCounters(const net::HubStatus& s) const {
    auto n = [](std::uint64_t v) { return juce::String(static_cast<juce::int64>(v)); };
    juce::String tip;
    tip << "Datagrams " << n(s.datagrams) << ", ArtDmx accepted " << n(s.dmxFrames) << ", delivered "
        << n(s.delivered) << "\n";
    tip << "Rejected by reason:\n";
    for (std::size_t i = 1; i < s.rejected.size(); ++i)
        tip << "    " << toString(static_cast<ArtNetReject>(i)) << ": " << n(s.rejected[i]) << "\n";
    tip << "Not mapped by any instance: " << n(s.unsubscribed) << "\n";
    tip << "Queue full (dropped): " << n(s.queueFull) << "\n";
    tip << "ArtPoll " << n(s.polls) << " (our replies sent " << n(s.repliesSent) << ", rate-limited "
        << n(s.pollsRateLimited) << "), ArtPollReply from others " << n(s.pollReplies) << ", ArtSync " << n(s.syncs)
        << ", ArtNzs ignored " << n(s.nzs) << "\n";
    tip << "Remote configuration ignored (ArtAddress, ArtIpProg, ArtCommand, firmware): " << n(s.remoteConfigIgnored) << "\n";
    tip << juce::String(net::describeSacn(s)) << "\n";
    for (std::size_t i = 1; i < s.sacnRejected.size(); ++i)
        if (s.sacnRejected[i] > 0)
            tip << "    sACN " << toString(static_cast<SacnReject>(i)) << ": " << n(s.sacnRejected[i]) << "\n";
    const auto drops = net::describeDrops(s);
    if (!drops.empty())
        tip << "Dropped for this instance: " << juce::String(drops) << "\n";
    tip << "Universes of this instance:\n" << juce::String(net::listUniverses(s, steadyNowNs()));
    const auto delay = processor_.getDelaySummary();
    tip << "Delay from packet arrival to the audio block that used it, last 5 s: ";
    if (delay.count == 0)
        tip << "no mapped changes\n";
    else
        tip << "median " << juce::String(static_cast<double>(delay.medianNs) / 1.0e6, 1) << " ms, worst "
            << juce::String(static_cast<double>(delay.worstNs) / 1.0e6, 1) << " ms (" << n(delay.count) << " frames)\n";
    tip << "Instances sharing this receiver: " << s.subscribers << "\n";
    if (const auto sharing = net::describeSharing(s); !sharing.empty())
        tip << "Other programs on this machine: " << juce::String(sharing) << "\n";
    if (s.sourcesDropped > 0)
        tip << "Sources beyond the tracking limit: " << n(s.sourcesDropped) << "\n";
    for (const auto& src : s.sources)
        tip << (src.protocol == DmxProtocol::Sacn ? "sACN source \"" + juce::String(src.name.data()) + "\" at " : juce::String("Art-Net source "))
            << formatIpv4(src.ip) << (src.protocol == DmxProtocol::ArtNet ? " port " + juce::String(static_cast<int>(src.physical)) : juce::String())
            << ": " << n(src.packets) << " packets, last universe " << src.lastUniverse.describe() << "\n";
    return tip.trimEnd();
}

void StatusBar::refresh() {
    const auto status = processor_.getHubStatus();
    if (listening_ != status.listening)
        repaint();   // the warning strip
    listening_ = status.listening;
    if (status.listening) {
        updatePacketRate(status);
        statusLine_.setText(describeListening(status), juce::dontSendNotification);
        const bool anyLost = std::any_of(status.universes.begin(), status.universes.end(), [](const auto& u) { return u.lost; });
        statusLine_.setColour(juce::Label::textColourId, anyLost ? theme::warning : theme::text);
    } else {
        rateBaseMs_ = 0.0;
        statusLine_.setText("Not listening: " + juce::String(status.error), juce::dontSendNotification);
        statusLine_.setColour(juce::Label::textColourId, theme::warning);
        if (networkMessage_.getText().isEmpty()) {
            showingHint_ = true;
            networkMessage_.setText("Choose another address or port, then Apply / Retry",
                                    juce::dontSendNotification);
            networkMessage_.setColour(juce::Label::textColourId, theme::warning);
        }
    }
    if (status.listening && showingHint_) {
        showingHint_ = false;
        networkMessage_.setText({}, juce::dontSendNotification);
    }
    statusLine_.setTooltip(describeCounters(status));

    auto stateError = processor_.getLastStateError();
    if (stateError.isNotEmpty())
        stateError = "Refused state or preset: " + stateError;
    if (stateError != stateError_.getText()) {
        stateError_.setText(stateError, juce::dontSendNotification);
        stateError_.setTooltip(stateError);
        resized();
    }
}

int StatusBar::getPreferredHeight() const {
    return 2 * kLine + 8 + (stateError_.getText().isEmpty() ? 0 : 2 * kLine);
}

void StatusBar::paint(juce::Graphics& g) {
    g.setColour(theme::panel);
    g.fillRect(getLocalBounds());
    if (!listening_) {   // a warning strip at the left edge, visible from across the room
        g.setColour(theme::warning);
        g.fillRect(0, 0, 5, getHeight());
    }
}

void StatusBar::resized() {
    auto area = getLocalBounds().reduced(8, 4);
    statusLine_.setBounds(area.removeFromTop(kLine));
    auto row = area.removeFromTop(kLine).reduced(0, 1);
    bindLabel_.setBounds(row.removeFromLeft(104));
    address_.setBounds(row.removeFromLeft(144));
    row.removeFromLeft(12);
    portLabel_.setBounds(row.removeFromLeft(96));
    port_.setBounds(row.removeFromLeft(72));
    row.removeFromLeft(12);
    sacnPortLabel_.setBounds(row.removeFromLeft(80));
    sacnPort_.setBounds(row.removeFromLeft(72));
    row.removeFromLeft(12);
    apply_.setBounds(row.removeFromLeft(130));
    row.removeFromLeft(12);
    networkMessage_.setBounds(row);
    stateError_.setBounds(area);
}

} // namespace dmxin
