#pragma once
// LocalShare: one receiver per machine, shared by every DMX In process.
//
// On Linux unicast Art-Net/sACN reaches only one of the sockets bound to a port (the kernel picks one per datagram),
// so a second program on the machine would go dark. Instead the processes elect a leader per
// bind address and ports (LocalLink: whoever binds the abstract socket name), the leader alone
// owns the UDP sockets, and followers receive the raw datagrams they need over the local channel
// (LocalWire) and feed them into their own hub's handleDatagram path: same bytes, same arrival
// times, so their merges and status are what the leader's would be.
//
// Roles: Leader (owns sockets, forwards), Follower (no sockets), Electing (the leader went away:
// race to bind the name, or reconnect to whoever won; retried every loop pass until one works),
// Off (sharing not possible: another user's leader holds the name, or no OS support; the hub
// binds its own sockets as before).
//
// Threads: start() on the constructing thread before the receive thread runs; service/tick/
// forward/appendPollFds on the receive thread; subscriptionChanged/role/status/remoteUniverses
// from any thread.

#include "LocalLeader.h"
#include "LocalWire.h"
#include "ShareStatus.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>


namespace dmxin::net {

struct LocalShareCallbacks {
    // Bind the UDP sockets (initial election won, failover won, or sharing impossible). The ports
    // are the last leader's, for a hub whose requested port was 0. Returns true when listening.
    std::function<bool(std::uint16_t artnetPort, std::uint16_t sacnPort)> openSockets;
    // Follower: one datagram from the leader, into the hub's normal path.
    std::function<void(LocalChannel, const Datagram&)> inject;
    // Leader: the followers' universes changed (poll replies, sACN joins).
    std::function<void()> remoteChanged;
    // Follower: this process's universe entries (key | kAnnounceBit) and sACN interface.
    std::function<void(std::vector<std::uint32_t>& entries, std::uint32_t& interfaceIp)> localEntries;
    // Leader: the ports to tell followers.
    std::function<std::pair<std::uint16_t, std::uint16_t>()> boundPorts;
};

class LocalShare {
public:
    static constexpr std::size_t kMaxWaitHandles = 1 + LocalLeader::kMaxFollowers;

    LocalShare(std::string channelName, LocalShareCallbacks callbacks);
    ~LocalShare();
    LocalShare(const LocalShare&) = delete;
    LocalShare& operator=(const LocalShare&) = delete;

    // Elects at creation: Leader or Off means the caller binds its sockets now; Follower means it
    // must not. Retries a name that is bound but not yet listening for up to about 0.5 s.
    ShareRole start();

    // Receive thread.
    // The handles to wait on (a leader's listening socket and followers, or a follower's link)
    // and the work on them after the wait, from the slot where addTo began.
    void addTo(WaitSet& waits) const noexcept;
    void service(const WaitSet& waits, std::size_t firstSlot);
    void tick(std::uint64_t nowNs);
    void forward(LocalChannel channel, const Datagram& d) noexcept {
        if (leader_ != nullptr)
            leader_->forward(channel, d);
    }

    // Any thread.
    void subscriptionChanged() noexcept { subscriptionDirty_.store(true, std::memory_order_release); }
    ShareRole role() const noexcept { return role_.load(std::memory_order_acquire); }
    std::vector<RemoteUniverse> remoteUniverses() const;
    LocalShareStatus status() const;
    const std::string& channelName() const noexcept { return name_; }

private:
    enum class Attempt { Leading, Following, Retry, Refused };
    Attempt tryElect();
    void becomeLeader(NativeHandle listening);
    void sendSubscription();
    void readLeader();
    void lostLeader(std::uint64_t nowNs);

    const std::string name_;
    LocalShareCallbacks cb_;
    std::atomic<ShareRole> role_{ShareRole::Off};
    std::atomic<bool> subscriptionDirty_{true};

    // Follower side (receive thread).
    NativeHandle link_ = kNoHandle;
    std::vector<std::uint8_t> inbox_;
    std::vector<std::uint8_t> outbox_;
    std::vector<std::uint32_t> entries_;
    std::uint16_t knownArtnetPort_ = 0, knownSacnPort_ = 0;
    std::uint64_t lostAtNs_ = 0;

    mutable std::mutex mutex_;                   // leader_ swaps and the status fields below
    std::unique_ptr<LocalLeader> leader_;
    std::uint32_t leaderPid_ = 0;
    std::string note_;
    std::atomic<std::uint64_t> received_{0}, malformed_{0}, elections_{0}, takeovers_{0}, lastFailoverNs_{0};
};

} // namespace dmxin::net
