#pragma once
// MappingTable: an immutable, validated, pre-compiled set of mappings, built on the message thread
// and handed to the audio thread whole (a wait-free pointer exchange; the old table is freed on the message thread). MappingEngine evaluates a table against
// the instance's universe images; it never allocates after construction.

#include "DmxFrame.h"
#include "ExactlyEqual.h"
#include "Mapping.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace dmxin {

class MappingTable {
public:
    // Message thread. Validates (validateMappings, StateRules.h) and compiles; on any error returns nullptr
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
        std::uint8_t flags;           // kFlag*: the per-pass facts of the mapping, so a pass that
                                      // produces nothing never touches the (large) Mapping
    };
    static constexpr std::uint8_t kFlagSixteenBit = 1;   // coarse << 8 | fine
    static constexpr std::uint8_t kFlagDeadband = 2;     // deadband > 1
    static constexpr std::uint8_t kFlagQuantised = 4;    // switch mode or steps >= 2
    static constexpr std::uint8_t kFlagSmoothing = 8;    // smoothingMs > 0
    static constexpr std::uint16_t kNoLut = 0xFFFF;
    // Enabled mappings, grouped by universe (universes() order; mapping order inside a universe),
    // so a pass touches only the mappings of universes that changed.
    const std::vector<Compiled>& compiled() const noexcept { return compiled_; }
    // compiled() indices [first, second) of the mappings on universe `universeIndex`.
    std::pair<std::uint16_t, std::uint16_t> universeRange(std::size_t universeIndex) const noexcept {
        return ranges_[universeIndex];
    }
    // mapRawValue(mapping, raw) for an 8-bit continuous mapping, precomputed at build time (the curves call
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
    std::vector<std::array<float, 256>> luts_;                      // per distinct 8-bit table (shared)
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
    // A raw change smaller than the mapping's deadband is ignored (reaching either end of the input
    // window always passes). Steps and switch mode output only when the output value changes.
    // With smoothing, a new value starts a glide from the current output instead (the first value
    // after reset() jumps: there is nothing to glide from); glides advance by elapsedNs per pass
    // and only on passes with elapsedNs > 0, so the value at a given time does not depend on the
    // block size.
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
        touched_ = std::max(touched_, compiled.size());
        const std::size_t universeCount = table.universes().size();
        for (std::size_t u = 0; u < universeCount; ++u) {
          // Never evaluate a universe that has not received a frame: its image is unknown, not zero.
          // A universe that neither changed, nor is lost (a fade may run), nor has a smoothing glide
          // running has nothing to do: a frame costs only its own universe's mappings.
          const int ui = static_cast<int>(u);
          if (!images.hasData(ui) || (!forceAll_ && !images.changed(ui) && !images.lost(ui) && !gliding_[u]))
              continue;
          bool gliding = false;
          // The universe's facts, read once: every mapping of range u is on universe u, and the sink
          // (an opaque call per output) would otherwise make the compiler reload them per mapping.
          const bool universeLost = images.lost(ui);
          const bool universeChanged = images.changed(ui);
          const bool force = forceAll_;
          const std::uint8_t* slots = images.slots(ui);
          const auto [first, last] = table.universeRange(u);
          for (std::size_t i = first; i < last; ++i) {
            const auto& c = compiled[i];
            const Mapping& m = maps[c.mappingIndex];
            const int target = c.targetIndex == MappingTable::kNoTarget ? -1 : static_cast<int>(c.targetIndex);
            auto emit = [&](float value) {
                lastValue_[i] = value;
                sink(m, static_cast<int>(i), target, value);
                ++produced;
            };
            LossState& loss = loss_[i];
            Glide& glide = glide_[i];
            if (universeLost) {
                glide.active = false;   // the loss behaviour owns the value now
                float value = 0.0f;
                if (lossStep(m, loss, lastValue_[i], elapsedNs, value))
                    emit(value);
                continue;
            }
            if (loss.phase != LossPhase::Live) {
                loss.phase = LossPhase::Live;     // data is back: take the parameter back at once
                lastRaw_[i] = -1;
            }
            if (lastRaw_[i] < 0 || universeChanged || force) {
                // The same as readRawValue(m, slots): validation keeps both channels in 1..512.
                const int raw = (c.flags & MappingTable::kFlagSixteenBit) != 0 ? (slots[c.coarse] << 8) | slots[c.fine]
                                                                               : slots[c.coarse];
                const bool fresh = force || lastRaw_[i] < 0;
                if (fresh || (raw != lastRaw_[i] && ((c.flags & MappingTable::kFlagDeadband) == 0 || passesDeadband(m, lastRaw_[i], raw)))) {
                    lastRaw_[i] = raw;
                    const float value = c.lutIndex != MappingTable::kNoLut ? table.mapped8(c, raw) : mapRawValue(m, raw, switch_[i]);
                    const bool quantised = (c.flags & MappingTable::kFlagQuantised) != 0;
                    if (fresh || (c.flags & MappingTable::kFlagSmoothing) == 0) {
                        glide.active = false;
                        if (fresh || !quantised || !exactlyEqual(value, lastValue_[i]))
                            emit(value);
                    } else if (!exactlyEqual(value, glide.active ? glide.to : lastValue_[i])) {
                        glide = Glide{true, lastValue_[i], value, 0};
                    }
                }
            }
            if (glide.active && elapsedNs > 0) {
                glide.elapsedNs += elapsedNs;
                emit(glideValue(m, glide));
            }
            gliding = gliding || glide.active;
          }
          gliding_[u] = gliding;
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

    // A smoothing glide from `from` to `to`, `elapsedNs` into it.
    struct Glide {
        bool active = false;
        float from = 0.0f;
        float to = 0.0f;
        std::uint64_t elapsedNs = 0;
    };
    // The glide's value now (a full-range move takes smoothingMs); ends it on reaching `to`.
    static float glideValue(const Mapping& m, Glide& glide) noexcept;
    // Whether a raw change from `last` to `raw` is at least the deadband, or reaches an end of the window.
    static bool passesDeadband(const Mapping& m, int last, int raw) noexcept;

    std::array<int, kMaxMappings> lastRaw_{};      // -1: never produced, so the next input always is
    std::array<float, kMaxMappings> lastValue_{};  // last output per mapping (the start of a fade)
    std::array<LossState, kMaxMappings> loss_{};
    std::array<Glide, kMaxMappings> glide_{};
    std::array<int, kMaxMappings> switch_{};       // switch mode: -1 unknown (after reset), 0 off, 1 on
    std::array<bool, kMaxUniversesPerInstance> gliding_{};   // per universe: a glide still runs
    bool forceAll_ = true;
    // Per-mapping state at and beyond this index is as reset() leaves it: evaluate() writes only
    // the first table.compiled().size() entries, so reset() need not clear the other ~500.
    std::size_t touched_ = static_cast<std::size_t>(kMaxMappings);
};

} // namespace dmxin
