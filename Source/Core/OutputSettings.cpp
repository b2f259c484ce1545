#include "OutputSettings.h"

#include "ArtNetParser.h"

namespace dmxin {

const char* toString(OutputDestination destination) noexcept {
    switch (destination) {
    case OutputDestination::Unicast: return "unicast";
    case OutputDestination::Broadcast: return "broadcast";
    case OutputDestination::Multicast: return "multicast";
    }
    return "unicast";
}

bool outputDestinationFromString(std::string_view text, OutputDestination& out) noexcept {
    for (const auto d : {OutputDestination::Unicast, OutputDestination::Broadcast, OutputDestination::Multicast})
        if (text == toString(d)) {
            out = d;
            return true;
        }
    return false;
}

int OutputUniverse::effectivePort() const noexcept {
    if (port > 0)
        return port;
    return universe.isSacn() ? kSacnPort : kArtNetPort;
}

} // namespace dmxin
