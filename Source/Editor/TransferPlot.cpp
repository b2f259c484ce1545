// TransferPlot (see TransferPlot.h). Message thread only.

#include "TransferPlot.h"

#include "EditorTheme.h"
#include "MappingEdits.h"

namespace dmxin {

TransferPlot::TransferPlot() {
    setTooltip("Transfer curve: raw DMX input (across) to the parameter value (up), steps included. The shaded "
               "band is the input window; the dot is the live input. A switch shows its on path (bright) and off "
               "path (dim): between them is the hysteresis.");
}

void TransferPlot::show(const Mapping* mapping, int liveRaw) {
    const bool same = (mapping == nullptr && !mapping_) || (mapping != nullptr && mapping_ && sameMapping(*mapping, *mapping_));
    if (same && liveRaw == liveRaw_)
        return;
    if (mapping != nullptr)
        mapping_ = *mapping;
    else
        mapping_.reset();
    liveRaw_ = liveRaw;
    repaint();
}

void TransferPlot::paint(juce::Graphics& g) {
    auto bounds = getLocalBounds().toFloat();
    g.setColour(theme::background);
    g.fillRoundedRectangle(bounds, 4.0f);
    if (!mapping_)
        return;
    const auto& m = *mapping_;
    auto plot = bounds.reduced(10.0f).withTrimmedBottom(14.0f).withTrimmedLeft(22.0f);
    const float rawMax = static_cast<float>(m.rawMax());
    auto xOf = [&](float raw) { return plot.getX() + plot.getWidth() * raw / rawMax; };
    auto yOf = [&](float out) { return plot.getBottom() - plot.getHeight() * out; };

    g.setColour(theme::panelLight);
    g.fillRect(plot);
    // Input window.
    const float lo = static_cast<float>(juce::jlimit(0, m.rawMax(), m.inMin));
    const float hi = static_cast<float>(juce::jlimit(0, m.rawMax(), m.effectiveInMax()));
    g.setColour(theme::accent.withAlpha(0.10f));
    g.fillRect(juce::Rectangle<float>::leftTopRightBottom(xOf(juce::jmin(lo, hi)), plot.getY(), xOf(juce::jmax(lo, hi)), plot.getBottom()));
    g.setColour(theme::textDim.withAlpha(0.35f));
    for (float f : {0.25f, 0.5f, 0.75f}) {
        g.drawHorizontalLine(juce::roundToInt(yOf(f)), plot.getX(), plot.getRight());
        g.drawVerticalLine(juce::roundToInt(plot.getX() + plot.getWidth() * f), plot.getY(), plot.getBottom());
    }

    // The curve as Core computes it (steps included). A switch is drawn as its hysteresis loop:
    // the rising path (from off, input going up) and the falling one (from on, input going down).
    const int samples = juce::jmax(2, static_cast<int>(plot.getWidth()));
    auto trace = [&](bool falling) {
        juce::Path path;
        int state = falling ? 1 : 0;
        for (int k = 0; k <= samples; ++k) {
            const int i = falling ? samples - k : k;
            const float raw = rawMax * static_cast<float>(i) / static_cast<float>(samples);
            const float out = m.mode == OutputMode::Switch ? mapRawValue(m, juce::roundToInt(raw), state)
                                                           : mapRawValue(m, juce::roundToInt(raw));
            const auto p = juce::Point<float>(xOf(raw), yOf(out));
            if (k == 0)
                path.startNewSubPath(p);
            else
                path.lineTo(p);
        }
        return path;
    };
    const auto colour = m.enabled ? theme::accent : theme::textDim;
    if (m.mode == OutputMode::Switch) {
        g.setColour(colour.withAlpha(0.55f));
        g.strokePath(trace(true), juce::PathStrokeType(2.0f));
    }
    g.setColour(colour);
    g.strokePath(trace(false), juce::PathStrokeType(2.0f));

    g.setFont(theme::font(theme::kSmallFontSize - 2.0f));
    g.setColour(theme::textDim);
    g.drawText("1", juce::Rectangle<float>(bounds.getX() + 2.0f, plot.getY() - 6.0f, 18.0f, 12.0f), juce::Justification::centredRight);
    g.drawText("0", juce::Rectangle<float>(bounds.getX() + 2.0f, plot.getBottom() - 6.0f, 18.0f, 12.0f), juce::Justification::centredRight);
    g.drawText("0", juce::Rectangle<float>(plot.getX() - 2.0f, plot.getBottom() + 1.0f, 40.0f, 12.0f), juce::Justification::centredLeft);
    g.drawText(juce::String(m.rawMax()), juce::Rectangle<float>(plot.getRight() - 50.0f, plot.getBottom() + 1.0f, 50.0f, 12.0f),
               juce::Justification::centredRight);

    if (liveRaw_ >= 0) {
        const float out = mapRawValue(m, liveRaw_);
        const auto p = juce::Point<float>(xOf(static_cast<float>(liveRaw_)), yOf(out));
        g.setColour(theme::warning.withAlpha(0.6f));
        g.drawVerticalLine(juce::roundToInt(p.x), plot.getY(), plot.getBottom());
        g.setColour(theme::warning);
        g.fillEllipse(juce::Rectangle<float>(9.0f, 9.0f).withCentre(p));
        g.setFont(theme::font(theme::kSmallFontSize - 1.0f));
        const auto label = juce::String(liveRaw_) + juce::String(juce::CharPointer_UTF8(" \xe2\x86\x92 ")) + juce::String(out, 3);
        const bool right = p.x < plot.getCentreX();
        g.drawText(label, juce::Rectangle<float>(right ? p.x + 8.0f : p.x - 128.0f, plot.getY() + 2.0f, 120.0f, 16.0f),
                   right ? juce::Justification::centredLeft : juce::Justification::centredRight);
    }
}

} // namespace dmxin
