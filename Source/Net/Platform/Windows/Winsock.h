#pragma once
// Winsock for the Windows backend (internal to the platform layer): the headers in the order
// Windows needs them, WSAStartup once per process, and the handle conversion.
#ifndef NOMINMAX
#define NOMINMAX
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <winsock2.h>
#include <ws2tcpip.h>
#include <mswsock.h>
#include <windows.h>

#include "../NativeHandle.h"

namespace dmxin::net::win {

// Starts Winsock 2.2 on first use (and never stops it: other instances and the host may still
// hold sockets when one instance goes). Returns false when Winsock is unavailable.
bool ensureWinsock() noexcept;

inline SOCKET socketOf(NativeHandle h) noexcept { return static_cast<SOCKET>(h); }
inline NativeHandle handleOf(SOCKET s) noexcept {
    return s == INVALID_SOCKET ? kNoHandle : static_cast<NativeHandle>(s);
}

// A non-inheritable IPv4 UDP socket, or INVALID_SOCKET with WSAGetLastError() set.
SOCKET newUdpSocket() noexcept;

// The first IPv4 address of the adapter with this interface index (host byte order), 0 when
// unknown. Windows' IN_PKTINFO has no ipi_spec_dst, so a broadcast ArtPoll's arrival interface
// is known only by index; the answer is cached for a second (polls come every few seconds).
std::uint32_t addressOfInterface(unsigned long interfaceIndex) noexcept;

} // namespace dmxin::net::win
