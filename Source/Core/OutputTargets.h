#pragma once
// Where an output universe's packets go, as addresses and ports: resolved once from the settings when
// they are applied (message thread; allocates), so the sender thread only walks a list.
// Addresses are host byte order, as in Ipv4.h.

#include "OutputSettings.h"

#include <cstdint>
#include <vector>

namespace dmxin {

struct OutputTarget {
    std::uint32_t ip = 0;
    std::uint16_t port = 0;
    std::uint32_t multicastInterface = 0;   // multicast only: the interface to leave by (0: system's choice)
    bool operator==(const OutputTarget&) const = default;
};

// The directed broadcast address of the subnet of `ip` with `prefixLength` bits (1..31):
// 10.1.2.3/8 -> 10.255.255.255. Pure.
std::uint32_t directedBroadcast(std::uint32_t ip, int prefixLength) noexcept;

// Unicast: each address, in order; Broadcast: the interface's directed broadcast; Multicast: the
// universe's group 239.255.hi.lo. All at effectivePort(). Addresses that do not parse are left out
// (OutputRules refuses them before anything gets here).
std::vector<OutputTarget> resolveTargets(const OutputUniverse& universe);

} // namespace dmxin
