// ChannelMonitor (see ChannelMonitor.h). Message thread only.

#include "ChannelMonitor.h"

#include "EditorTheme.h"
#include "MappingEdits.h"

#include "Core/Ipv4.h"

namespace dmxin {

namespace {
constexpr int kColumns = 32;
constexpr int kRows = 16;
constexpr int kRowHeader = 40;
constexpr int kColumnHeader = 18;

juce::String describeUniverse(UniverseId u) { return juce::String(u.describe()); }
} // namespace

// ---- the 512-cell grid

class ChannelMonitor::Grid final : public juce::Component, public juce::TooltipClient {
public:
    explicit Grid(ChannelMonitor& owner) : owner_(owner) { values_.fill(-1); }

    juce::Rectangle<int> cellBounds(int index) const {
        const float w = static_cast<float>(getWidth() - kRowHeader) / kColumns;
        const float h = static_cast<float>(getHeight() - kColumnHeader) / kRows;
        const int col = index % kColumns, row = index / kColumns;
        const int x0 = kRowHeader + juce::roundToInt(col * w), x1 = kRowHeader + juce::roundToInt((col + 1) * w);
        const int y0 = kColumnHeader + juce::roundToInt(row * h), y1 = kColumnHeader + juce::roundToInt((row + 1) * h);
        return {x0, y0, x1 - x0, y1 - y0};
    }

    int cellAt(juce::Point<int> p) const {
        if (p.x < kRowHeader || p.y < kColumnHeader || getWidth() <= kRowHeader || getHeight() <= kColumnHeader)
            return -1;
        const int col = (p.x - kRowHeader) * kColumns / (getWidth() - kRowHeader);
        const int row = (p.y - kColumnHeader) * kRows / (getHeight() - kColumnHeader);
        return col >= 0 && col < kColumns && row >= 0 && row < kRows ? row * kColumns + col : -1;
    }

    // Updates what is shown; repaints only the cells that changed.
    void update(const DmxMonitor::Image* image, const std::vector<Mapping>& mappings) {
        std::array<juce::String, kDmxSlots> labels;
        for (const auto& m : mappings) {
            if (!(m.universe == owner_.universe_))
                continue;
            auto mark = [&](int ch, const juce::String& suffix) {
                if (ch >= 1 && ch <= 512 && labels[static_cast<std::size_t>(ch - 1)].isEmpty())
                    labels[static_cast<std::size_t>(ch - 1)] = juce::String(m.name) + suffix;
            };
            mark(m.channel, m.sixteenBit ? " (coarse)" : "");
            if (m.sixteenBit)
                mark(m.effectiveFineChannel(), " (fine)");
        }
        for (std::size_t i = 0; i < kDmxSlots; ++i) {
            const int v = image != nullptr && image->received ? image->slots[i] : -1;
            if (v != values_[i] || labels[i] != labels_[i]) {
                values_[i] = v;
                labels_[i] = labels[i];
                repaint(cellBounds(static_cast<int>(i)));
            }
        }
    }

    void paint(juce::Graphics& g) override {
        const auto clip = g.getClipBounds();
        g.setFont(theme::font(12.0f));
        g.setColour(theme::textDim);
        if (clip.getY() < kColumnHeader)
            for (int c = 0; c < kColumns; ++c) {
                const auto b = cellBounds(c);
                g.drawText("+" + juce::String(c), b.getX(), 0, b.getWidth(), kColumnHeader, juce::Justification::centred);
            }
        if (clip.getX() < kRowHeader)
            for (int r = 0; r < kRows; ++r) {
                const auto b = cellBounds(r * kColumns);
                g.drawText(juce::String(r * kColumns + 1), 0, b.getY(), kRowHeader - 6, b.getHeight(),
                           juce::Justification::centredRight);
            }
        for (int i = 0; i < static_cast<int>(kDmxSlots); ++i) {
            const auto b = cellBounds(i);
            if (b.intersects(clip))
                paintCell(g, i, b);
        }
    }

