#include "ArtNetMerger.h"

#include <algorithm>
#include <cstring>
#include <new>

namespace dmxin {

namespace {

constexpr std::size_t kPortAddressCount = std::size_t{PortAddress::kMaxFlat} + 1;
constexpr std::uint16_t kSlots = 512;

// Time since `then`, 0 if the clock went backwards: an injected or adjusted clock must never make
// an unsigned subtraction wrap into "a very long time ago" and time everything out.
constexpr std::uint64_t elapsed(std::uint64_t now, std::uint64_t then) noexcept {
    return now > then ? now - then : 0;
}

} // namespace

ArtNetMerger::ArtNetMerger()
    : index_(kPortAddressCount, kNoEntry),
      ltpBits_(kPortAddressCount / 64, 0),
      refusedBits_(kPortAddressCount / 64, 0) {
    // Reserved up front so that taking a new universe never reallocates this vector.
    universes_.reserve(kMaxUniverses);
}

ArtNetMerger::~ArtNetMerger() = default;

bool ArtNetMerger::testBit(const std::vector<std::uint64_t>& bits, std::uint16_t index) noexcept {
    return (bits[index >> 6] >> (index & 63)) & 1U;
}

void ArtNetMerger::setBit(std::vector<std::uint64_t>& bits, std::uint16_t index, bool value) noexcept {
    const std::uint64_t mask = std::uint64_t{1} << (index & 63);
    if (value)
        bits[index >> 6] |= mask;
    else
        bits[index >> 6] &= ~mask;
}

void ArtNetMerger::setMergeMode(PortAddress universe, MergeMode mode) noexcept {
    setBit(ltpBits_, universe.flat(), mode == MergeMode::Ltp);
}

void ArtNetMerger::setLossTimeoutNs(std::uint64_t timeoutNs) noexcept { lossTimeoutNs_ = timeoutNs; }

void ArtNetMerger::setSequenceCheck(bool enabled) noexcept { sequenceCheck_ = enabled; }

MergeMode ArtNetMerger::mergeMode(PortAddress universe) const noexcept {
    return testBit(ltpBits_, universe.flat()) ? MergeMode::Ltp : MergeMode::Htp;
}

bool ArtNetMerger::isMerging(PortAddress universe) const noexcept {
    const Universe* u = find(universe);
    return u != nullptr && u->merging;
}

bool ArtNetMerger::isLive(PortAddress universe) const noexcept {
    const Universe* u = find(universe);
    return u != nullptr && !u->lost;
}

ArtNetMerger::Universe* ArtNetMerger::find(PortAddress universe) const noexcept {
    const std::uint16_t entry = index_[universe.flat()];
    return entry == kNoEntry ? nullptr : universes_[entry].get();
}

ArtNetMerger::Universe* ArtNetMerger::acquire(PortAddress universe, std::uint64_t nowNs) noexcept {
    if (universes_.size() < kMaxUniverses) {
        // The only allocation on the receive path: once per universe, at most kMaxUniverses times.
        std::unique_ptr<Universe> fresh(new (std::nothrow) Universe{});
        if (!fresh)
            return nullptr;
        fresh->address = universe;
        index_[universe.flat()] = static_cast<std::uint16_t>(universes_.size());
        universes_.push_back(std::move(fresh));   // capacity reserved: no reallocation
        stats_.universesTracked = static_cast<std::uint32_t>(universes_.size());
        return universes_.back().get();
    }
    // Full: take over a universe that is lost and whose sources have all left the merge. Its
    // sources are re-checked against `nowNs` so reuse does not wait for the next tick. A lost
    // universe emits nothing when its sources leave, so no sink is needed here.
    for (std::size_t i = 0; i < universes_.size(); ++i) {
        Universe& u = *universes_[i];
        if (!u.lost)
            continue;
        for (Source& s : u.sources)
            if (s.active && elapsed(nowNs, s.lastNs) >= kMergeTimeoutNs) {
                s.active = false;
                ++stats_.sourcesTimedOut;
            }
        if (u.sources[0].active || u.sources[1].active)
            continue;
        setMerging(u, false);
        index_[u.address.flat()] = kNoEntry;
        u = Universe{};
        u.address = universe;
        index_[universe.flat()] = static_cast<std::uint16_t>(i);
        ++stats_.universesReused;
        return &u;
    }
    return nullptr;
}

void ArtNetMerger::setMerging(Universe& u, bool merging) noexcept {
    if (u.merging == merging)
        return;
    u.merging = merging;
    mergingCount_ += merging ? 1 : -1;
}

void ArtNetMerger::computeOutput(Universe& u) noexcept {
    const Source& a = u.sources[0];
    const Source& b = u.sources[1];
    const Source* single = nullptr;
    if (a.active && b.active) {
        if (mergeMode(u.address) == MergeMode::Ltp) {
            single = &u.sources[static_cast<std::size_t>(u.newest)];
        } else {
            // Source slots are zero past their length, so the max over all 512 slots is also
            // zero past the longer length.
            for (std::size_t i = 0; i < kSlots; ++i)
                u.out[i] = std::max(a.slots[i], b.slots[i]);
            u.outLength = std::max(a.length, b.length);
            u.outArrivalNs = std::max(a.lastNs, b.lastNs);
            return;
        }
    } else if (a.active) {
        single = &a;
    } else if (b.active) {
        single = &b;
    } else {
        return;   // no source: hold the last output
    }
    u.out = single->slots;
    u.outLength = single->length;
    u.outArrivalNs = single->lastNs;
}

void ArtNetMerger::emit(Universe& u, MergeSink& sink) noexcept {
    computeOutput(u);
    if (u.pending) {
        u.pending = false;
        --pendingCount_;
    }
    MergeOutput output;
    output.universe = u.address.flat();
    output.slots = u.out.data();
    output.length = u.outLength;
    output.arrivalNs = u.outArrivalNs;
    output.lost = false;
    output.merging = u.merging;
    sink.onMergeOutput(output);
}

// Returns true when the merge ended with one source left, so the output is now that source's frame
// alone and must be emitted (the caller does: onDmx only when its own packet does not).
bool ArtNetMerger::expireSources(Universe& u, std::uint64_t nowNs) noexcept {
    bool removed = false;
    for (Source& s : u.sources)
        if (s.active && elapsed(nowNs, s.lastNs) >= kMergeTimeoutNs) {
            s.active = false;
            removed = true;
            ++stats_.sourcesTimedOut;
        }
    if (!removed)
        return false;
    const bool wasMerging = u.merging;
    const int remaining = (u.sources[0].active ? 1 : 0) + (u.sources[1].active ? 1 : 0);
    setMerging(u, remaining == 2);
    // The merge ended and one source is left: its frame alone is now the output (for HTP the
    // other source's higher levels disappear). A lost universe holds: it must not look live.
    // Both gone: hold the last merged output.
    return wasMerging && remaining == 1 && !u.lost;
}

void ArtNetMerger::flushPending(MergeSink& sink) noexcept {
    if (pendingCount_ == 0)
        return;
    for (auto& entry : universes_)
        if (entry->pending)
            emit(*entry, sink);
}

void ArtNetMerger::expireSync(std::uint64_t nowNs, MergeSink& sink) noexcept {
    if (!syncMode_ || elapsed(nowNs, lastSyncNs_) < kSyncTimeoutNs)
        return;
    syncMode_ = false;
    ++stats_.syncTimeouts;
    flushPending(sink);
}

ArtDmxOutcome ArtNetMerger::onDmx(PortAddress universe, std::uint32_t sourceIp, std::uint8_t physical,
                                  std::uint8_t sequence, const std::uint8_t* data, std::uint16_t length,
                                  std::uint64_t nowNs, MergeSink& sink) noexcept {
    expireSync(nowNs, sink);
    if (data == nullptr)
        length = 0;
    length = std::min(length, kSlots);

    Universe* u = find(universe);
    if (u == nullptr)
        u = acquire(universe, nowNs);
    if (u == nullptr) {
        if (!testBit(refusedBits_, universe.flat())) {
            setBit(refusedBits_, universe.flat(), true);
            ++stats_.universesRefused;
        }
        ++stats_.dmxDroppedUniverseLimit;
        return ArtDmxOutcome::DroppedUniverseLimit;
    }
    // A source silent for 10 s leaves before this packet is judged, so a third source can take
    // its place without waiting for the next tick. The frame that leaving makes is emitted only if
    // this packet makes none (dropped, or held for ArtSync): one packet, at most one frame.
    const bool mergeEnded = expireSources(*u, nowNs);

    int index = -1;
    int freeIndex = -1;
    for (int i = 0; i < kMaxSources; ++i) {
        const Source& s = u->sources[static_cast<std::size_t>(i)];
        if (s.active && s.ip == sourceIp && s.physical == physical)
            index = i;
        else if (!s.active && freeIndex < 0)
            freeIndex = i;
    }
    if (index < 0) {
        if (freeIndex < 0) {
            ++stats_.dmxDroppedThirdSource;
            return ArtDmxOutcome::DroppedThirdSource;
        }
        index = freeIndex;
        Source& s = u->sources[static_cast<std::size_t>(index)];
        s.active = true;
        s.ip = sourceIp;
        s.physical = physical;   // a source's first frame skips the sequence check
    } else if (sequenceCheck_) {
        const std::uint8_t last = u->sources[static_cast<std::size_t>(index)].lastSequence;
        if (sequence != 0 && last != 0) {
            const auto d = static_cast<std::int8_t>(static_cast<std::uint8_t>(sequence - last));
            if (d <= 0 && d > -kSequenceWindow) {
                if (mergeEnded)
                    emit(*u, sink);
                ++stats_.dmxDroppedSequence;
                return ArtDmxOutcome::DroppedSequence;
            }
        }
    }

    Source& s = u->sources[static_cast<std::size_t>(index)];
    // Held for ArtSync after the merge ended (only the remaining source gets here then, so its
    // slots are still the frame the merge left): that frame goes out now, this one at the sync.
    if (mergeEnded && syncMode_ && !(u->sources[0].active && u->sources[1].active))
        emit(*u, sink);
    if (length > 0)
        std::memcpy(s.slots.data(), data, length);
    // Zero the tail: a source's latest frame is what counts, not the longer frame it sent before.
    std::memset(s.slots.data() + length, 0, static_cast<std::size_t>(kSlots - length));
    s.length = length;
    s.lastNs = nowNs;
    s.lastSequence = sequence;   // 0 leaves no reference, so the next packet is not compared

    u->newest = index;
    u->lastAcceptedNs = nowNs;
    u->lost = false;
    haveDmxIp_ = true;
    lastDmxIp_ = sourceIp;
    setMerging(*u, u->sources[0].active && u->sources[1].active);

    if (syncMode_ && !u->merging) {
        if (!u->pending) {
            u->pending = true;
            ++pendingCount_;
        }
        ++stats_.dmxBuffered;
        return ArtDmxOutcome::Buffered;
    }
    emit(*u, sink);
    ++stats_.dmxOutput;
    return ArtDmxOutcome::Output;
}

ArtSyncOutcome ArtNetMerger::onSync(std::uint32_t sourceIp, std::uint64_t nowNs, MergeSink& sink) noexcept {
    expireSync(nowNs, sink);
    if (mergingCount_ > 0) {
        ++stats_.syncIgnoredWhileMerging;
        return ArtSyncOutcome::IgnoredWhileMerging;
    }
    if (haveDmxIp_ && sourceIp != lastDmxIp_) {
        ++stats_.syncIgnoredOtherSource;
        return ArtSyncOutcome::IgnoredOtherSource;
    }
    lastSyncNs_ = nowNs;
    if (!syncMode_) {
        // Asynchronous mode never buffers, so there is nothing to emit yet.
        syncMode_ = true;
        ++stats_.syncEntered;
        return ArtSyncOutcome::Entered;
    }
    flushPending(sink);
    ++stats_.syncApplied;
    return ArtSyncOutcome::Applied;
}

void ArtNetMerger::tick(std::uint64_t nowNs, MergeSink& sink) noexcept {
    expireSync(nowNs, sink);
    for (auto& entry : universes_) {
        Universe& u = *entry;
        if (expireSources(u, nowNs))
            emit(u, sink);
        if (u.lost || elapsed(nowNs, u.lastAcceptedNs) < lossTimeoutNs_)
            continue;
        // A frame still waiting for ArtSync is the last thing received: it becomes the held image.
        if (u.pending) {
            computeOutput(u);
            u.pending = false;
            --pendingCount_;
        }
        u.lost = true;
        ++stats_.losses;
        MergeOutput output;
        output.universe = u.address.flat();
        output.slots = u.out.data();
        output.length = u.outLength;
        output.arrivalNs = u.outArrivalNs;
        output.lost = true;
        output.merging = false;
        sink.onMergeOutput(output);
    }
}

} // namespace dmxin
