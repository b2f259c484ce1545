#include "BindErrorText.h"

#include "Core/Ipv4.h"

#include <cerrno>

namespace dmxin::net {

std::string bindFailureText(const BindResult& failure, const std::string& address) {
    std::string next;
    switch (failure.osError) {
    case EACCES:
        next = "Ports below 1024 need privileges: choose a port >= 1024 or grant CAP_NET_BIND_SERVICE, then Apply / Retry";
        break;
    case EADDRINUSE:
        next = "Another program holds the port without sharing it (no SO_REUSEADDR/SO_REUSEPORT): close it, or choose "
               "another port or bind address, then Apply / Retry";
        break;
    case EADDRNOTAVAIL:
        next = address + " is not an address of this machine: choose one of its addresses, or 0.0.0.0 for every "
               "interface; DMX In binds by itself when the address appears";
        break;
    case EINVAL:
        next = "Write an IPv4 address such as 0.0.0.0 or 192.168.1.20";
        break;
    default:
        next = "Choose another bind address or port, then Apply / Retry";
        break;
    }
    return failure.message + ". " + next;
}

std::string addressGoneText(std::uint32_t ip, const char* setting) {
    return "address " + formatIpv4(ip) + " is no longer on this machine: interface down or address removed; "
           "waiting for it to come back, or choose another " + setting;
}

} // namespace dmxin::net
