// MappingEditPanel (see MappingEditPanel.h). Message thread only.

#include "MappingEditPanel.h"

#include "EditorTheme.h"
#include "MappingEdits.h"

namespace dmxin {

MappingEditPanel::MappingEditPanel() {
    setupField(name_, "Name", "Free text shown in this list");
    setupField(universe_, "Universe",
               "Art-Net Port-Address: Net:SubNet:Universe, 0-based (\"0:0:1\"), or a universe number "
               "counted from 1 (\"2\" is 0:0:1); sACN: \"sACN 5\" (sACN universes are 1..63999)");
    setupField(channel_, "Channel", "DMX channel 1..512 (the coarse channel of a 16-bit pair)");
    setupField(slot_, "Slot", "Target parameter slot 1..128 (control001..control128)");
    setupField(label_, "Label", "The target slot's label, shown to the host as the parameter name");
    setupField(outMin_, "Out min", "Output value at DMX 0, 0..1");
    setupField(outMax_, "Out max", "Output value at DMX full, 0..1 (below Out min runs backwards)");
    name_.editor.setInputRestrictions(128);
    universe_.editor.setInputRestrictions(24, "0123456789:()# sACNacnrtNe-");
    channel_.editor.setInputRestrictions(4, "0123456789");
    slot_.editor.setInputRestrictions(3, "0123456789");
    outMin_.editor.setInputRestrictions(8, "0123456789.-");
    outMax_.editor.setInputRestrictions(8, "0123456789.-");
    label_.editor.onReturnKey = [this] { commitLabel(); };
    label_.editor.onFocusLost = [this] { commitLabel(); };

    for (auto* t : {&enabled_, &sixteenBit_, &invert_}) {
        t->onClick = [this] { commit(); };
        addAndMakeVisible(t);
    }
    enabled_.setTooltip("A disabled mapping keeps its settings but drives nothing");
    sixteenBit_.setTooltip("Coarse + fine channel pair (the fine channel is the next one)");
    invert_.setTooltip("Full DMX gives Out min, zero gives Out max");
    hint_.setText("Select a mapping above to edit it, or Add one.", juce::dontSendNotification);
    hint_.setFont(theme::font());
    hint_.setColour(juce::Label::textColourId, theme::textDim);
    addAndMakeVisible(hint_);
    show(nullptr, -1, {}, true);
}

void MappingEditPanel::setupField(Field& field, const juce::String& caption, const juce::String& tooltip) {
    field.caption.setText(caption, juce::dontSendNotification);
    field.caption.setFont(theme::font());
    field.caption.setColour(juce::Label::textColourId, theme::textDim);
    field.caption.setJustificationType(juce::Justification::centredRight);
    field.editor.setFont(theme::font());
    field.editor.setIndents(6, 4);
    field.editor.setTooltip(tooltip);
    field.editor.setSelectAllWhenFocused(true);
    if (&field != &label_) {
        field.editor.onReturnKey = [this] { commit(); };
        field.editor.onFocusLost = [this] { commit(); };
    }
    field.editor.onEscapeKey = [this] { show(current_ ? &*current_ : nullptr, currentIndex_, currentLabel_, true); };
    addAndMakeVisible(field.caption);
    addAndMakeVisible(field.editor);
}

void MappingEditPanel::setText(Field& field, const juce::String& text, bool force) {
    if (force || !field.editor.hasKeyboardFocus(true))
        field.editor.setText(text, juce::dontSendNotification);
}

void MappingEditPanel::show(const Mapping* mapping, int index, const juce::String& slotLabel, bool force) {
    const bool has = mapping != nullptr;
    currentIndex_ = has ? index : -1;
    currentLabel_ = slotLabel;
    if (has)
        current_ = *mapping;
    else
        current_.reset();
    hint_.setVisible(!has);
    for (auto* c : std::initializer_list<juce::Component*>{&enabled_, &sixteenBit_, &invert_})
        c->setVisible(has);
    for (auto* f : {&name_, &universe_, &channel_, &slot_, &label_, &outMin_, &outMax_}) {
        f->caption.setVisible(has);
        f->editor.setVisible(has);
    }
    if (!has)
        return;
    enabled_.setToggleState(mapping->enabled, juce::dontSendNotification);
    sixteenBit_.setToggleState(mapping->sixteenBit, juce::dontSendNotification);
    invert_.setToggleState(mapping->invert, juce::dontSendNotification);
    setText(name_, juce::String(mapping->name), force);
    setText(universe_, juce::String(mapping->universe.describe()), force);
    setText(channel_, juce::String(mapping->channel), force);
    setText(slot_, juce::String(mapping->targetSlot), force);
    setText(label_, slotLabel, force);
    setText(outMin_, formatUnit(mapping->outMin), force);
    setText(outMax_, formatUnit(mapping->outMax), force);
}

std::optional<Mapping> MappingEditPanel::readFields(juce::String& error) const {
    Mapping m = *current_;
    m.name = name_.editor.getText().trim().toStdString();
    m.enabled = enabled_.getToggleState();
    m.sixteenBit = sixteenBit_.getToggleState();
    m.invert = invert_.getToggleState();

    // "Art-Net 0:0:1 (#2)" or "sACN 5" as shown is accepted too: the protocol comes from the
    // prefix, and the "(#n)" part is dropped before parsing.
    auto universeText = universe_.editor.getText().upToFirstOccurrenceOf("(", false, false).trim();
    DmxProtocol protocol = DmxProtocol::ArtNet;
    if (universeText.startsWithIgnoreCase("sACN")) {
        protocol = DmxProtocol::Sacn;
        universeText = universeText.substring(4).trim();
    } else if (universeText.startsWithIgnoreCase("Art-Net")) {
        universeText = universeText.substring(7).trim();
    }
    const auto universe = UniverseId::parse(protocol, universeText.toStdString());
    if (!universe) {
        error = protocol == DmxProtocol::Sacn
                    ? "universe: \"sACN " + universeText + "\" is not an sACN universe 1..63999"
                    : "universe: \"" + universeText + "\" is neither Net:SubNet:Universe (0:0:0 .. 127:15:15) "
                      "nor a universe number 1..32768 (for sACN write \"sACN 5\")";
        return std::nullopt;
    }
    m.universe = *universe;
    const auto channel = parseWholeNumber(channel_.editor.getText());
    const auto slot = parseWholeNumber(slot_.editor.getText());
    const auto outMin = parseDecimal(outMin_.editor.getText());
    const auto outMax = parseDecimal(outMax_.editor.getText());
    if (!channel)
        error = "channel: \"" + channel_.editor.getText() + "\" is not a whole number 1..512";
    else if (!slot)
        error = "target slot: \"" + slot_.editor.getText() + "\" is not a whole number 1..128";
    else if (!outMin)
        error = "outMin: \"" + outMin_.editor.getText() + "\" is not a number 0..1";
    else if (!outMax)
        error = "outMax: \"" + outMax_.editor.getText() + "\" is not a number 0..1";
    if (error.isNotEmpty())
        return std::nullopt;
    if (m.sixteenBit && (!current_->sixteenBit || m.channel != *channel))
        m.fineChannel = 0;   // follow the coarse channel ("channel + 1")
    if (!m.sixteenBit && current_->sixteenBit && m.inMax > 255)
        m.inMax = -1;        // a 16-bit input window does not fit 8 bits
    m.channel = *channel;
    m.targetSlot = *slot;
    m.outMin = *outMin;
    m.outMax = *outMax;
    return m;
}

void MappingEditPanel::commit() {
    if (!current_)
        return;
    juce::String error;
    const auto edited = readFields(error);
    if (!edited) {
        if (onInputError)
            onInputError(error);
        return;
    }
    if (!sameMapping(*edited, *current_) && onChange)
        onChange(currentIndex_, *edited);
}

void MappingEditPanel::commitLabel() {
    const auto label = label_.editor.getText().trim();
    if (current_ && onLabelChange && label != currentLabel_) {
        currentLabel_ = label;
        onLabelChange(current_->targetSlot, label);
    }
}

void MappingEditPanel::paint(juce::Graphics& g) {
    g.setColour(theme::panel);
    g.fillRoundedRectangle(getLocalBounds().toFloat(), 4.0f);
}

void MappingEditPanel::resized() {
    auto area = getLocalBounds().reduced(8, 6);
    hint_.setBounds(area);
    const int rowHeight = area.getHeight() / 2;
    auto place = [](juce::Rectangle<int>& row, Field& f, int captionWidth, int editorWidth) {
        f.caption.setBounds(row.removeFromLeft(captionWidth));
        row.removeFromLeft(4);
        f.editor.setBounds(row.removeFromLeft(editorWidth).reduced(0, 3));
        row.removeFromLeft(8);
    };
    // Two rows that share the width: fixed parts first, the name and label fields take the rest.
    auto row1 = area.removeFromTop(rowHeight);
    enabled_.setBounds(row1.removeFromLeft(100));
    const int flex1 = juce::jmax(120, row1.getWidth() - (70 + 130 + 66 + 70 + 90 + 4 * 12 + 50));
    place(row1, name_, 50, flex1);
    place(row1, universe_, 70, 130);
    place(row1, channel_, 66, 70);
    sixteenBit_.setBounds(row1.removeFromLeft(90));

    auto row2 = area;
    invert_.setBounds(row2.removeFromLeft(100));
    const int flex2 = juce::jmax(120, row2.getWidth() - (40 + 60 + 70 + 70 + 70 + 70 + 4 * 12 + 50));
    place(row2, slot_, 40, 60);
    place(row2, label_, 50, flex2);
    place(row2, outMin_, 70, 70);
    place(row2, outMax_, 70, 70);
}

} // namespace dmxin
