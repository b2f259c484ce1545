// Error codes on Linux and portable POSIX: errno and strerror.
#include "../NetError.h"

#include <cerrno>
#include <cstring>

namespace dmxin::net {

int lastSocketError() noexcept {
    return errno;
}

NetError classifyError(int osError) noexcept {
    switch (osError) {
    case 0: return NetError::None;
    case EADDRINUSE: return NetError::AddressInUse;
    case EACCES: return NetError::AccessDenied;
    case EADDRNOTAVAIL: return NetError::AddressNotAvailable;
    case EAGAIN: return NetError::WouldBlock;
#if EWOULDBLOCK != EAGAIN
    case EWOULDBLOCK: return NetError::WouldBlock;
#endif
    case EAFNOSUPPORT:
    case EPROTONOSUPPORT:
    case ENOTSUP: return NetError::Unsupported;
    default: return NetError::Other;
    }
}

std::string errorText(int osError) {
    return std::strerror(osError);
}

} // namespace dmxin::net
