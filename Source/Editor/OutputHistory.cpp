// OutputHistory (see OutputHistory.h). Message thread only.

#include "OutputHistory.h"

namespace dmxin {

namespace {
class SetOutputs final : public juce::UndoableAction {
public:
    SetOutputs(DmxInProcessor& p, OutputSettings before, OutputSettings after, std::vector<std::string>& errors)
        : processor_(p), before_(std::move(before)), after_(std::move(after)), errors_(&errors) {}
    bool perform() override {
        std::vector<std::string> errors;
        const bool ok = processor_.setOutputSettings(after_, errors);
        if (errors_ != nullptr)
            *errors_ = std::move(errors);
        errors_ = nullptr;   // only the first perform reports to the caller
        return ok;
    }
    bool undo() override {
        std::vector<std::string> ignored;
        return processor_.setOutputSettings(before_, ignored);
    }
    int getSizeInUnits() override {
        return static_cast<int>((before_.universes.size() + after_.universes.size()) * sizeof(OutputUniverse)) + 1;
    }

private:
    DmxInProcessor& processor_;
    OutputSettings before_, after_;
    std::vector<std::string>* errors_;
};
} // namespace

OutputHistory::OutputHistory(DmxInProcessor& processor) : processor_(processor), lastKnown_(processor.getOutputSettings()) {}

bool OutputHistory::apply(const OutputSettings& after, const juce::String& what, std::vector<std::string>& errors) {
    errors.clear();
    noticeSettings(processor_.getOutputSettings());
    manager_.beginNewTransaction(what);
    const bool ok = manager_.perform(new SetOutputs(processor_, processor_.getOutputSettings(), after, errors));
    lastKnown_ = processor_.getOutputSettings();   // with the CID the processor may have assigned
    return ok;
}

bool OutputHistory::undo() {
    const bool ok = manager_.undo();
    lastKnown_ = processor_.getOutputSettings();
    return ok;
}

bool OutputHistory::redo() {
    const bool ok = manager_.redo();
    lastKnown_ = processor_.getOutputSettings();
    return ok;
}

void OutputHistory::noticeSettings(const OutputSettings& current) {
    if (current == lastKnown_)
        return;
    manager_.clearUndoHistory();
    lastKnown_ = current;
}

} // namespace dmxin
