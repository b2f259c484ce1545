#pragma once
// What sharing with other DMX In processes looks like from outside (LocalShare, LocalLeader): the
// role and the counters a status line shows. Apart from LocalShare.h so a status reader does not
// pull in the local channel and its sockets. Plain values: copy on any non-audio thread.

#include <cstdint>
#include <string>
#include <vector>

namespace dmxin::net {

enum class ShareRole : std::uint8_t { Off, Leader, Follower, Electing };

struct LocalLeaderCounters {
    std::uint64_t forwarded = 0;    // messages sent to followers
    std::uint64_t dropped = 0;      // not sent: a follower's queue was full
    std::uint64_t malformed = 0;    // local messages rejected (any LocalReject, truncated, wrong direction)
    std::uint64_t refused = 0;      // connections refused (other user, or too many followers)
};

struct LocalShareStatus {
    bool enabled = false;
    ShareRole role = ShareRole::Off;
    std::uint32_t leaderPid = 0;                 // Follower: the process that owns the sockets
    std::vector<std::uint32_t> followerPids;     // Leader: the processes it forwards to
    LocalLeaderCounters leader;                  // Leader: its forwarding counters
    std::uint64_t received = 0;                  // Follower: datagrams received from the leader
    std::uint64_t malformed = 0;                 // Follower: local messages rejected
    std::uint64_t elections = 0;                 // times this process lost its leader and re-elected
    std::uint64_t takeovers = 0;                 // times this process became leader after a failover
    std::uint64_t lastFailoverNs = 0;            // EOF -> leader or reconnected, the latest one
    std::string note;                            // why sharing is off, or the takeover's bind error
};

} // namespace dmxin::net
