// The parts of UdpSocket that are the same on every system; the rest is in each backend.
#include "UdpSocket.h"

#include "Core/Ipv4.h"

namespace dmxin::net {

UdpSocket::UdpSocket() : batch_(newBatch()) {}

UdpSocket::~UdpSocket() {
    close();
    deleteBatch(batch_);
}

BindResult UdpSocket::open(const std::string& bindAddress, std::uint16_t port, int receiveBufferBytes) {
    close();
    const std::string where = bindAddress + ":" + std::to_string(port);
    const auto ip = parseIpv4(bindAddress);
    if (!ip)   // refused before any system call: no system error code
        return BindResult{false, NetError::InvalidAddress, 0, "bind " + where + ": \"" + bindAddress + "\" is not an IPv4 address"};
    return openAt(*ip, port, where, receiveBufferBytes);
}

} // namespace dmxin::net
