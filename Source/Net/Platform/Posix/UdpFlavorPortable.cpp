#include "UdpFlavor.h"
#include "PosixFd.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

namespace dmxin::net::posix {

int newUdpSocket() noexcept {
    const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    if (fd >= 0)
        ::fcntl(fd, F_SETFD, FD_CLOEXEC);   // blocking stays: reads use MSG_DONTWAIT
    return fd;
}

void hearOnlyOwnGroups(int) noexcept {}

int changeMembership(int fd, bool join, std::uint32_t groupIp, std::uint32_t interfaceIp) noexcept {
    ip_mreq m{};
    m.imr_multiaddr.s_addr = htonl(groupIp);
    m.imr_interface.s_addr = htonl(interfaceIp);
    return ::setsockopt(fd, IPPROTO_IP, join ? IP_ADD_MEMBERSHIP : IP_DROP_MEMBERSHIP, &m, sizeof m) == 0 ? 0 : errno;
}

} // namespace dmxin::net::posix
