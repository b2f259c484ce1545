#pragma once
// MappingDetails: every field of the selected mapping, grouped as a lighting programmer reads them:
//   Source:    enabled, name, protocol, universe, channel, 16-bit and fine channel
//   Shape:     input window (DMX from/to), output range, invert, curve and its amount
//   On loss:   hold / jump to a value / fade to it over a time
//   Target:    parameter slot and its label (the name the host shows)
//   Response:  smoothing (ms), deadband (raw steps), steps (quantise), continuous or switch with
//              threshold and hysteresis
// with a TransferPlot of the curve (steps and the switch's on/off loop included) and the live input.
// Each committed field (Return, focus lost, a toggle, a menu choice, the end of a slider drag)
// hands a whole edited Mapping to onChange; text that cannot be read goes to onInputError. Range
// checks are left to the processor, whose errors name the field. Message thread only.

#include "TransferPlot.h"

#include "Core/Mapping.h"

#include <juce_gui_basics/juce_gui_basics.h>

#include <functional>
#include <optional>

namespace dmxin {

class MappingDetails final : public juce::Component {
public:
    MappingDetails();

    // Shows `mapping` (nullptr: nothing selected). Without `force`, a field being typed in keeps
    // its text. liveRaw: the live input for the plot (-1 unknown).
    void show(const Mapping* mapping, int index, const juce::String& slotLabel, int liveRaw, bool force);

    std::function<void(int index, const Mapping&, const juce::String& what)> onChange;
    std::function<void(int slotNumber, const juce::String& label)> onLabelChange;
    std::function<void(const juce::String& message)> onInputError;

    void paint(juce::Graphics&) override;
    void resized() override;

private:
    struct Field {
        juce::Label caption;
        juce::TextEditor editor;
    };
    void setupField(Field& field, const juce::String& id, const juce::String& caption, const juce::String& tooltip,
                    int maxLength, const juce::String& allowed);
    void setupCaption(juce::Label& caption, const juce::String& text);
    void commit(const juce::String& what);
    void commitLabel();
    std::optional<Mapping> readFields(juce::String& error) const;
    void updateEnablement();
    static void setText(Field& field, const juce::String& text, bool force);

    std::optional<Mapping> current_;
    int currentIndex_ = -1;
    juce::String currentLabel_;
    int liveRaw_ = -1;

    juce::ToggleButton enabled_{"Enabled"}, sixteenBit_{"16-bit"}, invert_{"Invert"};
    juce::Label protocolCaption_, curveCaption_, amountCaption_, lossCaption_, modeCaption_;
    juce::ComboBox protocol_, curve_, loss_, mode_;
    juce::Slider amount_{juce::Slider::LinearHorizontal, juce::Slider::TextBoxRight};
    Field name_, universe_, channel_, fine_, inMin_, inMax_, outMin_, outMax_, lossValue_, lossFade_, slot_, label_;
    Field smoothing_, deadband_, steps_, threshold_, hysteresis_;
    juce::Label hint_;
    TransferPlot plot_;
};

} // namespace dmxin
