// The channel's name is the same on every system; each backend maps it to its own kind of name.
#include "LocalLink.h"

namespace dmxin::net::locallink {

std::string channelName(const std::string& bindAddress, std::uint16_t artnetPort, std::uint16_t sacnPort) {
    return "dmxin/artnet/" + bindAddress + ":" + std::to_string(artnetPort) + "/sacn:" + std::to_string(sacnPort);
}

} // namespace dmxin::net::locallink
