// MappingHistory (see MappingHistory.h). Message thread only.

#include "MappingHistory.h"

namespace dmxin {

namespace {
class SetMappings final : public juce::UndoableAction {
public:
    SetMappings(DmxInProcessor& p, std::vector<Mapping> before, std::vector<Mapping> after, std::vector<std::string>& errors)
        : processor_(p), before_(std::move(before)), after_(std::move(after)), errors_(&errors) {}
    bool perform() override {
        std::vector<std::string> errors;
        const bool ok = processor_.setMappings(after_, errors);
        if (errors_ != nullptr)
            *errors_ = std::move(errors);
        errors_ = nullptr;   // only the first perform reports to the caller
        return ok;
    }
    bool undo() override {
        std::vector<std::string> ignored;
        return processor_.setMappings(before_, ignored);
    }
    int getSizeInUnits() override { return static_cast<int>((before_.size() + after_.size()) * sizeof(Mapping)) + 1; }

private:
    DmxInProcessor& processor_;
    std::vector<Mapping> before_, after_;
    std::vector<std::string>* errors_;
};

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
    return manager_.perform(new SetMappings(processor_, processor_.getMappings(), after, errors));
}

void MappingHistory::setLabel(int slotNumber, const juce::String& label) {
    const auto before = processor_.getSlotLabel(slotNumber);
    if (before == label)
        return;
    manager_.beginNewTransaction("rename control" + juce::String(slotNumber).paddedLeft('0', 3));
    manager_.perform(new SetLabel(processor_, slotNumber, before, label));
}

} // namespace dmxin
