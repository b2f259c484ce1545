#pragma once
// SacnSocketPool: a hub's sACN sockets and their multicast memberships.
//
// Sockets are opened on demand (the first when a receiver needs an sACN group, another each time
// the last one holds kMaxGroupsPerSocket groups), all on the one sACN port, and never closed before
// the pool dies, so the receive thread reads socketCount()/socket(i) without a lock. The pool keeps
// which socket joined which (group, interface); a group on an interface that has left the machine
// is not joined (error() says so) until watchInterfaces() sees the interface back.
//
// Threads: update() from control threads and the receive thread (LocalShare takeover);
// watchInterfaces() on the receive thread; socketCount/socket/boundPort/memberships/error from any
// non-audio thread. mutex_ serialises update() and watchInterfaces(); the groups callback runs
// under it, so mutex_ comes before whatever that callback locks (the hub's settingsMutex_).

#include "Platform/UdpSocket.h"

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <utility>

namespace dmxin::net {

class SacnSocketPool {
public:
    static constexpr std::size_t kMaxGroupsPerSocket = 20;   // net.ipv4.igmp_max_memberships default
    static constexpr std::size_t kMaxSockets = 16;           // 320 groups: more than 64 universes x 5 instances

    using Group = std::pair<std::uint32_t, std::uint32_t>;   // (multicast group, interface; 0 = kernel's choice)
    using Groups = std::set<Group>;
    // Fills the groups the hub's receivers need now; returns false when the hub opens no sACN
    // socket at all (detached, or following another process's leader that joins for it).
    using NeededGroups = std::function<bool(Groups& needed)>;

    // requestedPort: the sACN port (0 = ephemeral, tests). socketAdded wakes the receive thread so
    // it polls a socket opened from another thread.
    SacnSocketPool(std::uint16_t requestedPort, NeededGroups neededGroups, std::function<void()> socketAdded);
    ~SacnSocketPool();   // closes the sockets: the receive thread must have stopped
    SacnSocketPool(const SacnSocketPool&) = delete;
    SacnSocketPool& operator=(const SacnSocketPool&) = delete;

    // Joins what is needed and leaves what is not, opening sockets on the way. Any non-audio
    // thread; takes mutex_.
    void update();
    // Notices the interfaces groups are joined on leaving the machine and coming back, and joins
    // again when one is back. Receive thread, about once a second; takes mutex_.
    void watchInterfaces();

    // Receive thread, no lock: sockets [0, socketCount()) are open and stay open.
    int socketCount() const noexcept { return count_.load(std::memory_order_acquire); }
    UdpSocket& socket(int index) const noexcept { return *sockets_[static_cast<std::size_t>(index)]; }

    // Any non-audio thread.
    std::uint16_t boundPort() const noexcept { return boundPort_.load(); }   // 0 until the first socket
    int memberships() const noexcept { return memberships_.load(); }
    std::string error() const;   // bind or join failure with the OS reason, empty when all is joined

private:
    bool ensureFirstSocket(std::string& error);   // under mutex_
    void updateLocked();                           // under mutex_

    const std::uint16_t requestedPort_;
    const NeededGroups neededGroups_;
    const std::function<void()> socketAdded_;

    std::array<std::unique_ptr<UdpSocket>, kMaxSockets> sockets_;
    std::atomic<int> count_{0};
    std::atomic<std::uint16_t> boundPort_{0};
    std::atomic<int> memberships_{0};

    std::mutex mutex_;                             // update() vs. watchInterfaces(); guards the four below
    std::map<Group, int> joined_;                  // (group, interface) -> socket index
    std::array<int, kMaxSockets> groupsPerSocket_{};
    std::set<std::uint32_t> interfaces_;           // non-zero interfaces the groups are joined on
    std::set<std::uint32_t> interfacesGone_;       // ... of which are not on the machine now

    mutable std::mutex errorMutex_;                // apart from mutex_: status() never waits for a join
    std::string error_;
};

} // namespace dmxin::net