    void paintCell(juce::Graphics& g, int i, juce::Rectangle<int> b) {
        const int v = values_[static_cast<std::size_t>(i)];
        const bool mapped = labels_[static_cast<std::size_t>(i)].isNotEmpty();
        auto cell = b.reduced(1).toFloat();
        g.setColour(mapped ? theme::panelLight.brighter(0.12f) : theme::panel);
        g.fillRect(cell);
        if (v > 0) {   // the bar rises from the bottom
            g.setColour((mapped ? theme::bar : theme::textDim).withAlpha(mapped ? 0.85f : 0.45f));
            g.fillRect(cell.withTop(cell.getBottom() - cell.getHeight() * static_cast<float>(v) / 255.0f));
        }
        if (mapped) {
            g.setColour(theme::accent);
            g.drawRect(cell, 1.5f);
        }
        const bool tall = mapped && cell.getHeight() >= 30.0f;
        g.setColour(v < 0 ? theme::textDim.withAlpha(0.5f) : v == 0 ? theme::textDim : theme::text);
        g.setFont(theme::font(13.0f, v > 0));
        auto text = cell.toNearestInt();
        // Every digit stays visible: squeeze horizontally rather than cut "255" to "25".
        g.drawFittedText(v < 0 ? juce::String("-") : juce::String(v), tall ? text.removeFromTop(text.getHeight() / 2 + 2) : text,
                         juce::Justification::centred, 1, 0.6f);
        if (tall) {
            g.setColour(theme::text);
            g.setFont(theme::font(11.0f));
            g.drawFittedText(labels_[static_cast<std::size_t>(i)], text, juce::Justification::centredTop, 1, 0.8f);
        }
    }

    juce::String getTooltip() override {
        const int i = cellAt(getMouseXYRelative());
        if (i < 0)
            return "Live DMX values of the chosen universe; outlined cells are mapped";
        const int v = values_[static_cast<std::size_t>(i)];
        juce::String tip = "Channel " + juce::String(i + 1) + ": " + (v < 0 ? juce::String("nothing received") : juce::String(v));
        if (v >= 0)
            tip << " (" << juce::roundToInt(v * 100.0f / 255.0f) << "%)";
        if (labels_[static_cast<std::size_t>(i)].isNotEmpty())
            tip << "\nMapped: " << labels_[static_cast<std::size_t>(i)];
        else
            tip << "\nClick to map this channel";
        return tip;
    }

    void mouseUp(const juce::MouseEvent& e) override {
        const int i = cellAt(e.getPosition());
        if (i >= 0 && e.mouseWasClicked() && labels_[static_cast<std::size_t>(i)].isEmpty() && owner_.onCreateMapping)
            owner_.onCreateMapping(owner_.universe_, i + 1);
    }

    void clear() {
        values_.fill(-1);
        for (auto& l : labels_)
            l.clear();
        repaint();
    }

    std::array<int, kDmxSlots> values_{};
    std::array<juce::String, kDmxSlots> labels_;

private:
    ChannelMonitor& owner_;
};

// ---- heard universes and their sources

class ChannelMonitor::HeardList final : public juce::Component, public juce::TooltipClient {
public:
    explicit HeardList(ChannelMonitor& owner) : owner_(owner) {}

    struct Line { juce::String text; bool universe; UniverseId id; };

    void set(const std::vector<DmxMonitor::Heard>& heard) {
        heard_ = heard;
        rebuild();
    }
    void setLegend(juce::StringArray legend) {
        if (legend != legend_) {
            legend_ = std::move(legend);
            rebuild();
        }
    }

