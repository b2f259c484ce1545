#pragma once
// MappingTable: an immutable, validated, pre-compiled set of mappings, built on the message thread
// and handed to the audio thread whole (see DESIGN.md). MappingEngine evaluates a table against
// the instance's universe images; it never allocates after construction.

#include "DmxFrame.h"
#include "Mapping.h"

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace dmxin {

class MappingTable {
public:
    // Message thread. Validates (see validateMappings) and compiles; on any error returns nullptr
    // and fills `errors`. The table keeps a copy of the mappings for display.
    static std::unique_ptr<MappingTable> build(const std::vector<Mapping>& mappings,
                                               std::vector<std::string>& errors);

    const std::vector<Mapping>& mappings() const noexcept { return mappings_; }
    // Sorted (by key), unique universes of the enabled mappings (at most kMaxUniversesPerInstance).
    const std::vector<UniverseId>& universes() const noexcept { return universes_; }
    // Index into universes() for a universe key (UniverseId::key()), or -1. Binary search, audio-thread safe.
    int universeIndex(std::uint32_t key) const noexcept;
    int universeIndex(UniverseId universe) const noexcept { return universeIndex(universe.key()); }

    static constexpr std::uint16_t kNoTarget = 0xFFFF;   // a MIDI-only mapping drives no slot
    struct Compiled {
        std::uint16_t mappingIndex;   // into mappings()
        std::uint16_t universeIndex;  // into universes()
        std::uint16_t coarse;         // 0-based slot index
        std::uint16_t fine;           // 0-based slot index (16-bit only)
        std::uint16_t targetIndex;    // 0-based parameter slot, or kNoTarget
        std::uint16_t lutIndex;       // into the 8-bit value tables, or kNoLut (16-bit: computed)
    };
    static constexpr std::uint16_t kNoLut = 0xFFFF;
    // Enabled mappings, grouped by universe (universes() order; mapping order inside a universe),
    // so a pass touches only the mappings of universes that changed.
    const std::vector<Compiled>& compiled() const noexcept { return compiled_; }
    // compiled() indices [first, second) of the mappings on universe `universeIndex`.
    std::pair<std::uint16_t, std::uint16_t> universeRange(std::size_t universeIndex) const noexcept {
        return ranges_[universeIndex];
    }
    // mapRawValue(mapping, raw) for an 8-bit mapping, precomputed at build time (the curves call
    // pow/log; a table lookup is the same float, bit for bit, for the cost of a load).
    float mapped8(const Compiled& c, int raw) const noexcept {
        return luts_[c.lutIndex][static_cast<std::size_t>(raw)];
    }

private:
    MappingTable() = default;
    std::vector<Mapping> mappings_;
    std::vector<UniverseId> universes_;
    std::vector<Compiled> compiled_;
    std::vector<std::pair<std::uint16_t, std::uint16_t>> ranges_;   // per universe
    std::vector<std::array<float, 256>> luts_;                      // per 8-bit mapping
};

// Universe images of one instance: one 512-slot image per universe of the current table, plus a
// "changed since last evaluation" flag. Fixed capacity, preallocated. Owned by whichever thread
// currently runs the DMX pipeline (audio thread, or message thread when the host stopped calling).
class UniverseImages {
public:
    UniverseImages();

    // Re-keys the images for a new table's universe list, keeping the contents of universes that
    // stay. Never allocates.
    void rebind(const std::vector<UniverseId>& oldUniverses, const std::vector<UniverseId>& newUniverses) noexcept;

    // Writes the frame's slots (only its valid length) into image `index` and marks it changed;
    // the universe is live again. A frame with `lost` set keeps the slots and marks the universe
    // lost (only if it ever had data: an instance that never saw the universe has nothing to lose).
    void apply(int index, const DmxFrame& frame) noexcept;
    // Whether every source of this universe has gone (since the last `lost` frame, until the next data).
    bool lost(int index) const noexcept { return lost_[static_cast<std::size_t>(index)]; }
    const std::uint8_t* slots(int index) const noexcept { return images_[static_cast<std::size_t>(index)].data(); }
    bool changed(int index) const noexcept { return changed_[static_cast<std::size_t>(index)]; }
    // Whether any frame has been applied to this universe since it was bound.
    bool hasData(int index) const noexcept { return hasData_[static_cast<std::size_t>(index)]; }
    // Marks every universe that has data as changed (universes never received stay untouched).
    void markAllChanged() noexcept;
    void clearChanged() noexcept;

private:
    std::array<std::array<std::uint8_t, kDmxSlots>, kMaxUniversesPerInstance> images_{};
    std::array<std::array<std::uint8_t, kDmxSlots>, kMaxUniversesPerInstance> scratch_{};
    std::array<bool, kMaxUniversesPerInstance> changed_{};
    std::array<bool, kMaxUniversesPerInstance> hasData_{};
    std::array<bool, kMaxUniversesPerInstance> lost_{};
};

class MappingEngine {
public:
    MappingEngine();

    // Forget the last raw inputs (call after a table swap so every mapping is re-evaluated).
    void reset() noexcept;

    // Evaluates every enabled mapping whose universe changed and whose raw input differs from
    // the last evaluation (or all of them after reset()); universes without data are skipped.
    // Mappings of a lost universe follow their LossAction instead (hold: nothing; default: one
    // output of lossValue; fade: a glide from the last output to lossValue, advanced by elapsedNs
    // per pass). For each result calls sink(mapping, compiledIndex, targetIndex /*0-based, -1 for a
    // MIDI-only mapping*/, normalisedValue). Returns the number of outputs produced. No allocation.
    // Audio-thread safe. State is kept per compiled mapping (index into table.compiled()).
    template <typename Sink>
    int evaluate(const MappingTable& table, const UniverseImages& images, std::uint64_t elapsedNs, Sink&& sink) noexcept {
        int produced = 0;
        const auto& maps = table.mappings();
        const auto& compiled = table.compiled();
        const std::size_t universeCount = table.universes().size();
        for (std::size_t u = 0; u < universeCount; ++u) {
          // Never evaluate a universe that has not received a frame: its image is unknown, not zero.
          // A universe that neither changed nor is lost has nothing to do (a lost one may be fading).
          if (!images.hasData(static_cast<int>(u)) || (!forceAll_ && !images.changed(static_cast<int>(u)) && !images.lost(static_cast<int>(u))))
              continue;
          const auto [first, last] = table.universeRange(u);
          for (std::size_t i = first; i < last; ++i) {
            const auto& c = compiled[i];
            const Mapping& m = maps[c.mappingIndex];
            const int target = c.targetIndex == MappingTable::kNoTarget ? -1 : static_cast<int>(c.targetIndex);
            LossState& loss = loss_[i];
            if (images.lost(c.universeIndex)) {
                float value = 0.0f;
                if (lossStep(m, loss, lastValue_[i], elapsedNs, value)) {
                    lastValue_[i] = value;
                    sink(m, static_cast<int>(i), target, value);
                    ++produced;
                }
                continue;
            }
            if (loss.phase != LossPhase::Live) {
                loss.phase = LossPhase::Live;     // data is back: take the parameter back at once
                lastRaw_[i] = -1;
            } else if (!images.changed(c.universeIndex) && !forceAll_) {
                continue;
            }
            const int raw = readRawValue(m, images.slots(c.universeIndex));
            if (!forceAll_ && lastRaw_[i] == raw)
                continue;
            lastRaw_[i] = raw;
            const float value = c.lutIndex != MappingTable::kNoLut ? table.mapped8(c, raw) : mapRawValue(m, raw);
            lastValue_[i] = value;
            sink(m, static_cast<int>(i), target, value);
            ++produced;
          }
        }
        forceAll_ = false;
        return produced;
    }

private:
    enum class LossPhase : std::uint8_t { Live, Fading, Done };
    struct LossState {
        LossPhase phase = LossPhase::Live;
        float from = 0.0f;
        std::uint64_t elapsedNs = 0;
    };
    // One pass of a lost mapping's LossAction; true when it produces `value`.
    static bool lossStep(const Mapping& m, LossState& loss, float last, std::uint64_t elapsedNs, float& value) noexcept;

    std::array<int, kMaxMappings> lastRaw_{};      // -1: never produced, so the next input always is
    std::array<float, kMaxMappings> lastValue_{};  // last output per mapping (the start of a fade)
    std::array<LossState, kMaxMappings> loss_{};
    bool forceAll_ = true;
};

} // namespace dmxin
