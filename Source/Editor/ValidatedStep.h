#pragma once
// ValidatedStep: one undoable step that hands a whole new value to a validating setter (the
// processor's setMappings or setOutputSettings). The first perform() reports the setter's errors
// to the caller, so a refused value is not recorded; undo() sets the old value back (false if the
// processor now refuses it). Shared by MappingHistory and OutputHistory. Message thread only.

#include <juce_data_structures/juce_data_structures.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace dmxin {

template <typename Value>
class ValidatedStep final : public juce::UndoableAction {
public:
    using Setter = std::function<bool(const Value&, std::vector<std::string>&)>;

    // `errors` must outlive the first perform(); `sizeInUnits` is what juce::UndoManager counts.
    ValidatedStep(Setter set, Value before, Value after, int sizeInUnits, std::vector<std::string>& errors)
        : set_(std::move(set)), before_(std::move(before)), after_(std::move(after)), size_(sizeInUnits),
          errors_(&errors) {}

    bool perform() override {
        std::vector<std::string> errors;
        const bool ok = set_(after_, errors);
        if (errors_ != nullptr)
            *errors_ = std::move(errors);
        errors_ = nullptr;   // only the first perform reports to the caller
        return ok;
    }
    bool undo() override {
        std::vector<std::string> ignored;
        return set_(before_, ignored);
    }
    int getSizeInUnits() override { return size_; }

private:
    Setter set_;
    Value before_, after_;
    int size_;
    std::vector<std::string>* errors_;
};

} // namespace dmxin
