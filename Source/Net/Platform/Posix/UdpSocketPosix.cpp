// UdpSocket on Linux and portable POSIX (see UdpSocket.h); what differs is in UdpFlavor.h.
#include "../UdpSocket.h"
#include "PosixFd.h"
#include "UdpFlavor.h"

#include "Core/Ipv4.h"

#include <arpa/inet.h>
#include <cerrno>
#include <netinet/in.h>
#include <sys/socket.h>

namespace dmxin::net {

namespace {
BindResult failure(const std::string& what, int err) {
    return BindResult{false, classifyError(err), err, what + ": " + errorText(err)};
}
} // namespace

BindResult UdpSocket::openAt(std::uint32_t ip, std::uint16_t port, const std::string& where, int receiveBufferBytes) {
    const int fd = posix::newUdpSocket();
    if (fd < 0)
        return failure("socket", errno);

    // Share the port with other Art-Net programs and other DMX In processes:
    // both options must be set before bind, and must match what the other sockets set.
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
#ifdef SO_REUSEPORT
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
#endif
    // Broadcast ArtDmx must be receivable; sending broadcast is never done by default.
    ::setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof one);
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &receiveBufferBytes, sizeof receiveBufferBytes);
    // Which local address a datagram reached: ArtPollReply reports the interface the poll came in on.
    ::setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof one);
    posix::hearOnlyOwnGroups(fd);

    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(ip);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        const int err = errno;
        ::close(fd);
        return failure("bind " + where, err);
    }

    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    localPort_ = ntohs(addr.sin_port);

    int actual = 0;
    len = sizeof actual;
    ::getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &actual, &len);
    receiveBuffer_ = actual;

    handle_ = fd;
    return BindResult{true, NetError::None, 0, {}};
}

void UdpSocket::close() noexcept {
    if (handle_ != kNoHandle)
        ::close(posix::fdOf(handle_));
    handle_ = kNoHandle;
    localPort_ = 0;
}

BindResult UdpSocket::joinGroup(std::uint32_t groupIp, std::uint32_t interfaceIp) noexcept {
    if (handle_ == kNoHandle)
        return BindResult{false, NetError::Other, EBADF, "join " + formatIpv4(groupIp) + ": socket is not open"};
    if (const int err = posix::changeMembership(posix::fdOf(handle_), true, groupIp, interfaceIp); err != 0)
        return failure("join " + formatIpv4(groupIp) + " on " + formatIpv4(interfaceIp), err);
    return BindResult{true, NetError::None, 0, {}};
}

void UdpSocket::leaveGroup(std::uint32_t groupIp, std::uint32_t interfaceIp) noexcept {
    if (handle_ != kNoHandle)
        posix::changeMembership(posix::fdOf(handle_), false, groupIp, interfaceIp);
}

bool UdpSocket::setMulticastInterface(std::uint32_t interfaceIp) noexcept {
    in_addr a{};
    a.s_addr = htonl(interfaceIp);
    return handle_ != kNoHandle && ::setsockopt(posix::fdOf(handle_), IPPROTO_IP, IP_MULTICAST_IF, &a, sizeof a) == 0;
}

bool UdpSocket::sendTo(const std::uint8_t* data, std::size_t size, std::uint32_t ip, std::uint16_t port) noexcept {
    if (handle_ == kNoHandle)
        return false;
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(port);
    to.sin_addr.s_addr = htonl(ip);
    return ::sendto(posix::fdOf(handle_), data, size, 0, reinterpret_cast<sockaddr*>(&to), sizeof to)
        == static_cast<ssize_t>(size);
}

} // namespace dmxin::net
