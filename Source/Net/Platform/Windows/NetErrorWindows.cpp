// Error codes on Windows: WSAGetLastError() and DMX In's own texts (Wine's FormatMessage has no
// Winsock texts, and msvcrt's strerror knows none of the WSA codes).
#include "../NetError.h"
#include "Winsock.h"

namespace dmxin::net {

int lastSocketError() noexcept {
    return WSAGetLastError();
}

NetError classifyError(int osError) noexcept {
    switch (osError) {
    case 0: return NetError::None;
    case WSAEADDRINUSE: return NetError::AddressInUse;
    case WSAEACCES: return NetError::AccessDenied;
    case WSAEADDRNOTAVAIL: return NetError::AddressNotAvailable;
    case WSAEWOULDBLOCK: return NetError::WouldBlock;
    case WSAEAFNOSUPPORT:
    case WSAEPROTONOSUPPORT:
    case WSAEOPNOTSUPP:
    case WSASYSNOTREADY:
    case WSAVERNOTSUPPORTED: return NetError::Unsupported;
    default: return NetError::Other;
    }
}

std::string errorText(int osError) {
    switch (osError) {
    case WSAEADDRINUSE: return "Only one usage of each socket address is normally permitted (WSAEADDRINUSE)";
    case WSAEACCES: return "An attempt was made to access a socket in a way forbidden by its access permissions (WSAEACCES)";
    case WSAEADDRNOTAVAIL: return "The requested address is not valid in its context (WSAEADDRNOTAVAIL)";
    case WSAEWOULDBLOCK: return "A non-blocking socket operation could not be completed immediately (WSAEWOULDBLOCK)";
    case WSAEINVAL: return "An invalid argument was supplied (WSAEINVAL)";
    case WSAEMFILE: return "Too many open sockets (WSAEMFILE)";
    case WSAENOBUFS: return "No buffer space available (WSAENOBUFS)";
    case WSAENETDOWN: return "The network is down (WSAENETDOWN)";
    case WSAEAFNOSUPPORT: return "Address family not supported (WSAEAFNOSUPPORT)";
    case WSAEPROTONOSUPPORT: return "Protocol not supported (WSAEPROTONOSUPPORT)";
    case WSAEOPNOTSUPP: return "Operation not supported (WSAEOPNOTSUPP)";
    case WSASYSNOTREADY: return "The network subsystem is not ready (WSASYSNOTREADY)";
    case WSAVERNOTSUPPORTED: return "Winsock 2.2 is not available (WSAVERNOTSUPPORTED)";
    case WSANOTINITIALISED: return "Winsock is not started (WSANOTINITIALISED)";
    case WSAECONNRESET: return "The connection was reset (WSAECONNRESET)";
    case WSAEMSGSIZE: return "The message was larger than the buffer (WSAEMSGSIZE)";
    default: return "Windows socket error " + std::to_string(osError);
    }
}

std::string bindAdvice(NetError kind, const std::string& address) {
    switch (kind) {
    case NetError::AddressInUse:
        return "Another program holds the port exclusively: find it with netstat -ano -p udp, close it, or choose "
               "another port or bind address, then Apply / Retry";
    case NetError::AccessDenied:
        return "Windows refused the port: another program holds it exclusively, or Windows reserves it (netsh interface "
               "ipv4 show excludedportrange protocol=udp): choose another port, then Apply / Retry";
    case NetError::AddressNotAvailable:
        return address + " is not an address of this computer (ipconfig lists them): choose one of its addresses, or "
               "0.0.0.0 for every adapter; DMX In binds by itself when the address appears";
    case NetError::InvalidAddress:
        return "Write an IPv4 address such as 0.0.0.0 or 192.168.1.20";
    default:
        return "Choose another bind address or port, then Apply / Retry";
    }
}

} // namespace dmxin::net
