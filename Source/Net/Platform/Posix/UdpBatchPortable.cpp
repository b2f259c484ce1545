// Batch receive without recvmmsg: up to kBatch single recvmsg calls, each with its IP_PKTINFO.
#include "../UdpSocket.h"
#include "PacketInfo.h"
#include "PosixFd.h"

#include "Core/SteadyClock.h"

namespace dmxin::net {

struct UdpSocket::Batch {
    sockaddr_in from{};
    alignas(cmsghdr) std::uint8_t control[64]{};
    std::uint8_t data[kMaxDatagram]{};
};

UdpSocket::Batch* UdpSocket::newBatch() { return new Batch; }
void UdpSocket::deleteBatch(Batch* batch) noexcept { delete batch; }

std::size_t UdpSocket::receiveBatch(const std::function<void(const Datagram&)>& onDatagram) {
    if (handle_ == kNoHandle)
        return 0;
    Batch& b = *batch_;
    std::size_t count = 0;
    for (; count < kBatch; ++count) {
        iovec iov{b.data, kMaxDatagram};
        msghdr h{};
        h.msg_name = &b.from;
        h.msg_namelen = sizeof b.from;
        h.msg_iov = &iov;
        h.msg_iovlen = 1;
        h.msg_control = b.control;
        h.msg_controllen = sizeof b.control;
        const ssize_t r = ::recvmsg(posix::fdOf(handle_), &h, MSG_DONTWAIT);
        if (r < 0)
            break;
        Datagram d;
        d.data = b.data;
        d.size = static_cast<std::size_t>(r);   // truncated to the buffer, as on Linux
        d.sourceIp = ntohl(b.from.sin_addr.s_addr);
        d.sourcePort = ntohs(b.from.sin_port);
        d.arrivalNs = steadyNowNs();
        posix::readPacketInfo(h, d);
        onDatagram(d);
    }
    return count;
}

} // namespace dmxin::net
