#pragma once
// What differs between the Linux and the portable POSIX UDP socket (internal to the platform layer):
// Linux has SOCK_CLOEXEC, ip_mreqn, IP_MULTICAST_ALL and recvmmsg; the portable backend does
// without them. UdpSocketPosix.cpp holds everything else; the batch read (UdpSocket::receiveBatch
// and its buffers) is in UdpBatchLinux.cpp / UdpBatchPortable.cpp.

#include <cstdint>

namespace dmxin::net::posix {

// A close-on-exec IPv4 UDP socket, or -1 with errno.
int newUdpSocket() noexcept;
// Linux delivers every group joined by any socket on the port to every socket unless
// IP_MULTICAST_ALL is off; elsewhere a socket hears only its own groups already.
void hearOnlyOwnGroups(int fd) noexcept;
// IP_ADD_MEMBERSHIP / IP_DROP_MEMBERSHIP. Returns 0 or errno.
int changeMembership(int fd, bool join, std::uint32_t groupIp, std::uint32_t interfaceIp) noexcept;

} // namespace dmxin::net::posix
