// OutputsPage (see OutputsPage.h). Message thread only.

#include "OutputsPage.h"

#include "EditorTheme.h"
#include "OutputText.h"

#include "Core/OutputRules.h"

#include <algorithm>
#include <initializer_list>
#include <tuple>

namespace dmxin {

namespace {

constexpr int kArtNet = 1, kSacn = 2;                          // protocol menu ids
constexpr int kUnicast = 1, kBroadcast = 2, kMulticast = 3;    // destination menu ids

// A whole number typed into a field; nullopt for empty or non-digit text (the input restrictions
// allow digits only, but a field can still be empty).
std::optional<int> readInt(const juce::String& text) {
    const auto t = text.trim();
    if (t.isEmpty() || t.length() > 6 || !t.containsOnly("0123456789"))
        return std::nullopt;
    return t.getIntValue();
}

juce::String universeText(UniverseId u) {
    return juce::String(u.text());   // "0:0:1" for Art-Net, "5" for sACN: what UniverseId::parse reads back
}

// The same universe number in the other protocol's numbering: Art-Net Port-Address N is sACN N + 1
// (the usual "sACN 1 = Art-Net 0:0:0" pairing), so switching protocol keeps the 1-based number.
UniverseId convertUniverse(UniverseId u, DmxProtocol to) {
    if (u.protocol() == to)
        return u;
    if (to == DmxProtocol::Sacn)
        return UniverseId::sacn(std::clamp(u.number() + 1, UniverseId::kSacnMin, UniverseId::kSacnMax)).value_or(u);
    if (const auto address = PortAddress::fromFlat(static_cast<std::uint16_t>(std::max(0, u.number() - 1))))
        return UniverseId::artnet(*address);
    return u;
}

} // namespace

OutputsPage::OutputsPage(DmxInProcessor& processor)
    : processor_(processor), history_(processor),
      universes_("outputUniverses",
                 "The output universes of this instance: universe (Net:Sub:Uni and 1-based number), destination, rate, "
                 "channels, packets sent and send errors. Select one to edit it and its channels",
                 "No output universe: nothing is sent"),
      channels_("outputChannels",
                "The selected universe's DMX channels: the parameter slot each one takes, its range, and the live "
                "value sent (parameter value -> DMX)",
                "No channel: the universe sends zeros") {
    setTooltip("Outputs: the DMX this instance sends from its parameters (Art-Net or sACN)");
    auto label = [this](juce::Label& l, float size, juce::Colour colour) {
        l.setFont(theme::font(size));
        l.setColour(juce::Label::textColourId, colour);
        l.setJustificationType(juce::Justification::centredLeft);
        addAndMakeVisible(l);
    };
    label(state_, theme::kFontSize, theme::text);
    label(message_, theme::kSmallFontSize, theme::textDim);
    label(universesCaption_, theme::kFontSize, theme::accent);
    label(channelsCaption_, theme::kFontSize, theme::accent);
    state_.setMinimumHorizontalScale(0.7f);
    message_.setMinimumHorizontalScale(0.6f);
    universesCaption_.setText("Output universes", juce::dontSendNotification);
    channelsCaption_.setText("Channels", juce::dontSendNotification);
    addAndMakeVisible(universes_);
    addAndMakeVisible(channels_);
    // A selection reload itself makes (rows shrank, first row picked) is already being shown.
    universes_.onSelect = [this](int) {
        if (!reloading_)
            reload(true);
    };
    channels_.onSelect = [this](int) {
        if (!reloading_)
            reload(true);
    };

    setupButton(addUniverse_, "addUniverse", "Add an output universe (Art-Net, unicast to 127.0.0.1), switched off: "
                                             "set its destination and channels, then switch it on");
    setupButton(removeUniverse_, "removeUniverse", "Remove the selected output universe (sACN receivers are told "
                                                   "the stream ended)");
    setupButton(addChannel_, "addChannel", "Add a DMX channel to the selected universe, driven by a parameter slot");
    setupButton(removeChannel_, "removeChannel", "Remove the selected channel from its universe");
    setupButton(undo_, "outUndo", "Undo the last change to the outputs (Ctrl+Z)");
    setupButton(redo_, "outRedo", "Redo the change to the outputs undone last (Ctrl+Shift+Z)");
    undo_.onClick = [this] { undo(); };
    redo_.onClick = [this] { redo(); };
    addUniverse_.onClick = [this] { addUniverse(); };
    removeUniverse_.onClick = [this] { removeSelectedUniverse(); };
    addChannel_.onClick = [this] { addChannel(); };
    removeChannel_.onClick = [this] { removeSelectedChannel(); };

    masterEnabled_.setComponentID("outMasterEnabled");
    masterEnabled_.setTooltip("Master switch of this instance's output: off stops every universe (sACN streams end) "
                              "and keeps the settings");
    masterEnabled_.onClick = [this] { commitGeneral("switch output"); };
    artnetSync_.setComponentID("outArtSync");
    artnetSync_.setTooltip("Send an ArtSync after each round of Art-Net universes, so synchronous nodes output them "
                           "together");
    artnetSync_.onClick = [this] { commitGeneral("change ArtSync"); };
    addAndMakeVisible(masterEnabled_);
    addAndMakeVisible(artnetSync_);
    setupField(sourceName_, "outSourceName", "Source name", "The sACN source name receivers show (at most 63 bytes)", {},
               false);
    sourceName_.editor.onReturnKey = [this] { commitGeneral("change source name"); };
    sourceName_.editor.onFocusLost = [this] { commitGeneral("change source name"); };

    enabled_.setComponentID("outEnabled");
    enabled_.setTooltip("Send this universe (off: kept and saved, not sent)");
    enabled_.onClick = [this] { commitUniverse("enable"); };
    addAndMakeVisible(enabled_);

    setupCombo(protocol_, protocolCaption_, "outProtocol", "Protocol",
               "Art-Net (UDP 6454; unicast or subnet broadcast) or sACN / E1.31 (UDP 5568; multicast or unicast)");
    protocol_.addItem("Art-Net", kArtNet);
    protocol_.addItem("sACN", kSacn);
    protocol_.onChange = [this] { commitUniverse("change protocol"); };
    setupCombo(destination_, destinationCaption_, "outDestination", "Destination",
               "Unicast to the listed addresses (Art-Net and sACN), the subnet's broadcast (Art-Net), or the "
               "universe's multicast group (sACN)");
    destination_.addItem("Unicast", kUnicast);
    destination_.addItem("Broadcast", kBroadcast);
    destination_.addItem("Multicast", kMulticast);
    destination_.onChange = [this] { commitUniverse("change destination"); };

    setupField(universe_, "outUniverse", "Universe",
               "Art-Net: Net:Sub:Uni (0-based, e.g. 0:0:1) or the 1-based number (2 is 0:0:1); sACN: 1..63999", "0123456789:",
               false);
    setupField(name_, "outName", "Name", "A name for this output universe, shown here and in errors", {}, false);
    setupField(addresses_, "outAddresses", "Addresses",
               "Unicast: the receivers' IPv4 addresses, separated by commas (at most 16)", "0123456789., ", false);
    setupField(interface_, "outInterface", "Interface",
               "Broadcast: an IPv4 address of the interface whose subnet to reach (required). Multicast: the interface "
               "to leave by (0.0.0.0: the system's choice)",
               "0123456789.", false);
    setupField(port_, "outPort", "Port", "Destination UDP port; 0 means the protocol's (Art-Net 6454, sACN 5568)",
               "0123456789", false);
    setupField(rate_, "outRate", "Rate (Hz)", "At most this many frames per second, 1..44 (a DMX512 line carries 44)",
               "0123456789", false);

    setupField(channel_, "outChannel", "DMX channel", "The DMX channel (1..512) written; 16-bit also writes the next one",
               "0123456789", true);
    setupField(slot_, "outSlot", "Slot", "The parameter slot (1 = control001) whose value drives this channel",
               "0123456789", true);
    setupField(dmxMin_, "outMin", "DMX from", "The DMX value sent for parameter 0 (1 when inverted)", "0123456789", true);
    setupField(dmxMax_, "outMax", "DMX to", "The DMX value sent for parameter 1 (0 when inverted); 255 or 65535 is the full range",
               "0123456789", true);
    sixteenBit_.setComponentID("outSixteenBit");
    sixteenBit_.setTooltip("16-bit: a coarse/fine pair (this channel and the next) for 65536 steps");
    sixteenBit_.onClick = [this] { commitChannel("change 16-bit"); };
    invert_.setComponentID("outInvert");
    invert_.setTooltip("Invert: parameter 1 sends the low end, 0 the high end");
    invert_.onClick = [this] { commitChannel("change invert"); };
    addAndMakeVisible(sixteenBit_);
    addAndMakeVisible(invert_);

    reload(true);
}

void OutputsPage::setupButton(juce::Button& button, const juce::String& id, const juce::String& tooltip) {
    button.setComponentID(id);
    button.setTooltip(tooltip);
    addAndMakeVisible(button);
}

void OutputsPage::setupCombo(juce::ComboBox& box, juce::Label& caption, const juce::String& id,
                             const juce::String& captionText, const juce::String& tooltip) {
    caption.setText(captionText, juce::dontSendNotification);
    caption.setFont(theme::font());
    caption.setColour(juce::Label::textColourId, theme::textDim);
    caption.setJustificationType(juce::Justification::centredRight);
    addAndMakeVisible(caption);
    box.setComponentID(id);
    box.setTooltip(tooltip);
    addAndMakeVisible(box);
}

void OutputsPage::setupField(Field& field, const juce::String& id, const juce::String& caption, const juce::String& tooltip,
                             const juce::String& allowed, bool channelField) {
    field.caption.setText(caption, juce::dontSendNotification);
    field.caption.setFont(theme::font());
    field.caption.setColour(juce::Label::textColourId, theme::textDim);
    field.caption.setJustificationType(juce::Justification::centredRight);
    addAndMakeVisible(field.caption);
    field.editor.setComponentID(id);
    field.editor.setFont(theme::font());
    field.editor.setIndents(6, 4);
    field.editor.setTooltip(tooltip);
    field.editor.setSelectAllWhenFocused(true);
    field.editor.setInputRestrictions(channelField ? 6 : 200, allowed);
    const juce::String what = "change " + caption.toLowerCase();
    auto commit = [this, what, channelField] { channelField ? commitChannel(what) : commitUniverse(what); };
    field.editor.onReturnKey = commit;
    field.editor.onFocusLost = commit;
    field.editor.onEscapeKey = [this] { reload(true); };
    addAndMakeVisible(field.editor);
}

bool OutputsPage::apply(const OutputSettings& next, const juce::String& what) {
    std::vector<std::string> errors;
    if (history_.apply(next, what, errors)) {
        message_.setText("Done: " + what, juce::dontSendNotification);
        message_.setColour(juce::Label::textColourId, theme::textDim);
        reload(true);
        return true;
    }
    juce::StringArray lines;
    for (const auto& e : errors)
        lines.add(juce::String(e));
    showError("Refused (" + what + "), nothing changed: " + lines.joinIntoString("; "));
    reload(true);   // the fields go back to what the processor keeps
    return false;
}

bool OutputsPage::undo() { return step(false); }

bool OutputsPage::redo() { return step(true); }

bool OutputsPage::step(bool forward) {
    const auto what = forward ? history_.redoDescription() : history_.undoDescription();
    const bool ok = forward ? history_.redo() : history_.undo();
    if (ok) {
        message_.setText((forward ? "Redone: " : "Undone: ") + what, juce::dontSendNotification);
        message_.setColour(juce::Label::textColourId, theme::textDim);
    } else if (what.isNotEmpty()) {
        showError("Could not " + juce::String(forward ? "redo " : "undo ") + what
                  + ": the outputs it restores are no longer valid (the history is cleared)");
    }
    reload(true);
    return ok;
}

void OutputsPage::showError(const juce::String& text) {
    message_.setText(text, juce::dontSendNotification);
    message_.setColour(juce::Label::textColourId, theme::error);
    message_.setTooltip(text);
}

bool OutputsPage::addUniverse() {
    auto next = processor_.getOutputSettings();
    // The first Art-Net universe from 0:0:1 that neither an output nor a mapping uses (an instance
    // may not take its own output as input).
    const auto mappings = processor_.getMappings();
    auto used = [&](UniverseId u) {
        return std::any_of(next.universes.begin(), next.universes.end(), [&](const OutputUniverse& o) { return o.universe == u; })
               || std::any_of(mappings.begin(), mappings.end(), [&](const Mapping& m) { return m.universe == u; });
    };
    // Off until the user switches it on: its placeholder destination may be another program's
    // (a DMX In in a DAW on this machine listens on 127.0.0.1:6454), and nothing may be sent that
    // the user did not ask for.
    OutputUniverse u;
    u.name = "Output " + std::to_string(next.universes.size() + 1);
    u.enabled = false;
    u.addresses = {"127.0.0.1"};
    for (std::uint16_t flat = 1; flat <= PortAddress::kMaxFlat; ++flat) {
        u.universe = UniverseId::artnet(*PortAddress::fromFlat(flat));
        if (!used(u.universe))
            break;
    }
    next.universes.push_back(u);
    const auto index = static_cast<int>(next.universes.size()) - 1;
    if (!apply(next, "add universe"))
        return false;
    selectUniverse(index);
    return true;
}

OutputUniverse* OutputsPage::selectedUniverseIn(OutputSettings& settings) const {
    const int row = universes_.selectedRow();
    return row >= 0 && row < static_cast<int>(settings.universes.size()) ? &settings.universes[static_cast<std::size_t>(row)]
                                                                         : nullptr;
}

OutputChannel* OutputsPage::selectedChannelIn(OutputUniverse& universe) const {
    const int ch = channels_.selectedRow();
    return ch >= 0 && ch < static_cast<int>(universe.channels.size()) ? &universe.channels[static_cast<std::size_t>(ch)]
                                                                      : nullptr;
}

bool OutputsPage::removeSelectedUniverse() {
    auto next = processor_.getOutputSettings();
    if (selectedUniverseIn(next) == nullptr)
        return false;
    next.universes.erase(next.universes.begin() + universes_.selectedRow());
    return apply(next, "remove universe");
}

bool OutputsPage::addChannel() {
    auto next = processor_.getOutputSettings();
    OutputUniverse* u = selectedUniverseIn(next);
    if (u == nullptr)
        return false;
    auto& channels = u->channels;
    // The channel after the last one written, driven by the slot after the last one used.
    OutputChannel c;
    for (const auto& existing : channels) {
        c.channel = std::max(c.channel, (existing.sixteenBit ? existing.effectiveFineChannel() : existing.channel) + 1);
        c.slot = std::max(c.slot, existing.slot + 1);
    }
    c.channel = std::min(c.channel, 512);
    c.slot = std::min(c.slot, kNumParameterSlots);
    channels.push_back(c);
    const auto index = static_cast<int>(channels.size()) - 1;
    if (!apply(next, "add channel"))
        return false;
    selectChannel(index);
    return true;
}

bool OutputsPage::removeSelectedChannel() {
    auto next = processor_.getOutputSettings();
    OutputUniverse* u = selectedUniverseIn(next);
    if (u == nullptr || selectedChannelIn(*u) == nullptr)
        return false;
    u->channels.erase(u->channels.begin() + channels_.selectedRow());
    return apply(next, "remove channel");
}

void OutputsPage::selectUniverse(int index) {
    universes_.selectRow(index);
    reload(true);
}

void OutputsPage::selectChannel(int index) {
    channels_.selectRow(index);
    reload(true);
}

void OutputsPage::commitUniverse(const juce::String& what) {
    auto next = processor_.getOutputSettings();
    OutputUniverse* selected = selectedUniverseIn(next);
    if (selected == nullptr)
        return;
    const int row = universes_.selectedRow();
    OutputUniverse& u = *selected;
    const OutputUniverse before = u;
    const auto path = juce::String(outputPath(static_cast<std::size_t>(row)));

    u.enabled = enabled_.getToggleState();
    u.name = name_.editor.getText().toStdString();
    const auto protocol = protocol_.getSelectedId() == kSacn ? DmxProtocol::Sacn : DmxProtocol::ArtNet;
    if (protocol != before.universe.protocol()) {
        // A protocol switch keeps the 1-based number and picks the destination the new protocol has.
        u.universe = convertUniverse(before.universe, protocol);
        if (u.destination != OutputDestination::Unicast)
            u.destination = protocol == DmxProtocol::Sacn ? OutputDestination::Multicast : OutputDestination::Unicast;
        u.priority = kDefaultSacnPriority;
    } else {
        const auto typed = universe_.editor.getText().trim();
        const auto parsed = UniverseId::parse(protocol, typed.toStdString());
        if (!parsed) {
            showError("Refused (" + what + "), nothing changed: " + path + ".universe: \"" + typed + "\" is not "
                      + (protocol == DmxProtocol::Sacn ? "an sACN universe 1..63999"
                                                       : "an Art-Net universe (Net:Sub:Uni or a number 1..32768)"));
            reload(true);
            return;
        }
        u.universe = *parsed;
        const int destination = destination_.getSelectedId();
        u.destination = destination == kBroadcast   ? OutputDestination::Broadcast
                        : destination == kMulticast ? OutputDestination::Multicast
                                                    : OutputDestination::Unicast;
    }
    u.addresses.clear();
    for (const auto& a : juce::StringArray::fromTokens(addresses_.editor.getText(), ", ", {}))
        if (a.isNotEmpty())
            u.addresses.push_back(a.toStdString());
    if (u.addresses.empty() && u.destination == OutputDestination::Unicast && protocol != before.universe.protocol())
        u.addresses = {"127.0.0.1"};   // from sACN multicast: a placeholder the user replaces
    u.interfaceAddress = interface_.editor.getText().trim().toStdString();
    for (auto [field, name, target] : {std::tuple{&port_, "port", &u.port}, std::tuple{&rate_, "rateHz", &u.rateHz}}) {
        const auto value = readInt(field->editor.getText());
        if (!value) {
            showError("Refused (" + what + "), nothing changed: " + path + "." + name + ": \"" + field->editor.getText()
                      + "\" is not a whole number");
            reload(true);
            return;
        }
        *target = *value;
    }
    if (u == before)
        return;   // focus left a field without a change
    apply(next, what);
}

void OutputsPage::commitChannel(const juce::String& what) {
    auto next = processor_.getOutputSettings();
    OutputUniverse* u = selectedUniverseIn(next);
    OutputChannel* selected = u != nullptr ? selectedChannelIn(*u) : nullptr;
    if (selected == nullptr)
        return;
    const int row = universes_.selectedRow(), ch = channels_.selectedRow();
    OutputChannel& c = *selected;
    const OutputChannel before = c;
    const auto path = juce::String(outputPath(static_cast<std::size_t>(row))) + ".channels[" + juce::String(ch) + "]";
    for (auto [field, name, target] : {std::tuple{&channel_, "channel", &c.channel}, std::tuple{&slot_, "slot", &c.slot},
                                       std::tuple{&dmxMin_, "dmxMin", &c.dmxMin}, std::tuple{&dmxMax_, "dmxMax", &c.dmxMax}}) {
        const auto value = readInt(field->editor.getText());
        if (!value) {
            showError("Refused (" + what + "), nothing changed: " + path + "." + name + ": \"" + field->editor.getText()
                      + "\" is not a whole number");
            reload(true);
            return;
        }
        *target = *value;
    }
    if (c.dmxMax == before.rawMax())
        c.dmxMax = -1;   // the full range stays "full" when 8/16-bit changes
    c.invert = invert_.getToggleState();
    c.sixteenBit = sixteenBit_.getToggleState();
    if (c.sixteenBit != before.sixteenBit) {
        // The old window means nothing at the other resolution: start from the full range.
        c.dmxMin = 0;
        c.dmxMax = -1;
        c.fineChannel = 0;
    }
    if (c == before)
        return;
    apply(next, what);
}

void OutputsPage::commitGeneral(const juce::String& what) {
    auto next = processor_.getOutputSettings();
    const auto before = next;
    next.enabled = masterEnabled_.getToggleState();
    next.artnetSync = artnetSync_.getToggleState();
    next.sourceName = sourceName_.editor.getText().toStdString();
    if (next == before)
        return;
    apply(next, what);
}

void OutputsPage::reload(bool force) {
    const juce::ScopedValueSetter<bool> guard(reloading_, true);
    settings_ = processor_.getOutputSettings();
    status_ = processor_.getOutputStatus();
    history_.noticeSettings(settings_);   // changed elsewhere (a preset, the host): undo would lose that
    undo_.setEnabled(history_.canUndo());
    redo_.setEnabled(history_.canRedo());
    state_.setText(describeOutputState(settings_, status_), juce::dontSendNotification);
    state_.setColour(juce::Label::textColourId, settings_.universes.empty() || !status_.allowed ? theme::warning
                                                : !status_.error.empty() || status_.own.sendErrors > 0 ? theme::error
                                                : status_.sending ? theme::ok
                                                                  : theme::textDim);
    state_.setTooltip(state_.getText());

    juce::StringArray rows;
    for (const auto& u : settings_.universes)
        rows.add(describeOutputUniverse(u, status_));
    universes_.setRows(rows);
    if (universes_.selectedRow() < 0 && !rows.isEmpty())
        universes_.selectRow(0);   // notifies: reload runs again with the selection
    const int row = universes_.selectedRow();
    const OutputUniverse* u = row >= 0 && row < static_cast<int>(settings_.universes.size())
                                  ? &settings_.universes[static_cast<std::size_t>(row)]
                                  : nullptr;

    juce::StringArray channelRows;
    if (u != nullptr) {
        const auto& bank = processor_.getParameterBank();
        for (const auto& c : u->channels) {
            const float value = c.slot >= 1 && c.slot <= kNumParameterSlots ? bank.slot(c.slot - 1).get() : 0.0f;
            channelRows.add(describeOutputChannel(c, processor_.getSlotLabel(c.slot), value));
        }
    }
    channels_.setRows(channelRows);
    if (channels_.selectedRow() < 0 && !channelRows.isEmpty())
        channels_.selectRow(0);
    const int ch = channels_.selectedRow();
    const OutputChannel* c = u != nullptr && ch >= 0 && ch < static_cast<int>(u->channels.size())
                                 ? &u->channels[static_cast<std::size_t>(ch)]
                                 : nullptr;
    channelsCaption_.setText(u != nullptr ? "Channels of " + juce::String(u->universe.describe()) : juce::String("Channels"),
                             juce::dontSendNotification);

    auto setText = [force](Field& f, const juce::String& text) {
        if ((force || !f.editor.hasKeyboardFocus(true)) && f.editor.getText() != text)
            f.editor.setText(text, juce::dontSendNotification);
    };
    masterEnabled_.setToggleState(settings_.enabled, juce::dontSendNotification);
    artnetSync_.setToggleState(settings_.artnetSync, juce::dontSendNotification);
    setText(sourceName_, juce::String(settings_.sourceName));
    if (u != nullptr) {
        enabled_.setToggleState(u->enabled, juce::dontSendNotification);
        protocol_.setSelectedId(u->universe.isSacn() ? kSacn : kArtNet, juce::dontSendNotification);
        destination_.setSelectedId(u->destination == OutputDestination::Broadcast   ? kBroadcast
                                   : u->destination == OutputDestination::Multicast ? kMulticast
                                                                                    : kUnicast,
                                   juce::dontSendNotification);
        juce::StringArray addresses;
        for (const auto& a : u->addresses)
            addresses.add(a);
        setText(universe_, universeText(u->universe));
        setText(name_, u->name);
        setText(addresses_, addresses.joinIntoString(", "));
        setText(interface_, u->interfaceAddress);
        setText(port_, juce::String(u->port));
        setText(rate_, juce::String(u->rateHz));
    }
    if (c != nullptr) {
        sixteenBit_.setToggleState(c->sixteenBit, juce::dontSendNotification);
        invert_.setToggleState(c->invert, juce::dontSendNotification);
        setText(channel_, juce::String(c->channel));
        setText(slot_, juce::String(c->slot));
        setText(dmxMin_, juce::String(c->dmxMin));
        setText(dmxMax_, juce::String(c->effectiveDmxMax()));
    }
    for (juce::Component* comp : std::initializer_list<juce::Component*>{&enabled_, &protocol_, &destination_, &universe_.editor,
                                                                         &name_.editor, &addresses_.editor, &interface_.editor,
                                                                         &port_.editor, &rate_.editor, &removeUniverse_, &addChannel_})
        comp->setEnabled(u != nullptr);
    for (juce::Component* comp : std::initializer_list<juce::Component*>{&sixteenBit_, &invert_, &channel_.editor, &slot_.editor,
                                                                         &dmxMin_.editor, &dmxMax_.editor, &removeChannel_})
        comp->setEnabled(c != nullptr);
}

void OutputsPage::refresh() {
    reload(false);
}

void OutputsPage::paint(juce::Graphics& g) {
    g.fillAll(theme::background);
}

void OutputsPage::resized() {
    auto area = getLocalBounds().reduced(8);
    constexpr int kRow = 32, kCaption = 96;
    state_.setBounds(area.removeFromTop(30));
    {
        auto general = area.removeFromTop(kRow);
        masterEnabled_.setBounds(general.removeFromLeft(130).reduced(4, 2));
        artnetSync_.setBounds(general.removeFromLeft(110).reduced(4, 2));
        sourceName_.caption.setBounds(general.removeFromLeft(110));
        sourceName_.editor.setBounds(general.removeFromLeft(320).reduced(4, 2));
    }
    message_.setBounds(area.removeFromBottom(28));
    area.removeFromTop(4);
    auto field = [](juce::Rectangle<int> r, juce::Label& caption, juce::Component& editor) {
        caption.setBounds(r.removeFromLeft(kCaption));
        editor.setBounds(r.reduced(4, 2));
    };
    auto halves = [](juce::Rectangle<int> r) {
        auto left = r.removeFromLeft(r.getWidth() / 2);
        return std::pair{left, r};
    };

    auto left = area.removeFromLeft(area.getWidth() / 2 - 6);
    area.removeFromLeft(12);
    auto right = area;

    universesCaption_.setBounds(left.removeFromTop(26));
    auto fields = left.removeFromBottom(kRow * 5);
    auto buttons = left.removeFromBottom(kRow + 4);
    universes_.setBounds(left);
    buttons.removeFromTop(4);
    addUniverse_.setBounds(buttons.removeFromLeft(150).reduced(0, 2));
    buttons.removeFromLeft(8);
    removeUniverse_.setBounds(buttons.removeFromLeft(170).reduced(0, 2));
    redo_.setBounds(buttons.removeFromRight(80).reduced(0, 2));
    buttons.removeFromRight(8);
    undo_.setBounds(buttons.removeFromRight(80).reduced(0, 2));
    {
        auto [a, b] = halves(fields.removeFromTop(kRow));
        enabled_.setBounds(a.withTrimmedLeft(kCaption).reduced(4, 2));
        field(b, name_.caption, name_.editor);
        auto [c, d] = halves(fields.removeFromTop(kRow));
        field(c, protocolCaption_, protocol_);
        field(d, universe_.caption, universe_.editor);
        auto [e, f] = halves(fields.removeFromTop(kRow));
        field(e, destinationCaption_, destination_);
        field(f, port_.caption, port_.editor);
        field(fields.removeFromTop(kRow), addresses_.caption, addresses_.editor);
        auto [h, i] = halves(fields.removeFromTop(kRow));
        field(h, interface_.caption, interface_.editor);
        field(i, rate_.caption, rate_.editor);
    }

    channelsCaption_.setBounds(right.removeFromTop(26));
    auto channelFields = right.removeFromBottom(kRow * 3);
    auto channelButtons = right.removeFromBottom(kRow + 4);
    channels_.setBounds(right);
    channelButtons.removeFromTop(4);
    addChannel_.setBounds(channelButtons.removeFromLeft(150).reduced(0, 2));
    channelButtons.removeFromLeft(8);
    removeChannel_.setBounds(channelButtons.removeFromLeft(170).reduced(0, 2));
    {
        auto [a, b] = halves(channelFields.removeFromTop(kRow));
        field(a, channel_.caption, channel_.editor);
        field(b, slot_.caption, slot_.editor);
        auto [c, d] = halves(channelFields.removeFromTop(kRow));
        sixteenBit_.setBounds(c.withTrimmedLeft(kCaption).reduced(4, 2));
        invert_.setBounds(d.withTrimmedLeft(kCaption).reduced(4, 2));
        auto [e, f] = halves(channelFields.removeFromTop(kRow));
        field(e, dmxMin_.caption, dmxMin_.editor);
        field(f, dmxMax_.caption, dmxMax_.editor);
    }
}

} // namespace dmxin