    void rebuild() {
        const auto& heard = heard_;
        std::vector<Line> lines;
        for (const auto& h : heard) {
            lines.push_back({describeUniverse(h.universe) + "  " + juce::String(juce::roundToInt(h.packetsPerSecond)) + "/s",
                             true, h.universe});
            if (lines.size() > 40)
                break;
            for (const auto& s : h.sources) {
                juce::String t = "   " + juce::String(formatIpv4(s.ip));
                if (!s.name.empty())
                    t << " \"" << juce::String(s.name) << "\"";
                t << " " << describeProtocol(s.protocol) << " " << juce::roundToInt(s.packetsPerSecond) << "/s";
                lines.push_back({t, false, h.universe});
            }
        }
        if (!legend_.isEmpty()) {
            lines.push_back({{}, false, owner_.universe_});
            lines.push_back({"Mapped on " + describeUniverse(owner_.universe_), true, owner_.universe_});
            for (const auto& l : legend_)
                lines.push_back({"   " + l, false, owner_.universe_});
        }
        if (lines.size() != lines_.size()
            || !std::equal(lines.begin(), lines.end(), lines_.begin(), [](const Line& a, const Line& b) { return a.text == b.text; })) {
            lines_ = std::move(lines);
            repaint();
        }
    }

    void paint(juce::Graphics& g) override {
        g.setColour(theme::panel);
        g.fillRoundedRectangle(getLocalBounds().toFloat(), 4.0f);
        if (heard_.empty() && legend_.isEmpty()) {
            g.setColour(theme::textDim);
            g.setFont(theme::font(theme::kSmallFontSize));
            g.drawFittedText("Nothing heard yet. Art-Net universes appear as soon as packets arrive; sACN ones once "
                             "a mapping joins their multicast group.",
                             getLocalBounds().reduced(8), juce::Justification::topLeft, 6);
            return;
        }
        int y = 6;
        for (const auto& l : lines_) {
            const bool selected = l.universe && l.id == owner_.universe_;
            if (selected) {
                g.setColour(theme::accent.withAlpha(0.25f));
                g.fillRect(2, y, getWidth() - 4, kLine);
            }
            g.setColour(l.universe ? theme::text : theme::textDim);
            g.setFont(theme::font(l.universe ? theme::kSmallFontSize : theme::kSmallFontSize - 1.0f, l.universe));
            g.drawFittedText(l.text, 8, y, getWidth() - 12, kLine, juce::Justification::centredLeft, 1, 0.8f);
            y += kLine;
        }
    }

    juce::String getTooltip() override {
        return "Universes heard on the wire in the last 10 s, with their senders (IP, sACN source name, protocol, "
               "packets per second). Click one to monitor it.";
    }

