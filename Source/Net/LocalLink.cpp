#include "LocalLink.h"

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <unistd.h>

#ifdef __linux__
#include <sys/socket.h>
#include <sys/un.h>
#endif

namespace dmxin::net::locallink {

std::string channelName(const std::string& bindAddress, std::uint16_t artnetPort, std::uint16_t sacnPort) {
    return "dmxin/artnet/" + bindAddress + ":" + std::to_string(artnetPort) + "/sacn:" + std::to_string(sacnPort);
}

void closeFd(int fd) noexcept {
    if (fd >= 0)
        ::close(fd);
}

#ifdef __linux__

namespace {
// Abstract address: sun_path[0] = NUL, then the name (not NUL-terminated; the length says where it ends).
socklen_t abstractAddress(const std::string& name, sockaddr_un& a) noexcept {
    std::memset(&a, 0, sizeof a);
    a.sun_family = AF_UNIX;
    const std::size_t n = std::min(name.size(), sizeof a.sun_path - 1);
    std::memcpy(a.sun_path + 1, name.data(), n);
    return static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 + n);
}

int newSocket() noexcept {
    return ::socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
}
} // namespace

int listenOn(const std::string& name) noexcept {
    const int fd = newSocket();
    if (fd < 0)
        return -1;
    sockaddr_un a{};
    const socklen_t len = abstractAddress(name, a);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&a), len) != 0 || ::listen(fd, 64) != 0) {
        const int err = errno;
        ::close(fd);
        errno = err;
        return -1;
    }
    return fd;
}

int connectTo(const std::string& name) noexcept {
    const int fd = newSocket();
    if (fd < 0)
        return -1;
    sockaddr_un a{};
    const socklen_t len = abstractAddress(name, a);
    // Unix-domain connect completes at once (or fails with EAGAIN when the backlog is full).
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), len) != 0) {
        const int err = errno;
        ::close(fd);
        errno = err;
        return -1;
    }
    return fd;
}

int acceptFrom(int listenFd) noexcept {
    return ::accept4(listenFd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
}

PeerCredentials peerCredentials(int fd) noexcept {
    PeerCredentials p;
    ucred c{};
    socklen_t len = sizeof c;
    if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &c, &len) == 0 && len == sizeof c) {
        p.known = true;
        p.uid = c.uid;
        p.pid = static_cast<std::uint32_t>(c.pid);
    }
    return p;
}

bool sameUser(const PeerCredentials& peer) noexcept {
    return peer.known && peer.uid == static_cast<std::uint32_t>(::geteuid());
}

int sendMessage(int fd, const std::uint8_t* data, std::size_t size) noexcept {
    const ssize_t n = ::send(fd, data, size, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n == static_cast<ssize_t>(size))
        return 1;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS))
        return 0;
    return -1;
}

long receiveMessage(int fd, std::uint8_t* buffer, std::size_t capacity, bool* truncated) noexcept {
    iovec iov{buffer, capacity};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    const ssize_t n = ::recvmsg(fd, &msg, MSG_DONTWAIT);
    if (truncated != nullptr)
        *truncated = n > 0 && (msg.msg_flags & MSG_TRUNC) != 0;
    return static_cast<long>(n);
}

int setSendBuffer(int fd, int bytes) noexcept {
    ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &bytes, sizeof bytes);
    int actual = 0;
    socklen_t len = sizeof actual;
    ::getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &actual, &len);
    return actual;
}

#else   // not implemented: each process keeps binding on its own

int listenOn(const std::string&) noexcept { errno = ENOTSUP; return -1; }
int connectTo(const std::string&) noexcept { errno = ENOTSUP; return -1; }
int acceptFrom(int) noexcept { errno = ENOTSUP; return -1; }
PeerCredentials peerCredentials(int) noexcept { return {}; }
bool sameUser(const PeerCredentials&) noexcept { return false; }
int sendMessage(int, const std::uint8_t*, std::size_t) noexcept { return -1; }
long receiveMessage(int, std::uint8_t*, std::size_t, bool*) noexcept { errno = ENOTSUP; return -1; }
int setSendBuffer(int, int) noexcept { return 0; }

#endif

} // namespace dmxin::net::locallink
