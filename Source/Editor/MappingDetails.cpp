// MappingDetails (see MappingDetails.h). Message thread only.

#include "MappingDetails.h"

#include "EditorTheme.h"
#include "MappingEdits.h"

namespace dmxin {

namespace {
constexpr int kRow = 30;
const char* const kCurveNames[] = {"Linear", "Exponential", "Logarithmic", "S-curve"};
const char* const kLossNames[] = {"Hold last value", "Jump to value", "Fade to value"};
} // namespace

MappingDetails::MappingDetails() {
    setupField(name_, "name", "Name", "Free text shown in the table", 128, {});
    setupField(universe_, "universe", "Universe",
               "Art-Net: Net:SubNet:Universe, 0-based (\"0:0:1\"), or a universe number counted from 1 (\"2\" is "
               "0:0:1). sACN: 1..63999",
               24, "0123456789:()# sACNacnrtNe-");
    setupField(channel_, "channel", "Ch", "DMX channel 1..512 (the coarse channel of a 16-bit pair)", 4, "0123456789");
    setupField(fine_, "fine", "Fine", "The fine channel of a 16-bit pair (normally the next channel)", 4, "0123456789");
    setupField(inMin_, "inMin", "DMX from", "Input window start, raw DMX (0..255, 16-bit: 0..65535); values below read as this",
               5, "0123456789");
    setupField(inMax_, "inMax", "to", "Input window end, raw DMX; above it reads as this (from > to runs backwards)", 5,
               "0123456789");
    setupField(outMin_, "outMin", "Out", "Output at the start of the window, 0..1", 8, "0123456789.");
    setupField(outMax_, "outMax", "to", "Output at the end of the window, 0..1 (below the start runs backwards)", 8,
               "0123456789.");
    setupField(lossValue_, "lossValue", "value", "The value to jump or fade to when the universe is lost, 0..1", 8,
               "0123456789.");
    setupField(lossFade_, "lossFadeMs", "fade ms", "Fade time in milliseconds, 1..600000", 6, "0123456789");
    setupField(slot_, "slot", "Slot", "Target parameter slot 1..128 (control001..control128); one mapping per slot", 3,
               "0123456789");
    setupField(smoothing_, "smoothingMs", "Smooth ms",
               "Smoothing: the output glides to each new value; a full 0..1 move takes this many milliseconds, "
               "smaller moves less. 0 = off (follow at once)",
               5, "0123456789");
    setupField(deadband_, "deadband", "Deadband",
               "Ignore input changes smaller than this many raw DMX steps (a noisy fader); moving to either end "
               "of the input window always passes. 0 = off",
               5, "0123456789");
    setupField(steps_, "steps", "Steps",
               "Quantise the output to this many evenly spaced values between the output start and end (e.g. 4 for a "
               "4-position switch). 0 or 1 = off",
               4, "0123456789");
    setupField(threshold_, "threshold", "Threshold",
               "Switch mode: the input position (0..1 of the DMX window) around which the output turns on and off", 8,
               "0123456789.");
    setupField(hysteresis_, "hysteresis", "Hysteresis",
               "Switch mode: width of the dead zone around the threshold (0..1). On at threshold + half of it, off "
               "at threshold - half, so a fader resting near the threshold does not flicker",
               8, "0123456789.");
    setupField(label_, "label", "Label", "The slot's label: the name the host shows for this parameter", 64, {});
    label_.editor.onReturnKey = [this] { commitLabel(); };
    label_.editor.onFocusLost = [this] { commitLabel(); };

    setupCaption(protocolCaption_, "Protocol");
    setupCaption(curveCaption_, "Curve");
    setupCaption(amountCaption_, "Amount");
    setupCaption(lossCaption_, "On loss");
    setupCaption(modeCaption_, "Output");
    mode_.addItem("Continuous", 1);
    mode_.addItem("Switch (on/off)", 2);
    mode_.setTooltip("Continuous: the shaped value. Switch: only the output start (off) or end (on), turning on "
                     "above the threshold and off below it, with hysteresis");
    mode_.setComponentID("mode");
    mode_.onChange = [this] { commit("change output mode"); };
    protocol_.addItemList({"Art-Net", "sACN"}, 1);
    protocol_.setTooltip("Art-Net (UDP 6454) or sACN / E1.31 (UDP 5568, multicast)");
    protocol_.setComponentID("protocol");
    protocol_.onChange = [this] { commit("change protocol"); };
    for (int i = 0; i < 4; ++i)
        curve_.addItem(kCurveNames[i], i + 1);
    curve_.setTooltip("How the input is shaped: linear, exponential (fine control low), logarithmic (fine control "
                      "high) or an S-curve");
    curve_.setComponentID("curve");
    curve_.onChange = [this] { commit("change curve"); };
    for (int i = 0; i < 3; ++i)
        loss_.addItem(kLossNames[i], i + 1);
    loss_.setTooltip("When every source of the universe is gone: keep the last value, jump to a value, or fade to it");
    loss_.setComponentID("onLoss");
    loss_.onChange = [this] { commit("change loss behaviour"); };
    amount_.setRange(0.0, 1.0, 0.01);
    amount_.setTextBoxStyle(juce::Slider::TextBoxRight, false, 52, 24);
    amount_.setTooltip("Curve amount 0..1: how strongly the curve bends");
    amount_.setComponentID("curveAmount");
    amount_.onValueChange = [this] {
        if (!current_)
            return;
        auto preview = *current_;
        preview.curveAmount = static_cast<float>(amount_.getValue());
        plot_.show(&preview, liveRaw_);
        if (!amount_.isMouseButtonDown())
            commit("change curve amount");
    };
    amount_.onDragEnd = [this] { commit("change curve amount"); };

    for (auto* t : {&enabled_, &sixteenBit_, &invert_}) {
        t->onClick = [this, t] { commit(juce::String(t->getToggleState() ? "set " : "clear ") + t->getButtonText()); };
        addAndMakeVisible(t);
    }
    enabled_.setComponentID("enabled");
    sixteenBit_.setComponentID("sixteenBit");
    invert_.setComponentID("invert");
    enabled_.setTooltip("A disabled mapping keeps its settings but drives nothing");
    sixteenBit_.setTooltip("Coarse + fine channel pair: 65536 steps instead of 256");
    invert_.setTooltip("Full DMX gives the start of the output range, zero gives its end");

    hint_.setText("Select a mapping above to edit it, Add one, or Learn new and move a fader on the console.",
                  juce::dontSendNotification);
    hint_.setFont(theme::font());
    hint_.setColour(juce::Label::textColourId, theme::textDim);
    hint_.setJustificationType(juce::Justification::centred);
    for (auto* c : std::initializer_list<juce::Component*>{&protocol_, &curve_, &loss_, &mode_, &amount_, &hint_, &plot_})
        addAndMakeVisible(c);
    show(nullptr, -1, {}, -1, true);
}

void MappingDetails::setupCaption(juce::Label& caption, const juce::String& text) {
    caption.setText(text, juce::dontSendNotification);
    caption.setFont(theme::font());
    caption.setColour(juce::Label::textColourId, theme::textDim);
    caption.setJustificationType(juce::Justification::centredRight);
    addAndMakeVisible(caption);
}

void MappingDetails::setupField(Field& field, const juce::String& id, const juce::String& caption, const juce::String& tooltip,
                                int maxLength, const juce::String& allowed) {
    setupCaption(field.caption, caption);
    field.editor.setComponentID(id);
    field.editor.setFont(theme::font());
    field.editor.setIndents(6, 4);
    field.editor.setTooltip(tooltip);
    field.editor.setSelectAllWhenFocused(true);
    field.editor.setInputRestrictions(maxLength, allowed);
    if (&field != &label_) {
        field.editor.onReturnKey = [this, caption] { commit("change " + caption.toLowerCase()); };
        field.editor.onFocusLost = [this, caption] { commit("change " + caption.toLowerCase()); };
    }
    field.editor.onEscapeKey = [this] { show(current_ ? &*current_ : nullptr, currentIndex_, currentLabel_, liveRaw_, true); };
    addAndMakeVisible(field.editor);
}

void MappingDetails::setText(Field& field, const juce::String& text, bool force) {
    if (force || !field.editor.hasKeyboardFocus(true))
        if (field.editor.getText() != text)
            field.editor.setText(text, juce::dontSendNotification);
}

void MappingDetails::show(const Mapping* mapping, int index, const juce::String& slotLabel, int liveRaw, bool force) {
    const bool has = mapping != nullptr;
    const bool was = current_.has_value();
    const bool same = has && was && index == currentIndex_ && sameMapping(*mapping, *current_) && slotLabel == currentLabel_;
    liveRaw_ = liveRaw;
    plot_.show(mapping, liveRaw);
    if (same && !force)
        return;
    currentIndex_ = has ? index : -1;
    currentLabel_ = slotLabel;
    if (has)
        current_ = *mapping;
    else
        current_.reset();
    if (has != was || force) {
        hint_.setVisible(!has);
        for (auto* c : getChildren())
            if (c != &hint_)
                c->setVisible(has);
    }
    if (!has)
        return;
    const auto& m = *mapping;
    enabled_.setToggleState(m.enabled, juce::dontSendNotification);
    sixteenBit_.setToggleState(m.sixteenBit, juce::dontSendNotification);
    invert_.setToggleState(m.invert, juce::dontSendNotification);
    protocol_.setSelectedId(m.universe.isSacn() ? 2 : 1, juce::dontSendNotification);
    curve_.setSelectedId(static_cast<int>(m.curve) + 1, juce::dontSendNotification);
    loss_.setSelectedId(static_cast<int>(m.onLoss) + 1, juce::dontSendNotification);
    mode_.setSelectedId(m.mode == OutputMode::Switch ? 2 : 1, juce::dontSendNotification);
    if (!amount_.isMouseButtonDown())
        amount_.setValue(m.curveAmount, juce::dontSendNotification);
    setText(name_, juce::String(m.name), force);
    setText(universe_, describeUniverseNumber(m.universe), force);
    setText(channel_, juce::String(m.channel), force);
    setText(fine_, juce::String(m.effectiveFineChannel()), force);
    setText(inMin_, juce::String(m.inMin), force);
    setText(inMax_, juce::String(m.effectiveInMax()), force);
    setText(outMin_, formatUnit(m.outMin), force);
    setText(outMax_, formatUnit(m.outMax), force);
    setText(lossValue_, formatUnit(m.lossValue), force);
    setText(lossFade_, juce::String(m.lossFadeMs), force);
    setText(slot_, juce::String(m.targetSlot), force);
    setText(label_, slotLabel, force);
    setText(smoothing_, juce::String(m.smoothingMs), force);
    setText(deadband_, juce::String(m.deadband), force);
    setText(steps_, juce::String(m.steps), force);
    setText(threshold_, formatUnit(m.threshold), force);
    setText(hysteresis_, formatUnit(m.hysteresis), force);
    updateEnablement();
}

void MappingDetails::updateEnablement() {
    auto enable = [](juce::Component& c, bool on) {
        c.setEnabled(on);
        c.setAlpha(on ? 1.0f : 0.35f);   // JUCE draws a disabled TextEditor like an enabled one
    };
    const bool sixteen = sixteenBit_.getToggleState();
    enable(fine_.editor, sixteen);
    enable(fine_.caption, sixteen);
    // A switch has no curve and no steps: its output is only the start or the end of the range.
    const bool isSwitch = mode_.getSelectedId() == 2;
    enable(curve_, !isSwitch);
    enable(curveCaption_, !isSwitch);
    enable(amount_, !isSwitch && curve_.getSelectedId() > 1);
    enable(amountCaption_, !isSwitch && curve_.getSelectedId() > 1);
    enable(steps_.editor, !isSwitch);
    enable(steps_.caption, !isSwitch);
    for (auto* f : {&threshold_, &hysteresis_}) {
        enable(f->editor, isSwitch);
        enable(f->caption, isSwitch);
    }
    const bool lossValue = loss_.getSelectedId() > 1;
    enable(lossValue_.editor, lossValue);
    enable(lossValue_.caption, lossValue);
    enable(lossFade_.editor, loss_.getSelectedId() == 3);
    enable(lossFade_.caption, loss_.getSelectedId() == 3);
}

std::optional<Mapping> MappingDetails::readFields(juce::String& error) const {
    Mapping m = *current_;
    m.name = name_.editor.getText().trim().toStdString();
    m.enabled = enabled_.getToggleState();
    m.invert = invert_.getToggleState();
    m.curve = static_cast<Curve>(juce::jlimit(0, 3, curve_.getSelectedId() - 1));
    m.curveAmount = static_cast<float>(amount_.getValue());
    m.onLoss = static_cast<LossAction>(juce::jlimit(0, 2, loss_.getSelectedId() - 1));
    m.mode = mode_.getSelectedId() == 2 ? OutputMode::Switch : OutputMode::Continuous;

    const auto protocol = protocol_.getSelectedId() == 2 ? DmxProtocol::Sacn : DmxProtocol::ArtNet;
    std::optional<UniverseId> universe;
    if (protocol != current_->universe.protocol()) {
        // Switching protocol keeps "universe N": Art-Net Port-Address N-1 <-> sACN N.
        universe = protocol == DmxProtocol::Sacn ? UniverseId::sacn(current_->universe.number() + 1)
                                                 : std::optional<UniverseId>(UniverseId::artnet(*PortAddress::fromFlat(
                                                       juce::jlimit(0, 32767, current_->universe.number() - 1))));
    } else {
        universe = parseUniverseText(universe_.editor.getText(), protocol);
    }
    if (!universe) {
        error = protocol == DmxProtocol::Sacn
                    ? "universe: \"" + universe_.editor.getText() + "\" is not an sACN universe 1..63999"
                    : "universe: \"" + universe_.editor.getText() + "\" is neither Net:SubNet:Universe (0:0:0 .. "
                      "127:15:15) nor a universe number 1..32768";
        return std::nullopt;
    }
    m.universe = *universe;

    struct Whole { const Field* field; const char* what; int* target; };
    int channel = 0, fine = 0, inMin = 0, inMax = 0, fade = 0, slot = 0;
    for (const auto& w : {Whole{&channel_, "channel", &channel}, Whole{&fine_, "fine channel", &fine},
                          Whole{&inMin_, "DMX from", &inMin}, Whole{&inMax_, "DMX to", &inMax},
                          Whole{&lossFade_, "fade ms", &fade}, Whole{&slot_, "target slot", &slot},
                          Whole{&smoothing_, "smoothing ms", &m.smoothingMs}, Whole{&deadband_, "deadband", &m.deadband},
                          Whole{&steps_, "steps", &m.steps}}) {
        const auto n = parseWholeNumber(w.field->editor.getText());
        if (!n) {
            error = juce::String(w.what) + ": \"" + w.field->editor.getText() + "\" is not a whole number";
            return std::nullopt;
        }
        *w.target = *n;
    }
    struct Unit { const Field* field; const char* what; float* target; };
    for (const auto& u : {Unit{&outMin_, "output start", &m.outMin}, Unit{&outMax_, "output end", &m.outMax},
                          Unit{&lossValue_, "loss value", &m.lossValue}, Unit{&threshold_, "threshold", &m.threshold},
                          Unit{&hysteresis_, "hysteresis", &m.hysteresis}}) {
        const auto v = parseDecimal(u.field->editor.getText());
        if (!v) {
            error = juce::String(u.what) + ": \"" + u.field->editor.getText() + "\" is not a number 0..1";
            return std::nullopt;
        }
        *u.target = *v;
    }
    const bool wasSixteen = current_->sixteenBit;
    m.sixteenBit = sixteenBit_.getToggleState();
    m.channel = channel;
    // The fine channel follows the coarse one ("channel + 1", stored as 0) unless typed otherwise.
    m.fineChannel = (!m.sixteenBit || !wasSixteen || fine == channel + 1 || channel != current_->channel) ? 0 : fine;
    if (m.sixteenBit != wasSixteen) {
        m.inMin = 0;   // the raw scale changed: the full window on the new scale
        m.inMax = -1;
    } else {
        m.inMin = inMin;
        m.inMax = inMax == m.rawMax() ? -1 : inMax;
    }
    m.lossFadeMs = fade;
    m.targetSlot = slot;
    return m;
}

void MappingDetails::commit(const juce::String& what) {
    if (!current_)
        return;
    updateEnablement();
    juce::String error;
    const auto edited = readFields(error);
    if (!edited) {
        if (onInputError)
            onInputError(error);
        return;
    }
    if (!sameMapping(*edited, *current_) && onChange)
        onChange(currentIndex_, *edited, what + " of " + juce::String(current_->name));
}

void MappingDetails::commitLabel() {
    const auto label = label_.editor.getText().trim();
    if (current_ && onLabelChange && label != currentLabel_) {
        currentLabel_ = label;
        onLabelChange(current_->targetSlot, label);
    }
}

void MappingDetails::paint(juce::Graphics& g) {
    g.setColour(theme::panel);
    g.fillRoundedRectangle(getLocalBounds().toFloat(), 4.0f);
}

void MappingDetails::resized() {
    auto area = getLocalBounds().reduced(8, 6);
    hint_.setBounds(area);
    plot_.setBounds(area.removeFromRight(juce::jlimit(180, 320, area.getWidth() / 4)));
    area.removeFromRight(8);
    auto place = [](juce::Rectangle<int>& row, juce::Component& caption, juce::Component& editor, int captionWidth,
                    int editorWidth) {
        caption.setBounds(row.removeFromLeft(captionWidth));
        row.removeFromLeft(4);
        editor.setBounds(row.removeFromLeft(editorWidth).reduced(0, 2));
        row.removeFromLeft(10);
    };
    const int rowHeight = juce::jmax(26, juce::jmin(kRow + 2, area.getHeight() / 7));
    auto row = area.removeFromTop(rowHeight);
    enabled_.setBounds(row.removeFromLeft(96));
    place(row, protocolCaption_, protocol_, 70, 100);
    place(row, universe_.caption, universe_.editor, 70, 120);
    place(row, channel_.caption, channel_.editor, 26, 56);
    sixteenBit_.setBounds(row.removeFromLeft(76));
    place(row, fine_.caption, fine_.editor, 36, 56);

    row = area.removeFromTop(rowHeight);
    invert_.setBounds(row.removeFromLeft(96));
    place(row, inMin_.caption, inMin_.editor, 70, 70);
    place(row, inMax_.caption, inMax_.editor, 20, 70);
    place(row, outMin_.caption, outMin_.editor, 36, 64);
    place(row, outMax_.caption, outMax_.editor, 20, 64);

    row = area.removeFromTop(rowHeight);
    row.removeFromLeft(96);
    place(row, curveCaption_, curve_, 70, 140);
    place(row, amountCaption_, amount_, 64, juce::jmax(120, juce::jmin(260, row.getWidth() - 80)));

    row = area.removeFromTop(rowHeight);
    row.removeFromLeft(96);
    place(row, modeCaption_, mode_, 70, 140);
    place(row, threshold_.caption, threshold_.editor, 70, 56);
    place(row, hysteresis_.caption, hysteresis_.editor, 74, 56);

    row = area.removeFromTop(rowHeight);
    row.removeFromLeft(96);
    place(row, smoothing_.caption, smoothing_.editor, 70, 60);
    place(row, deadband_.caption, deadband_.editor, 64, 56);
    place(row, steps_.caption, steps_.editor, 40, 48);

    row = area.removeFromTop(rowHeight);
    row.removeFromLeft(96);
    place(row, lossCaption_, loss_, 70, 160);
    place(row, lossValue_.caption, lossValue_.editor, 46, 64);
    place(row, lossFade_.caption, lossFade_.editor, 60, 80);

    row = area.removeFromTop(rowHeight);
    const int flex = juce::jmax(100, (row.getWidth() - (50 + 40 + 60 + 50 + 40)) / 2);
    place(row, name_.caption, name_.editor, 46, flex);
    place(row, slot_.caption, slot_.editor, 40, 56);
    place(row, label_.caption, label_.editor, 46, juce::jmax(80, row.getWidth() - 50));
}

} // namespace dmxin
