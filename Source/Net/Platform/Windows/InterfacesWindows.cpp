// isAddressUp on Windows: a probe bind, then GetAdaptersAddresses' OperStatus (see Interfaces.h).
// Wine binds any address, so there the adapter list decides alone.
#include "../Interfaces.h"
#include "Winsock.h"

#include <iphlpapi.h>

#include <chrono>
#include <mutex>
#include <vector>

namespace dmxin::net {

namespace {
// GetAdaptersAddresses for IPv4 unicast addresses into buffer; false when it fails.
bool listAdapters(std::vector<unsigned char>& buffer) noexcept {
    ULONG size = 16 * 1024;
    ULONG result = ERROR_BUFFER_OVERFLOW;
    for (int attempt = 0; attempt < 3 && result == ERROR_BUFFER_OVERFLOW; ++attempt) {
        try {
            buffer.resize(size);
        } catch (...) {
            return false;
        }
        result = GetAdaptersAddresses(AF_INET, GAA_FLAG_SKIP_ANYCAST | GAA_FLAG_SKIP_MULTICAST | GAA_FLAG_SKIP_DNS_SERVER,
                                      nullptr, reinterpret_cast<IP_ADAPTER_ADDRESSES*>(buffer.data()), &size);
    }
    return result == NO_ERROR;
}

std::uint32_t firstIpv4(const IP_ADAPTER_ADDRESSES& a) noexcept {
    for (auto* u = a.FirstUnicastAddress; u != nullptr; u = u->Next)
        if (u->Address.lpSockaddr != nullptr && u->Address.lpSockaddr->sa_family == AF_INET)
            return ntohl(reinterpret_cast<const sockaddr_in*>(u->Address.lpSockaddr)->sin_addr.s_addr);
    return 0;
}
} // namespace

std::uint32_t win::addressOfInterface(unsigned long interfaceIndex) noexcept {
    static std::mutex mutex;
    static unsigned long cachedIndex = 0;
    static std::uint32_t cachedAddress = 0;
    static std::chrono::steady_clock::time_point cachedAt{};
    std::lock_guard lock(mutex);
    const auto now = std::chrono::steady_clock::now();
    if (cachedIndex == interfaceIndex && now - cachedAt < std::chrono::seconds(1))
        return cachedAddress;
    std::vector<unsigned char> buffer;
    std::uint32_t found = 0;
    if (listAdapters(buffer))
        for (auto* a = reinterpret_cast<IP_ADAPTER_ADDRESSES*>(buffer.data()); a != nullptr && found == 0; a = a->Next)
            if (a->IfIndex == interfaceIndex)
                found = firstIpv4(*a);
    cachedIndex = interfaceIndex;
    cachedAddress = found;
    cachedAt = now;
    return found;
}

bool isAddressUp(std::uint32_t ip) noexcept {
    const SOCKET s = win::newUdpSocket();
    if (s != INVALID_SOCKET) {
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(ip);
        const bool bound = bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
        const int err = WSAGetLastError();
        closesocket(s);
        if (!bound && err == WSAEADDRNOTAVAIL)
            return false;
    }
    std::vector<unsigned char> buffer;
    if (!listAdapters(buffer))
        return true;   // says nothing about the address
    bool listed = false, up = false;
    for (auto* a = reinterpret_cast<IP_ADAPTER_ADDRESSES*>(buffer.data()); a != nullptr; a = a->Next) {
        for (auto* u = a->FirstUnicastAddress; u != nullptr; u = u->Next) {
            if (u->Address.lpSockaddr == nullptr || u->Address.lpSockaddr->sa_family != AF_INET)
                continue;
            const auto* in = reinterpret_cast<const sockaddr_in*>(u->Address.lpSockaddr);
            if (ntohl(in->sin_addr.s_addr) != ip)
                continue;
            listed = true;
            up = up || a->OperStatus == IfOperStatusUp;
        }
    }
    return !listed || up;
}

} // namespace dmxin::net
