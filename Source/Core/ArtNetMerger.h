#pragma once
// Art-Net universe merger (Art-Net 4: ArtDmx, merging and ArtSync): turns the ArtDmx and ArtSync packets of one
// receive socket into one merged image per universe and hands it to a MergeSink.
//
// Threads: every member is for the receive thread only (one ArtNetMerger per receive socket).
// The sink is called synchronously from onDmx, onSync and tick. No JUCE, no locks, never throws.
// Memory: the constructor allocates the lookup tables; a universe's state is allocated the first
// time the universe is seen (at most kMaxUniverses of them, then entries are reused); nothing is
// allocated per packet.
//
// Behaviour this node documents (Art-Net asks a node to state its merge choices):
//  - Sources. A source is (IP, Physical): the same IP with another Physical value is a second
//    source. At most 2 sources merge into a universe; a third is ignored (DroppedThirdSource)
//    until one of the two has sent nothing for kMergeTimeoutNs (10 s, as OLA and libartnet), at
//    which point it leaves the merge and the remaining source is output alone. When both have
//    gone, the last merged output is held (nothing is emitted; the loss timeout reports it).
//  - HTP (the default): per slot, the higher value of the two sources' latest frames. A source's
//    slots past the length of its latest frame count as 0; the output length is the longer one.
//  - LTP: per frame, the newest accepted packet wins whole (slots and length), which is what OLA
//    and libartnet do. It is not the per-channel "latest change wins" of some Artistic Licence
//    products: that needs a third image per universe and gives a mix of two consoles that
//    neither of them shows.
//  - Sequence: checked per source. 0 disables the check for that packet (and resets the
//    reference). A packet is dropped as late or duplicate when d = int8(new - last) has
//    -20 < d <= 0; a bigger step back is taken as a restarted sender. 255 -> 1 is forward.
//    The first frame of a source is always accepted. Art-Net sets no window; 20 frames is
//    about 0.5 s at 44 Hz.
//  - ArtSync (node-wide): the node starts asynchronous. The first ArtSync switches it to
//    synchronous mode: ArtDmx for a non-merging universe is then buffered (latest frame wins)
//    and emitted on the next ArtSync. Without an ArtSync for kSyncTimeoutNs (4 s) the node
//    returns to asynchronous mode and flushes what it buffered. An ArtSync is ignored while any
//    universe merges (checked first) and when its IP is not the IP of the most recent accepted
//    ArtDmx (before any ArtDmx has been accepted, any IP is taken). A merging universe is output
//    immediately even in synchronous mode. Ignored ArtSyncs do not keep synchronous mode alive.
//  - Loss: a universe with no accepted packet for the loss timeout emits one MergeOutput with
//    lost = true and the last output's slots; the next accepted packet makes it live again.
//    Art-Net defines no such timeout; the 6 s default outlasts a sender's 4 s keep-alive.
//  - Limits: at most kMaxUniverses tracked universes. A new universe takes over an entry whose
//    sources have all gone and that is lost; if there is none it is refused (DroppedUniverseLimit).
//  - Output: slots past MergeOutput::length are 0. merging is true while two sources are in the
//    merge; a lost output has merging = false.

#include "MergeOutput.h"
#include "PortAddress.h"

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

namespace dmxin {

enum class MergeMode : std::uint8_t { Htp, Ltp };

enum class ArtDmxOutcome : std::uint8_t {
    Output,                // merged image emitted to the sink
    Buffered,              // synchronous mode: waits for the next ArtSync
    DroppedSequence,       // late or duplicate frame of a known source
    DroppedThirdSource,    // two other sources already merge into this universe
    DroppedUniverseLimit,  // kMaxUniverses universes are tracked and none can be reused
};

enum class ArtSyncOutcome : std::uint8_t {
    Applied,               // buffered universes emitted
    Entered,               // first ArtSync: the node switched to synchronous mode
    IgnoredOtherSource,    // not from the sender of the most recent accepted ArtDmx
    IgnoredWhileMerging,   // some universe is merging two sources
};

struct ArtNetMergerStats {
    // One counter per ArtDmxOutcome.
    std::uint64_t dmxOutput = 0;
    std::uint64_t dmxBuffered = 0;
    std::uint64_t dmxDroppedSequence = 0;
    std::uint64_t dmxDroppedThirdSource = 0;
    std::uint64_t dmxDroppedUniverseLimit = 0;
    // One counter per ArtSyncOutcome.
    std::uint64_t syncApplied = 0;
    std::uint64_t syncEntered = 0;
    std::uint64_t syncIgnoredOtherSource = 0;
    std::uint64_t syncIgnoredWhileMerging = 0;
    // Events.
    std::uint64_t syncTimeouts = 0;       // returns to asynchronous mode after kSyncTimeoutNs
    std::uint64_t sourcesTimedOut = 0;    // sources that left a universe after kMergeTimeoutNs
    std::uint64_t losses = 0;             // lost outputs emitted
    // Universes.
    std::uint32_t universesTracked = 0;   // entries in use (0..kMaxUniverses)
    std::uint32_t universesReused = 0;    // times a lost, source-less entry was taken over
    std::uint32_t universesRefused = 0;   // distinct Port-Addresses refused at least once
};

class ArtNetMerger {
public:
    static constexpr std::uint64_t kMergeTimeoutNs = 10'000'000'000ULL;
    static constexpr std::uint64_t kSyncTimeoutNs = 4'000'000'000ULL;
    static constexpr std::uint64_t kDefaultLossTimeoutNs = 6'000'000'000ULL;
    static constexpr std::size_t kMaxUniverses = 512;
    static constexpr int kMaxSources = 2;
    static constexpr int kSequenceWindow = 20;   // drop when -kSequenceWindow < d <= 0

