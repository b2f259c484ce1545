#pragma once
// MappingEditPanel: the fields of the selected mapping (enabled, name, universe as "N:S:U" or a
// 1-based number, channel, 16-bit, target slot and its label, out min/max, invert). Each committed
// field (Return, focus lost, or a toggle click) hands a whole edited Mapping to onChange; typing
// that cannot be read at all (letters in a number, a malformed universe) goes to onInputError.
// Range checks are left to the processor, whose errors name the field. Message thread only.

#include "Core/Mapping.h"

#include <juce_gui_basics/juce_gui_basics.h>

#include <functional>
#include <optional>

namespace dmxin {

class MappingEditPanel final : public juce::Component {
public:
    MappingEditPanel();

    // Shows `mapping` (nullptr: nothing selected). Without `force`, a field the user is typing in
    // keeps its text.
    void show(const Mapping* mapping, int index, const juce::String& slotLabel, bool force);

    // The row index travels along: focus loss may commit after the selection moved on.
    std::function<void(int index, const Mapping&)> onChange;
    std::function<void(int slotNumber, const juce::String& label)> onLabelChange;
    std::function<void(const juce::String& message)> onInputError;

    void paint(juce::Graphics&) override;
    void resized() override;

private:
    struct Field {
        juce::Label caption;
        juce::TextEditor editor;
    };
    void setupField(Field& field, const juce::String& caption, const juce::String& tooltip);
    void commit();
    void commitLabel();
    std::optional<Mapping> readFields(juce::String& error) const;
    static void setText(Field& field, const juce::String& text, bool force);

    std::optional<Mapping> current_;
    int currentIndex_ = -1;
    juce::String currentLabel_;
    juce::ToggleButton enabled_{"Enabled"};
    juce::ToggleButton sixteenBit_{"16-bit"};
    juce::ToggleButton invert_{"Invert"};
    Field name_, universe_, channel_, slot_, label_, outMin_, outMax_;
    juce::Label hint_;
};

} // namespace dmxin
