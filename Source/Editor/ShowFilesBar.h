#pragma once
// ShowFilesBar: the show-file actions of the Presets tab. "Fixture profile..." exports the mapping
// table as a QLC+ fixture (.qxf), a GDTF file (.gdtf) or a CSV patch sheet (.csv), by the chosen
// file's extension, with the file name as the model name. "Record..." records what this instance
// receives to a file; "Replay..." plays a recording into it instead of the network (once, or
// looped with "Loop"). A status line shows what runs. File choosers are asynchronous.
// Message thread only.

#include "Plugin/DmxInProcessor.h"

#include <juce_gui_basics/juce_gui_basics.h>

#include <memory>

namespace dmxin {

class ShowFilesBar final : public juce::Component, private juce::Timer {
public:
    explicit ShowFilesBar(DmxInProcessor& processor);
    ~ShowFilesBar() override;

    // Actions (buttons and tests); each returns whether it succeeded and shows the outcome.
    bool exportProfile(const juce::File& file);
    bool startRecording(const juce::File& file);
    void stopRecording();
    bool startReplay(const juce::File& file, bool loop);
    void stopReplay();
    juce::String messageText() const { return message_.getText(); }
    juce::String statusText() const { return status_.getText(); }

    void resized() override;

private:
    void timerCallback() override;
    void refresh();
    void show(const juce::String& text, bool ok);
    void choose(const juce::String& title, const juce::String& defaultName, const juce::String& patterns, bool save,
                std::function<void(const juce::File&)> then);

    DmxInProcessor& processor_;
    juce::TextButton profile_{juce::String(juce::CharPointer_UTF8("Fixture profile\xe2\x80\xa6"))},
        record_{juce::String(juce::CharPointer_UTF8("Record\xe2\x80\xa6"))},
        replay_{juce::String(juce::CharPointer_UTF8("Replay\xe2\x80\xa6"))};
    juce::ToggleButton loop_{"Loop"};
    juce::Label caption_{{}, "Show files"}, message_, status_;
    std::unique_ptr<juce::FileChooser> chooser_;
};

} // namespace dmxin
