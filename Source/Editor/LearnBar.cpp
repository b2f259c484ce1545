// LearnBar (see LearnBar.h). Message thread only.

#include "LearnBar.h"

#include "EditorTheme.h"

namespace dmxin {

LearnBar::LearnBar() {
    text_.setFont(theme::font(theme::kFontSize, true));
    text_.setColour(juce::Label::textColourId, theme::background);
    text_.setMinimumHorizontalScale(1.0f);
    sixteen_.setTooltip("Map the two channels as one 16-bit coarse/fine value (65536 steps)");
    eight_.setTooltip("Map only the channel that moved most, 8-bit");
    cancel_.setTooltip("Stop learning (Escape)");
    sixteen_.onClick = [this] { acceptPair(true); };
    eight_.onClick = [this] { acceptPair(false); };
    cancel_.onClick = [this] { cancel(); };
    for (auto* c : std::initializer_list<juce::Component*>{&text_, &sixteen_, &eight_, &cancel_})
        addAndMakeVisible(c);
    setVisible(false);
}

void LearnBar::setText(const juce::String& text) {
    if (text_.getText() != text)
        text_.setText(text, juce::dontSendNotification);
}

void LearnBar::arm(int index, const juce::String& targetName, std::uint64_t nowNs) {
    target_ = index;
    targetName_ = targetName;
    offer_.reset();
    detector_.arm(nowNs);
    sixteen_.setVisible(false);
    eight_.setVisible(false);
    setText(juce::String(juce::CharPointer_UTF8("Learning for ")) + targetName_
            + ": move one fader on the console (keep the others still)");
    setVisible(true);
    repaint();
}

void LearnBar::cancel() {
    detector_.disarm();
    offer_.reset();
    setVisible(false);
}

void LearnBar::acceptPair(bool sixteenBit) {
    if (!offer_)
        return;
    const auto r = *offer_;
    const int target = target_;
    cancel();
    if (onAssign)
        onAssign(target, r.universe, sixteenBit ? r.coarse : r.channel, sixteenBit);
}

void LearnBar::tick(const DmxMonitor& monitor, std::uint64_t nowNs) {
    if (!detector_.armed() || offer_)
        return;
    for (const auto u : monitor.watched())
        if (const auto* image = monitor.image(u); image != nullptr && image->received)
            detector_.observe(u, image->slots.data(), nowNs);
    const auto r = detector_.result(nowNs);
    if (!r) {
        if (detector_.learningBaseline(nowNs))
            setText("Learning for " + targetName_ + ": listening to what is normal ...");
        else
            setText("Learning for " + targetName_ + ": move one fader on the console (keep the others still)");
        return;
    }
    const auto where = juce::String(r->universe.describe());
    if (!r->settled) {
        setText("Learning for " + targetName_ + ": channel " + juce::String(r->channel) + " on " + where + " moved "
                + juce::String(r->change) + " steps ...");
        return;
    }
    if (!r->pair) {
        const int target = target_;
        cancel();
        if (onAssign)
            onAssign(target, r->universe, r->channel, false);
        return;
    }
    offer_ = r;
    setText("Channels " + juce::String(r->coarse) + " and " + juce::String(r->fine) + " on " + where
            + " moved together: a 16-bit pair?");
    sixteen_.setButtonText("Use 16-bit " + juce::String(r->coarse) + "+" + juce::String(r->fine));
    eight_.setButtonText("Use 8-bit " + juce::String(r->channel));
    sixteen_.setVisible(true);
    eight_.setVisible(true);
    resized();
}

void LearnBar::paint(juce::Graphics& g) {
    g.setColour(theme::warning);
    g.fillRoundedRectangle(getLocalBounds().toFloat(), 4.0f);
}

void LearnBar::resized() {
    auto area = getLocalBounds().reduced(6, 3);
    cancel_.setBounds(area.removeFromRight(120));
    area.removeFromRight(6);
    if (eight_.isVisible()) {
        eight_.setBounds(area.removeFromRight(120));
        area.removeFromRight(6);
        sixteen_.setBounds(area.removeFromRight(150));
        area.removeFromRight(6);
    }
    text_.setBounds(area);
}

} // namespace dmxin
