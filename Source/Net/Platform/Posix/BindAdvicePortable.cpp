#include "../NetError.h"
#include "BindAdvicePosix.h"

namespace dmxin::net {

std::string bindAdvice(NetError kind, const std::string& address) {
    // macOS (since 10.14) lets anyone bind a low port on 0.0.0.0, but not on one address; BSD
    // needs root for both. Either way a port >= 1024 is the way out that needs no rights.
    if (kind == NetError::AccessDenied)
        return "Ports below 1024 need administrator rights here (on macOS too when bound to one address): choose a "
               "port >= 1024 or bind to 0.0.0.0, then Apply / Retry";
    return posix::commonBindAdvice(kind, address);
}

} // namespace dmxin::net
