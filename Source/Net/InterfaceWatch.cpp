#include "InterfaceWatch.h"

#include "ReceiverHub.h"
#include "StatusText.h"

#include "Core/Ipv4.h"

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
    const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
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

// The hub's side of the watch, kept here so ReceiverHub.cpp only calls it. Receive thread only:
// it owns socket_, so it may close and re-open it; status() reads under bindMutex_.
void ReceiverHub::watchInterfaces() {
    const std::uint32_t ip = parseIpv4(bindAddress_).value_or(0);   // 0: every interface, nothing to watch
    // A follower of another process's leader has no socket of its own to watch (LocalShare).
    if (!followsLeader() && ip != 0 && (listening_ || waitingForAddress_)) {
        const bool present = isAddressUp(ip);
        if (listening_ && !present) {
            // The socket would stay bound to a dead address and hear nothing: close it and say why.
            std::lock_guard lock(bindMutex_);
            socket_.close();
            listening_ = false;
            waitingForAddress_ = true;
            errorCode_ = EADDRNOTAVAIL;
            error_ = addressGoneText(ip, "bind address");
        } else if (!listening_ && present) {
            // Back (or there for the first time): bind again, on the same port when it was ephemeral.
            std::lock_guard lock(bindMutex_);
            const std::uint16_t port = requestedPort_ != 0 ? requestedPort_ : boundPort_.load();
            const BindResult r = socket_.open(bindAddress_, port);
            if (r.ok) {
                boundPort_ = socket_.localPort();
                error_.clear();
                errorCode_ = 0;
                waitingForAddress_ = false;
                listening_ = true;
            } else {
                error_ = bindFailureText(r, bindAddress_);
                errorCode_ = r.osError;
                waitingForAddress_ = r.osError == EADDRNOTAVAIL;
            }
        }
    }

    // sACN groups joined on a chosen interface.
    std::lock_guard control(controlMutex_);
    bool changed = false;
    for (std::uint32_t interfaceIp : sacnInterfaces_) {
        const bool present = isAddressUp(interfaceIp);
        const bool wasGone = sacnInterfacesGone_.count(interfaceIp) != 0;
        if (!present && !wasGone) {
            sacnInterfacesGone_.insert(interfaceIp);
            changed = true;
        } else if (present && wasGone) {
            sacnInterfacesGone_.erase(interfaceIp);
            changed = true;
            // The kernel kept the memberships (address removed, link down) or dropped them with the
            // device (interface deleted and created again): join again on the same socket, where
            // "already a member" (EADDRINUSE) is success. Failures are joined afresh below.
            for (auto it = joined_.begin(); it != joined_.end();) {
                if (it->first.second != interfaceIp) {
                    ++it;
                    continue;
                }
                const auto index = static_cast<std::size_t>(it->second);
                const BindResult r = sacnSockets_[index]->joinGroup(it->first.first, interfaceIp);
                if (r.ok || r.osError == EADDRINUSE) {
                    ++it;
                } else {
                    --groupsPerSocket_[index];
                    it = joined_.erase(it);
                }
            }
        }
    }
    if (changed)
        updateMembershipsLocked();
}

} // namespace dmxin::net
