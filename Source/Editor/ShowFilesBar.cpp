// ShowFilesBar (see ShowFilesBar.h). Message thread only.

#include "ShowFilesBar.h"

#include "EditorTheme.h"

#include "Core/ProfileFile.h"

namespace dmxin {

ShowFilesBar::ShowFilesBar(DmxInProcessor& processor) : processor_(processor) {
    caption_.setFont(theme::font(theme::kFontSize, true));
    caption_.setColour(juce::Label::textColourId, theme::textDim);
    for (auto* l : {&message_, &status_}) {
        l->setFont(theme::font());
        l->setMinimumHorizontalScale(0.8f);
    }
    status_.setColour(juce::Label::textColourId, theme::textDim);
    profile_.setTooltip("Export the mappings as a fixture for a lighting desk: QLC+ (.qxf), GDTF (.gdtf) or a CSV "
                        "patch sheet (.csv), chosen by the file's extension; the file name is the model name");
    record_.setTooltip("Record the DMX this instance receives (its mapped universes) to a file");
    replay_.setTooltip("Play a recording into DMX In instead of the network, at the original timing");
    loop_.setTooltip("Replay in a loop instead of once");
    profile_.onClick = [this] {
        choose("Export a fixture profile", "DMX In.qxf", "*.qxf;*.gdtf;*.csv", true,
               [this](const juce::File& f) { exportProfile(f); });
    };
    record_.onClick = [this] {
        if (processor_.getRecordReplayStatus().recording) {
            stopRecording();
            return;
        }
        choose("Record DMX to a file", "show.dmxrec", "*.dmxrec", true, [this](const juce::File& f) { startRecording(f); });
    };
    replay_.onClick = [this] {
        if (processor_.getRecordReplayStatus().replaying) {
            stopReplay();
            return;
        }
        choose("Replay a recording", {}, "*.dmxrec", false, [this](const juce::File& f) { startReplay(f, loop_.getToggleState()); });
    };
    for (auto* c : std::initializer_list<juce::Component*>{&caption_, &profile_, &record_, &replay_, &loop_, &message_, &status_})
        addAndMakeVisible(c);
    refresh();
    startTimerHz(4);
}

ShowFilesBar::~ShowFilesBar() { stopTimer(); }

void ShowFilesBar::choose(const juce::String& title, const juce::String& defaultName, const juce::String& patterns, bool save,
                          std::function<void(const juce::File&)> then) {
    const auto home = juce::File::getSpecialLocation(juce::File::userHomeDirectory);
    chooser_ = std::make_unique<juce::FileChooser>(title, defaultName.isEmpty() ? home : home.getChildFile(defaultName), patterns);
    const int chooserFlags = save ? juce::FileBrowserComponent::saveMode | juce::FileBrowserComponent::canSelectFiles
                                        | juce::FileBrowserComponent::warnAboutOverwriting
                                  : juce::FileBrowserComponent::openMode | juce::FileBrowserComponent::canSelectFiles;
    juce::Component::SafePointer<ShowFilesBar> self(this);
    chooser_->launchAsync(chooserFlags, [self, then](const juce::FileChooser& c) {
        if (self != nullptr && c.getResult() != juce::File())
            then(c.getResult());
    });
}

bool ShowFilesBar::exportProfile(const juce::File& target) {
    auto format = profileFormatFromExtension(target.getFileExtension().toStdString());
    const auto file = format ? target : target.withFileExtension("qxf");
    if (!format)
        format = ProfileFormat::Qxf;
    const auto path = file.getFullPathName().toStdString();
    std::string error;
    if (!writeProfile(path, *format, processor_.getProfileInput(modelFromFileName(path)), error)) {
        show(error, false);
        return false;
    }
    show("Exported " + file.getFullPathName(), true);
    return true;
}

bool ShowFilesBar::startRecording(const juce::File& target) {
    const auto file = target.hasFileExtension("dmxrec") ? target : target.withFileExtension("dmxrec");
    std::string error;
    if (!processor_.startRecording(file.getFullPathName().toStdString(), error)) {
        show(error, false);
        return false;
    }
    show("Recording to " + file.getFullPathName(), true);
    refresh();
    return true;
}

void ShowFilesBar::stopRecording() {
    const auto s = processor_.getRecordReplayStatus();
    processor_.stopRecording();
    if (s.recording)
        show("Recorded " + juce::String(s.recordPath), true);
    refresh();
}

bool ShowFilesBar::startReplay(const juce::File& file, bool loop) {
    std::string error;
    if (!processor_.startReplay(file.getFullPathName().toStdString(), loop, error)) {
        show(error, false);
        return false;
    }
    show("Replaying " + file.getFullPathName() + (loop ? " in a loop" : " once") + "; the network is paused", true);
    refresh();
    return true;
}

void ShowFilesBar::stopReplay() {
    processor_.stopReplay();
    show("Replay stopped; listening to the network again", true);
    refresh();
}

void ShowFilesBar::show(const juce::String& text, bool ok) {
    message_.setText(text, juce::dontSendNotification);
    message_.setTooltip(text);
    message_.setColour(juce::Label::textColourId, ok ? theme::ok : theme::error);
}

void ShowFilesBar::timerCallback() { refresh(); }

void ShowFilesBar::refresh() {
    const auto s = processor_.getRecordReplayStatus();
    record_.setButtonText(s.recording ? juce::String("Stop recording") : juce::String(juce::CharPointer_UTF8("Record\xe2\x80\xa6")));
    replay_.setButtonText(s.replaying ? juce::String("Stop replay") : juce::String(juce::CharPointer_UTF8("Replay\xe2\x80\xa6")));
    juce::StringArray parts;
    if (s.recording)
        parts.add("recording: " + juce::String(static_cast<juce::int64>(s.framesRecorded)) + " frames, "
                  + juce::String(static_cast<juce::int64>(s.bytesWritten)) + " bytes written");
    if (s.replaying)
        parts.add("replay: " + juce::String(static_cast<juce::int64>(s.framesReplayed)) + " frames queued ("
                  + juce::String(static_cast<juce::int64>(s.replayFrames)) + " per pass, "
                  + juce::String(s.replaySeconds, 1) + " s)" + (s.replayFinished ? ", finished: holding the last frame" : ""));
    status_.setText(parts.isEmpty() ? juce::String("not recording, not replaying") : parts.joinIntoString("; "),
                    juce::dontSendNotification);
}

void ShowFilesBar::resized() {
    auto area = getLocalBounds();
    caption_.setBounds(area.removeFromTop(26));
    auto buttons = area.removeFromTop(30).reduced(0, 2);
    for (juce::Component* b : std::initializer_list<juce::Component*>{&profile_, &record_, &replay_}) {
        b->setBounds(buttons.removeFromLeft(juce::jmin(140, buttons.getWidth() / 4)));
        buttons.removeFromLeft(6);
    }
    loop_.setBounds(buttons.removeFromLeft(70));
    message_.setBounds(area.removeFromTop(24));
    status_.setBounds(area.removeFromTop(24));
}

} // namespace dmxin
