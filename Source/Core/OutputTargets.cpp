#include "OutputTargets.h"

#include "Ipv4.h"
#include "SacnParser.h"

#include <algorithm>

namespace dmxin {

std::uint32_t directedBroadcast(std::uint32_t ip, int prefixLength) noexcept {
    const int bits = std::clamp(prefixLength, 1, 31);
    const std::uint32_t hostMask = 0xFFFFFFFFu >> bits;
    return ip | hostMask;
}

std::vector<OutputTarget> resolveTargets(const OutputUniverse& universe) {
    const auto port = static_cast<std::uint16_t>(universe.effectivePort());
    std::vector<OutputTarget> targets;
    switch (universe.destination) {
    case OutputDestination::Unicast:
        for (const std::string& text : universe.addresses)
            if (const auto ip = parseIpv4(text))
                targets.push_back({*ip, port, 0});
        break;
    case OutputDestination::Broadcast:
        if (const auto ip = parseIpv4(universe.interfaceAddress); ip && *ip != 0)
            targets.push_back({directedBroadcast(*ip, universe.prefixLength), port, 0});
        break;
    case OutputDestination::Multicast:
        if (universe.universe.isSacn())
            targets.push_back({sacnMulticastGroup(universe.universe.number()), port,
                               parseIpv4(universe.interfaceAddress).value_or(0)});
        break;
    }
    return targets;
}

} // namespace dmxin
