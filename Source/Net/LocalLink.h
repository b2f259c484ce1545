#pragma once
// LocalLink: the OS side of the local channel between DMX In processes on one machine.
//
// Linux: an abstract-namespace Unix-domain SOCK_SEQPACKET socket. Binding the name is the
// election (the kernel lets exactly one socket hold it, and frees it the moment the holder's
// process exits or crashes, so there is no stale lock to clean up); SOCK_SEQPACKET keeps message
// boundaries and reports the peer's exit as EOF; SO_PEERCRED gives the peer's uid and pid.
// The abstract namespace belongs to the network namespace, so processes in `unshare -n` elect
// their own leader, which matches their own view of the UDP ports.
// Other systems: not implemented here (every call fails with ENOTSUP, so each process binds on
// its own as before). The portable shape would be a lock file in the user's runtime directory
// (flock, released by the kernel on exit) next to a filesystem socket path; the callers would not change.
//
// Every fd is non-blocking and close-on-exec. Plain functions; any thread.

#include <cstddef>
#include <cstdint>
#include <string>

namespace dmxin::net::locallink {

// "dmxin/artnet/0.0.0.0:6454/sacn:5568" (without the leading NUL of the abstract namespace).
std::string channelName(const std::string& bindAddress, std::uint16_t artnetPort, std::uint16_t sacnPort);

// Binds and listens. Returns the fd, or -1 with errno (EADDRINUSE: another process is the leader).
int listenOn(const std::string& name) noexcept;
// Connects to the leader. Returns the fd, or -1 with errno (ECONNREFUSED: the name is bound but
// not listening yet, or nobody holds it).
int connectTo(const std::string& name) noexcept;
// Accepts one pending connection, or -1 (EAGAIN when none is pending).
int acceptFrom(int listenFd) noexcept;

struct PeerCredentials {
    bool known = false;
    std::uint32_t uid = 0;
    std::uint32_t pid = 0;
};
PeerCredentials peerCredentials(int fd) noexcept;
// True when the peer runs as our effective uid (the only peers the channel accepts).
bool sameUser(const PeerCredentials& peer) noexcept;

// Non-blocking send of one message. Returns 1 sent, 0 would block (peer's queue full), -1 error
// (peer gone). Never raises SIGPIPE.
int sendMessage(int fd, const std::uint8_t* data, std::size_t size) noexcept;
// Non-blocking receive of one message into buffer. Returns its size, 0 on EOF, -1 when nothing is
// ready (errno EAGAIN) or on error; *truncated is set when the message was larger than capacity.
// A zero-length message reads as 0 too: on SOCK_SEQPACKET it cannot be told from EOF, so a peer
// that sends one is treated as gone (no valid message is empty).
long receiveMessage(int fd, std::uint8_t* buffer, std::size_t capacity, bool* truncated) noexcept;

// Sets the send buffer (the bound of what a stalled peer can hold) and returns what the kernel kept.
int setSendBuffer(int fd, int bytes) noexcept;

void closeFd(int fd) noexcept;

} // namespace dmxin::net::locallink
