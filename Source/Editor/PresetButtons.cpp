// PresetButtons (see PresetButtons.h). Message thread only; the file choosers are asynchronous.

#include "PresetButtons.h"

#include "EditorTheme.h"

namespace dmxin {

PresetButtons::PresetButtons(DmxInProcessor& processor)
    : processor_(processor),
      lastDirectory_(juce::File::getSpecialLocation(juce::File::userDocumentsDirectory)) {
    load_.onClick = [this] { load(); };
    save_.onClick = [this] { save(); };
    load_.setTooltip("Load mappings, labels and network settings from a JSON preset");
    save_.setTooltip("Save mappings, labels and network settings as a JSON preset");
    message_.setFont(theme::font(theme::kSmallFontSize));
    message_.setJustificationType(juce::Justification::centredRight);
    addAndMakeVisible(load_);
    addAndMakeVisible(save_);
    addAndMakeVisible(message_);
}

void PresetButtons::showMessage(const juce::String& text, juce::Colour colour) {
    message_.setText(text, juce::dontSendNotification);
    message_.setTooltip(text);
    message_.setColour(juce::Label::textColourId, colour);
}

void PresetButtons::load() {
    chooser_ = std::make_unique<juce::FileChooser>("Load a DMX In preset", lastDirectory_, "*.json");
    const auto chooserFlags = juce::FileBrowserComponent::openMode | juce::FileBrowserComponent::canSelectFiles;
    juce::Component::SafePointer<PresetButtons> self(this);
    chooser_->launchAsync(chooserFlags, [self](const juce::FileChooser& chooser) {
        if (self == nullptr)
            return;
        const auto file = chooser.getResult();
        if (file == juce::File())
            return;   // cancelled
        self->lastDirectory_ = file.getParentDirectory();
        std::vector<std::string> errors;
        if (self->processor_.loadPresetFile(file, errors)) {
            self->showMessage("Loaded " + file.getFileName(), theme::ok);
            if (self->onPresetLoaded)
                self->onPresetLoaded();
        } else {
            self->showMessage("Refused " + file.getFileName() + " (" + juce::String(static_cast<int>(errors.size()))
                                  + (errors.size() == 1 ? " error" : " errors") + ", see above)",
                              theme::error);
        }
    });
}

void PresetButtons::save() {
    chooser_ = std::make_unique<juce::FileChooser>("Save a DMX In preset", lastDirectory_.getChildFile("preset.json"),
                                                   "*.json");
    const auto chooserFlags = juce::FileBrowserComponent::saveMode | juce::FileBrowserComponent::canSelectFiles
                       | juce::FileBrowserComponent::warnAboutOverwriting;
    juce::Component::SafePointer<PresetButtons> self(this);
    chooser_->launchAsync(chooserFlags, [self](const juce::FileChooser& chooser) {
        if (self == nullptr)
            return;
        auto file = chooser.getResult();
        if (file == juce::File())
            return;   // cancelled
        if (!file.hasFileExtension("json"))
            file = file.withFileExtension("json");
        self->lastDirectory_ = file.getParentDirectory();
        juce::String error;
        if (self->processor_.savePresetFile(file, error))
            self->showMessage("Saved " + file.getFileName(), theme::ok);
        else
            self->showMessage("Not saved: " + error, theme::error);
    });
}

void PresetButtons::resized() {
    auto area = getLocalBounds();
    auto buttons = area.removeFromTop(30);
    save_.setBounds(buttons.removeFromRight(140).reduced(2, 0));
    load_.setBounds(buttons.removeFromRight(140).reduced(2, 0));
    message_.setBounds(area);
}

} // namespace dmxin
