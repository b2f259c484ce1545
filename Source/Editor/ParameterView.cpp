// ParameterView (see ParameterView.h). Message thread only.

#include "ParameterView.h"

#include "EditorTheme.h"

#include "Core/ExactlyEqual.h"

namespace dmxin {

namespace {
constexpr int kCellWidth = 172;
constexpr int kCellHeight = 44;
} // namespace

// The scrolling content: paints one cell per slot in a grid.
class ParameterView::Bars final : public juce::Component {
public:
    explicit Bars(const std::vector<Cell>& cells) : cells_(cells) {}

    int columns() const { return juce::jmax(1, getWidth() / kCellWidth); }

    void paint(juce::Graphics& g) override {
        const int cols = columns();
        const int cellWidth = getWidth() / cols;
        for (std::size_t i = 0; i < cells_.size(); ++i) {
            const auto& c = cells_[i];
            const int col = static_cast<int>(i) % cols;
            const int row = static_cast<int>(i) / cols;
            auto area = juce::Rectangle<int>(col * cellWidth, row * kCellHeight, cellWidth, kCellHeight).reduced(4, 3);
            g.setFont(theme::font(theme::kSmallFontSize));
            g.setColour(c.mapped ? theme::text : theme::textDim);
            auto top = area.removeFromTop(18);
            const float v = juce::jlimit(0.0f, 1.0f, c.value);
            g.drawText(juce::String(v, 3), top.removeFromRight(46), juce::Justification::centredRight);
            g.drawFittedText(c.caption, top, juce::Justification::centredLeft, 1, 1.0f);
            auto bar = area.reduced(0, 3).toFloat();
            g.setColour(theme::background);
            g.fillRoundedRectangle(bar, 2.0f);
            g.setColour(c.mapped ? theme::bar : theme::textDim.withAlpha(0.6f));
            g.fillRoundedRectangle(bar.withWidth(juce::jmax(0.0f, bar.getWidth() * v)), 2.0f);
        }
        if (cells_.empty()) {
            g.setFont(theme::font());
            g.setColour(theme::textDim);
            g.drawText("No mapped slots yet: add a mapping above", getLocalBounds().reduced(6),
                       juce::Justification::topLeft);
        }
    }

private:
    const std::vector<Cell>& cells_;
};

ParameterView::ParameterView(DmxInProcessor& processor)
    : processor_(processor), bars_(std::make_unique<Bars>(cells_)) {
    title_.setFont(theme::font(theme::kFontSize, true));
    title_.setColour(juce::Label::textColourId, theme::textDim);
    showAll_.setTooltip("Show all 128 parameter slots, not just the mapped ones");
    showAll_.onClick = [this] { cells_.clear(); };   // rebuilt on the next refresh
    viewport_.setViewedComponent(bars_.get(), false);
    viewport_.setScrollBarsShown(true, false);
    addAndMakeVisible(title_);
    addAndMakeVisible(showAll_);
    addAndMakeVisible(viewport_);
}

ParameterView::~ParameterView() {
    viewport_.setViewedComponent(nullptr, false);
}

void ParameterView::refresh(const std::vector<Mapping>& mappings) {
    std::vector<bool> mapped(static_cast<std::size_t>(kNumParameterSlots) + 1, false);
    std::vector<juce::String> names(mapped.size());
    for (const auto& m : mappings)
        if (m.targetSlot >= 1 && m.targetSlot <= kNumParameterSlots) {
            mapped[static_cast<std::size_t>(m.targetSlot)] = true;
            names[static_cast<std::size_t>(m.targetSlot)] = juce::String(m.name);
        }

    std::vector<Cell> next;
    for (int slot = 1; slot <= kNumParameterSlots; ++slot) {
        const bool isMapped = mapped[static_cast<std::size_t>(slot)];
        if (!isMapped && !showAll_.getToggleState())
            continue;
        auto label = processor_.getSlotLabel(slot);
        if (label.isEmpty())
            label = names[static_cast<std::size_t>(slot)];
        next.push_back({slot, juce::String(slot).paddedLeft('0', 3) + " " + label, isMapped,
                        processor_.getSlotValue(slot - 1)});
    }

    bool changed = next.size() != cells_.size();
    for (std::size_t i = 0; !changed && i < next.size(); ++i)
        changed = next[i].slot != cells_[i].slot || next[i].caption != cells_[i].caption
                  || next[i].mapped != cells_[i].mapped || !exactlyEqual(next[i].value, cells_[i].value);
    if (!changed)
        return;
    const bool countChanged = next.size() != cells_.size();
    cells_ = std::move(next);
    if (countChanged)
        layoutBars();
    bars_->repaint();
}

void ParameterView::layoutBars() {
    const int width = juce::jmax(kCellWidth, viewport_.getWidth() - viewport_.getScrollBarThickness());
    const int cols = juce::jmax(1, width / kCellWidth);
    const int rows = (static_cast<int>(cells_.size()) + cols - 1) / cols;
    bars_->setSize(width, juce::jmax(rows * kCellHeight, viewport_.getHeight()));
}

void ParameterView::paint(juce::Graphics& g) {
    g.setColour(theme::panel);
    g.fillRoundedRectangle(getLocalBounds().toFloat(), 4.0f);
}

void ParameterView::resized() {
    auto area = getLocalBounds().reduced(6, 4);
    auto top = area.removeFromTop(26);
    showAll_.setBounds(top.removeFromRight(160));
    title_.setBounds(top);
    viewport_.setBounds(area);
    layoutBars();
}

} // namespace dmxin
