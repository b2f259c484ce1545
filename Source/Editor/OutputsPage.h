#pragma once
// OutputsPage: the Outputs tab (host -> rig, DESIGN.md "Output"). Above, what is sent or why nothing
// is (no output yet, --output-off, switched off) with this instance's packets sent and send errors,
// the last one in the system's words. Left: the output universes (universe in both notations,
// protocol, destination, rate, on/off, per-universe counts), Add / Remove, and the selected one's
// fields. Right: the selected universe's channels (DMX channel, 8/16-bit, the parameter slot that
// drives it, range, invert, and the live value read from the parameter), Add / Remove, and the
// selected channel's fields.
// Every edit builds a whole new OutputSettings and hands it to DmxInProcessor::setOutputSettings,
// the validated path every other source of settings takes (OutputRules), as one undoable step
// (OutputHistory; Undo / Redo here, Ctrl+Z / Ctrl+Shift+Z while the tab shows): a refused edit shows
// the errors with their fields and changes nothing (the fields go back to what the processor keeps).
// refresh() (the editor's timer, while the tab shows) re-reads settings, status and live values.
// Message thread only.

#include "OutputHistory.h"
#include "OutputRowList.h"

#include "Plugin/DmxInProcessor.h"

#include <juce_gui_basics/juce_gui_basics.h>

#include <optional>

namespace dmxin {

class OutputsPage final : public juce::Component, public juce::SettableTooltipClient {
public:
    explicit OutputsPage(DmxInProcessor& processor);

    void refresh();

    // The buttons' actions (tests call them as a click would). Each returns whether the processor
    // took the edit.
    bool addUniverse();
    bool removeSelectedUniverse();
    bool addChannel();
    bool removeSelectedChannel();
    bool undo();
    bool redo();
    void selectUniverse(int index);
    void selectChannel(int index);

    // What is shown (tests).
    juce::String stateText() const { return state_.getText(); }
    juce::String messageText() const { return message_.getText(); }
    const juce::StringArray& universeRows() const { return universes_.rows(); }
    const juce::StringArray& channelRows() const { return channels_.rows(); }

    void paint(juce::Graphics&) override;
    void resized() override;

private:
    struct Field {
        juce::Label caption;
        juce::TextEditor editor;
    };
    void setupField(Field& field, const juce::String& id, const juce::String& caption, const juce::String& tooltip,
                    const juce::String& allowed, bool channelField);
    void setupButton(juce::Button& button, const juce::String& id, const juce::String& tooltip);
    void setupCombo(juce::ComboBox& box, juce::Label& caption, const juce::String& id, const juce::String& captionText,
                    const juce::String& tooltip);

    // Hands `next` to the processor; on refusal shows why (`what` names the edit) and reloads.
    bool apply(const OutputSettings& next, const juce::String& what);
    void commitUniverse(const juce::String& what);
    void commitChannel(const juce::String& what);
    void commitGeneral(const juce::String& what);   // master switch, sACN source name, ArtSync
    void reload(bool force);   // settings -> lists and fields
    // The selected universe of `settings` (a copy the caller edits) and the selected channel of
    // `universe`, or null when nothing valid is selected.
    OutputUniverse* selectedUniverseIn(OutputSettings& settings) const;
    OutputChannel* selectedChannelIn(OutputUniverse& universe) const;
    bool step(bool forward);   // undo (false) or redo (true), with the message it leaves
    void showError(const juce::String& text);

    DmxInProcessor& processor_;
    OutputHistory history_;
    OutputSettings settings_;   // as the processor keeps them, read at the last reload
    OutputStatus status_;
    bool reloading_ = false;    // reload() runs: selection changes it makes do not call it again

    juce::Label state_, message_, universesCaption_, channelsCaption_;
    OutputRowList universes_, channels_;
    juce::TextButton addUniverse_{"Add universe"}, removeUniverse_{"Remove universe"};
    juce::TextButton undo_{"Undo"}, redo_{"Redo"};
    juce::TextButton addChannel_{"Add channel"}, removeChannel_{"Remove channel"};

    juce::ToggleButton masterEnabled_{"Output on"}, artnetSync_{"ArtSync"};
    Field sourceName_;

    juce::ToggleButton enabled_{"Enabled"};
    juce::Label protocolCaption_, destinationCaption_;
    juce::ComboBox protocol_, destination_;
    Field universe_, name_, addresses_, interface_, port_, rate_;

    juce::ToggleButton sixteenBit_{"16-bit"}, invert_{"Invert"};
    Field channel_, slot_, dmxMin_, dmxMax_;
};

} // namespace dmxin
