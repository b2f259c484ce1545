// OutputHistory (see OutputHistory.h). Message thread only.

#include "OutputHistory.h"
#include "ValidatedStep.h"

namespace dmxin {

OutputHistory::OutputHistory(DmxInProcessor& processor) : processor_(processor), lastKnown_(processor.getOutputSettings()) {}

bool OutputHistory::apply(const OutputSettings& after, const juce::String& what, std::vector<std::string>& errors) {
    errors.clear();
    noticeSettings(processor_.getOutputSettings());
    manager_.beginNewTransaction(what);
    auto set = [this](const OutputSettings& o, std::vector<std::string>& e) { return processor_.setOutputSettings(o, e); };
    auto before = processor_.getOutputSettings();
    const int size = static_cast<int>((before.universes.size() + after.universes.size()) * sizeof(OutputUniverse)) + 1;
    const bool ok = manager_.perform(new ValidatedStep<OutputSettings>(set, std::move(before), after, size, errors));
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
