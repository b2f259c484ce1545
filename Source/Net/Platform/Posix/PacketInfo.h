#pragma once
// Reads IP_PKTINFO from a received message's control data (Linux and macOS both have it).
#include "../UdpSocket.h"

#include <arpa/inet.h>
#include <cstring>
#include <netinet/in.h>
#include <sys/socket.h>

namespace dmxin::net::posix {

inline void readPacketInfo(msghdr& h, Datagram& d) noexcept {
    for (cmsghdr* c = CMSG_FIRSTHDR(&h); c != nullptr; c = CMSG_NXTHDR(&h, c)) {
        if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
            in_pktinfo info{};
            std::memcpy(&info, CMSG_DATA(c), sizeof info);
            d.localIp = ntohl(info.ipi_spec_dst.s_addr);
            d.destIp = ntohl(info.ipi_addr.s_addr);
        }
    }
}

} // namespace dmxin::net::posix
