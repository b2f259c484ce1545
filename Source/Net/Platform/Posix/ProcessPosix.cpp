#include "../Process.h"

#include <unistd.h>

namespace dmxin::net {

std::uint32_t currentProcessId() noexcept {
    return static_cast<std::uint32_t>(::getpid());
}

std::string hostName() {
    char buffer[64] = {};
    if (::gethostname(buffer, sizeof buffer - 1) != 0 || buffer[0] == '\0')
        return "this machine";
    return buffer;
}

bool runningUnderWine() noexcept {
    return false;
}

} // namespace dmxin::net
