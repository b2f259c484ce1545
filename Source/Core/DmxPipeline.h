#pragma once
// One instance's DMX path on the consuming side: the frame queue the receive thread fills, the
// universe images, the current mapping table and the engine. No JUCE.
//
// Threads:
//  - setTable / collectRetired / latestTable: the control side (message thread, or any one
//    non-audio thread at a time: callers serialise with their own mutex).
//  - tryProcess: the audio thread, or the message thread as a fallback when the host stopped
//    calling processBlock. A wait-free try-flag guarantees the two never run it at once; the
//    loser simply skips (it never waits).
//  - queue(): the receive thread pushes into it.

#include "DmxFrame.h"
#include "MappingEngine.h"
#include "SpscQueue.h"

#include <atomic>
#include <cstdint>
#include <memory>

namespace dmxin {

class DmxOutputSink {
public:
    virtual ~DmxOutputSink() = default;
    // A mapped output changed: `mapping` produced `value` (normalised 0..1); mappingIndex is its
    // position in the current table's compiled list (stable until onTableAdopted), slotIndex the
    // 0-based parameter slot or -1 for a MIDI-only mapping, arrivalNs the arrival time of the frame
    // that caused it (0 when no frame did: a loss fade). Called on the processing thread, in
    // arrival order.
    virtual void onMappedValue(const Mapping& mapping, int mappingIndex, int slotIndex, float value,
                               std::uint64_t arrivalNs) noexcept = 0;
    // The processing thread switched to a new table: per-mapping state kept by the sink is stale.
    virtual void onTableAdopted() noexcept {}
};

struct PipelineStats {
    std::uint64_t framesApplied = 0;     // frames written into an image
    std::uint64_t framesUnmapped = 0;    // frames for a universe the current table does not map
    std::uint64_t outputs = 0;           // mapped values produced
    std::uint64_t passes = 0;            // tryProcess calls that ran
    std::uint64_t passesSkipped = 0;     // tryProcess calls that found the other thread running
};

class DmxPipeline {
public:
    static constexpr std::size_t kQueueCapacity = 256;   // ~5 s of one universe at 44 Hz, or 4 blocks of 64 universes

    DmxPipeline();
    ~DmxPipeline();
    DmxPipeline(const DmxPipeline&) = delete;
    DmxPipeline& operator=(const DmxPipeline&) = delete;

    SpscQueue<DmxFrame>& queue() noexcept { return queue_; }

    // Control side. Hands a new table to the processing thread (wait-free exchange); a table that
    // was handed over but never picked up is freed here. Also frees retired tables.
    void setTable(std::unique_ptr<MappingTable> table);
    // Control side: frees tables the processing thread has retired.
    void collectRetired();
    // Control side: the table most recently handed over (may not be in use yet). Never null.
    const MappingTable& latestTable() const noexcept { return *latest_; }

    // Processing side. Drains every queued frame into the images and, when `evaluate` is true,
    // runs the engine after each frame (so every frame's change reaches the sink with its own
    // arrival time, in order), reporting outputs to `sink`.
    // elapsedNs: time since the previous pass (the block length, or the fallback timer's period);
    // it advances loss fades. Returns false, doing nothing, if another thread is processing.
    // Never allocates or locks.
    bool tryProcess(bool evaluate, DmxOutputSink& sink, std::uint64_t elapsedNs = 0) noexcept;

    // Any thread: counters (relaxed reads).
    PipelineStats stats() const noexcept;

private:
    void adoptPendingTable(DmxOutputSink& sink) noexcept;
    int evaluateNow(DmxOutputSink& sink, std::uint64_t arrivalNs, std::uint64_t elapsedNs) noexcept;

    SpscQueue<DmxFrame> queue_{kQueueCapacity};
    SpscQueue<const MappingTable*> retired_{16};   // processing -> control: tables to free
    std::atomic<const MappingTable*> pending_{nullptr};
    const MappingTable* current_ = nullptr;       // processing side
    const MappingTable* latest_ = nullptr;        // control side (owned, also in pending/current)
    std::unique_ptr<MappingTable> empty_;
    std::atomic<bool> busy_{false};
    bool wasEvaluating_ = false;

    std::unique_ptr<UniverseImages> images_;
    MappingEngine engine_;

    std::atomic<std::uint64_t> framesApplied_{0}, framesUnmapped_{0}, outputs_{0}, passes_{0}, passesSkipped_{0};
};

} // namespace dmxin
