// StatusView (see StatusView.h). Message thread only.

#include "StatusView.h"

#include "EditorTheme.h"

#include "Net/StatusText.h"
#include "Core/Ipv4.h"

namespace dmxin {

namespace {
constexpr std::uint64_t kRebuildNs = 500'000'000ull;
constexpr int kLine = 21;
juce::String n(std::uint64_t v) { return juce::String(static_cast<juce::int64>(v)); }
} // namespace

juce::String describeDelay(const DelayMeter::Summary& d, bool noAudio) {
    if (d.count == 0)
        return noAudio ? "Delay packet -> audio block: none (no audio blocks; the UI clock applies DMX)"
                       : "Delay packet -> audio block: no mapped changes in the last 5 s";
    auto ms = [](std::uint64_t ns) { return juce::String(static_cast<double>(ns) / 1.0e6, 1); };
    return "Delay packet -> audio block: median " + ms(d.medianNs) + " ms, worst " + ms(d.worstNs) + " ms (last 5 s, "
           + n(d.count) + " frames)";
}

StatusView::StatusView(DmxInProcessor& processor) : processor_(processor) {
    setTooltip("Receiver status: listening sockets, packet rate, rejected packets by reason, this instance's "
               "universes and the senders heard");
}

std::vector<StatusView::Line> StatusView::build(const net::HubStatus& s, std::uint64_t nowNs) {
    std::vector<Line> left, right;
    auto head = [](std::vector<Line>& v, const juce::String& t) { v.push_back({t, theme::accent, true}); };
    auto add = [](std::vector<Line>& v, const juce::String& t, juce::Colour c = theme::text) { v.push_back({t, c, false}); };

    head(left, "Listening");
    if (s.listening)
        add(left, "Art-Net  " + juce::String(s.bindAddress) + ":" + juce::String(s.boundPort), theme::ok);
    else
        add(left, "Art-Net  NOT listening: " + juce::String(s.error), theme::error);
    const auto sacn = juce::String(net::describeSacn(s));
    add(left, sacn, s.sacnError.empty() ? (s.sacnListening ? theme::ok : theme::textDim) : theme::error);
    add(left, "Instances sharing this receiver: " + juce::String(s.subscribers) + " (the editor's monitor is one)",
        theme::textDim);
    if (const auto sharing = net::describeSharing(s); !sharing.empty())
        add(left, "Other programs: " + juce::String(sharing), theme::textDim);

    const auto frames = s.dmxFrames + s.sacnPackets;
    if (baseNs_ == 0 || frames < baseFrames_) {
        baseNs_ = nowNs;
        baseFrames_ = frames;
    } else if (nowNs - baseNs_ >= 1'000'000'000ull) {
        rate_ = static_cast<double>(frames - baseFrames_) * 1e9 / static_cast<double>(nowNs - baseNs_);
        baseNs_ = nowNs;
        baseFrames_ = frames;
    }
    head(left, "Traffic");
    add(left, juce::String(juce::roundToInt(rate_)) + " DMX packets/s   (datagrams " + n(s.datagrams) + ", ArtDmx "
                  + n(s.dmxFrames) + ", sACN data " + n(s.sacnPackets) + ")");
    add(left, "Delivered to instances " + n(s.delivered) + ", not mapped by anyone " + n(s.unsubscribed)
                  + ", queue full " + n(s.queueFull));
    add(left, describeDelay(processor_.getDelaySummary(), processor_.isUsingFallbackClock()));
    add(left, "ArtPoll " + n(s.polls) + ", replies sent " + n(s.repliesSent) + ", ArtSync " + n(s.syncs)
                  + ", remote config ignored " + n(s.remoteConfigIgnored));

    head(left, "Rejected packets by reason (" + n(s.totalRejected()) + ")");
    bool anyReject = false;
    for (std::size_t i = 1; i < s.rejected.size(); ++i)
        if (s.rejected[i] > 0) {
            add(left, "Art-Net " + juce::String(toString(static_cast<ArtNetReject>(i))) + ": " + n(s.rejected[i]), theme::warning);
            anyReject = true;
        }
    for (std::size_t i = 1; i < s.sacnRejected.size(); ++i)
        if (s.sacnRejected[i] > 0) {
            add(left, "sACN " + juce::String(toString(static_cast<SacnReject>(i))) + ": " + n(s.sacnRejected[i]), theme::warning);
            anyReject = true;
        }
    if (!anyReject)
        add(left, "none", theme::textDim);
    const auto drops = net::describeDrops(s);
    head(left, "Dropped for this instance");
    add(left, drops.empty() ? juce::String("none") : juce::String(drops), drops.empty() ? theme::textDim : theme::warning);

    head(right, "Universes of this instance");
    if (s.universes.empty())
        add(right, "none mapped", theme::textDim);
    for (const auto& u : s.universes) {
        const auto colour = u.lost ? theme::error : !u.received ? theme::textDim : u.merging ? theme::warning : theme::ok;
        add(right, juce::String(net::describeUniverse(u, nowNs)) + "   " + n(u.frames) + " frames", colour);
        // Every sender of this universe (as this instance receives it), with protocol and priority.
        for (std::size_t i = 0; i < u.sourceCount; ++i)
            add(right, "    from " + juce::String(net::describeUniverseSource(u.sources[i], nowNs)), theme::textDim);
    }
    head(right, "Sources (" + juce::String(static_cast<int>(s.sources.size())) + ")");
    if (s.sources.empty())
        add(right, "none yet", theme::textDim);
    for (const auto& src : s.sources) {
        const bool active = nowNs < src.lastSeenNs + 5'000'000'000ull;
        add(right, juce::String(src.protocol == DmxProtocol::Sacn ? "sACN " : "Art-Net ") + juce::String(formatIpv4(src.ip))
                       + (src.name[0] != 0 ? " \"" + juce::String(src.name.data()) + "\"" : juce::String())
                       + "  " + n(src.packets) + " packets, last " + juce::String(src.lastUniverse.describe())
                       + (active ? "" : "  (silent)"),
            active ? theme::text : theme::textDim);
    }
    if (s.sourcesDropped > 0)
        add(right, "Sources beyond the tracking limit: " + n(s.sourcesDropped), theme::warning);

    // The version a bug report needs (DMXIN_VERSION_STRING is the CMake project version).
    // The wrapper (VST3, LV2) is named when known; the standalone app builds its processor itself.
    head(right, "About");
    const auto wrapper = processor_.wrapperType == juce::AudioProcessor::wrapperType_Undefined
                             ? juce::String()
                             : " " + juce::String(juce::AudioProcessor::getWrapperTypeDescription(processor_.wrapperType));
    add(right, "DMX In " DMXIN_VERSION_STRING + wrapper + ", " + juce::SystemStats::getJUCEVersion(), theme::textDim);

    right_ = std::move(right);
    return left;
}

void StatusView::refresh(std::uint64_t nowNs) {
    if (lastBuildNs_ != 0 && nowNs < lastBuildNs_ + kRebuildNs)
        return;
    lastBuildNs_ = nowNs;
    const auto oldRight = right_;
    auto left = build(processor_.getHubStatus(), nowNs);
    if (left != left_ || right_ != oldRight) {
        left_ = std::move(left);
        repaint();
    }
}

juce::StringArray StatusView::lines() const {
    juce::StringArray out;
    for (const auto* column : {&left_, &right_})
        for (const auto& l : *column)
            out.add(l.text);
    return out;
}

void StatusView::paint(juce::Graphics& g) {
    g.fillAll(theme::background);
    auto area = getLocalBounds().reduced(8);
    auto column = [&](const std::vector<Line>& lines, juce::Rectangle<int> box) {
        g.setColour(theme::panel);
        g.fillRoundedRectangle(box.toFloat(), 4.0f);
        int y = box.getY() + 6;
        for (const auto& l : lines) {
            if (l.heading && y > box.getY() + 6)
                y += 6;
            g.setColour(l.colour);
            g.setFont(theme::font(l.heading ? theme::kFontSize : theme::kSmallFontSize + 1.0f, l.heading));
            g.drawFittedText(l.text, box.getX() + 10, y, box.getWidth() - 20, kLine, juce::Justification::centredLeft, 1, 0.85f);
            y += kLine;
        }
    };
    auto leftBox = area.removeFromLeft(area.getWidth() / 2 - 4);
    area.removeFromLeft(8);
    column(left_, leftBox);
    column(right_, area);
}

} // namespace dmxin