    void mouseUp(const juce::MouseEvent& e) override {
        const int i = (e.y - 6) / kLine;
        if (i >= 0 && i < static_cast<int>(lines_.size()))
            owner_.setUniverse(lines_[static_cast<std::size_t>(i)].id);
    }

private:
    static constexpr int kLine = 22;
    ChannelMonitor& owner_;
    std::vector<DmxMonitor::Heard> heard_;
    juce::StringArray legend_;
    std::vector<Line> lines_;
};

// ---- the view

ChannelMonitor::ChannelMonitor() : grid_(std::make_unique<Grid>(*this)), heard_(std::make_unique<HeardList>(*this)) {
    for (auto* l : {&universeCaption_, &heardCaption_}) {
        l->setFont(theme::font(theme::kFontSize, true));
        l->setColour(juce::Label::textColourId, theme::textDim);
    }
    chooser_.setEditableText(true);
    chooser_.setTooltip("The universe to monitor: pick one heard or mapped, or type Net:Sub:Uni (\"0:0:1\"), a "
                        "universe number counted from 1, or \"sACN 5\"");
    chooser_.setComponentID("monitorUniverse");
    chooser_.onChange = [this] { chooseTyped(); };
    state_.setFont(theme::font());
    state_.setColour(juce::Label::textColourId, theme::textDim);
    state_.setMinimumHorizontalScale(1.0f);
    for (auto* c : std::initializer_list<juce::Component*>{&universeCaption_, &chooser_, &state_, &heardCaption_, grid_.get(),
                                                           heard_.get()})
        addAndMakeVisible(c);
    setUniverse(UniverseId{});
}

ChannelMonitor::~ChannelMonitor() = default;

void ChannelMonitor::setUniverse(UniverseId universe) {
    const bool changed = !(universe == universe_);
    universe_ = universe;
    chooser_.setText(describeUniverse(universe), juce::dontSendNotification);
    if (changed) {
        grid_->clear();
        heard_->repaint();
        if (onUniverseChanged)
            onUniverseChanged(universe);
    }
}

void ChannelMonitor::chooseTyped() {
    const int id = chooser_.getSelectedId();
    if (id > 0 && id <= static_cast<int>(choices_.size())) {
        setUniverse(choices_[static_cast<std::size_t>(id - 1)]);
        return;
    }
    const auto typed = parseUniverseText(chooser_.getText(), DmxProtocol::ArtNet);
    if (typed)
        setUniverse(*typed);
    else
        chooser_.setText(describeUniverse(universe_), juce::dontSendNotification);
}

void ChannelMonitor::updateChoices(const DmxMonitor& monitor, const std::vector<Mapping>& mappings) {
    std::vector<UniverseId> choices;
    for (const auto& h : monitor.heard())
        choices.push_back(h.universe);
    for (const auto& m : mappings)
        choices.push_back(m.universe);
    std::sort(choices.begin(), choices.end());
    choices.erase(std::unique(choices.begin(), choices.end()), choices.end());
    if (choices == choices_)
        return;
    choices_ = choices;
    chooser_.clear(juce::dontSendNotification);
    for (std::size_t i = 0; i < choices_.size(); ++i)
        chooser_.addItem(describeUniverse(choices_[i]), static_cast<int>(i) + 1);
    chooser_.setText(describeUniverse(universe_), juce::dontSendNotification);
}

void ChannelMonitor::refresh(const DmxMonitor& monitor, const std::vector<Mapping>& mappings, std::uint64_t nowNs) {
    if (monitor.heardGeneration() != heardGeneration_) {
        heardGeneration_ = monitor.heardGeneration();
        heard_->set(monitor.heard());
        updateChoices(monitor, mappings);
    }
    const auto* image = monitor.image(universe_);
    grid_->update(image, mappings);
    juce::StringArray legend;
    for (std::size_t i = 0; i < kDmxSlots; ++i)
        if (grid_->labels_[i].isNotEmpty())
            legend.add(juce::String(static_cast<int>(i) + 1) + juce::String(juce::CharPointer_UTF8("  \xe2\x86\x92 ")) + grid_->labels_[i]);
    heard_->setLegend(legend);
    juce::String state;
    if (image == nullptr || !image->received)
        state = "Nothing received on " + describeUniverse(universe_) + " yet";
    else if (image->lost)
        state = describeUniverse(universe_) + ": LOST (every source gone)";
    else {
        const double ago = nowNs > image->lastFrameNs ? static_cast<double>(nowNs - image->lastFrameNs) / 1e9 : 0.0;
        state << describeUniverse(universe_) << ": " << juce::String(static_cast<juce::int64>(image->frames))
              << " frames, last from " << juce::String(formatIpv4(image->sourceIp))
              << (ago < 1.0 ? juce::String(", live") : ", " + juce::String(ago, 1) + " s ago");
    }
    if (state_.getText() != state)
        state_.setText(state, juce::dontSendNotification);
}

int ChannelMonitor::shownValue(int channel) const noexcept {
    return channel >= 1 && channel <= 512 ? grid_->values_[static_cast<std::size_t>(channel - 1)] : -1;
}

juce::String ChannelMonitor::shownLabel(int channel) const {
    return channel >= 1 && channel <= 512 ? grid_->labels_[static_cast<std::size_t>(channel - 1)] : juce::String();
}

void ChannelMonitor::paint(juce::Graphics& g) {
    g.fillAll(theme::background);
}

void ChannelMonitor::resized() {
    auto area = getLocalBounds().reduced(4);
    auto side = area.removeFromRight(juce::jlimit(220, 320, area.getWidth() / 4));
    area.removeFromRight(8);
    heardCaption_.setBounds(side.removeFromTop(30));
    heard_->setBounds(side);
    auto top = area.removeFromTop(30);
    universeCaption_.setBounds(top.removeFromLeft(84));
    chooser_.setBounds(top.removeFromLeft(220).reduced(0, 1));
    top.removeFromLeft(12);
    state_.setBounds(top);
    area.removeFromTop(6);
    grid_->setBounds(area);
}

} // namespace dmxin
