#pragma once
// PresetButtons: "Load preset…" and "Save preset…" with asynchronous file choosers, and a short
// message saying what happened (a refused preset names its fields; the full text also shows in the
// status bar via getLastStateError). Message thread only.

#include "Plugin/DmxInProcessor.h"

#include <juce_gui_basics/juce_gui_basics.h>

#include <functional>
#include <memory>

namespace dmxin {

class PresetButtons final : public juce::Component {
public:
    explicit PresetButtons(DmxInProcessor& processor);

    // Called after a preset was loaded, so the editor can refresh at once.
    std::function<void()> onPresetLoaded;

    void resized() override;

private:
    void load();
    void save();
    void showMessage(const juce::String& text, juce::Colour colour);

    DmxInProcessor& processor_;
    juce::TextButton load_{juce::String(juce::CharPointer_UTF8("Load preset\xe2\x80\xa6"))};
    juce::TextButton save_{juce::String(juce::CharPointer_UTF8("Save preset\xe2\x80\xa6"))};
    juce::Label message_;
    std::unique_ptr<juce::FileChooser> chooser_;
    juce::File lastDirectory_;
};

} // namespace dmxin
