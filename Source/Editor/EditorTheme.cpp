// The editor's dark theme (see EditorTheme.h). Message thread only.

#include "EditorTheme.h"

namespace dmxin::theme {

juce::Font font(float size, bool bold) {
    const int style = bold ? juce::Font::bold : juce::Font::plain;
#if JUCE_MAJOR_VERSION >= 8
    return juce::Font(juce::FontOptions(size, style));   // JUCE 8 deprecates Font(float, int)
#else
    return juce::Font(size, style);
#endif
}

int textWidth(const juce::Font& f, const juce::String& s) {
#if JUCE_MAJOR_VERSION >= 8
    return juce::roundToInt(juce::GlyphArrangement::getStringWidth(f, s));   // Font::getStringWidth is deprecated
#else
    return f.getStringWidth(s);
#endif
}

LookAndFeel::LookAndFeel() : juce::LookAndFeel_V4(juce::LookAndFeel_V4::getDarkColourScheme()) {
    using LF = juce::LookAndFeel_V4;
    auto scheme = getCurrentColourScheme();
    scheme.setUIColour(LF::ColourScheme::windowBackground, background);
    scheme.setUIColour(LF::ColourScheme::widgetBackground, panelLight);
    scheme.setUIColour(LF::ColourScheme::menuBackground, panel);
    scheme.setUIColour(LF::ColourScheme::outline, juce::Colour(0xff4a4f59));
    scheme.setUIColour(LF::ColourScheme::defaultText, text);
    scheme.setUIColour(LF::ColourScheme::defaultFill, accent.darker(0.4f));
    scheme.setUIColour(LF::ColourScheme::highlightedText, juce::Colours::white);
    scheme.setUIColour(LF::ColourScheme::highlightedFill, accent.darker(0.8f));
    scheme.setUIColour(LF::ColourScheme::menuText, text);
    setColourScheme(scheme);

    setColour(juce::TextEditor::backgroundColourId, juce::Colour(0xff15171a));
    setColour(juce::TextEditor::textColourId, text);
    setColour(juce::TextEditor::outlineColourId, juce::Colour(0xff4a4f59));
    setColour(juce::TextEditor::focusedOutlineColourId, accent);
    setColour(juce::Label::textColourId, text);
    setColour(juce::ListBox::backgroundColourId, panel);
    setColour(juce::TableHeaderComponent::backgroundColourId, panelLight);
    setColour(juce::TableHeaderComponent::textColourId, text);
    setColour(juce::TableHeaderComponent::outlineColourId, juce::Colour(0xff4a4f59));
    setColour(juce::TextButton::buttonColourId, panelLight);
    setColour(juce::TextButton::textColourOffId, text);
    setColour(juce::ToggleButton::textColourId, text);
    setColour(juce::ToggleButton::tickColourId, accent);
    setColour(juce::TabbedButtonBar::tabTextColourId, textDim);
    setColour(juce::TabbedButtonBar::frontTextColourId, juce::Colours::white);
    setColour(juce::TabbedButtonBar::tabOutlineColourId, juce::Colour(0xff4a4f59));
    setColour(juce::TabbedButtonBar::frontOutlineColourId, accent);
    setColour(juce::TooltipWindow::backgroundColourId, juce::Colour(0xff0e0f11));
    setColour(juce::TooltipWindow::textColourId, text);
    setColour(juce::TooltipWindow::outlineColourId, accent);
}

juce::Font LookAndFeel::getLabelFont(juce::Label& label) {
    return label.getFont();
}

juce::Font LookAndFeel::getTextButtonFont(juce::TextButton&, int buttonHeight) {
    return font(juce::jmin(kFontSize, static_cast<float>(buttonHeight) * 0.6f));
}

juce::Font LookAndFeel::getComboBoxFont(juce::ComboBox&) { return font(); }
juce::Font LookAndFeel::getPopupMenuFont() { return font(); }

void LookAndFeel::drawTableHeaderColumn(juce::Graphics& g, juce::TableHeaderComponent& header,
                                        const juce::String& columnName, int columnId, int width, int height,
                                        bool isMouseOver, bool isMouseDown, int columnFlags) {
    juce::ignoreUnused(header, columnId, columnFlags);
    if (isMouseDown || isMouseOver)
        g.fillAll(accent.withAlpha(isMouseDown ? 0.3f : 0.15f));
    g.setColour(textDim);
    g.setFont(font(kSmallFontSize, true));
    g.drawFittedText(columnName, 6, 0, width - 12, height, juce::Justification::centredLeft, 1);
}

void LookAndFeel::drawTabButton(juce::TabBarButton& button, juce::Graphics& g, bool isMouseOver, bool) {
    auto area = button.getActiveArea().toFloat();
    const bool front = button.isFrontTab();
    g.setColour(front ? accent.darker(0.9f) : isMouseOver ? panelLight.brighter(0.1f) : panelLight);
    g.fillRect(area.reduced(1.0f, 0.0f));
    if (front) {
        g.setColour(accent);
        g.fillRect(area.reduced(1.0f, 0.0f).removeFromBottom(3.0f));
    }
    g.setColour(front ? juce::Colours::white : textDim);
    g.setFont(font(kFontSize, front));
    g.drawText(button.getButtonText(), button.getTextArea(), juce::Justification::centred);
}

int LookAndFeel::getTabButtonBestWidth(juce::TabBarButton& button, int tabDepth) {
    return textWidth(font(kFontSize, true), button.getButtonText()) + tabDepth;   // room for the bold front tab
}

namespace {
juce::TextLayout tooltipLayout(const juce::String& tipText, float maxWidth) {
    juce::AttributedString s;
    s.setJustification(juce::Justification::topLeft);
    s.append(tipText, font(kSmallFontSize), text);
    juce::TextLayout layout;
    layout.createLayoutWithBalancedLineLengths(s, maxWidth);
    return layout;
}
} // namespace

juce::Rectangle<int> LookAndFeel::getTooltipBounds(const juce::String& tipText, juce::Point<int> screenPos,
                                                   juce::Rectangle<int> parentArea) {
    const auto layout = tooltipLayout(tipText, 460.0f);
    const int w = static_cast<int>(layout.getWidth() + 16.0f);
    const int h = static_cast<int>(layout.getHeight() + 12.0f);
    return juce::Rectangle<int>(screenPos.x > parentArea.getCentreX() ? screenPos.x - (w + 12) : screenPos.x + 24,
                                screenPos.y > parentArea.getCentreY() ? screenPos.y - (h + 6) : screenPos.y + 6, w, h)
        .constrainedWithin(parentArea);
}

void LookAndFeel::drawTooltip(juce::Graphics& g, const juce::String& tipText, int width, int height) {
    g.fillAll(findColour(juce::TooltipWindow::backgroundColourId));
    g.setColour(findColour(juce::TooltipWindow::outlineColourId));
    g.drawRect(0, 0, width, height, 1);
    tooltipLayout(tipText, 460.0f).draw(g, juce::Rectangle<float>(8.0f, 6.0f, static_cast<float>(width) - 16.0f,
                                                                  static_cast<float>(height) - 12.0f));
}

} // namespace dmxin::theme
