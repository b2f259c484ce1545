#pragma once
// Answers ArtPoll with ArtPollReply (Art-Net 4: how a node replies) without letting a poll
// flood turn DMX In into an amplifier. A 14-byte ArtPoll asks for up to 255 replies of 239 bytes,
// and its source address can be forged, so every reply is rate limited here.
//
// Behaviour:
//  - Each accepted poll schedules one reply burst to the poller, unicast to pollerIp:6454 after a
//    random delay in [0, 1 s) (Art-Net 4: reply within 3 s after a random 0-1 s delay).
//  - A burst is one reply per port (BindIndex 1..N, NumPorts 1), at most 255; a node with no ports
//    sends one port-less reply with BindIndex 1. Every reply increments the NodeReport counter.
//  - Targeted polls (Flags bit5) are answered only if a subscribed Port-Address lies in
//    [Bottom, Top] inclusive, and the burst then lists only those ports.
//
// Limits (the numbers are the constants below):
//  - One pending burst per poller: a poll from a poller whose burst is still pending is merged
//    into it (AlreadyScheduled). An untargeted poll widens it to all ports; two targeted polls
//    widen it to the hull of both ranges.
//  - One burst per poller per 1 s (kPerPollerIntervalNs): a poll within 1 s after that poller's
//    last burst left is RateLimited. Controllers poll every 2.5-3 s, so they are never affected.
//  - At most kMaxPendingPollers (32) pollers tracked at once, pending or within their 1 s
//    cool-down; a poll needing a 33rd slot is RateLimited. This bounds memory and one sendDue.
//  - At most kMaxBurstsPerSecond (8) bursts accepted in any 1 s window of poll arrival, from all
//    pollers together. A burst waits 0-1 s, so up to 2 x 8 can leave within one 1 s window when
//    arrivals bunch, but never more than 8 per second on average. Worst-case output therefore is
//    8 x 255 x 239 bytes per second (~0.5 MB/s), and 8 x 239 bytes/s for a one-universe node:
//    a flood of 10,000 polls/s from 10,000 forged addresses yields 8 bursts per second.
//
// Threads: onPoll, sendDue, nextDueNs and pendingCount are receive-thread only (no locking, no
// allocation: every buffer is a member). counters() may be called from any thread.
// Deterministic: the caller passes the clock (monotonic ns) and the random source.

#include "ArtNetParser.h"
#include "ArtPollReply.h"
#include "PortAddress.h"

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <type_traits>
#include <utility>

namespace dmxin {

enum class PollDecision : std::uint8_t {
    Scheduled,          // a burst to this poller is now pending
    AlreadyScheduled,   // merged into this poller's pending burst
    NotTargeted,        // targeted poll, and no subscribed Port-Address lies in [Bottom, Top]
    RateLimited,        // per-poller, table or global limit; no reply
    NothingToReport,    // no reply possible: targeted poll to a node with no ports, or the poller
                        // address is not a unicast host (0.0.0.0, 255.255.255.255, multicast)
};

// Short stable names for logs and tests ("scheduled", "rate-limited", ...).
const char* toString(PollDecision decision) noexcept;

// What the node says about itself, read when a burst is sent. The strings and the port span must
// stay valid for the duration of the sendDue call only.
struct ReplyContext {
    std::uint32_t ip = 0;                    // host order; used when the poll carried no local IP
    std::array<std::uint8_t, 6> mac{};
    std::string_view shortName = "DMX In";
    std::string_view longName = "DMX In";
    std::string_view reportText;             // appended to "#0001 [n] "
    std::uint16_t versionInfo = 0;
    std::span<const PollReplyPort> ports;    // the union of subscribed universes, with merge flags
};

struct PollResponderCounters {
    std::uint64_t pollsSeen = 0;
    std::uint64_t scheduled = 0;
    std::uint64_t alreadyScheduled = 0;
    std::uint64_t notTargeted = 0;
    std::uint64_t nothingToReport = 0;
    std::uint64_t rateLimited = 0;
    std::uint64_t burstsSent = 0;
    std::uint64_t repliesSent = 0;
    std::uint64_t sendFailures = 0;   // the send callable returned false
    std::uint64_t portsOmitted = 0;   // ports beyond the 255th of a burst
};

class PollResponder {
public:
    static constexpr std::uint64_t kMaxDelayNs = 1'000'000'000;           // delay drawn from [0, 1 s)
    static constexpr std::uint64_t kPerPollerIntervalNs = 1'000'000'000;  // one burst per poller per 1 s
    static constexpr std::size_t kMaxPendingPollers = 32;
    static constexpr std::size_t kMaxBurstsPerSecond = 8;
    static constexpr std::uint64_t kBurstWindowNs = 1'000'000'000;
    static constexpr std::size_t kMaxRepliesPerBurst = 255;               // BindIndex 1..255
    static_assert(kMaxBurstsPerSecond <= kMaxPendingPollers);

    // Returns a uniformly distributed 32-bit value; called once per scheduled burst.
    using RandomFn = std::uint32_t (*)(void* state);

    // Uses a built-in xorshift32 seeded with `seed` (0 is replaced by a fixed non-zero seed).
    explicit PollResponder(std::uint32_t seed) noexcept;
    // Uses the caller's random source; `state` is passed back to it.
    PollResponder(RandomFn random, void* state) noexcept;

