#include "Winsock.h"

namespace dmxin::net::win {

bool ensureWinsock() noexcept {
    static const bool started = [] {
        WSADATA data{};
        return WSAStartup(MAKEWORD(2, 2), &data) == 0;
    }();
    return started;
}

SOCKET newUdpSocket() noexcept {
    if (!ensureWinsock())
        return INVALID_SOCKET;
    return WSASocketW(AF_INET, SOCK_DGRAM, IPPROTO_UDP, nullptr, 0, WSA_FLAG_NO_HANDLE_INHERIT);
}

} // namespace dmxin::net::win
