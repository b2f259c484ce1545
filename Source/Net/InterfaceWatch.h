#pragma once
// InterfaceWatch: notices when an address DMX In uses (the Art-Net bind address, or an sACN
// multicast interface) stops being an address of this machine (interface down, address deleted,
// interface removed) and when it comes back, so the hub can say so and bind or join again.
// The check itself is the platform layer's isAddressUp (Platform/Interfaces.h).
//
// Threads: the hub's receive thread, from its timer pass (about once a second). Never the audio thread.

#include "Platform/Interfaces.h"

#include <cstdint>

namespace dmxin::net {

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
