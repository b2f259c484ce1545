// Linux local link: an abstract-namespace SOCK_SEQPACKET socket (see LocalLink.h).
#include "../LocalLink.h"
#include "../Posix/PosixFd.h"

#include <algorithm>
#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>

namespace dmxin::net::locallink {

namespace {
// Abstract address: sun_path[0] = NUL, then the name (not NUL-terminated; the length says where it ends).
socklen_t abstractAddress(const std::string& name, sockaddr_un& a) noexcept {
    std::memset(&a, 0, sizeof a);
    a.sun_family = AF_UNIX;
    const std::size_t n = std::min(name.size(), sizeof a.sun_path - 1);
    std::memcpy(a.sun_path + 1, name.data(), n);
    return static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 + n);
}

Opened failed(int err) {
    return Opened{kNoHandle, classifyError(err), errorText(err)};
}
} // namespace

Opened listenOn(const std::string& name) {
    const int fd = ::socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return failed(errno);
    sockaddr_un a{};
    const socklen_t len = abstractAddress(name, a);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&a), len) != 0 || ::listen(fd, 64) != 0) {
        const int err = errno;
        ::close(fd);
        return failed(err);
    }
    return Opened{fd, NetError::None, {}};
}

Opened connectTo(const std::string& name) {
    const int fd = ::socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return failed(errno);
    sockaddr_un a{};
    const socklen_t len = abstractAddress(name, a);
    // Unix-domain connect completes at once (or fails with EAGAIN when the backlog is full).
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), len) != 0) {
        const int err = errno;
        ::close(fd);
        return failed(err);
    }
    return Opened{fd, NetError::None, {}};
}

NativeHandle acceptFrom(NativeHandle listening) noexcept {
    const int fd = ::accept4(posix::fdOf(listening), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    return fd >= 0 ? fd : kNoHandle;
}

void close(NativeHandle handle) noexcept {
    if (handle != kNoHandle)
        ::close(posix::fdOf(handle));
}

} // namespace dmxin::net::locallink
