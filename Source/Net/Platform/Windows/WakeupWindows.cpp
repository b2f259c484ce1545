// Wakeup on Windows: WSAPoll waits on sockets only, so the wakeup is a non-blocking UDP socket on
// 127.0.0.1 that sends a byte to itself.
#include "../Wakeup.h"
#include "Winsock.h"

namespace dmxin::net {

Wakeup::Wakeup() {
    const SOCKET s = win::newUdpSocket();
    if (s == INVALID_SOCKET)
        return;
    sockaddr_in self{};
    self.sin_family = AF_INET;
    self.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int len = sizeof self;
    u_long nonBlocking = 1;
    if (bind(s, reinterpret_cast<sockaddr*>(&self), sizeof self) != 0
        || getsockname(s, reinterpret_cast<sockaddr*>(&self), &len) != 0
        || connect(s, reinterpret_cast<sockaddr*>(&self), sizeof self) != 0
        || ioctlsocket(s, FIONBIO, &nonBlocking) != 0) {
        closesocket(s);
        return;
    }
    readEnd_ = writeEnd_ = win::handleOf(s);
}

Wakeup::~Wakeup() {
    if (readEnd_ != kNoHandle)
        closesocket(win::socketOf(readEnd_));
}

void Wakeup::signal() noexcept {
    if (writeEnd_ == kNoHandle)
        return;
    const char b = 1;
    send(win::socketOf(writeEnd_), &b, 1, 0);   // a full buffer: already signalled
}

void Wakeup::drain() noexcept {
    char buffer[16];
    while (readEnd_ != kNoHandle && recv(win::socketOf(readEnd_), buffer, sizeof buffer, 0) > 0) {}
}

} // namespace dmxin::net
