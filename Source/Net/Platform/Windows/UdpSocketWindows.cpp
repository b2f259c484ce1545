// UdpSocket on Windows (see UdpSocket.h): Winsock, WSAPoll for the wait, and a loop of WSARecvMsg
// calls for the batch so each datagram comes with its IP_PKTINFO.
#include "../UdpSocket.h"
#include "Winsock.h"

#include "Core/Ipv4.h"
#include "Core/SteadyClock.h"

#include <cstring>

namespace dmxin::net {

namespace {
BindResult failure(const std::string& what, int err) {
    return BindResult{false, classifyError(err), err, what + ": " + errorText(err)};
}

LPFN_WSARECVMSG findRecvMsg(SOCKET s) noexcept {
    GUID id = WSAID_WSARECVMSG;
    LPFN_WSARECVMSG fn = nullptr;
    DWORD bytes = 0;
    if (WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &id, sizeof id, &fn, sizeof fn, &bytes, nullptr, nullptr) != 0)
        return nullptr;
    return fn;
}
} // namespace

struct UdpSocket::Batch {
    LPFN_WSARECVMSG recvMsg = nullptr;
    sockaddr_in from{};
    alignas(WSACMSGHDR) char control[64]{};
    std::uint8_t data[kMaxDatagram]{};
};

UdpSocket::Batch* UdpSocket::newBatch() { return new Batch; }
void UdpSocket::deleteBatch(Batch* batch) noexcept { delete batch; }

BindResult UdpSocket::openAt(std::uint32_t ip, std::uint16_t port, const std::string& where, int receiveBufferBytes) {
    const SOCKET s = win::newUdpSocket();
    if (s == INVALID_SOCKET)
        return failure("socket", WSAGetLastError());

    // Share the port with other Art-Net programs and other DMX In processes. On Windows
    // SO_REUSEADDR lets this socket bind beside others that set it too; a program that bound
    // with SO_EXCLUSIVEADDRUSE still refuses us (WSAEACCES).
    const BOOL on = TRUE;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, reinterpret_cast<const char*>(&on), sizeof on);
    setsockopt(s, SOL_SOCKET, SO_BROADCAST, reinterpret_cast<const char*>(&on), sizeof on);
    setsockopt(s, SOL_SOCKET, SO_RCVBUF, reinterpret_cast<const char*>(&receiveBufferBytes), sizeof receiveBufferBytes);
    setsockopt(s, IPPROTO_IP, IP_PKTINFO, reinterpret_cast<const char*>(&on), sizeof on);
    // Without this an ICMP "port unreachable" for a reply we sent makes the next read fail.
    BOOL reportReset = FALSE;
    DWORD bytes = 0;
    WSAIoctl(s, SIO_UDP_CONNRESET, &reportReset, sizeof reportReset, nullptr, 0, &bytes, nullptr, nullptr);
    u_long nonBlocking = 1;
    ioctlsocket(s, FIONBIO, &nonBlocking);

    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(ip);
    if (bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        const int err = WSAGetLastError();
        closesocket(s);
        return failure("bind " + where, err);
    }

    int len = sizeof addr;
    getsockname(s, reinterpret_cast<sockaddr*>(&addr), &len);
    localPort_ = ntohs(addr.sin_port);

    int actual = 0;
    len = sizeof actual;
    getsockopt(s, SOL_SOCKET, SO_RCVBUF, reinterpret_cast<char*>(&actual), &len);
    receiveBuffer_ = actual;

    batch_->recvMsg = findRecvMsg(s);
    handle_ = win::handleOf(s);
    return BindResult{true, NetError::None, 0, {}};
}

void UdpSocket::close() noexcept {
    if (handle_ != kNoHandle)
        closesocket(win::socketOf(handle_));
    handle_ = kNoHandle;
    localPort_ = 0;
}

BindResult UdpSocket::joinGroup(std::uint32_t groupIp, std::uint32_t interfaceIp) noexcept {
    if (handle_ == kNoHandle)
        return BindResult{false, NetError::Other, WSAENOTSOCK, "join " + formatIpv4(groupIp) + ": socket is not open"};
    ip_mreq m{};
    m.imr_multiaddr.s_addr = htonl(groupIp);
    m.imr_interface.s_addr = htonl(interfaceIp);
    if (setsockopt(win::socketOf(handle_), IPPROTO_IP, IP_ADD_MEMBERSHIP, reinterpret_cast<const char*>(&m), sizeof m) != 0)
        return failure("join " + formatIpv4(groupIp) + " on " + formatIpv4(interfaceIp), WSAGetLastError());
    return BindResult{true, NetError::None, 0, {}};
}

