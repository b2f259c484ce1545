// MappingList (see MappingList.h). Message thread only.

#include "MappingList.h"

#include "EditorTheme.h"
#include "MappingEdits.h"

#include "Core/ExactlyEqual.h"
#include "Plugin/ParameterBank.h"

#include <algorithm>
#include <numeric>
#include <set>

namespace dmxin {

namespace {
juce::StringArray toLines(const std::vector<std::string>& errors) {
    juce::StringArray lines;
    for (const auto& e : errors)
        lines.add(juce::String(e));
    return lines;
}

int firstFreeSlot(const std::vector<Mapping>& list) {
    std::set<int> used;
    for (const auto& m : list)
        used.insert(m.targetSlot);
    for (int slot = 1; slot <= kNumParameterSlots; ++slot)
        if (used.count(slot) == 0)
            return slot;
    return 0;
}
} // namespace

// An inline editor in a table cell: shows the text, edits on double-click, commits on Return or
// focus loss; a single click selects the row as any other cell would.
class MappingList::CellEditor final : public juce::Label {
public:
    explicit CellEditor(MappingList& owner) : owner_(owner) {
        setEditable(false, true, false);
        setFont(theme::font());
        setMinimumHorizontalScale(1.0f);
        setColour(juce::Label::textColourId, theme::text);
        setColour(juce::Label::backgroundWhenEditingColourId, juce::Colour(0xff15171a));
        setColour(juce::Label::textWhenEditingColourId, theme::text);
        setColour(juce::Label::outlineWhenEditingColourId, theme::accent);
        onTextChange = [this] { owner_.commitCell(index_, column_, getText()); };
    }
    void mouseDown(const juce::MouseEvent& e) override {
        owner_.table_.selectRowsBasedOnModifierKeys(row_, e.mods, false);
        juce::Label::mouseDown(e);
    }
    void show(int row, int index, int column, const juce::String& text, bool enabled, const juce::String& tip) {
        row_ = row;
        index_ = index;
        column_ = column;
        if (!isBeingEdited())
            setText(text, juce::dontSendNotification);
        setColour(juce::Label::textColourId, enabled ? theme::text : theme::textDim);
        setTooltip(tip);
    }

private:
    MappingList& owner_;
    int row_ = -1, index_ = -1, column_ = 0;
};

MappingList::MappingList(DmxInProcessor& processor, MappingHistory& history)
    : processor_(processor), history_(history) {
    auto& header = table_.getHeader();
    const auto columnFlags = juce::TableHeaderComponent::visible | juce::TableHeaderComponent::resizable
                       | juce::TableHeaderComponent::sortable;
    header.addColumn("On", colOn, 40, 36, 60, columnFlags);
    header.addColumn("Name", colName, 140, 60, 400, columnFlags);
    header.addColumn("Protocol", colProtocol, 76, 60, 100, columnFlags);
    header.addColumn("Universe", colUniverse, 110, 70, 200, columnFlags);
    header.addColumn("Ch", colChannel, 64, 44, 100, columnFlags);
    header.addColumn("Bits", colBits, 44, 36, 60, columnFlags);
    header.addColumn("Target", colTarget, 170, 90, 400, columnFlags);
    header.addColumn("Range", colRange, 150, 60, 240, columnFlags);
    header.addColumn("Curve", colCurve, 76, 60, 160, columnFlags);
    header.addColumn("In", colIn, 56, 44, 90, columnFlags);
    header.addColumn("Out", colOut, 130, 70, 300, columnFlags);
    header.setStretchToFitActive(true);
    header.setPopupMenuActive(false);
    table_.setHeaderHeight(theme::kRowHeight);
    table_.setRowHeight(theme::kRowHeight);
    table_.setModel(this);
    table_.setMultipleSelectionEnabled(true);
    table_.setColour(juce::ListBox::outlineColourId, juce::Colour(0xff4a4f59));
    table_.setOutlineThickness(1);
    table_.setTooltip({});

    add_.setTooltip("Add a mapping on the next channel and the first free parameter slot (Ctrl+N)");
    duplicate_.setTooltip("Duplicate the selected mappings onto free parameter slots (Ctrl+D)");
    delete_.setTooltip("Delete the selected mappings (Delete)");
    learn_.setTooltip("DMX learn for the selected mapping: move a fader on the console (L)");
    learnNew_.setTooltip("DMX learn a new mapping: move a fader on the console (Shift+L)");
    undo_.setTooltip("Undo the last mapping edit (Ctrl+Z)");
    redo_.setTooltip("Redo (Ctrl+Shift+Z or Ctrl+Y)");
    add_.onClick = [this] { addMapping(); };
    duplicate_.onClick = [this] { duplicateSelected(); };
    delete_.onClick = [this] { deleteSelected(); };
    learn_.onClick = [this] { if (onLearn && selectedIndex() >= 0) onLearn(selectedIndex()); };
    learnNew_.onClick = [this] { if (onLearn) onLearn(-1); };
    undo_.onClick = [this] { undo(); };
    redo_.onClick = [this] { redo(); };
    message_.setFont(theme::font());
    message_.setJustificationType(juce::Justification::centredLeft);
    message_.setMinimumHorizontalScale(1.0f);

    for (auto* c : std::initializer_list<juce::Component*>{&table_, &add_, &duplicate_, &delete_, &learn_, &learnNew_,
                                                           &undo_, &redo_, &message_})
        addAndMakeVisible(c);
    reload(false);
}

MappingList::~MappingList() {
    table_.setModel(nullptr);
}

// ---- data

void MappingList::reload(bool external) {
    auto latest = processor_.getMappings();
    const bool changed = !sameMappings(latest, mappings_);
    if (changed) {
        if (external)
            history_.clear();   // undoing across a preset or host change would silently discard it
        const auto selected = selectedIndices();
        mappings_ = std::move(latest);
        inputs_.assign(mappings_.size(), -1);
        outputs_.assign(mappings_.size(), -1.0f);
        labels_.assign(mappings_.size(), {});
        rebuildOrder();
        table_.updateContent();
        juce::SparseSet<int> rows;
        for (const int i : selected)
            if (i < static_cast<int>(mappings_.size()))
                rows.addRange({viewRowOf(i), viewRowOf(i) + 1});
        table_.setSelectedRows(rows, juce::dontSendNotification);
        if (onSelectionChanged)
            onSelectionChanged();
    }
    bool labelsChanged = false;
    for (std::size_t i = 0; i < mappings_.size(); ++i) {
        auto label = processor_.getSlotLabel(mappings_[i].targetSlot);
        if (label != labels_[i]) {
            labels_[i] = std::move(label);
            labelsChanged = true;
        }
    }
    if (changed || labelsChanged)
        table_.repaint();
    updateButtons();
}

void MappingList::refresh(const DmxMonitor* monitor) {
    reload(true);
    updateLive(monitor);
}

int MappingList::liveInput(int index) const {
    return index >= 0 && index < static_cast<int>(inputs_.size()) ? inputs_[static_cast<std::size_t>(index)] : -1;
}

bool MappingList::updateLive(const DmxMonitor* monitor) {
    bool any = false;
    for (std::size_t i = 0; i < mappings_.size(); ++i) {
        const auto& m = mappings_[i];
        int raw = -1;
        if (monitor != nullptr)
            if (const auto* image = monitor->image(m.universe); image != nullptr && image->received)
                raw = readRawValue(m, image->slots.data());
        const float out = processor_.getSlotValue(m.targetSlot - 1);
        if (raw != inputs_[i] || !exactlyEqual(out, outputs_[i])) {   // any move repaints the row
            inputs_[i] = raw;
            outputs_[i] = out;
            table_.repaintRow(viewRowOf(static_cast<int>(i)));
            any = true;
        }
    }
    return any;
}

void MappingList::rebuildOrder() {
    order_.resize(mappings_.size());
    std::iota(order_.begin(), order_.end(), 0);
    if (sortColumn_ == 0)
        return;
    auto key = [this](int i) -> juce::String {
        const auto& m = mappings_[static_cast<std::size_t>(i)];
        auto padded = [](int n) { return juce::String(n).paddedLeft('0', 6); };
        switch (sortColumn_) {
        case colOn: return m.enabled ? "1" : "0";
        case colName: return juce::String(m.name).toLowerCase();
        case colProtocol: return describeProtocol(m.universe.protocol());
        case colUniverse: return padded(static_cast<int>(m.universe.key())) + padded(m.channel);
        case colChannel: return padded(m.channel) + padded(static_cast<int>(m.universe.key()));
        case colBits: return m.sixteenBit ? "16" : "08";
        case colTarget: return padded(m.targetSlot);
        case colRange: return describeRange(m);
        case colCurve: return describeCurve(m);
        case colIn: return padded(inputs_.empty() ? 0 : inputs_[static_cast<std::size_t>(i)] + 1);
        case colOut: return padded(juce::roundToInt(outputs_.empty() ? 0.0f : outputs_[static_cast<std::size_t>(i)] * 100000.0f));
        default: return {};
        }
    };
    std::stable_sort(order_.begin(), order_.end(), [&](int a, int b) {
        const auto ka = key(a), kb = key(b);
        return sortForwards_ ? ka < kb : kb < ka;
    });
}

int MappingList::viewRowOf(int index) const {
    const auto it = std::find(order_.begin(), order_.end(), index);
    return it == order_.end() ? -1 : static_cast<int>(it - order_.begin());
}

int MappingList::indexOfRow(int row) const {
    return row >= 0 && row < static_cast<int>(order_.size()) ? order_[static_cast<std::size_t>(row)] : -1;
}

std::vector<int> MappingList::selectedIndices() const {
    std::vector<int> out;
    const auto rows = table_.getSelectedRows();
    for (int i = 0; i < rows.size(); ++i)
        if (const int index = indexOfRow(rows[i]); index >= 0)
            out.push_back(index);
    std::sort(out.begin(), out.end());
    return out;
}

int MappingList::selectedIndex() const {
    return indexOfRow(table_.getLastRowSelected());
}

void MappingList::selectIndex(int index) {
    const int row = viewRowOf(index);
    if (row >= 0)
        table_.selectRow(row);
    else
        table_.deselectAllRows();
}

void MappingList::sortBy(int column, bool forwards) {
    sortColumn_ = column;
    sortForwards_ = forwards;
    const auto selected = selectedIndices();
    rebuildOrder();
    table_.updateContent();
    juce::SparseSet<int> rows;
    for (const int i : selected)
        rows.addRange({viewRowOf(i), viewRowOf(i) + 1});
    table_.setSelectedRows(rows, juce::dontSendNotification);
    table_.repaint();
}

// ---- edits

void MappingList::showMessage(const juce::String& text, bool isError) {
    message_.setText(text, juce::dontSendNotification);
    message_.setTooltip(text);
    message_.setColour(juce::Label::textColourId, isError ? theme::error : theme::textDim);
}

bool MappingList::applyList(const std::vector<Mapping>& list, const juce::String& what, int selectIndex) {
    std::vector<std::string> errors;
    if (!history_.apply(list, what, errors)) {
        showMessage("Not applied (" + what + "): " + toLines(errors).joinIntoString("; "), true);
        message_.setTooltip(toLines(errors).joinIntoString("\n"));
        reload(false);
        return false;
    }
    showMessage(what.substring(0, 1).toUpperCase() + what.substring(1) + " (Ctrl+Z undoes)", false);
    reload(false);
    if (selectIndex >= 0)
        this->selectIndex(selectIndex);
    return true;
}

bool MappingList::replace(int index, const Mapping& edited, const juce::String& what) {
    if (index < 0 || index >= static_cast<int>(mappings_.size()))
        return false;
    auto list = mappings_;
    list[static_cast<std::size_t>(index)] = edited;
    return applyList(list, what, index);
}

bool MappingList::addMapping() {
    std::string error;
    const auto next = makeNextMapping(mappings_, error);
    if (!next) {
        showMessage(juce::String(error), true);
        return false;
    }
    auto list = mappings_;
    list.push_back(*next);
    return applyList(list, "add " + juce::String(next->name), static_cast<int>(list.size()) - 1);
}

bool MappingList::addMappingFor(UniverseId universe, int channel, bool sixteenBit) {
    std::string error;
    auto next = makeNextMapping(mappings_, error);
    if (!next) {
        showMessage(juce::String(error), true);
        return false;
    }
    next->universe = universe;
    next->channel = channel;
    next->sixteenBit = sixteenBit;
    next->name = (sixteenBit ? "Ch " + std::to_string(channel) + "+" + std::to_string(channel + 1)
                             : "Ch " + std::to_string(channel))
                 + (universe.isSacn() ? " sACN " + universe.text() : " " + universe.text());
    auto list = mappings_;
    list.push_back(*next);
    return applyList(list, "add " + juce::String(next->name), static_cast<int>(list.size()) - 1);
}

bool MappingList::duplicateSelected() {
    const auto selected = selectedIndices();
    if (selected.empty())
        return false;
    auto list = mappings_;
    for (const int i : selected) {
        auto copy = mappings_[static_cast<std::size_t>(i)];
        copy.targetSlot = firstFreeSlot(list);
        if (copy.targetSlot == 0) {
            showMessage("Every parameter slot already has a mapping: nothing duplicated", true);
            return false;
        }
        copy.name += " copy";
        list.push_back(copy);
    }
    const juce::String what = selected.size() == 1 ? "duplicate " + juce::String(mappings_[static_cast<std::size_t>(selected[0])].name)
                                                   : "duplicate " + juce::String(static_cast<int>(selected.size())) + " mappings";
    return applyList(list, what, static_cast<int>(list.size()) - 1);
}

bool MappingList::deleteSelected() {
    const auto selected = selectedIndices();
    if (selected.empty())
        return false;
    std::vector<Mapping> list;
    for (std::size_t i = 0; i < mappings_.size(); ++i)
        if (!std::binary_search(selected.begin(), selected.end(), static_cast<int>(i)))
            list.push_back(mappings_[i]);
    const juce::String what = selected.size() == 1 ? "delete " + juce::String(mappings_[static_cast<std::size_t>(selected[0])].name)
                                                   : "delete " + juce::String(static_cast<int>(selected.size())) + " mappings";
    table_.deselectAllRows();
    return applyList(list, what, juce::jmin(selected.front(), static_cast<int>(list.size()) - 1));
}

bool MappingList::toggleEnabledSelected() {
    const auto selected = selectedIndices();
    if (selected.empty())
        return false;
    auto list = mappings_;
    const bool enable = !list[static_cast<std::size_t>(selected.front())].enabled;
    for (const int i : selected)
        list[static_cast<std::size_t>(i)].enabled = enable;
    const bool ok = applyList(list, enable ? "enable" : "disable", -1);
    juce::SparseSet<int> rows;
    for (const int i : selected)
        rows.addRange({viewRowOf(i), viewRowOf(i) + 1});
    table_.setSelectedRows(rows);
    return ok;
}

void MappingList::undo() {
    const auto what = history_.undoDescription();
    if (history_.undo())
        showMessage("Undone: " + what, false);
    reload(false);
}

void MappingList::redo() {
    const auto what = history_.redoDescription();
    if (history_.redo())
        showMessage("Redone: " + what, false);
    reload(false);
}

void MappingList::updateButtons() {
    const bool any = table_.getNumSelectedRows() > 0;
    duplicate_.setEnabled(any);
    delete_.setEnabled(any);
    learn_.setEnabled(any);
    undo_.setEnabled(history_.canUndo());
    redo_.setEnabled(history_.canRedo());
    undo_.setTooltip(history_.canUndo() ? "Undo " + history_.undoDescription() + " (Ctrl+Z)" : "Nothing to undo (Ctrl+Z)");
    redo_.setTooltip(history_.canRedo() ? "Redo " + history_.redoDescription() + " (Ctrl+Shift+Z)" : "Nothing to redo (Ctrl+Shift+Z)");
}

void MappingList::commitCell(int index, int column, const juce::String& text) {
    if (index < 0 || index >= static_cast<int>(mappings_.size()))
        return;
    auto m = mappings_[static_cast<std::size_t>(index)];
    switch (column) {
    case colName: m.name = text.trim().toStdString(); break;
    case colUniverse: {
        const auto u = parseUniverseText(text, m.universe.protocol());
        if (!u) {
            showMessage("universe: \"" + text + "\" is neither Net:Sub:Uni (0:0:0 .. 127:15:15), a universe number "
                        "1..32768, nor \"sACN 1..63999\"", true);
            table_.repaintRow(viewRowOf(index));
            reload(false);
            return;
        }
        m.universe = *u;
        break;
    }
    case colChannel:
    case colTarget: {
        const auto n = parseWholeNumber(text.trim().startsWithIgnoreCase("control") ? text.trim().substring(7) : text);
        if (!n) {
            showMessage(juce::String(column == colChannel ? "channel" : "target") + ": \"" + text + "\" is not a whole number",
                        true);
            reload(false);
            table_.updateContent();
            return;
        }
        (column == colChannel ? m.channel : m.targetSlot) = *n;
        if (column == colChannel)
            m.fineChannel = 0;
        break;
    }
    default: return;
    }
    if (sameMapping(m, mappings_[static_cast<std::size_t>(index)]))
        return;
    const juce::String what = column == colName ? "rename" : column == colUniverse ? "change universe"
                            : column == colChannel ? "change channel" : "change target";
    if (!replace(index, m, what + " of " + juce::String(mappings_[static_cast<std::size_t>(index)].name)))
        table_.updateContent();   // the cell shows the kept value again
}

// ---- TableListBoxModel

int MappingList::getNumRows() {
    return static_cast<int>(mappings_.size());
}

void MappingList::paintRowBackground(juce::Graphics& g, int row, int, int, bool selected) {
    if (selected)
        g.fillAll(theme::accent.withAlpha(0.28f));
    else if (row % 2 == 1)
        g.fillAll(theme::panelLight.withAlpha(0.5f));
}

juce::String MappingList::cellText(int index, int column) const {
    const auto& m = mappings_[static_cast<std::size_t>(index)];
    switch (column) {
    case colName: return juce::String(m.name);
    case colProtocol: return describeProtocol(m.universe.protocol());
    case colUniverse: return describeUniverseNumber(m.universe);
    case colChannel: return describeChannels(m);
    case colBits: return m.sixteenBit ? "16" : "8";
    case colTarget: return describeSlot(m.targetSlot, labels_[static_cast<std::size_t>(index)]);
    case colRange: return describeRange(m);
    case colCurve: return describeCurve(m);
    case colIn: return inputs_[static_cast<std::size_t>(index)] < 0 ? juce::String(juce::CharPointer_UTF8("\xe2\x80\x94"))
                                                                   : juce::String(inputs_[static_cast<std::size_t>(index)]);
    default: return {};
    }
}

void MappingList::paintCell(juce::Graphics& g, int row, int column, int width, int height, bool) {
    const int index = indexOfRow(row);
    if (index < 0 || index >= static_cast<int>(mappings_.size()))
        return;
    const auto& m = mappings_[static_cast<std::size_t>(index)];
    const auto textColour = m.enabled ? theme::text : theme::textDim;
    g.setFont(theme::font());
    g.setColour(textColour);
    if (column == colOn) {
        const auto box = juce::Rectangle<float>(10.0f, (static_cast<float>(height) - 16.0f) / 2.0f, 16.0f, 16.0f);
        g.setColour(m.enabled ? theme::ok : theme::textDim);
        if (m.enabled)
            g.fillRoundedRectangle(box, 3.0f);
        else
            g.drawRoundedRectangle(box, 3.0f, 1.5f);
        return;
    }
    if (column == colOut) {
        const float v = juce::jlimit(0.0f, 1.0f, outputs_[static_cast<std::size_t>(index)]);
        const auto bar = juce::Rectangle<float>(6.0f, 7.0f, juce::jmax(0.0f, static_cast<float>(width) - 62.0f),
                                                static_cast<float>(height) - 14.0f);
        g.setColour(theme::background);
        g.fillRect(bar);
        g.setColour(m.enabled ? theme::bar : theme::textDim);
        g.fillRect(bar.withWidth(bar.getWidth() * v));
        g.setColour(textColour);
        g.drawText(juce::String(v, 3), width - 54, 0, 50, height, juce::Justification::centredRight);
        return;
    }
    if (column == colName || column == colUniverse || column == colChannel || column == colTarget)
        return;   // an inline editor paints these
    g.drawFittedText(cellText(index, column), 6, 0, width - 12, height,
                     column == colIn ? juce::Justification::centredRight : juce::Justification::centredLeft, 1, 1.0f);
}

juce::Component* MappingList::refreshComponentForCell(int row, int column, bool, juce::Component* existing) {
    const bool editable = column == colName || column == colUniverse || column == colChannel || column == colTarget;
    const int index = indexOfRow(row);
    if (!editable || index < 0) {
        delete existing;
        return nullptr;
    }
    auto* editor = dynamic_cast<CellEditor*>(existing);
    if (editor == nullptr) {
        delete existing;
        editor = new CellEditor(*this);
    }
    static const juce::String tips[] = {
        {}, {}, "Name (double-click to edit)", {},
        "Universe (double-click to edit): Art-Net Net:Sub:Uni (\"0:0:1\") or a number counted from 1 (\"2\" = 0:0:1); "
        "sACN \"sACN 5\"",
        "DMX channel 1..512 (double-click to edit; a 16-bit pair shows coarse+fine)", {},
        "Target parameter slot and its label (double-click to edit the slot number 1..128)"};
    const auto& m = mappings_[static_cast<std::size_t>(index)];
    juce::String text = cellText(index, column);
    if (column == colChannel)
        text = juce::String(m.channel) + (m.sixteenBit ? "+" + juce::String(m.effectiveFineChannel()) : juce::String());
    editor->show(row, index, column, text, m.enabled, tips[column]);
    return editor;
}

void MappingList::cellClicked(int row, int column, const juce::MouseEvent& e) {
    const int index = indexOfRow(row);
    if (column != colOn || index < 0 || e.mods.isAnyModifierKeyDown())
        return;
    auto m = mappings_[static_cast<std::size_t>(index)];
    m.enabled = !m.enabled;
    replace(index, m, (m.enabled ? "enable " : "disable ") + juce::String(m.name));
}

void MappingList::cellDoubleClicked(int row, int column, const juce::MouseEvent&) {
    const int index = indexOfRow(row);
    if (index < 0)
        return;
    auto m = mappings_[static_cast<std::size_t>(index)];
    if (column == colBits) {
        m.sixteenBit = !m.sixteenBit;
        m.fineChannel = 0;
        if (!m.sixteenBit && m.inMax > 255)
            m.inMax = -1;
        if (m.sixteenBit && m.inMax == 255)
            m.inMax = -1;
        replace(index, m, juce::String(m.sixteenBit ? "16-bit " : "8-bit ") + juce::String(m.name));
    } else if (column == colProtocol) {
        // Art-Net Port-Address N <-> sACN universe N+1 (the usual "universe 1" on both).
        const auto other = m.universe.isSacn() ? std::optional<UniverseId>(UniverseId::artnet(*PortAddress::fromFlat(m.universe.number() - 1)))
                                               : UniverseId::sacn(m.universe.number() + 1);
        if (!other)
            return;
        m.universe = *other;
        replace(index, m, "switch protocol of " + juce::String(m.name));
    }
}

juce::String MappingList::getCellTooltip(int row, int column) {
    const int index = indexOfRow(row);
    if (index < 0)
        return {};
    const auto& m = mappings_[static_cast<std::size_t>(index)];
    switch (column) {
    case colOn: return m.enabled ? "Enabled: click to disable (keeps its settings)" : "Disabled: click to enable";
    case colProtocol: return "Art-Net or sACN (double-click to switch; the universe keeps its number)";
    case colBits: return "8-bit or 16-bit coarse/fine pair (double-click to switch)";
    case colRange: return "Input window (raw DMX) and output range (0..1); edit below";
    case colCurve: return "Transfer curve and its amount; edit below";
    case colIn: return "Live DMX input (raw: 0..255, or 0..65535 for 16-bit) as received for " + juce::String(m.universe.describe());
    case colOut: return "Live value of " + describeSlot(m.targetSlot, labels_[static_cast<std::size_t>(index)]);
    default: return {};
    }
}

void MappingList::selectedRowsChanged(int) {
    updateButtons();
    if (onSelectionChanged)
        onSelectionChanged();
}

void MappingList::deleteKeyPressed(int) {
    deleteSelected();
}

void MappingList::sortOrderChanged(int newSortColumnId, bool isForwards) {
    sortBy(newSortColumnId, isForwards);
}

void MappingList::resized() {
    auto area = getLocalBounds();
    auto buttons = area.removeFromBottom(36).reduced(0, 3);
    for (auto* b : {&add_, &duplicate_, &delete_}) {
        b->setBounds(buttons.removeFromLeft(92));
        buttons.removeFromLeft(6);
    }
    buttons.removeFromLeft(6);
    for (auto* b : {&learn_, &learnNew_}) {
        b->setBounds(buttons.removeFromLeft(92));
        buttons.removeFromLeft(6);
    }
    buttons.removeFromLeft(6);
    for (auto* b : {&undo_, &redo_}) {
        b->setBounds(buttons.removeFromLeft(70));
        buttons.removeFromLeft(6);
    }
    buttons.removeFromLeft(6);
    message_.setBounds(buttons);
    area.removeFromBottom(2);
    table_.setBounds(area);
}

} // namespace dmxin
