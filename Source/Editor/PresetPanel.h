#pragma once
// PresetPanel: the Presets tab. Lists the factory presets (built in from Resources/presets) and the
// user's presets (JSON files in presetFolder(): ~/.config/DMX In/presets on Linux), and offers
// Load, Save (by name, into the folder), Import (a file from anywhere: applied, then copied into
// the folder) and Export (the current state to a file anywhere). A refused preset changes nothing
// and every one of its errors is listed with its field. Below them, the ShowFilesBar: fixture-profile
// export and DMX record/replay. File choosers are asynchronous.
// Message thread only.

#include "ShowFilesBar.h"

#include "Plugin/DmxInProcessor.h"

#include <juce_gui_basics/juce_gui_basics.h>

#include <functional>
#include <memory>
#include <vector>

namespace dmxin {

class PresetPanel final : public juce::Component, private juce::ListBoxModel {
public:
    explicit PresetPanel(DmxInProcessor& processor, juce::File folder = presetFolder());
    ~PresetPanel() override;

    static juce::File presetFolder();

    // Actions (buttons and tests). Each returns whether it succeeded; the outcome is shown.
    bool loadFile(const juce::File& file);
    bool loadFactory(int index);
    bool saveAs(const juce::String& name);
    bool importFile(const juce::File& file);
    bool exportTo(const juce::File& file);
    void rescan();

    juce::StringArray shownErrors() const { return errors_; }
    juce::String messageText() const { return message_.getText(); }
    int numFactoryPresets() const;
    const juce::Array<juce::File>& userPresets() const noexcept { return files_; }
    ShowFilesBar& showFiles() noexcept { return showFiles_; }

    // After a preset was applied, so the editor can refresh at once.
    std::function<void()> onPresetLoaded;

    void paint(juce::Graphics&) override;
    void resized() override;

private:
    int getNumRows() override;
    void paintListBoxItem(int row, juce::Graphics&, int width, int height, bool selected) override;
    void listBoxItemDoubleClicked(int row, const juce::MouseEvent&) override;
    void selectedRowsChanged(int) override;
    juce::String getTooltipForRow(int row) override;

    bool applyJson(const std::string& json, const juce::String& what);
    void loadSelected();
    void showResult(const juce::String& text, bool ok, const std::vector<std::string>& errors = {});

    DmxInProcessor& processor_;
    juce::File folder_;
    juce::Array<juce::File> files_;
    juce::ListBox list_;
    juce::Label listCaption_{{}, "Presets"}, nameCaption_{{}, "Name"}, message_, errorsCaption_;
    juce::TextEditor name_, errors_view_;
    juce::TextButton load_{"Load"}, save_{"Save"}, import_{juce::String(juce::CharPointer_UTF8("Import\xe2\x80\xa6"))},
        export_{juce::String(juce::CharPointer_UTF8("Export\xe2\x80\xa6"))}, reveal_{"Show folder"};
    juce::StringArray errors_;
    std::unique_ptr<juce::FileChooser> chooser_;
    ShowFilesBar showFiles_{processor_};
};

} // namespace dmxin
