#pragma once
// Small helpers shared by the Linux and portable POSIX backends (internal to the platform layer).

#include "../NativeHandle.h"

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

namespace dmxin::net::posix {

inline int fdOf(NativeHandle h) noexcept { return static_cast<int>(h); }

// For systems without SOCK_NONBLOCK / SOCK_CLOEXEC / pipe2: set both after the fact. A fork+exec
// on another thread in between could inherit the fd; DMX In never forks, hosts rarely do.
inline bool makeNonBlockingCloseOnExec(int fd) noexcept {
    const int flags = ::fcntl(fd, F_GETFL);
    return flags >= 0 && ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0 && ::fcntl(fd, F_SETFD, FD_CLOEXEC) == 0;
}

// close() that keeps errno, for error paths that report it afterwards.
inline void closeKeepingErrno(int fd) noexcept {
    const int err = errno;
    ::close(fd);
    errno = err;
}

} // namespace dmxin::net::posix
