#pragma once
// InterfaceWatch: notices when an address DMX In uses (the Art-Net bind address, or an sACN
// multicast interface) stops being an address of this machine (interface down, address deleted,
// interface removed) and when it comes back, so the hub can say so and bind or join again.
//
// The check has two parts. A throwaway UDP bind to the address on port 0 fails with EADDRNOTAVAIL
// exactly when the kernel would refuse the real bind (the address was deleted, or its interface
// removed); unlike getifaddrs() it knows the whole 127/8 block on lo. But an address whose link is
// down (or has no carrier) stays bindable while nothing can reach it, so getifaddrs() then says
// whether an interface carrying the address is up and running. About one socket, one bind and one
// getifaddrs() per watched address per second.
//
// Threads: the hub's receive thread, from its timer pass (about once a second). Never the audio thread.

#include <cstdint>

namespace dmxin::net {

// True when ip (host byte order) is an address of this machine on an interface that is up and
// running. Only EADDRNOTAVAIL from the probe counts as "not here": any other failure (out of
// descriptors ...) says nothing about the address. An address getifaddrs() does not list (127.0.0.2
// through lo's 127/8 route) is judged by the probe alone.
bool isAddressUp(std::uint32_t ip) noexcept;

// Rate limit for the check: due() is true at most once per period (the first call is due).
class InterfaceWatch {
public:
    static constexpr std::uint64_t kPeriodNs = 1'000'000'000;

    bool due(std::uint64_t nowNs) noexcept {
        if (checked_ && nowNs - lastNs_ < kPeriodNs)
            return false;
        checked_ = true;
        lastNs_ = nowNs;
        return true;
    }

private:
    bool checked_ = false;
    std::uint64_t lastNs_ = 0;
};

} // namespace dmxin::net
