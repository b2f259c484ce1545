#pragma once
// The bind advice every POSIX system shares; each backend adds its own for a denied port.
#include "../NetError.h"

#include <string>

namespace dmxin::net::posix {

// Empty for AccessDenied: that one differs between systems.
inline std::string commonBindAdvice(NetError kind, const std::string& address) {
    switch (kind) {
    case NetError::AddressInUse:
        return "Another program holds the port without sharing it (no SO_REUSEADDR/SO_REUSEPORT): close it, or "
               "choose another port or bind address, then Apply / Retry";
    case NetError::AddressNotAvailable:
        return address + " is not an address of this machine: choose one of its addresses, or 0.0.0.0 for every "
               "interface; DMX In binds by itself when the address appears";
    case NetError::InvalidAddress:
        return "Write an IPv4 address such as 0.0.0.0 or 192.168.1.20";
    default:
        return "Choose another bind address or port, then Apply / Retry";
    }
}

} // namespace dmxin::net::posix
