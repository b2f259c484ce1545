#include "../NetError.h"
#include "../Posix/BindAdvicePosix.h"

namespace dmxin::net {

std::string bindAdvice(NetError kind, const std::string& address) {
    if (kind == NetError::AccessDenied)
        return "Ports below 1024 need privileges: choose a port >= 1024 or grant CAP_NET_BIND_SERVICE, then Apply / Retry";
    return posix::commonBindAdvice(kind, address);
}

} // namespace dmxin::net
