#include "SacnMerger.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <new>

namespace dmxin {

static_assert(SacnMerger::kMaxSourcesPerUniverse <= 8, "contribution masks are 8 bits wide");
static_assert(SacnMerger::kMaxUniverses < 0xFFFF, "pool slots are 16-bit with 0xFFFF as 'none'");

namespace {

constexpr std::size_t kSlots = 512;
constexpr std::size_t kNoSource = SIZE_MAX;

bool stale(std::uint64_t lastNs, std::uint64_t nowNs) noexcept {
    // A clock that steps backwards never expires anything.
    return nowNs >= lastNs && nowNs - lastNs >= SacnMerger::kSourceTimeoutNs;
}

std::uint8_t bit(std::size_t index) noexcept {
    return static_cast<std::uint8_t>(1u << index);
}

// dst[i] = max(dst[i], src[i]) over a whole frame. The fixed trip count and __restrict (the two
// never overlap: the merge scratch and a source's levels) let -O2's cheap vectoriser turn this into
// a few dozen SIMD max instructions; without them it stays a byte loop, 10x slower.
void htpFrame(std::uint8_t* __restrict dst, const std::uint8_t* __restrict src) noexcept {
    for (std::size_t i = 0; i < kSlots; ++i)
        dst[i] = std::max(dst[i], src[i]);
}

} // namespace

struct SacnMerger::Source {
    SacnCid cid{};
    bool used = false;
    bool hasLevels = false;       // a 0x00 packet arrived within the timeout
    bool hasPap = false;          // a 0xDD packet arrived within the timeout
    std::uint8_t priority = 0;    // packet priority of the last 0x00 packet
    std::uint8_t sequence = 0;    // last accepted data sequence number
    std::uint16_t length = 0;     // slots in the last 0x00 packet
    std::uint64_t levelsNs = 0;
    std::uint64_t papNs = 0;
    std::array<std::uint8_t, kSlots> levels{};   // zero past `length` (see onData)
    std::array<std::uint8_t, kSlots> pap{};   // 0 = does not drive the slot

