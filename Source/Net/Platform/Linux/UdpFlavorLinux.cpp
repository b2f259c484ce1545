#include "../Posix/UdpFlavor.h"

#include <arpa/inet.h>
#include <cerrno>
#include <netinet/in.h>
#include <sys/socket.h>

namespace dmxin::net::posix {

int newUdpSocket() noexcept {
    return ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
}

void hearOnlyOwnGroups(int fd) noexcept {
    const int zero = 0;
    ::setsockopt(fd, IPPROTO_IP, IP_MULTICAST_ALL, &zero, sizeof zero);
}

int changeMembership(int fd, bool join, std::uint32_t groupIp, std::uint32_t interfaceIp) noexcept {
    ip_mreqn m{};
    m.imr_multiaddr.s_addr = htonl(groupIp);
    m.imr_address.s_addr = htonl(interfaceIp);
    m.imr_ifindex = 0;
    return ::setsockopt(fd, IPPROTO_IP, join ? IP_ADD_MEMBERSHIP : IP_DROP_MEMBERSHIP, &m, sizeof m) == 0 ? 0 : errno;
}

} // namespace dmxin::net::posix
