#pragma once
// LocalLeader: the leader's side of the local channel. It accepts followers of the same user,
// keeps each follower's universe list, forwards every raw datagram a follower needs (with its
// arrival time and addresses) and drops, never waits, when a follower's queue is full.
//
// Bounded: at most kMaxFollowers followers, kMaxEntries universes each, and each follower's
// queue is its socket send buffer (kFollowerSendBuffer requested; the kernel caps it), so a
// follower that stops reading costs the leader a counter, not memory or time.
//
// Threads: everything but snapshot()/remoteUniverses() runs on the owning hub's receive thread.

#include "LocalWire.h"
#include "ShareStatus.h"
#include "Platform/NativeHandle.h"
#include "Platform/WaitSet.h"

#include "Core/UniverseId.h"

#include <array>
#include <atomic>
#include <bitset>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>


namespace dmxin::net {

// One universe some follower needs: what the leader must receive (sACN joins) and announce.
struct RemoteUniverse {
    std::uint32_t key = 0;          // UniverseId key
    bool announce = false;          // in the leader's ArtPollReply
    std::uint32_t interfaceIp = 0;  // sACN multicast join interface
};

class LocalLeader {
public:
    static constexpr std::size_t kMaxFollowers = 64;
    static constexpr int kFollowerSendBuffer = 256 * 1024;

    // Takes ownership of the listening handle. welcomePorts: the Art-Net and sACN ports the leader has
    // bound, told to each follower on arrival (read on the receive thread).
    explicit LocalLeader(NativeHandle listening);
    ~LocalLeader();   // closes every follower: they see EOF and elect a new leader
    LocalLeader(const LocalLeader&) = delete;
    LocalLeader& operator=(const LocalLeader&) = delete;

    void setWelcomePorts(std::uint16_t artnetPort, std::uint16_t sacnPort) noexcept;

    // Receive thread: the handles to wait on (listening socket first, then one per follower) and
    // the work on them after the wait. service() returns true when the followers' universes changed.
    void addTo(WaitSet& waits) const noexcept;
    bool service(const WaitSet& waits, std::size_t firstSlot);
    // Receive thread: forwards one datagram to the followers that need it. No allocation.
    void forward(LocalChannel channel, const Datagram& d) noexcept;

    // Any thread.
    std::vector<RemoteUniverse> remoteUniverses() const;
    std::vector<std::uint32_t> followerPids() const;
    LocalLeaderCounters counters() const noexcept;
    std::array<std::uint64_t, static_cast<std::size_t>(LocalReject::Count)> rejects() const noexcept;

private:
    struct Follower;
    void accept();
    bool read(Follower& f);                      // false when the follower is gone
    void noteMalformed(LocalReject why) noexcept;
    void publish();                              // copies lists for the control side

    NativeHandle listening_ = kNoHandle;
    std::uint16_t artnetPort_ = 0, sacnPort_ = 0;
    std::vector<std::unique_ptr<Follower>> followers_;
    std::vector<std::uint8_t> message_;          // encode buffer, reused
    std::vector<std::uint8_t> inbox_;            // receive buffer, kMaxMessage + 1

    std::atomic<std::uint64_t> forwarded_{0}, dropped_{0}, malformed_{0}, refused_{0};
    std::array<std::atomic<std::uint64_t>, static_cast<std::size_t>(LocalReject::Count)> rejects_{};

    mutable std::mutex publishedMutex_;
    std::vector<RemoteUniverse> published_;
    std::vector<std::uint32_t> publishedPids_;
};

} // namespace dmxin::net
