// isAddressUp on POSIX: a probe bind, then getifaddrs() flags (see Interfaces.h).
#include "../Interfaces.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace dmxin::net {

bool isAddressUp(std::uint32_t ip) noexcept {
    const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    if (fd >= 0) {
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(ip);
        const bool bound = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
        const int err = errno;
        ::close(fd);
        if (!bound && err == EADDRNOTAVAIL)
            return false;
    }
    ifaddrs* list = nullptr;
    if (::getifaddrs(&list) != 0)
        return true;
    bool listed = false, up = false;
    for (const ifaddrs* a = list; a != nullptr; a = a->ifa_next) {
        if (a->ifa_addr == nullptr || a->ifa_addr->sa_family != AF_INET)
            continue;
        sockaddr_in in{};
        std::memcpy(&in, a->ifa_addr, sizeof in);
        if (ntohl(in.sin_addr.s_addr) != ip)
            continue;
        listed = true;
        up = up || ((a->ifa_flags & IFF_UP) != 0 && (a->ifa_flags & IFF_RUNNING) != 0);
    }
    ::freeifaddrs(list);
    return !listed || up;
}

} // namespace dmxin::net
