#include "HubStatus.h"

namespace dmxin::net {

std::uint64_t HubStatus::totalRejected() const noexcept {
    std::uint64_t sum = 0;
    for (std::size_t i = 1; i < rejected.size(); ++i)
        if (i != static_cast<std::size_t>(ArtNetReject::IgnoredOpcode))
            sum += rejected[i];
    for (std::size_t i = 1; i < sacnRejected.size(); ++i)
        sum += sacnRejected[i];
    return sum;
}

std::uint64_t HubStatus::ignored() const noexcept {
    return rejected[static_cast<std::size_t>(ArtNetReject::IgnoredOpcode)];
}

} // namespace dmxin::net
