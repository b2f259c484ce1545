#include "../Process.h"

#include <unistd.h>

namespace dmxin::net {

std::uint32_t currentProcessId() noexcept {
    return static_cast<std::uint32_t>(::getpid());
}

} // namespace dmxin::net
