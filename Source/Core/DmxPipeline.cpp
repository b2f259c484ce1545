#include "DmxPipeline.h"

#include <string>
#include <vector>

namespace dmxin {

DmxPipeline::DmxPipeline() : images_(std::make_unique<UniverseImages>()) {
    std::vector<std::string> errors;
    // The processing side always has a table; the first one is empty and owned by the pipeline
    // until a real one replaces it (then it is retired like any other).
    empty_ = MappingTable::build({}, errors);
    current_ = empty_.release();
    latest_ = current_;
}

DmxPipeline::~DmxPipeline() {
    // No processing thread runs any more (the owner stopped it before destruction).
    collectRetired();
    const MappingTable* pending = pending_.exchange(nullptr);
    if (pending != nullptr && pending != current_)
        delete pending;
    delete current_;
}

void DmxPipeline::setTable(std::unique_ptr<MappingTable> table) {
    collectRetired();
    const MappingTable* next = table.release();
    latest_ = next;
    // A table that the processing side never picked up was never seen by it: free it here.
    if (const MappingTable* skipped = pending_.exchange(next, std::memory_order_acq_rel))
        delete skipped;
}

void DmxPipeline::collectRetired() {
    const MappingTable* old = nullptr;
    while (retired_.try_pop(old))
        delete old;
}

void DmxPipeline::adoptPendingTable(DmxOutputSink& sink) noexcept {
    if (pending_.load(std::memory_order_relaxed) == nullptr)
        return;
    // Retiring needs room in the retire queue; the control side drains it on every setTable,
    // so at most a couple are ever outstanding. If it were full we keep the old table a while.
    if (retired_.sizeApprox() >= retired_.capacity() - 1)
        return;
    const MappingTable* next = pending_.exchange(nullptr, std::memory_order_acq_rel);
    if (next == nullptr)
        return;
    images_->rebind(current_->universes(), next->universes());
    retired_.try_push(current_);
    current_ = next;
    engine_.reset();
    sink.onTableAdopted();
}

int DmxPipeline::evaluateNow(DmxOutputSink& sink, std::uint64_t arrivalNs, std::uint64_t elapsedNs) noexcept {
    const int produced = engine_.evaluate(*current_, *images_, elapsedNs,
                                          [&](const Mapping& m, int mappingIndex, int slot, float value) {
                                              sink.onMappedValue(m, mappingIndex, slot, value, arrivalNs);
                                          });
    images_->clearChanged();
    return produced;
}

bool DmxPipeline::tryProcess(bool evaluate, DmxOutputSink& sink, std::uint64_t elapsedNs) noexcept {
    if (busy_.exchange(true, std::memory_order_acquire)) {
        passesSkipped_.fetch_add(1, std::memory_order_relaxed);
        return false;
    }
    passes_.fetch_add(1, std::memory_order_relaxed);
    adoptPendingTable(sink);

    std::uint64_t applied = 0, unmapped = 0, produced = 0;
    if (evaluate && !wasEvaluating_)
        engine_.reset();   // re-enabled: push every mapping's current value once
    // Each frame is applied from its queue slot: popping it into a local first copied every
    // 536-byte frame twice.
    while (const DmxFrame* frame = queue_.front()) {
        const int index = current_->universeIndex(frame->universeKey);
        if (index < 0) {
            queue_.pop();
            ++unmapped;
            continue;
        }
        images_->apply(index, *frame);
        const std::uint64_t arrivalNs = frame->arrivalNs;
        queue_.pop();
        ++applied;
        if (evaluate)
            produced += static_cast<std::uint64_t>(evaluateNow(sink, arrivalNs, 0));
    }
    // One more pass: a forced re-evaluation after a table swap or re-enable, and loss fades, which
    // advance with time even when no frame arrives.
    if (evaluate)
        produced += static_cast<std::uint64_t>(evaluateNow(sink, 0, elapsedNs));
    framesApplied_.fetch_add(applied, std::memory_order_relaxed);
    framesUnmapped_.fetch_add(unmapped, std::memory_order_relaxed);
    outputs_.fetch_add(produced, std::memory_order_relaxed);
    wasEvaluating_ = evaluate;

    busy_.store(false, std::memory_order_release);
    return true;
}

PipelineStats DmxPipeline::stats() const noexcept {
    return PipelineStats{framesApplied_.load(std::memory_order_relaxed), framesUnmapped_.load(std::memory_order_relaxed),
                         outputs_.load(std::memory_order_relaxed), passes_.load(std::memory_order_relaxed),
                         passesSkipped_.load(std::memory_order_relaxed)};
}

} // namespace dmxin