    PollResponder(const PollResponder&) = delete;
    PollResponder& operator=(const PollResponder&) = delete;

    // Decides whether to answer `poll` from `pollerIp` (host order) received at `nowNs`.
    // `subscribed` is used only to judge targeted polls. `localIp` (host order) is the address the
    // poll arrived on (IP_PKTINFO ipi_spec_dst); 0 means "use ReplyContext::ip".
    PollDecision onPoll(const ArtPollView& poll, std::uint32_t pollerIp, std::uint64_t nowNs,
                        std::span<const PortAddress> subscribed, std::uint32_t localIp = 0) noexcept;

    // Sends every burst due at `nowNs`. `send(std::uint32_t ipHostOrder, std::uint16_t port,
    // std::span<const std::uint8_t> bytes)` is called once per reply with kArtNetPort as the port;
    // the bytes are valid during the call only. If it returns bool, false counts a send failure.
    template <class Send>
    void sendDue(std::uint64_t nowNs, const ReplyContext& ctx, Send&& send);

    // The earliest due time of a pending burst, so the receive thread can bound its wait.
    std::optional<std::uint64_t> nextDueNs() const noexcept;
    std::size_t pendingCount() const noexcept;

    PollResponderCounters counters() const noexcept;

private:
    enum class SlotState : std::uint8_t { Free, Pending, Cooling };

    struct Slot {
        SlotState state = SlotState::Free;
        bool targeted = false;
        std::uint16_t bottom = 0;
        std::uint16_t top = 0;
        std::uint32_t pollerIp = 0;
        std::uint32_t localIp = 0;
        std::uint64_t dueNs = 0;    // Pending: when to send
        std::uint64_t sentNs = 0;   // Cooling: when the burst left
    };

    struct Burst {
        std::size_t slot = 0;
        bool targeted = false;
        std::uint16_t bottom = 0;
        std::uint16_t top = 0;
        std::uint32_t pollerIp = 0;
        std::uint32_t localIp = 0;
        bool covers(PortAddress a) const noexcept {
            return !targeted || (a.flat() >= bottom && a.flat() <= top);
        }
    };

    static std::uint32_t xorshift(void* state);
    void expireCooling(std::uint64_t nowNs) noexcept;
    bool takeDue(std::size_t slot, std::uint64_t nowNs, Burst& out) noexcept;
    std::span<const std::uint8_t> prepareReply(const Burst& burst, const ReplyContext& ctx,
                                               const PollReplyPort* port, std::uint8_t bindIndex) noexcept;
    void finishBurst(const Burst& burst, std::uint64_t nowNs, std::size_t repliesSent) noexcept;
    void noteSendResult(bool ok) noexcept;
    static void bump(std::atomic<std::uint64_t>& counter) noexcept;

    RandomFn random_;
    void* randomState_;
    std::uint32_t xorshiftState_ = 0;

    std::array<Slot, kMaxPendingPollers> slots_{};
    std::array<std::uint64_t, kMaxBurstsPerSecond> acceptedAt_{};   // ring of the last acceptances
    std::size_t acceptedNext_ = 0;
    std::size_t acceptedCount_ = 0;
    std::uint32_t reportCounter_ = 0;
    std::array<std::uint8_t, kArtPollReplySize> buffer_{};

    struct AtomicCounters {
        std::atomic<std::uint64_t> pollsSeen{0}, scheduled{0}, alreadyScheduled{0}, notTargeted{0},
            nothingToReport{0}, rateLimited{0}, burstsSent{0}, repliesSent{0}, sendFailures{0}, portsOmitted{0};
    } counters_;
};

template <class Send>
void PollResponder::sendDue(std::uint64_t nowNs, const ReplyContext& ctx, Send&& send) {
    expireCooling(nowNs);
    for (std::size_t i = 0; i < kMaxPendingPollers; ++i) {
        Burst burst;
        if (!takeDue(i, nowNs, burst))
            continue;
        auto emit = [&](const PollReplyPort* port, std::uint8_t bindIndex) {
            const auto bytes = prepareReply(burst, ctx, port, bindIndex);
            if constexpr (std::is_same_v<std::invoke_result_t<Send&, std::uint32_t, std::uint16_t,
                                                              std::span<const std::uint8_t>>,
                                         bool>)
                noteSendResult(send(burst.pollerIp, kArtNetPort, bytes));
            else {
                send(burst.pollerIp, kArtNetPort, bytes);
                noteSendResult(true);
            }
        };
        std::size_t sent = 0;
        for (const PollReplyPort& port : ctx.ports) {
            if (!burst.covers(port.address))
                continue;
            if (sent == kMaxRepliesPerBurst) {
                bump(counters_.portsOmitted);
                continue;
            }
            ++sent;
            emit(&port, static_cast<std::uint8_t>(sent));
        }
        // An untargeted poll always gets an answer, so a node with no ports is still discoverable.
        if (sent == 0 && !burst.targeted) {
            ++sent;
            emit(nullptr, 1);
        }
        finishBurst(burst, nowNs, sent);
    }
}

} // namespace dmxin
