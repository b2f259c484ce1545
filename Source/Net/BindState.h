#pragma once
// BindState: the Art-Net socket's bind outcome as the hub reports it (listening, bound port, the
// error and its kind and system code, waiting for the address to appear). Every way the socket is bound or lost
// writes it here: the constructor's bind, the LocalShare takeover, and the interface watch's close
// and re-bind.
//
// Threads: written by the thread that owns the hub's Art-Net socket (the constructing thread, then
// the receive thread) under the hub's bindMutex_; port/listening/waitingForAddress are read
// lock-free from any thread, error/errorCode under that mutex.

#include "Platform/UdpSocket.h"

#include <atomic>
#include <cstdint>
#include <string>

namespace dmxin::net {

struct BindState {
    std::atomic<std::uint16_t> port{0};          // kept after the address goes away: re-bound on the same port
    std::atomic<bool> listening{false};
    std::atomic<bool> waitingForAddress{false};  // the bind address is not (or no longer) on the machine
    std::string error;                           // failure with the OS reason and the next step, empty when listening
    NetError errorKind = NetError::None;         // what went wrong, in words every backend shares
    int errorCode = 0;                           // the system's code of the failed call, 0 when none failed

    // Listening on boundPort (a socket of our own, or the local leader's as a follower).
    void bound(std::uint16_t boundPort);
    // The bind failed: waits for the address when the system says it is not on the machine.
    void failed(const BindResult& failure, const std::string& address);
    // The bound address ip left the machine and the socket was closed: waits for it to come back.
    void addressGone(std::uint32_t ip);
};

} // namespace dmxin::net
