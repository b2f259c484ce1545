#pragma once
// Per-universe sACN source tracking and merging (E1.31-2018 §6.2.3 / §6.7, and
// ETC's 0xDD per-address priority rules). Receive thread only: every method, including the
// accessors, must be called from the one thread that owns the merger; nothing here is atomic.
//
// The algorithm, as the product documents it:
//   * Sources are identified by CID, per universe. At most kMaxSourcesPerUniverse sources are
//     tracked per universe; a further source is refused (DroppedSourceLimit) until one leaves.
//   * Every slot is won by the highest priority among the sources claiming it; ties merge HTP.
//     A source that has not sent 0xDD claims every slot at its packet priority (so the highest
//     packet priority is definitive for the whole universe, and slots beyond the winner's last
//     packet stay empty: a lower source cannot fill them). Once a source has sent 0xDD it claims
//     a slot at its per-address priority for that slot, and 0 means it does not claim the slot.
//     A source carries data only for the slots its last 0x00 packet held. With no 0xDD anywhere
//     this is exactly "the highest packet priority wins, equal priorities merge HTP".
//   * A source is lost 2.5 s after its last 0x00/0xDD packet, or at once on Stream_Terminated
//     (its levels in that packet are ignored). Its 0xDD priorities fall back to the packet priority
//     after 2.5 s without 0xDD, and it stops driving slots after 2.5 s without 0x00 (ETC rules 14, 15).
//   * Preview packets are ignored unless setAcceptPreview(true). START codes other than 0x00 and
//     0xDD are ignored (DroppedStartCode).
//   * Not implemented: the ETC 1.5 s "wait for 0xDD" sampling period on a new source, and
//     synchronisation (sync addresses are ignored; packets apply at once).
//
// Memory: a 64 Ki index (128 KiB) allocated at construction, plus one universe record (about 9 KiB)
// allocated the first time a universe slot is needed, at most kMaxUniverses of them. Records whose
// last source left are recycled, so nothing allocates per packet.

#include "MergeOutput.h"
#include "SacnParser.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace dmxin {

enum class SacnOutcome : std::uint8_t {
    Output,              // accepted and a MergeOutput was emitted
    Held,                // accepted but output unchanged, e.g. lower priority or a 0xDD packet
    DroppedSequence,     // out of order or duplicate (sequence window)
    DroppedPreview,      // preview data while preview is not accepted
    DroppedStartCode,    // START code other than 0x00 / 0xDD
    DroppedSourceLimit,  // the universe already tracks kMaxSourcesPerUniverse sources
    DroppedUniverseLimit,  // kMaxUniverses universes are already tracked
    Terminated,          // Stream_Terminated: the source left (or had already left) the universe
    Count
};

// Short stable names for counters and logs ("output", "held", "dropped-sequence", ...).
const char* toString(SacnOutcome outcome) noexcept;

struct SacnMergerStats {
    std::uint64_t output = 0;
    std::uint64_t held = 0;
    std::uint64_t droppedSequence = 0;
    std::uint64_t droppedPreview = 0;
    std::uint64_t droppedStartCode = 0;
    std::uint64_t droppedSourceLimit = 0;
    std::uint64_t droppedUniverseLimit = 0;
    std::uint64_t terminated = 0;
    std::uint64_t sourceTimeouts = 0;    // sources lost by the 2.5 s timeout
    std::uint64_t universesLost = 0;     // MergeOutputs emitted with lost = true
};

class SacnMerger {
public:
    static constexpr std::uint64_t kSourceTimeoutNs = 2'500'000'000ull;   // E131_NETWORK_DATA_LOSS_TIMEOUT
    static constexpr std::size_t kMaxSourcesPerUniverse = 8;
    static constexpr std::size_t kMaxUniverses = 512;

    SacnMerger();
    ~SacnMerger();
    SacnMerger(const SacnMerger&) = delete;
    SacnMerger& operator=(const SacnMerger&) = delete;

    // One parsed data packet (any START code). `nowNs` is its arrival time on a monotonic clock.
    // Calls `sink` at most once.
    SacnOutcome onData(const SacnDataView& packet, std::uint64_t nowNs, MergeSink& sink) noexcept;

    // Expires sources and 0xDD / level data older than kSourceTimeoutNs and emits the changed
    // universes. The receive thread calls it at least every 250 ms.
    void tick(std::uint64_t nowNs, MergeSink& sink) noexcept;

    void setAcceptPreview(bool accept) noexcept { acceptPreview_ = accept; }
    bool acceptPreview() const noexcept { return acceptPreview_; }

    const SacnMergerStats& stats() const noexcept { return stats_; }
    std::uint64_t count(SacnOutcome outcome) const noexcept;

    // Universes with at least one tracked source, and the sources tracked on one universe.
    std::size_t universeCount() const noexcept { return activeUniverses_; }
    std::size_t sourceCount(std::uint16_t universe) const noexcept;

private:
    struct Source;
    struct Universe;
    struct Merged;

    Universe* find(std::uint16_t universe) const noexcept;
    Universe* acquire(std::uint16_t universe) noexcept;
    void release(Universe& u) noexcept;
    bool expire(Universe& u, std::uint64_t nowNs) noexcept;
    void removeSource(Universe& u, std::size_t index) noexcept;
    Merged merge(const Universe& u) noexcept;
    Merged mergeByPacketPriority(const Universe& u, const std::uint8_t* live, std::size_t liveCount) noexcept;
    Merged mergePerAddress(const Universe& u, const std::uint8_t* live, std::size_t liveCount) noexcept;
    bool differsFromOutput(const Universe& u, const Merged& m) const noexcept;
    bool publish(Universe& u, const Merged& m, bool force, MergeSink& sink) noexcept;
    void settle(Universe& u, bool expired, MergeSink& sink) noexcept;
    SacnOutcome record(SacnOutcome outcome) noexcept;

    static constexpr std::uint16_t kNoSlot = 0xFFFF;

    std::vector<std::uint16_t> index_;                 // universe number -> pool slot, kNoSlot if untracked
    std::vector<std::unique_ptr<Universe>> pool_;      // grows to kMaxUniverses, never shrinks
    std::vector<std::uint16_t> free_;                  // pool slots whose universe has no source
    std::array<std::uint8_t, 512> scratch_{};          // merge result before it is committed
    std::size_t activeUniverses_ = 0;
    bool acceptPreview_ = false;
    SacnMergerStats stats_;
};

} // namespace dmxin
