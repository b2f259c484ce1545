#include "PollResponder.h"

#include <algorithm>

namespace dmxin {

namespace {

// Replies go to the poller by unicast; these addresses cannot be a unicast host, and answering a
// forged one would broadcast the burst to a whole network.
bool isUnicastHost(std::uint32_t ip) noexcept {
    if (ip == 0 || ip == 0xFFFFFFFFu)
        return false;
    return (ip & 0xF0000000u) != 0xE0000000u;   // 224.0.0.0/4 multicast
}

// Time comparisons tolerate a clock that steps back: "less than `span` ago" includes the future.
bool within(std::uint64_t nowNs, std::uint64_t thenNs, std::uint64_t span) noexcept {
    return nowNs < thenNs || nowNs - thenNs < span;
}

bool anyInRange(std::span<const PortAddress> subscribed, std::uint16_t bottom, std::uint16_t top) noexcept {
    return std::any_of(subscribed.begin(), subscribed.end(),
                       [&](PortAddress a) { return a.flat() >= bottom && a.flat() <= top; });
}

} // namespace

const char* toString(PollDecision decision) noexcept {
    switch (decision) {
    case PollDecision::Scheduled: return "scheduled";
    case PollDecision::AlreadyScheduled: return "already-scheduled";
    case PollDecision::NotTargeted: return "not-targeted";
    case PollDecision::RateLimited: return "rate-limited";
    case PollDecision::NothingToReport: return "nothing-to-report";
    }
    return "unknown";
}

PollResponder::PollResponder(std::uint32_t seed) noexcept
    : random_(&PollResponder::xorshift), randomState_(&xorshiftState_), xorshiftState_(seed != 0 ? seed : 0x9E3779B9u) {}

PollResponder::PollResponder(RandomFn random, void* state) noexcept
    : random_(random != nullptr ? random : &PollResponder::xorshift),
      randomState_(random != nullptr ? state : &xorshiftState_),
      xorshiftState_(0x9E3779B9u) {}

std::uint32_t PollResponder::xorshift(void* state) {
    auto& x = *static_cast<std::uint32_t*>(state);
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return x;
}

void PollResponder::bump(std::atomic<std::uint64_t>& counter) noexcept {
    // Single writer (the receive thread): a relaxed load+store is enough and avoids a locked RMW.
    counter.store(counter.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
}

void PollResponder::expireCooling(std::uint64_t nowNs) noexcept {
    for (Slot& s : slots_)
        if (s.state == SlotState::Cooling && !within(nowNs, s.sentNs, kPerPollerIntervalNs))
            s.state = SlotState::Free;
}

PollDecision PollResponder::onPoll(const ArtPollView& poll, std::uint32_t pollerIp, std::uint64_t nowNs,
                                   std::span<const PortAddress> subscribed, std::uint32_t localIp) noexcept {
    bump(counters_.pollsSeen);
    if (!isUnicastHost(pollerIp) || (poll.targeted && subscribed.empty())) {
        bump(counters_.nothingToReport);
        return PollDecision::NothingToReport;
    }
    if (poll.targeted && !anyInRange(subscribed, poll.targetBottom, poll.targetTop)) {
        bump(counters_.notTargeted);
        return PollDecision::NotTargeted;
    }

    expireCooling(nowNs);
    Slot* freeSlot = nullptr;
    for (Slot& s : slots_) {
        if (s.state == SlotState::Free) {
            if (freeSlot == nullptr)
                freeSlot = &s;
            continue;
        }
        if (s.pollerIp != pollerIp)
            continue;
        if (s.state == SlotState::Cooling) {
            bump(counters_.rateLimited);
            return PollDecision::RateLimited;
        }
        // Pending: merge rather than queue a second burst. The widened range may list a port that
        // neither poll asked for; that reply is still true, and it keeps one burst per poller.
        if (!poll.targeted) {
            s.targeted = false;
        } else if (s.targeted) {
            s.bottom = std::min(s.bottom, poll.targetBottom);
            s.top = std::max(s.top, poll.targetTop);
        }
        if (localIp != 0)
            s.localIp = localIp;
        bump(counters_.alreadyScheduled);
        return PollDecision::AlreadyScheduled;
    }

    const bool windowFull = acceptedCount_ == kMaxBurstsPerSecond &&
                            within(nowNs, acceptedAt_[acceptedNext_], kBurstWindowNs);
    if (freeSlot == nullptr || windowFull) {
        bump(counters_.rateLimited);
        return PollDecision::RateLimited;
    }
    // The ring holds the last kMaxBurstsPerSecond acceptances; acceptedAt_[acceptedNext_] is the
    // oldest once it is full, and a new acceptance is allowed only when that one is >= 1 s old.
    acceptedAt_[acceptedNext_] = nowNs;
    acceptedNext_ = (acceptedNext_ + 1) % kMaxBurstsPerSecond;
    acceptedCount_ = std::min(acceptedCount_ + 1, kMaxBurstsPerSecond);

    // Multiply-shift maps a 32-bit draw onto [0, kMaxDelayNs): no modulo, no division.
    const std::uint64_t delay = (static_cast<std::uint64_t>(random_(randomState_)) * kMaxDelayNs) >> 32;
    *freeSlot = Slot{};
    freeSlot->state = SlotState::Pending;
    freeSlot->targeted = poll.targeted;
    freeSlot->bottom = poll.targetBottom;
    freeSlot->top = poll.targetTop;
    freeSlot->pollerIp = pollerIp;
    freeSlot->localIp = localIp;
    freeSlot->dueNs = nowNs + delay;
    bump(counters_.scheduled);
    return PollDecision::Scheduled;
}

bool PollResponder::takeDue(std::size_t slot, std::uint64_t nowNs, Burst& out) noexcept {
    const Slot& s = slots_[slot];
    if (s.state != SlotState::Pending || nowNs < s.dueNs)
        return false;
    out.slot = slot;
    out.targeted = s.targeted;
    out.bottom = s.bottom;
    out.top = s.top;
    out.pollerIp = s.pollerIp;
    out.localIp = s.localIp;
    return true;
}

std::span<const std::uint8_t> PollResponder::prepareReply(const Burst& burst, const ReplyContext& ctx,
                                                          const PollReplyPort* port, std::uint8_t bindIndex) noexcept {
    PollReplyFields f;
    f.ip = burst.localIp != 0 ? burst.localIp : ctx.ip;
    f.mac = ctx.mac;
    f.shortName = ctx.shortName;
    f.longName = ctx.longName;
    f.reportCode = kArtReportPowerOk;
    f.reportCounter = reportCounter_++;
    f.reportText = ctx.reportText;
    f.bindIndex = bindIndex;
    if (port != nullptr)
        f.port = *port;
    f.versionInfo = ctx.versionInfo;
    const std::size_t n = buildArtPollReply(buffer_, f);
    return {buffer_.data(), n};
}

void PollResponder::noteSendResult(bool ok) noexcept {
    bump(ok ? counters_.repliesSent : counters_.sendFailures);
}

void PollResponder::finishBurst(const Burst& burst, std::uint64_t nowNs, std::size_t repliesSent) noexcept {
    Slot& s = slots_[burst.slot];
    if (repliesSent == 0) {
        // A targeted burst whose ports were unsubscribed meanwhile: nothing left, nothing to cool.
        s.state = SlotState::Free;
        return;
    }
    s.state = SlotState::Cooling;
    s.sentNs = nowNs;
    bump(counters_.burstsSent);
}

std::optional<std::uint64_t> PollResponder::nextDueNs() const noexcept {
    std::optional<std::uint64_t> next;
    for (const Slot& s : slots_)
        if (s.state == SlotState::Pending && (!next || s.dueNs < *next))
            next = s.dueNs;
    return next;
}

std::size_t PollResponder::pendingCount() const noexcept {
    return static_cast<std::size_t>(
        std::count_if(slots_.begin(), slots_.end(), [](const Slot& s) { return s.state == SlotState::Pending; }));
}

PollResponderCounters PollResponder::counters() const noexcept {
    const auto r = [](const std::atomic<std::uint64_t>& c) { return c.load(std::memory_order_relaxed); };
    PollResponderCounters c;
    c.pollsSeen = r(counters_.pollsSeen);
    c.scheduled = r(counters_.scheduled);
    c.alreadyScheduled = r(counters_.alreadyScheduled);
    c.notTargeted = r(counters_.notTargeted);
    c.nothingToReport = r(counters_.nothingToReport);
    c.rateLimited = r(counters_.rateLimited);
    c.burstsSent = r(counters_.burstsSent);
    c.repliesSent = r(counters_.repliesSent);
    c.sendFailures = r(counters_.sendFailures);
    c.portsOmitted = r(counters_.portsOmitted);
    return c;
}

} // namespace dmxin
