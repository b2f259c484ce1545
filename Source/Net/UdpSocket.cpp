#include "UdpSocket.h"

#include "Core/Ipv4.h"
#include "Core/SteadyClock.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace dmxin::net {

// Buffers for one recvmmsg call, allocated once per socket.
struct UdpSocket::Batch {
#ifdef __linux__
    mmsghdr headers[kBatch]{};
#endif
    iovec iov[kBatch]{};
    sockaddr_in from[kBatch]{};
    alignas(cmsghdr) std::uint8_t control[kBatch][64]{};
    std::uint8_t data[kBatch][kMaxDatagram]{};
};

UdpSocket::UdpSocket() : batch_(new Batch) {
    if (::pipe2(wakePipe_, O_NONBLOCK | O_CLOEXEC) != 0)
        wakePipe_[0] = wakePipe_[1] = -1;
}

UdpSocket::~UdpSocket() {
    close();
    for (int fd : wakePipe_)
        if (fd >= 0)
            ::close(fd);
    delete batch_;
}

static BindResult failure(const std::string& what, int err) {
    return BindResult{false, err, what + ": " + std::strerror(err)};
}

BindResult UdpSocket::open(const std::string& bindAddress, std::uint16_t port, int receiveBufferBytes) {
    close();
    const std::string where = bindAddress + ":" + std::to_string(port);
    const auto ip = parseIpv4(bindAddress);
    if (!ip)
        return BindResult{false, EINVAL, "bind " + where + ": \"" + bindAddress + "\" is not an IPv4 address"};

    const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
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
#ifdef IP_MULTICAST_ALL
    // Without this, Linux delivers every group joined by any socket on the port to every socket.
    const int zero = 0;
    ::setsockopt(fd, IPPROTO_IP, IP_MULTICAST_ALL, &zero, sizeof zero);
#endif

    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(*ip);
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

    fd_ = fd;
    return BindResult{true, 0, {}};
}

void UdpSocket::close() noexcept {
    if (fd_ >= 0)
        ::close(fd_);
    fd_ = -1;
    localPort_ = 0;
}

bool UdpSocket::waitReadable(int timeoutMs) const noexcept {
    if (fd_ < 0)
        return false;
    pollfd fds[2] = {{fd_, POLLIN, 0}, {wakePipe_[0], POLLIN, 0}};
    const int n = ::poll(fds, wakePipe_[0] >= 0 ? 2 : 1, timeoutMs);
    if (n > 0 && (fds[1].revents & POLLIN)) {
        std::uint8_t drain[16];
        while (::read(wakePipe_[0], drain, sizeof drain) > 0) {}
    }
    return n > 0 && (fds[0].revents & POLLIN);
}

void UdpSocket::drainWake() noexcept {
    std::uint8_t drain[16];
    while (wakePipe_[0] >= 0 && ::read(wakePipe_[0], drain, sizeof drain) > 0) {}
}

BindResult UdpSocket::joinGroup(std::uint32_t groupIp, std::uint32_t interfaceIp) noexcept {
    if (fd_ < 0)
        return BindResult{false, EBADF, "join " + formatIpv4(groupIp) + ": socket is not open"};
    ip_mreqn m{};
    m.imr_multiaddr.s_addr = htonl(groupIp);
    m.imr_address.s_addr = htonl(interfaceIp);
    m.imr_ifindex = 0;
    if (::setsockopt(fd_, IPPROTO_IP, IP_ADD_MEMBERSHIP, &m, sizeof m) != 0) {
        const int err = errno;
        return BindResult{false, err, "join " + formatIpv4(groupIp) + " on " + formatIpv4(interfaceIp) + ": " + std::strerror(err)};
    }
    return BindResult{true, 0, {}};
}

void UdpSocket::leaveGroup(std::uint32_t groupIp, std::uint32_t interfaceIp) noexcept {
    if (fd_ < 0)
        return;
    ip_mreqn m{};
    m.imr_multiaddr.s_addr = htonl(groupIp);
    m.imr_address.s_addr = htonl(interfaceIp);
    ::setsockopt(fd_, IPPROTO_IP, IP_DROP_MEMBERSHIP, &m, sizeof m);
}

void UdpSocket::wake() noexcept {
    if (wakePipe_[1] >= 0) {
        const std::uint8_t b = 1;
        [[maybe_unused]] auto r = ::write(wakePipe_[1], &b, 1);
    }
}

std::size_t UdpSocket::receiveBatch(const std::function<void(const Datagram&)>& onDatagram) {
    if (fd_ < 0)
        return 0;
    Batch& b = *batch_;
#ifdef __linux__
    for (std::size_t i = 0; i < kBatch; ++i) {
        b.iov[i] = {b.data[i], kMaxDatagram};
        b.headers[i].msg_hdr = {};
        b.headers[i].msg_hdr.msg_name = &b.from[i];
        b.headers[i].msg_hdr.msg_namelen = sizeof(sockaddr_in);
        b.headers[i].msg_hdr.msg_iov = &b.iov[i];
        b.headers[i].msg_hdr.msg_iovlen = 1;
        b.headers[i].msg_hdr.msg_control = b.control[i];
        b.headers[i].msg_hdr.msg_controllen = sizeof b.control[i];
        b.headers[i].msg_len = 0;
    }
    // MSG_DONTWAIT: the caller already waited with poll(); recvmmsg's own timeout is buggy.
    const int n = ::recvmmsg(fd_, b.headers, kBatch, MSG_DONTWAIT, nullptr);
    if (n <= 0)
        return 0;
    const std::uint64_t now = steadyNowNs();
    for (int i = 0; i < n; ++i) {
        Datagram d;
        d.data = b.data[i];
        // A datagram larger than the buffer is truncated; MSG_TRUNC tells, and we pass the
        // truncated size on, so parsers only ever see bytes that exist.
        d.size = b.headers[i].msg_len;
        d.sourceIp = ntohl(b.from[i].sin_addr.s_addr);
        d.sourcePort = ntohs(b.from[i].sin_port);
        d.arrivalNs = now;
        msghdr& h = b.headers[i].msg_hdr;
        for (cmsghdr* c = CMSG_FIRSTHDR(&h); c != nullptr; c = CMSG_NXTHDR(&h, c)) {
            if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
                in_pktinfo info{};
                std::memcpy(&info, CMSG_DATA(c), sizeof info);
                d.localIp = ntohl(info.ipi_spec_dst.s_addr);
                d.destIp = ntohl(info.ipi_addr.s_addr);
            }
        }
        onDatagram(d);
    }
    return static_cast<std::size_t>(n);
#else
    std::size_t count = 0;
    for (; count < kBatch; ++count) {
        socklen_t len = sizeof(sockaddr_in);
        const auto r = ::recvfrom(fd_, b.data[0], kMaxDatagram, MSG_DONTWAIT,
                                  reinterpret_cast<sockaddr*>(&b.from[0]), &len);
        if (r < 0)
            break;
        Datagram d{b.data[0], static_cast<std::size_t>(r), ntohl(b.from[0].sin_addr.s_addr),
                   ntohs(b.from[0].sin_port), steadyNowNs()};
        onDatagram(d);
    }
    return count;
#endif
}

bool UdpSocket::sendTo(const std::uint8_t* data, std::size_t size, std::uint32_t ip, std::uint16_t port) noexcept {
    if (fd_ < 0)
        return false;
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(port);
    to.sin_addr.s_addr = htonl(ip);
    return ::sendto(fd_, data, size, 0, reinterpret_cast<sockaddr*>(&to), sizeof to) == static_cast<ssize_t>(size);
}

} // namespace dmxin::net