void UdpSocket::leaveGroup(std::uint32_t groupIp, std::uint32_t interfaceIp) noexcept {
    if (handle_ == kNoHandle)
        return;
    ip_mreq m{};
    m.imr_multiaddr.s_addr = htonl(groupIp);
    m.imr_interface.s_addr = htonl(interfaceIp);
    setsockopt(win::socketOf(handle_), IPPROTO_IP, IP_DROP_MEMBERSHIP, reinterpret_cast<const char*>(&m), sizeof m);
}

bool UdpSocket::setMulticastInterface(std::uint32_t interfaceIp) noexcept {
    in_addr a{};
    a.s_addr = htonl(interfaceIp);
    return handle_ != kNoHandle
        && setsockopt(win::socketOf(handle_), IPPROTO_IP, IP_MULTICAST_IF, reinterpret_cast<const char*>(&a), sizeof a) == 0;
}

std::size_t UdpSocket::receiveBatch(const std::function<void(const Datagram&)>& onDatagram) {
    if (handle_ == kNoHandle)
        return 0;
    Batch& b = *batch_;
    const SOCKET s = win::socketOf(handle_);
    std::size_t count = 0;
    for (; count < kBatch; ++count) {
        WSABUF buffer{static_cast<ULONG>(kMaxDatagram), reinterpret_cast<char*>(b.data)};
        Datagram d;
        int received = 0;
        if (b.recvMsg != nullptr) {
            WSAMSG msg{};
            msg.name = reinterpret_cast<sockaddr*>(&b.from);
            msg.namelen = sizeof b.from;
            msg.lpBuffers = &buffer;
            msg.dwBufferCount = 1;
            msg.Control = WSABUF{static_cast<ULONG>(sizeof b.control), b.control};
            DWORD bytes = 0;
            if (b.recvMsg(s, &msg, &bytes, nullptr, nullptr) != 0) {
                // A datagram larger than the buffer arrives truncated with WSAEMSGSIZE: pass the
                // bytes that exist on, as on Linux.
                if (WSAGetLastError() != WSAEMSGSIZE)
                    break;
                bytes = static_cast<DWORD>(kMaxDatagram);
            }
            received = static_cast<int>(bytes);
            for (WSACMSGHDR* c = WSA_CMSG_FIRSTHDR(&msg); c != nullptr; c = WSA_CMSG_NXTHDR(&msg, c)) {
                if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
                    IN_PKTINFO info{};
                    std::memcpy(&info, WSA_CMSG_DATA(c), sizeof info);
                    // Windows' IN_PKTINFO has no ipi_spec_dst: for unicast the destination is our
                    // address; for broadcast and multicast the arrival adapter's address.
                    d.destIp = ntohl(info.ipi_addr.s_addr);
                    const bool broadcast = d.destIp == 0xFFFFFFFFu || (d.destIp & 0xFFu) == 0xFFu;
                    const bool multicast = (d.destIp >> 28) == 0xEu;
                    d.localIp = broadcast || multicast ? win::addressOfInterface(info.ipi_ifindex) : d.destIp;
                }
            }
        } else {
            int len = sizeof b.from;
            received = recvfrom(s, reinterpret_cast<char*>(b.data), static_cast<int>(kMaxDatagram), 0,
                                reinterpret_cast<sockaddr*>(&b.from), &len);
            if (received < 0) {
                if (WSAGetLastError() != WSAEMSGSIZE)
                    break;
                received = static_cast<int>(kMaxDatagram);
            }
        }
        d.data = b.data;
        d.size = static_cast<std::size_t>(received);
        d.sourceIp = ntohl(b.from.sin_addr.s_addr);
        d.sourcePort = ntohs(b.from.sin_port);
        d.arrivalNs = steadyNowNs();
        onDatagram(d);
    }
    return count;
}

bool UdpSocket::sendTo(const std::uint8_t* data, std::size_t size, std::uint32_t ip, std::uint16_t port) noexcept {
    if (handle_ == kNoHandle)
        return false;
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(port);
    to.sin_addr.s_addr = htonl(ip);
    return sendto(win::socketOf(handle_), reinterpret_cast<const char*>(data), static_cast<int>(size), 0,
                  reinterpret_cast<sockaddr*>(&to), sizeof to) == static_cast<int>(size);
}

} // namespace dmxin::net
