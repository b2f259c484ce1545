// MappingHistory (see MappingHistory.h). Message thread only.

#include "MappingHistory.h"
#include "ValidatedStep.h"

namespace dmxin {

namespace {
class SetLabel final : public juce::UndoableAction {
public:
    SetLabel(DmxInProcessor& p, int slot, juce::String before, juce::String after)
        : processor_(p), slot_(slot), before_(std::move(before)), after_(std::move(after)) {}
    bool perform() override { processor_.setSlotLabel(slot_, after_); return true; }
    bool undo() override { processor_.setSlotLabel(slot_, before_); return true; }
    int getSizeInUnits() override { return 1; }

private:
    DmxInProcessor& processor_;
    int slot_;
    juce::String before_, after_;
};
} // namespace

bool MappingHistory::apply(const std::vector<Mapping>& after, const juce::String& what, std::vector<std::string>& errors) {
    errors.clear();
    manager_.beginNewTransaction(what);
    auto set = [this](const std::vector<Mapping>& m, std::vector<std::string>& e) { return processor_.setMappings(m, e); };
    auto before = processor_.getMappings();
    const int size = static_cast<int>((before.size() + after.size()) * sizeof(Mapping)) + 1;
    return manager_.perform(new ValidatedStep<std::vector<Mapping>>(set, std::move(before), after, size, errors));
}

void MappingHistory::setLabel(int slotNumber, const juce::String& label) {
    const auto before = processor_.getSlotLabel(slotNumber);
    if (before == label)
        return;
    manager_.beginNewTransaction("rename control" + juce::String(slotNumber).paddedLeft('0', 3));
    manager_.perform(new SetLabel(processor_, slotNumber, before, label));
}

} // namespace dmxin