    std::uint64_t lastSeenNs() const noexcept { return std::max(levelsNs, papNs); }
};

struct SacnMerger::Universe {
    std::uint16_t number = 0;
    std::uint16_t slot = 0;       // index in pool_
    bool active = false;
    bool outputLive = false;      // the last emission was a live output (not yet reported lost)
    std::uint8_t contribMask = 0; // sources that won at least one slot in the last merge
    std::size_t sourceCount = 0;
    std::uint16_t outputLength = 0;
    std::uint64_t outputArrivalNs = 0;
    std::array<Source, kMaxSourcesPerUniverse> sources{};
    std::array<std::uint8_t, kSlots> output{};
};

struct SacnMerger::Merged {
    std::uint8_t mask = 0;        // sources that win at least one slot
    std::uint16_t length = 0;     // 1 + the highest slot some source drives
    std::uint64_t arrivalNs = 0;  // newest 0x00 packet among the winners
};

const char* toString(SacnOutcome outcome) noexcept {
    switch (outcome) {
    case SacnOutcome::Output: return "output";
    case SacnOutcome::Held: return "held";
    case SacnOutcome::DroppedSequence: return "dropped-sequence";
    case SacnOutcome::DroppedPreview: return "dropped-preview";
    case SacnOutcome::DroppedStartCode: return "dropped-start-code";
    case SacnOutcome::DroppedSourceLimit: return "dropped-source-limit";
    case SacnOutcome::DroppedUniverseLimit: return "dropped-universe-limit";
    case SacnOutcome::Terminated: return "terminated";
    case SacnOutcome::Count: break;
    }
    return "unknown";
}

SacnMerger::SacnMerger() : index_(0x10000, kNoSlot) {
    // Reserve now so that growing the pool and the free list later never reallocates them.
    pool_.reserve(kMaxUniverses);
    free_.reserve(kMaxUniverses);
}

SacnMerger::~SacnMerger() = default;

std::uint64_t SacnMerger::count(SacnOutcome outcome) const noexcept {
    switch (outcome) {
    case SacnOutcome::Output: return stats_.output;
    case SacnOutcome::Held: return stats_.held;
    case SacnOutcome::DroppedSequence: return stats_.droppedSequence;
    case SacnOutcome::DroppedPreview: return stats_.droppedPreview;
    case SacnOutcome::DroppedStartCode: return stats_.droppedStartCode;
    case SacnOutcome::DroppedSourceLimit: return stats_.droppedSourceLimit;
    case SacnOutcome::DroppedUniverseLimit: return stats_.droppedUniverseLimit;
    case SacnOutcome::Terminated: return stats_.terminated;
    case SacnOutcome::Count: break;
    }
    return 0;
}

SacnOutcome SacnMerger::record(SacnOutcome outcome) noexcept {
    switch (outcome) {
    case SacnOutcome::Output: ++stats_.output; break;
    case SacnOutcome::Held: ++stats_.held; break;
    case SacnOutcome::DroppedSequence: ++stats_.droppedSequence; break;
    case SacnOutcome::DroppedPreview: ++stats_.droppedPreview; break;
    case SacnOutcome::DroppedStartCode: ++stats_.droppedStartCode; break;
    case SacnOutcome::DroppedSourceLimit: ++stats_.droppedSourceLimit; break;
    case SacnOutcome::DroppedUniverseLimit: ++stats_.droppedUniverseLimit; break;
    case SacnOutcome::Terminated: ++stats_.terminated; break;
    case SacnOutcome::Count: break;
    }
    return outcome;
}

std::size_t SacnMerger::sourceCount(std::uint16_t universe) const noexcept {
    const Universe* u = find(universe);
    return u ? u->sourceCount : 0;
}

SacnMerger::Universe* SacnMerger::find(std::uint16_t universe) const noexcept {
    const std::uint16_t slot = index_[universe];
    return slot == kNoSlot ? nullptr : pool_[slot].get();
}

SacnMerger::Universe* SacnMerger::acquire(std::uint16_t universe) noexcept {
    std::uint16_t slot;
    if (!free_.empty()) {
        slot = free_.back();
        free_.pop_back();
    } else if (pool_.size() < kMaxUniverses) {
        // The only allocation on the receive path: once per pool slot, never per packet. A failed
        // allocation is reported like a full table rather than thrown.
        std::unique_ptr<Universe> fresh(new (std::nothrow) Universe());
        if (!fresh)
            return nullptr;
        slot = static_cast<std::uint16_t>(pool_.size());
        pool_.push_back(std::move(fresh));   // capacity reserved: no reallocation
    } else {
        return nullptr;
    }
    Universe& u = *pool_[slot];
    u.number = universe;
    u.slot = slot;
    u.active = true;
    u.outputLive = false;
    u.contribMask = 0;
    u.sourceCount = 0;
    u.outputLength = 0;
    u.outputArrivalNs = 0;
    for (auto& s : u.sources)
        s.used = false;
    index_[universe] = slot;
    ++activeUniverses_;
    return &u;
}

void SacnMerger::release(Universe& u) noexcept {
    index_[u.number] = kNoSlot;
    u.active = false;
    free_.push_back(u.slot);   // capacity reserved: no reallocation
    --activeUniverses_;
}

void SacnMerger::removeSource(Universe& u, std::size_t index) noexcept {
    Source& s = u.sources[index];
    s.used = false;
    s.hasLevels = false;
    s.hasPap = false;
    --u.sourceCount;
}

// Drops what has gone stale; returns true if anything did, so the universe must be merged again.
// Not only contributing sources matter: a source that contributes no slot can still hide the
// others by its priority, and its leaving changes the merged frame.
bool SacnMerger::expire(Universe& u, std::uint64_t nowNs) noexcept {
    bool expired = false;
    for (std::size_t i = 0; i < u.sources.size(); ++i) {
        Source& s = u.sources[i];
        if (!s.used)
            continue;
        if (stale(s.lastSeenNs(), nowNs)) {
            removeSource(u, i);
            ++stats_.sourceTimeouts;
            expired = true;
            continue;
        }
        // ETC rule 14: without 0xDD for the timeout, fall back to the packet priority.
        if (s.hasPap && stale(s.papNs, nowNs)) {
            s.hasPap = false;
            expired |= s.hasLevels;
        }
        // ETC rule 15: without 0x00 for the timeout, the source gives up all its slots.
        if (s.hasLevels && stale(s.levelsNs, nowNs)) {
            s.hasLevels = false;
            expired = true;
        }
    }
    return expired;
}

SacnMerger::Merged SacnMerger::merge(const Universe& u) noexcept {
    // The sources that take part: in use and carrying levels. Collected once so the slot loops
    // below run over only these (usually one or two) instead of testing all eight per slot.
    std::array<std::uint8_t, kMaxSourcesPerUniverse> live{};
    std::size_t liveCount = 0;
    bool anyPap = false;
    for (std::size_t i = 0; i < u.sources.size(); ++i) {
        const Source& s = u.sources[i];
        if (!s.used || !s.hasLevels)
            continue;
        live[liveCount++] = static_cast<std::uint8_t>(i);
        anyPap |= s.hasPap;
    }
    if (!anyPap)
        return mergeByPacketPriority(u, live.data(), liveCount);
    return mergePerAddress(u, live.data(), liveCount);
}

// No live source has 0xDD: every live source claims all 512 slots at its packet priority, so the
// highest packet priority wins every slot and the sources at it merge HTP. That makes the per-slot
// rule of mergePerAddress collapse to whole-frame operations: a copy of the first top source and
// a vectorised max per further one, instead of a 512 x 8 branchy loop (the common sACN case).
// Identical results to mergePerAddress for this case:
//   * value of a slot = max over top sources carrying it (slot < length), 0 where none does;
//   * a top source contributes to some slot iff its length > 0, so mask = top sources with data;
//   * length = 1 + the highest slot a top source carries = the longest top source's length.
SacnMerger::Merged SacnMerger::mergeByPacketPriority(const Universe& u, const std::uint8_t* live,
                                                     std::size_t liveCount) noexcept {
    Merged m;
    int best = -1;
    for (std::size_t k = 0; k < liveCount; ++k)
        best = std::max<int>(best, u.sources[live[k]].priority);

    // Levels past a source's length are zero (onData clears them), so whole frames can be copied
    // and maxed without looking at lengths.
    bool first = true;
    std::size_t longest = 0;
    for (std::size_t k = 0; k < liveCount; ++k) {
        const std::size_t i = live[k];
        const Source& s = u.sources[i];
        if (s.priority != best || s.length == 0)
            continue;
        if (first)
            scratch_ = s.levels;
        else
            htpFrame(scratch_.data(), s.levels.data());
        first = false;
        longest = std::max<std::size_t>(longest, s.length);
        m.mask = static_cast<std::uint8_t>(m.mask | bit(i));
        m.arrivalNs = std::max(m.arrivalNs, s.levelsNs);
    }
    if (first)
        scratch_.fill(0);   // no top source carries data
    m.length = static_cast<std::uint16_t>(longest);
    return m;
}

// The general rule, with 0xDD: per slot, the highest rank among claimants wins, ties HTP.
SacnMerger::Merged SacnMerger::mergePerAddress(const Universe& u, const std::uint8_t* live,
                                               std::size_t liveCount) noexcept {
    Merged m;
    // A source without 0xDD claims all 512 slots at its packet priority, even those beyond its
    // last packet (where it carries no data): that keeps "the highest priority source is
    // definitive" for the whole universe. A 0xDD source claims only the slots it prioritises.
    std::size_t span = 0;
    for (std::size_t k = 0; k < liveCount; ++k) {
        const Source& s = u.sources[live[k]];
        span = std::max<std::size_t>(span, s.hasPap ? s.length : kSlots);
    }

    for (std::size_t slot = 0; slot < span; ++slot) {
        int best = -1;
        std::uint8_t value = 0;
        std::uint8_t winners = 0;   // claimants at the top rank that carry data for this slot
        for (std::size_t k = 0; k < liveCount; ++k) {
            const std::size_t i = live[k];
            const Source& s = u.sources[i];
            const bool carries = slot < s.length;
            int rank = s.priority;
            if (s.hasPap) {
                if (!carries || s.pap[slot] == 0)
                    continue;   // this source does not drive the slot
                rank = s.pap[slot];
            }
            const std::uint8_t level = carries ? s.levels[slot] : std::uint8_t{0};
            const std::uint8_t mine = carries ? bit(i) : std::uint8_t{0};
            if (rank > best) {
                best = rank;
                value = level;
                winners = mine;
            } else if (rank == best) {
                // HTP between equals; every source at the top rank counts as contributing.
                value = std::max(value, level);
                winners = static_cast<std::uint8_t>(winners | mine);
            }
        }
        scratch_[slot] = value;
        if (winners != 0) {
            m.mask = static_cast<std::uint8_t>(m.mask | winners);
            m.length = static_cast<std::uint16_t>(slot + 1);
        }
    }
    std::fill(scratch_.begin() + static_cast<std::ptrdiff_t>(span), scratch_.end(), std::uint8_t{0});
    for (std::size_t i = 0; i < u.sources.size(); ++i)
        if ((m.mask & bit(i)) != 0)
            m.arrivalNs = std::max(m.arrivalNs, u.sources[i].levelsNs);
    return m;
}

// Whether a merge result is not what the sink was last given: live or lost, the contributing
// sources, the length or any slot.
bool SacnMerger::differsFromOutput(const Universe& u, const Merged& m) const noexcept {
    const bool live = m.mask != 0;
    if (live != u.outputLive)
        return true;
    if (!live)
        return false;
    return m.mask != u.contribMask || m.length != u.outputLength
        || std::memcmp(scratch_.data(), u.output.data(), kSlots) != 0;
}

// Hands the merge result to the sink when it differs from the last output, or always when
// `force` (a contributing source's packet: its arrival time is news even if its levels are not).
// Returns whether the sink was called.
bool SacnMerger::publish(Universe& u, const Merged& m, bool force, MergeSink& sink) noexcept {
    // A forced packet skips the comparison: it is the common case (the winner's own packets).
    const bool publishIt = force || differsFromOutput(u, m);
    u.contribMask = m.mask;
    if (!publishIt)
        return false;
    MergeOutput out;
    out.universe = u.number;
    out.slots = u.output.data();
    if (m.mask == 0) {
        // Nobody drives any slot: report the loss once and keep the last output in the slots.
        if (!u.outputLive)
            return false;
        u.outputLive = false;
        out.length = u.outputLength;
        out.arrivalNs = u.outputArrivalNs;
        out.lost = true;
        ++stats_.universesLost;
        sink.onMergeOutput(out);
        return true;
    }
    u.output = scratch_;
    u.outputLength = m.length;
    u.outputArrivalNs = m.arrivalNs;
    u.outputLive = true;
    out.length = m.length;
    out.arrivalNs = m.arrivalNs;
    out.merging = std::popcount(m.mask) > 1;
    sink.onMergeOutput(out);
    return true;
}

// After sources went or were dropped: release an empty universe (reporting the loss), otherwise
// merge again and output what changed.
void SacnMerger::settle(Universe& u, bool expired, MergeSink& sink) noexcept {
    if (u.sourceCount == 0) {
        Merged none;   // empty mask: emits the loss if an output was live
        publish(u, none, true, sink);
        release(u);
        return;
    }
    if (expired)
        publish(u, merge(u), false, sink);
}

SacnOutcome SacnMerger::onData(const SacnDataView& packet, std::uint64_t nowNs, MergeSink& sink) noexcept {
    if (packet.preview && !acceptPreview_)
        return record(SacnOutcome::DroppedPreview);

    Universe* u = find(packet.universe);
    bool changed = false;   // something expired or left: merge again before returning
    // Expire this universe first so the outcome does not depend on how recently tick() ran.
    if (u)
        changed = expire(*u, nowNs);

    std::size_t si = kNoSource;
    if (u) {
        for (std::size_t i = 0; i < u->sources.size(); ++i)
            if (u->sources[i].used && u->sources[i].cid == packet.cid) {
                si = i;
                break;
            }
    }

    if (si != kNoSource) {
        Source& s = u->sources[si];
        // E1.31 §6.7.2: the window handles wrap-around (255 -> 0 is d = +1).
        const auto d = static_cast<std::int8_t>(static_cast<std::uint8_t>(packet.sequence - s.sequence));
        if (d <= 0 && d > -20) {
            settle(*u, changed, sink);
            return record(SacnOutcome::DroppedSequence);
        }
        s.sequence = packet.sequence;
    }

    if (packet.terminated) {
        // The slot values of a terminating packet are ignored; the two duplicates that follow find
        // no source and change nothing.
        if (si != kNoSource) {
            changed = true;
            removeSource(*u, si);
        }
        if (u)
            settle(*u, changed, sink);
        return record(SacnOutcome::Terminated);
    }

    const bool levels = packet.startCode == SacnStartCode::Levels;
    if (!levels && packet.startCode != SacnStartCode::PerAddressPriority) {
        if (u)
            settle(*u, changed, sink);
        return record(SacnOutcome::DroppedStartCode);
    }

    if (si == kNoSource) {
        if (!u) {
            u = acquire(packet.universe);
            if (!u)
                return record(SacnOutcome::DroppedUniverseLimit);
        }
        if (u->sourceCount >= kMaxSourcesPerUniverse) {
            settle(*u, changed, sink);
            return record(SacnOutcome::DroppedSourceLimit);
        }
        for (std::size_t i = 0; i < u->sources.size(); ++i)
            if (!u->sources[i].used) {
                si = i;
                break;
            }
        Source& fresh = u->sources[si];
        fresh = Source{};
        fresh.used = true;
        fresh.cid = packet.cid;
        fresh.sequence = packet.sequence;
        ++u->sourceCount;
    }

    Source& s = u->sources[si];
    const bool wasContributing = (u->contribMask & bit(si)) != 0;
    const std::size_t n = std::min<std::size_t>(packet.length, kSlots);
    bool relevant;
    if (levels) {
        s.priority = packet.priority;
        if (n > 0)
            std::memcpy(s.levels.data(), packet.data, n);
        // Zero the tail: the packet-priority merge maxes whole frames and must not see the levels
        // of an older, longer packet. (The per-address merge reads only [0, length) anyway.)
        std::memset(s.levels.data() + n, 0, kSlots - n);
        s.length = static_cast<std::uint16_t>(n);
        s.levelsNs = nowNs;
        s.hasLevels = true;
        relevant = true;
    } else {
        // Missing per-address values mean 0 (ETC rule 6); 201..255 are reserved, read as 200.
        // Branch-free so the compiler can vectorise it: OR together the XOR of old and new.
        std::uint8_t delta = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const std::uint8_t p = std::min(packet.data[i], kSacnMaxPriority);
            delta = static_cast<std::uint8_t>(delta | (s.pap[i] ^ p));
            s.pap[i] = p;
        }
        for (std::size_t i = n; i < kSlots; ++i) {
            delta = static_cast<std::uint8_t>(delta | s.pap[i]);
            s.pap[i] = 0;
        }
        const bool differs = !s.hasPap || delta != 0;
        s.papNs = nowNs;
        s.hasPap = true;
        relevant = differs && s.hasLevels;
    }

    // Also merge after levels from a source that contributes nothing: its priority alone can
    // hide or reveal the others.
    const Merged m = merge(*u);
    const bool nowContributing = (m.mask & bit(si)) != 0;
    const bool force = relevant && (wasContributing || nowContributing);
    const bool output = publish(*u, m, force, sink);
    return record(output ? SacnOutcome::Output : SacnOutcome::Held);
}

void SacnMerger::tick(std::uint64_t nowNs, MergeSink& sink) noexcept {
    for (auto& entry : pool_) {
        Universe& u = *entry;
        if (!u.active)
            continue;
        settle(u, expire(u, nowNs), sink);
    }
}

} // namespace dmxin
