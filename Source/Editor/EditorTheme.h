#pragma once
// The editor's dark theme: colours and fonts sized to stay readable on a dark stage, and the
// LookAndFeel that applies them to every child. Message thread only.

#include <juce_gui_basics/juce_gui_basics.h>

namespace dmxin::theme {

inline const juce::Colour background{0xff1b1d21};
inline const juce::Colour panel{0xff24272d};
inline const juce::Colour panelLight{0xff2e323a};
inline const juce::Colour text{0xffe6e8ec};
inline const juce::Colour textDim{0xffa0a6b0};
inline const juce::Colour accent{0xff4fb3ff};
inline const juce::Colour ok{0xff5fd38a};
inline const juce::Colour warning{0xffffb347};
inline const juce::Colour error{0xffff6b6b};
inline const juce::Colour bar{0xff3d8fd1};

inline constexpr float kFontSize = 16.0f;
inline constexpr float kSmallFontSize = 14.0f;
inline constexpr int kRowHeight = 28;

juce::Font font(float size = kFontSize, bool bold = false);
// Width of text in pixels (JUCE 7 and 8 measure it through different calls).
int textWidth(const juce::Font& f, const juce::String& s);

// LookAndFeel_V4 on a dark scheme with larger default fonts.
class LookAndFeel final : public juce::LookAndFeel_V4 {
public:
    LookAndFeel();
    juce::Font getLabelFont(juce::Label&) override;
    juce::Font getTextButtonFont(juce::TextButton&, int buttonHeight) override;
    juce::Font getComboBoxFont(juce::ComboBox&) override;
    juce::Font getPopupMenuFont() override;
    void drawTableHeaderColumn(juce::Graphics&, juce::TableHeaderComponent&, const juce::String& columnName,
                               int columnId, int width, int height, bool isMouseOver, bool isMouseDown,
                               int columnFlags) override;
    // The current tab stands out (accent fill and underline, bold white text); the others stay quiet.
    void drawTabButton(juce::TabBarButton&, juce::Graphics&, bool isMouseOver, bool isMouseDown) override;
    int getTabButtonBestWidth(juce::TabBarButton&, int tabDepth) override;
    juce::Rectangle<int> getTooltipBounds(const juce::String& tipText, juce::Point<int> screenPos,
                                          juce::Rectangle<int> parentArea) override;
    void drawTooltip(juce::Graphics&, const juce::String& text, int width, int height) override;
};

} // namespace dmxin::theme
