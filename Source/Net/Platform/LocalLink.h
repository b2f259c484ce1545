#pragma once
// LocalLink: the system side of the local channel between DMX In processes on one machine: a
// named place exactly one process can hold (holding it is the election), connections to it that
// keep message boundaries and report the holder's exit as an end of stream, and the peer's user.
//
// Backends:
// - Linux: an abstract-namespace Unix-domain SOCK_SEQPACKET socket. The kernel lets exactly one
//   socket hold the name and frees it the moment the holder's process exits or crashes, so there is
//   no stale lock to clean up; SO_PEERCRED gives the peer's uid and pid. The abstract namespace
//   belongs to the network namespace, so processes in `unshare -n` elect their own leader, which
//   matches their own view of the UDP ports.
// - Portable POSIX (macOS, BSD): a SOCK_SEQPACKET socket at a path in the user's runtime or temp
//   folder, guarded by a lock file next to it (flock: released by the kernel when the holder exits,
//   so a stale socket path left by a crash is removed by the next holder); the peer's user from
//   getpeereid (SO_PEERCRED on Linux). Where SOCK_SEQPACKET is missing the channel is unavailable.
// - Windows: a named mutex (Global\dmxin-<hash>) is the election, held by a thread of the
//   listener's own (a mutex belongs to a thread) and abandoned, so free, when the holder's process
//   dies; message-mode named pipes (\\.\pipe\dmxin-<hash>, this user only, overlapped) are the
//   connections; the peer's user is its token's SID: uid is a 32-bit id of the SID, equal to ours
//   exactly when the SIDs are equal. A handle is a tagged pointer to the backend's connection or
//   listener (Platform/Windows/PipeLink.h), which WaitSet waits on together with sockets.
//   setSendBuffer cannot change a pipe's quota (fixed at creation, 256 KiB toward a follower).
//
// Every handle is non-blocking and not inherited by child processes. Plain functions; any thread.

#include "NativeHandle.h"
#include "NetError.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace dmxin::net::locallink {

// "dmxin/artnet/0.0.0.0:6454/sacn:5568": one channel per bind address and ports.
std::string channelName(const std::string& bindAddress, std::uint16_t artnetPort, std::uint16_t sacnPort);

struct Opened {
    NativeHandle handle = kNoHandle;
    NetError error = NetError::None;   // AddressInUse from listenOn: another process holds the name
    std::string reason;                // the system's words when handle is kNoHandle
};

// Takes the name and listens. Fails with AddressInUse when another process leads.
Opened listenOn(const std::string& name);
// Connects to the holder of the name. Fails when nobody holds it, or when it is held but not
// listening yet (a leader between taking the name and listening): callers retry briefly.
Opened connectTo(const std::string& name);
// Accepts one pending connection, or kNoHandle when none is pending.
NativeHandle acceptFrom(NativeHandle listening) noexcept;

struct PeerCredentials {
    bool known = false;
    std::uint32_t uid = 0;
    std::uint32_t pid = 0;    // 0 when the system does not say
};
PeerCredentials peerCredentials(NativeHandle connection) noexcept;
// True when the peer runs as our own user (the only peers the channel accepts).
bool sameUser(const PeerCredentials& peer) noexcept;

// Non-blocking send of one message. Returns 1 sent, 0 would block (peer's queue full), -1 error
// (peer gone). Never raises SIGPIPE.
int sendMessage(NativeHandle connection, const std::uint8_t* data, std::size_t size) noexcept;

// What receiveMessage returns besides a message's size.
inline constexpr long kEndOfStream = 0;    // the peer closed or exited
inline constexpr long kNothingReady = -1;  // no message now
inline constexpr long kBroken = -2;        // the connection failed: treat the peer as gone
// Non-blocking receive of one message into buffer: its size, or one of the three above;
// *truncated is set when the message was larger than capacity. A zero-length message reads as
// kEndOfStream: on SOCK_SEQPACKET it cannot be told from EOF, so a peer that sends one is treated
// as gone (no valid message is empty).
long receiveMessage(NativeHandle connection, std::uint8_t* buffer, std::size_t capacity, bool* truncated) noexcept;

// Sets the send buffer (the bound of what a stalled peer can hold) and returns what the system kept.
int setSendBuffer(NativeHandle connection, int bytes) noexcept;

void close(NativeHandle handle) noexcept;

} // namespace dmxin::net::locallink
