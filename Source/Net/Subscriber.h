#pragma once
// Subscriber: one instance's subscription inside a ReceiverHub: its queue and settings, the
// universes it wants as bit masks for the receive path, its own Art-Net and sACN mergers (so what
// one instance filters out never changes what another receives), and the universe states and
// counters status() reports. SubscriberSink turns its mergers' outputs into frames in its queue.
//
// Threads: the hub's receive thread only; control threads reach a subscriber through the hub's
// ReceiveThreadJobs, and the queue's consumer only pops. (DeliveryPass's two counters are also read
// lock-free by status().) Never the audio thread.

#include "HubStatus.h"

#include "Core/ArtNetMerger.h"
#include "Core/DmxFrame.h"
#include "Core/PortAddress.h"
#include "Core/SacnMerger.h"
#include "Core/SourceAllowlist.h"
#include "Core/SpscQueue.h"
#include "Core/UniverseId.h"

#include <atomic>
#include <bitset>
#include <cstdint>
#include <memory>
#include <vector>

namespace dmxin::net {

using FrameQueue = SpscQueue<DmxFrame>;

// What one instance asks of the hub. Applied on the receive thread at the next datagram.
struct SubscriptionSettings {
    std::vector<UniverseId> universes;         // what the instance maps (Art-Net and sACN)
    std::vector<PortAddress> ltpUniverses;     // Art-Net universes merged LTP (per frame) instead of HTP
    SourceAllowlist allowlist;                 // empty: every sender
    std::uint64_t artnetLossNs = 6'000'000'000ull;
    bool sacnOneIsArtnetZero = false;          // sACN universe N feeds Art-Net Port-Address N-1
    std::uint32_t sacnInterfaceIp = 0;         // interface for multicast joins (0 = kernel's choice)
    bool answerPolls = true;
};

// One subscription (see the top of this file). The hub owns it; its id is what subscribe() returned.
struct Subscriber {
    int id = 0;
    FrameQueue* queue = nullptr;
    SubscriptionSettings settings;
    std::unique_ptr<std::bitset<UniverseId::kKeyCount>> wanted = std::make_unique<std::bitset<UniverseId::kKeyCount>>();
    // sACN universes whose packets this subscriber merges (its own sACN universes, plus N+1 for
    // every Art-Net universe N when sACN 1 = Art-Net 0).
    std::unique_ptr<std::bitset<UniverseId::kSacnMax + 1>> sacnWanted = std::make_unique<std::bitset<UniverseId::kSacnMax + 1>>();
    ArtNetMerger artnet;
    SacnMerger sacn;
    std::vector<UniverseStatus> universes;   // same order as settings.universes
    SubscriptionCounters counters;
    DmxFrame frame;

    // This subscriber's status of universe `key`, or nullptr. Receive thread.
    UniverseStatus* universeStatus(std::uint32_t key) noexcept {
        for (auto& u : universes)
            if (u.universe.key() == key)
                return &u;
        return nullptr;
    }
    // Records `seen` (with its sACN priority, -1 for Art-Net) among the senders of universe `key`,
    // when this subscriber has it. Receive thread.
    void noteSource(std::uint32_t key, const SourceInfo& seen, int priority);
};

// The datagram or timer pass the hub is handling, as its sinks see it, and the hub-wide delivery
// counters they add to.
struct DeliveryPass {
    std::uint64_t nowNs = 0;                   // the time of the datagram or timer pass being handled
    std::uint32_t sourceIp = 0;                // its sender, 0 for timer passes
    std::atomic<std::uint64_t> delivered{0};   // frames pushed into instance queues (all instances)
    std::atomic<std::uint64_t> queueFull{0};   // frames dropped because an instance's queue was full
};

// Turns one subscriber's merged outputs into frames in its queue. Receive thread.
class SubscriberSink final : public MergeSink {
public:
    SubscriberSink(DeliveryPass& pass, Subscriber& s, DmxProtocol protocol) : pass_(pass), s_(s), protocol_(protocol) {}

    void onMergeOutput(const MergeOutput& out) noexcept override;

private:
    DeliveryPass& pass_;
    Subscriber& s_;
    DmxProtocol protocol_;
};

} // namespace dmxin::net
