// Batch receive on Linux: one recvmmsg call reads up to kBatch datagrams.
#include "../Posix/PacketInfo.h"
#include "../Posix/PosixFd.h"
#include "../UdpSocket.h"

#include "Core/SteadyClock.h"

namespace dmxin::net {

struct UdpSocket::Batch {
    mmsghdr headers[kBatch]{};
    iovec iov[kBatch]{};
    sockaddr_in from[kBatch]{};
    alignas(cmsghdr) std::uint8_t control[kBatch][64]{};
    std::uint8_t data[kBatch][kMaxDatagram]{};
};

UdpSocket::Batch* UdpSocket::newBatch() { return new Batch; }
void UdpSocket::deleteBatch(Batch* batch) noexcept { delete batch; }

std::size_t UdpSocket::receiveBatch(const std::function<void(const Datagram&)>& onDatagram) {
    if (handle_ == kNoHandle)
        return 0;
    Batch& b = *batch_;
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
    const int n = ::recvmmsg(posix::fdOf(handle_), b.headers, kBatch, MSG_DONTWAIT, nullptr);
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
        posix::readPacketInfo(b.headers[i].msg_hdr, d);
        onDatagram(d);
    }
    return static_cast<std::size_t>(n);
}

} // namespace dmxin::net
