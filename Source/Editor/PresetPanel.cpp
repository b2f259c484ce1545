// PresetPanel (see PresetPanel.h). Message thread only; file choosers are asynchronous.

#include "PresetPanel.h"

#include "EditorTheme.h"

#include <FactoryPresets.h>

namespace dmxin {

namespace {
juce::String factoryName(int index) {
    return juce::File::createFileWithoutCheckingPath(FactoryPresets::originalFilenames[index])
        .getFileNameWithoutExtension();
}
} // namespace

juce::File PresetPanel::presetFolder() {
    return juce::File::getSpecialLocation(juce::File::userApplicationDataDirectory).getChildFile("DMX In").getChildFile("presets");
}

PresetPanel::PresetPanel(DmxInProcessor& processor, juce::File folder) : processor_(processor), folder_(std::move(folder)) {
    list_.setModel(this);
    list_.setRowHeight(theme::kRowHeight);
    list_.setColour(juce::ListBox::outlineColourId, juce::Colour(0xff4a4f59));
    list_.setOutlineThickness(1);
    for (auto* l : {&listCaption_, &errorsCaption_}) {
        l->setFont(theme::font(theme::kFontSize, true));
        l->setColour(juce::Label::textColourId, theme::textDim);
    }
    listCaption_.setText("Presets (factory, then " + folder_.getFullPathName() + ")", juce::dontSendNotification);
    listCaption_.setMinimumHorizontalScale(0.7f);
    nameCaption_.setFont(theme::font());
    nameCaption_.setColour(juce::Label::textColourId, theme::textDim);
    name_.setFont(theme::font());
    name_.setIndents(6, 4);
    name_.setTextToShowWhenEmpty("preset name", theme::textDim);
    name_.setTooltip("The name to save the current mappings, labels and network settings under");
    name_.setInputRestrictions(64);
    name_.onReturnKey = [this] { saveAs(name_.getText()); };
    message_.setFont(theme::font());
    message_.setMinimumHorizontalScale(1.0f);
    errors_view_.setMultiLine(true, true);
    errors_view_.setReadOnly(true);
    errors_view_.setFont(theme::font(theme::kSmallFontSize + 1.0f));
    errors_view_.setColour(juce::TextEditor::textColourId, theme::error);
    errors_view_.setTooltip("Every error of the last refused preset, each naming its field");
    errors_view_.setComponentID("presetErrors");
    errorsCaption_.setText("Errors of a refused preset", juce::dontSendNotification);

    load_.setTooltip("Apply the selected preset (double-click does the same)");
    save_.setTooltip("Save the current state into the preset folder under this name");
    import_.setTooltip("Load a preset file from anywhere; when it is accepted it is also copied into the preset folder");
    export_.setTooltip("Write the current state to a JSON file anywhere");
    reveal_.setTooltip("Open the preset folder in the file manager");
    load_.onClick = [this] { loadSelected(); };
    save_.onClick = [this] { saveAs(name_.getText()); };
    reveal_.onClick = [this] {
        folder_.createDirectory();
        folder_.revealToUser();
    };
    import_.onClick = [this] {
        chooser_ = std::make_unique<juce::FileChooser>("Import a DMX In preset",
                                                       juce::File::getSpecialLocation(juce::File::userHomeDirectory), "*.json");
        juce::Component::SafePointer<PresetPanel> self(this);
        chooser_->launchAsync(juce::FileBrowserComponent::openMode | juce::FileBrowserComponent::canSelectFiles,
                              [self](const juce::FileChooser& c) {
                                  if (self != nullptr && c.getResult() != juce::File())
                                      self->importFile(c.getResult());
                              });
    };
    export_.onClick = [this] {
        chooser_ = std::make_unique<juce::FileChooser>(
            "Export the current state", juce::File::getSpecialLocation(juce::File::userHomeDirectory).getChildFile("dmx-in.json"),
            "*.json");
        juce::Component::SafePointer<PresetPanel> self(this);
        chooser_->launchAsync(juce::FileBrowserComponent::saveMode | juce::FileBrowserComponent::canSelectFiles
                                  | juce::FileBrowserComponent::warnAboutOverwriting,
                              [self](const juce::FileChooser& c) {
                                  if (self != nullptr && c.getResult() != juce::File())
                                      self->exportTo(c.getResult());
                              });
    };
    for (auto* c : std::initializer_list<juce::Component*>{&list_, &listCaption_, &nameCaption_, &name_, &message_, &errorsCaption_,
                                                           &errors_view_, &load_, &save_, &import_, &export_, &reveal_, &showFiles_})
        addAndMakeVisible(c);
    rescan();
    showResult({}, true);
}

PresetPanel::~PresetPanel() {
    list_.setModel(nullptr);
}

int PresetPanel::numFactoryPresets() const {
    return FactoryPresets::namedResourceListSize;
}

void PresetPanel::rescan() {
    files_.clear();
    if (folder_.isDirectory())
        files_ = folder_.findChildFiles(juce::File::findFiles, false, "*.json");
    files_.sort();
    list_.updateContent();
    list_.repaint();
}

void PresetPanel::showResult(const juce::String& text, bool ok, const std::vector<std::string>& errors) {
    message_.setText(text, juce::dontSendNotification);
    message_.setColour(juce::Label::textColourId, ok ? theme::ok : theme::error);
    message_.setTooltip(text);
    errors_.clear();
    for (const auto& e : errors)
        errors_.add(juce::String(e));
    errors_view_.setText(errors_.joinIntoString("\n"), juce::dontSendNotification);
    const bool show = !errors_.isEmpty();
    errorsCaption_.setVisible(show);
    errors_view_.setVisible(show);
}

bool PresetPanel::applyJson(const std::string& json, const juce::String& what) {
    std::vector<std::string> errors;
    if (!processor_.applyStateJson(json, errors)) {
        showResult("Refused " + what + ": " + juce::String(static_cast<int>(errors.size()))
                       + (errors.size() == 1 ? " error" : " errors") + ", nothing changed",
                   false, errors);
        return false;
    }
    showResult("Loaded " + what, true);
    if (onPresetLoaded)
        onPresetLoaded();
    return true;
}

bool PresetPanel::loadFile(const juce::File& file) {
    if (!file.existsAsFile()) {
        showResult("Refused " + file.getFileName(), false, {"preset: " + file.getFullPathName().toStdString() + " does not exist"});
        return false;
    }
    return applyJson(file.loadFileAsString().toStdString(), file.getFileName());
}

bool PresetPanel::loadFactory(int index) {
    if (index < 0 || index >= numFactoryPresets())
        return false;
    int size = 0;
    const char* data = FactoryPresets::getNamedResource(FactoryPresets::namedResourceList[index], size);
    if (data == nullptr)
        return false;
    return applyJson(std::string(data, static_cast<std::size_t>(size)), "factory preset \"" + factoryName(index) + "\"");
}

bool PresetPanel::saveAs(const juce::String& typed) {
    const auto name = juce::File::createLegalFileName(typed.trim());
    if (name.isEmpty()) {
        showResult("Type a name for the preset first", false);
        return false;
    }
    if (!folder_.createDirectory()) {
        showResult("Could not create " + folder_.getFullPathName(), false);
        return false;
    }
    const auto file = folder_.getChildFile(name).withFileExtension("json");
    juce::String error;
    if (!processor_.savePresetFile(file, error)) {
        showResult("Not saved: " + error, false);
        return false;
    }
    rescan();
    showResult("Saved " + file.getFullPathName(), true);
    return true;
}

bool PresetPanel::importFile(const juce::File& file) {
    if (!loadFile(file))
        return false;
    folder_.createDirectory();
    const auto copy = folder_.getChildFile(file.getFileName()).withFileExtension("json");
    if (copy != file && !file.copyFileTo(copy)) {
        showResult("Loaded " + file.getFileName() + ", but could not copy it into " + folder_.getFullPathName(), false);
        return true;
    }
    rescan();
    showResult("Imported " + file.getFileName() + " (copied into the preset folder)", true);
    return true;
}

bool PresetPanel::exportTo(const juce::File& target) {
    auto file = target.hasFileExtension("json") ? target : target.withFileExtension("json");
    juce::String error;
    if (!processor_.savePresetFile(file, error)) {
        showResult("Not exported: " + error, false);
        return false;
    }
    showResult("Exported " + file.getFullPathName(), true);
    return true;
}

void PresetPanel::loadSelected() {
    const int row = list_.getSelectedRow();
    if (row < 0) {
        showResult("Select a preset first", false);
        return;
    }
    if (row < numFactoryPresets())
        loadFactory(row);
    else
        loadFile(files_[row - numFactoryPresets()]);
}

int PresetPanel::getNumRows() {
    return numFactoryPresets() + files_.size();
}

void PresetPanel::paintListBoxItem(int row, juce::Graphics& g, int width, int height, bool selected) {
    if (selected)
        g.fillAll(theme::accent.withAlpha(0.28f));
    const bool factory = row < numFactoryPresets();
    const auto text = factory ? factoryName(row) : files_[row - numFactoryPresets()].getFileNameWithoutExtension();
    g.setFont(theme::font());
    g.setColour(theme::text);
    g.drawText(text, 8, 0, width - 100, height, juce::Justification::centredLeft);
    g.setColour(theme::textDim);
    g.setFont(theme::font(theme::kSmallFontSize));
    g.drawText(factory ? "factory" : "user", width - 90, 0, 82, height, juce::Justification::centredRight);
}

void PresetPanel::listBoxItemDoubleClicked(int, const juce::MouseEvent&) {
    loadSelected();
}

void PresetPanel::selectedRowsChanged(int row) {
    if (row >= numFactoryPresets() && row < getNumRows())
        name_.setText(files_[row - numFactoryPresets()].getFileNameWithoutExtension(), juce::dontSendNotification);
}

juce::String PresetPanel::getTooltipForRow(int row) {
    if (row < numFactoryPresets())
        return "Factory preset \"" + factoryName(row) + "\" (built in). Double-click to load.";
    return files_[row - numFactoryPresets()].getFullPathName() + "\nDouble-click to load.";
}

void PresetPanel::paint(juce::Graphics& g) {
    g.fillAll(theme::background);
}

void PresetPanel::resized() {
    auto area = getLocalBounds().reduced(8);
    auto left = area.removeFromLeft(juce::jmax(320, area.getWidth() / 2));
    area.removeFromLeft(12);
    listCaption_.setBounds(left.removeFromTop(28));
    auto buttons = left.removeFromBottom(34).reduced(0, 2);
    for (auto* b : {&load_, &import_, &export_, &reveal_}) {
        b->setBounds(buttons.removeFromLeft(juce::jmin(120, left.getWidth() / 4 - 6)));
        buttons.removeFromLeft(6);
    }
    left.removeFromBottom(6);
    list_.setBounds(left);

    auto row = area.removeFromTop(28);
    nameCaption_.setBounds(row.removeFromLeft(56));
    save_.setBounds(row.removeFromRight(90));
    row.removeFromRight(6);
    name_.setBounds(row);
    area.removeFromTop(6);
    message_.setBounds(area.removeFromTop(28));
    showFiles_.setBounds(area.removeFromBottom(108));
    area.removeFromBottom(6);
    area.removeFromTop(6);
    errorsCaption_.setBounds(area.removeFromTop(28));
    errors_view_.setBounds(area);
}

} // namespace dmxin