    ArtNetMerger();
    ~ArtNetMerger();
    ArtNetMerger(const ArtNetMerger&) = delete;
    ArtNetMerger& operator=(const ArtNetMerger&) = delete;

    // Settings. A merge mode applies from the next output of that universe and may be set for
    // a universe that has not been seen yet.
    void setMergeMode(PortAddress universe, MergeMode mode) noexcept;
    void setLossTimeoutNs(std::uint64_t timeoutNs) noexcept;
    void setSequenceCheck(bool enabled) noexcept;

    // One parsed ArtDmx. `length` is the usable slot count (the parser's min(declared, received,
    // 512)); more than 512 is clamped. `nowNs` is the packet's arrival time on a monotonic clock.
    ArtDmxOutcome onDmx(PortAddress universe, std::uint32_t sourceIp, std::uint8_t physical,
                        std::uint8_t sequence, const std::uint8_t* data, std::uint16_t length,
                        std::uint64_t nowNs, MergeSink& sink) noexcept;

    // One ArtSync from `sourceIp`.
    ArtSyncOutcome onSync(std::uint32_t sourceIp, std::uint64_t nowNs, MergeSink& sink) noexcept;

    // Timeouts: sources leaving a merge, losses, the return to asynchronous mode. Call at least
    // every 250 ms; onDmx and onSync also apply the timeouts they depend on.
    void tick(std::uint64_t nowNs, MergeSink& sink) noexcept;

    // For discovery replies (GoodOutputA merging / LTP bits) and status.
    bool isMerging(PortAddress universe) const noexcept;
    MergeMode mergeMode(PortAddress universe) const noexcept;
    bool isLive(PortAddress universe) const noexcept;   // tracked and not lost
    bool isSynchronous() const noexcept { return syncMode_; }

    const ArtNetMergerStats& stats() const noexcept { return stats_; }

private:
    struct Source {
        bool active = false;
        std::uint32_t ip = 0;
        std::uint8_t physical = 0;
        std::uint8_t lastSequence = 0;   // 0: no reference for the sequence check
        std::uint16_t length = 0;
        std::uint64_t lastNs = 0;
        std::array<std::uint8_t, 512> slots{};   // latest frame; zero past `length`
    };
    struct Universe {
        PortAddress address;
        bool merging = false;
        bool lost = false;
        bool pending = false;            // synchronous mode: a frame waits for ArtSync
        int newest = 0;                  // source index of the newest accepted packet (LTP)
        std::uint64_t lastAcceptedNs = 0;
        std::uint16_t outLength = 0;
        std::uint64_t outArrivalNs = 0;
        std::array<Source, kMaxSources> sources{};
        std::array<std::uint8_t, 512> out{};
    };
    static constexpr std::uint16_t kNoEntry = 0xFFFF;

    Universe* find(PortAddress universe) const noexcept;
    Universe* acquire(PortAddress universe, std::uint64_t nowNs) noexcept;
    void setMerging(Universe& u, bool merging) noexcept;
    bool expireSources(Universe& u, std::uint64_t nowNs) noexcept;
    void expireSync(std::uint64_t nowNs, MergeSink& sink) noexcept;
    void flushPending(MergeSink& sink) noexcept;
    void computeOutput(Universe& u) noexcept;
    void emit(Universe& u, MergeSink& sink) noexcept;   // computeOutput + live output
    static bool testBit(const std::vector<std::uint64_t>& bits, std::uint16_t index) noexcept;
    static void setBit(std::vector<std::uint64_t>& bits, std::uint16_t index, bool value) noexcept;

    std::vector<std::uint16_t> index_;                  // Port-Address -> entry, kNoEntry if none
    std::vector<std::unique_ptr<Universe>> universes_;  // capacity kMaxUniverses, reserved up front
    std::vector<std::uint64_t> ltpBits_;                // one bit per Port-Address: LTP
    std::vector<std::uint64_t> refusedBits_;            // one bit per Port-Address: refused once
    std::uint64_t lossTimeoutNs_ = kDefaultLossTimeoutNs;
    bool sequenceCheck_ = true;
    int mergingCount_ = 0;                              // universes with merging = true
    int pendingCount_ = 0;                              // universes with pending = true
    bool syncMode_ = false;
    std::uint64_t lastSyncNs_ = 0;
    bool haveDmxIp_ = false;
    std::uint32_t lastDmxIp_ = 0;
    ArtNetMergerStats stats_;
};

} // namespace dmxin
