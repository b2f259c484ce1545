#pragma once
// NetworkConnection: one instance's link to the process-wide ReceiverHub for its bind address and
// ports. Switching address or ports re-subscribes the instance's queue on the new hub (the old hub
// never touches the queue again before the new one starts), so the queue keeps a single producer.
// Other settings (allowlist, LTP universes, loss timeout, sACN numbering) are applied to the
// existing subscription without rebinding.
//
// Threads: every method on the control side (message thread, serialised by the processor).

#include "Net/ReceiverHub.h"
#include "Core/PluginState.h"

#include <memory>
#include <vector>

namespace dmxin {

class NetworkConnection {
public:
    explicit NetworkConnection(net::FrameQueue& queue) : queue_(queue) {}
    ~NetworkConnection() { disconnect(); }

    // Connects (or reconnects) with these settings. Returns true when listening; on failure the
    // hub's status carries the OS reason and the instance keeps running without DMX.
    bool connect(const NetworkSettings& settings);
    void disconnect();
    void setUniverses(const std::vector<UniverseId>& universes);

    // A second subscription on the same hub, with the same settings and universes, feeding
    // `queue` (the DmxRecorder's): it receives exactly what the instance receives. nullptr
    // removes it; after that the hub never touches the old queue again. Follows reconnects.
    void setTap(net::FrameQueue* queue);

    // Suspended: the instance's queue gets no network frames (a replay is its producer now);
    // connect() only remembers the settings. resume() connects with the latest ones.
    void suspend();
    bool resume();
    bool isSuspended() const noexcept { return suspended_; }

    const NetworkSettings& settings() const noexcept { return settings_; }
    net::HubStatus status() const;

    // The hub-side settings these network settings and universes ask for (validated text fields
    // that fail to parse are left out; parseState has already refused them).
    static net::SubscriptionSettings subscriptionFor(const NetworkSettings& settings, const std::vector<UniverseId>& universes);

private:
    void applySubscription();

    net::FrameQueue& queue_;
    NetworkSettings settings_;
    std::shared_ptr<net::ReceiverHub> hub_;
    int subscription_ = 0;
    std::vector<UniverseId> universes_;
    net::FrameQueue* tapQueue_ = nullptr;
    int tap_ = 0;
    bool suspended_ = false;
};

} // namespace dmxin
