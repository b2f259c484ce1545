// The parts of UdpSocket that are the same on every system; the rest is in each backend.
#include "UdpSocket.h"
#include "WaitSet.h"

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

bool UdpSocket::waitReadable(int timeoutMs) const noexcept {
    if (handle_ == kNoHandle)
        return false;
    WaitSet waits;                  // the receive thread's own wait, for one socket and its wakeup
    waits.add(handle_);
    waits.add(wake_.handle());      // kNoHandle (never ready) if the wakeup could not be made
    waits.wait(timeoutMs);
    if (waits.readable(1))
        const_cast<Wakeup&>(wake_).drain();
    return waits.readable(0);
}

} // namespace dmxin::net
