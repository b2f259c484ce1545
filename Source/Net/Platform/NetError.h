#pragma once
// What went wrong with a socket call, in words every backend shares, and the system's own words
// for the user. The hub decides on the kind (wait for an address, share a port, give up); the
// status line shows the system's text and the way out as people on that system would say it.
// Plain functions; any thread.

#include <string>

namespace dmxin::net {

enum class NetError {
    None,
    AddressInUse,          // EADDRINUSE / WSAEADDRINUSE: another socket holds the port without sharing
    AccessDenied,          // EACCES / WSAEACCES: privileged port (POSIX), exclusive or reserved port (Windows)
    AddressNotAvailable,   // EADDRNOTAVAIL / WSAEADDRNOTAVAIL: not an address of this machine
    InvalidAddress,        // the text is not an IPv4 address (DMX In's own check, before any call)
    WouldBlock,            // nothing to do now on a non-blocking handle
    Unsupported,           // this system (or sandbox) lacks the feature
    Other,
};

// The calling thread's last socket error code (errno, or WSAGetLastError()).
int lastSocketError() noexcept;

// The kind of a system error code as lastSocketError() returns it.
NetError classifyError(int osError) noexcept;

// The system's text for an error code: strerror on POSIX, DMX In's own table on Windows (Wine's
// FormatMessage has no Winsock texts and msvcrt's strerror says "Unknown error").
std::string errorText(int osError);

// The next step after a failed bind, in this system's words: e.g. CAP_NET_BIND_SERVICE on Linux,
// netstat/netsh and the firewall on Windows. `address` is the bind address as the user wrote it.
std::string bindAdvice(NetError kind, const std::string& address);

} // namespace dmxin::net
