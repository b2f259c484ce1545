// The parts of the local link that are the same on Linux and portable POSIX: a connected
// SOCK_SEQPACKET socket sends and receives whole messages.
#include "../LocalLink.h"
#include "PosixFd.h"

#include <sys/socket.h>

namespace dmxin::net::locallink {

// Linux has SO_PEERCRED (with the pid); macOS and the BSDs have getpeereid (no pid).
PeerCredentials peerCredentials(NativeHandle connection) noexcept {
    PeerCredentials p;
#ifdef SO_PEERCRED
    ucred c{};
    socklen_t len = sizeof c;
    if (::getsockopt(posix::fdOf(connection), SOL_SOCKET, SO_PEERCRED, &c, &len) == 0 && len == sizeof c) {
        p.known = true;
        p.uid = c.uid;
        p.pid = static_cast<std::uint32_t>(c.pid);
    }
#else
    uid_t uid = 0;
    gid_t gid = 0;
    if (::getpeereid(posix::fdOf(connection), &uid, &gid) == 0) {
        p.known = true;
        p.uid = uid;
    }
#endif
    return p;
}

bool sameUser(const PeerCredentials& peer) noexcept {
    return peer.known && peer.uid == static_cast<std::uint32_t>(::geteuid());
}

int sendMessage(NativeHandle connection, const std::uint8_t* data, std::size_t size) noexcept {
#ifdef MSG_NOSIGNAL
    constexpr int kFlags = MSG_DONTWAIT | MSG_NOSIGNAL;
#else
    constexpr int kFlags = MSG_DONTWAIT;   // SO_NOSIGPIPE is set on the socket instead
#endif
    const ssize_t n = ::send(posix::fdOf(connection), data, size, kFlags);
    if (n == static_cast<ssize_t>(size))
        return 1;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS))
        return 0;
    return -1;
}

long receiveMessage(NativeHandle connection, std::uint8_t* buffer, std::size_t capacity, bool* truncated) noexcept {
    iovec iov{buffer, capacity};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    const ssize_t n = ::recvmsg(posix::fdOf(connection), &msg, MSG_DONTWAIT);
    if (truncated != nullptr)
        *truncated = n > 0 && (msg.msg_flags & MSG_TRUNC) != 0;
    if (n >= 0)
        return static_cast<long>(n);
    return errno == EAGAIN || errno == EWOULDBLOCK ? kNothingReady : kBroken;
}

int setSendBuffer(NativeHandle connection, int bytes) noexcept {
    const int fd = posix::fdOf(connection);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &bytes, sizeof bytes);
    int actual = 0;
    socklen_t len = sizeof actual;
    ::getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &actual, &len);
    return actual;
}

} // namespace dmxin::net::locallink
