#include "SacnSocketPool.h"

#include "BindErrorText.h"
#include "InterfaceWatch.h"

#include "Core/Ipv4.h"

#include <iterator>

namespace dmxin::net {

SacnSocketPool::SacnSocketPool(std::uint16_t requestedPort, NeededGroups neededGroups,
                               std::function<void()> socketAdded)
    : requestedPort_(requestedPort), neededGroups_(std::move(neededGroups)), socketAdded_(std::move(socketAdded)) {}

SacnSocketPool::~SacnSocketPool() {
    for (auto& s : sockets_)
        if (s != nullptr)
            s->close();
}

std::string SacnSocketPool::error() const {
    std::lock_guard lock(errorMutex_);
    return error_;
}

bool SacnSocketPool::ensureFirstSocket(std::string& error) {
    if (count_.load() > 0)
        return true;
    auto socket = std::make_unique<UdpSocket>();
    // Multicast is delivered only to sockets bound to the wildcard (or the group) address on Linux.
    const BindResult r = socket->open("0.0.0.0", requestedPort_);
    if (!r.ok) {
        error = bindFailureText(r, "0.0.0.0");
        return false;
    }
    boundPort_ = socket->localPort();
    sockets_[0] = std::move(socket);
    count_.store(1, std::memory_order_release);
    socketAdded_();
    return true;
}

void SacnSocketPool::update() {
    std::lock_guard lock(mutex_);
    updateLocked();
}

void SacnSocketPool::updateLocked() {
    Groups needed;
    const bool opensSockets = neededGroups_(needed);
    std::string error;
    if (!opensSockets || (needed.empty() && count_.load() == 0))
        return;
    interfaces_.clear();
    for (const auto& g : needed)
        if (g.second != 0)
            interfaces_.insert(g.second);
    for (auto it = interfacesGone_.begin(); it != interfacesGone_.end();)
        it = interfaces_.count(*it) != 0 ? std::next(it) : interfacesGone_.erase(it);
    if (!ensureFirstSocket(error)) {
        std::lock_guard lock(errorMutex_);
        error_ = error;
        return;
    }
    // Leave groups nobody needs any more.
    for (auto it = joined_.begin(); it != joined_.end();) {
        if (needed.count(it->first) != 0) {
            ++it;
            continue;
        }
        sockets_[static_cast<std::size_t>(it->second)]->leaveGroup(it->first.first, it->first.second);
        --groupsPerSocket_[static_cast<std::size_t>(it->second)];
        it = joined_.erase(it);
    }
    // Join new ones, at most kMaxGroupsPerSocket per socket; more sockets share the same port.
    for (const auto& g : needed) {
        if (joined_.count(g) != 0)
            continue;
        if (interfacesGone_.count(g.second) != 0)   // joined once the watch sees it back
            continue;
        int target = -1;
        const int count = count_.load();
        for (int i = 0; i < count; ++i)
            if (groupsPerSocket_[static_cast<std::size_t>(i)] < static_cast<int>(kMaxGroupsPerSocket)) {
                target = i;
                break;
            }
        if (target < 0) {
            if (count >= static_cast<int>(kMaxSockets)) {
                error = "join " + formatIpv4(g.first) + ": more than " + std::to_string(kMaxSockets * kMaxGroupsPerSocket)
                      + " sACN universes";
                continue;
            }
            auto socket = std::make_unique<UdpSocket>();
            const BindResult r = socket->open("0.0.0.0", boundPort_.load());
            if (!r.ok) {
                error = r.message;
                continue;
            }
            sockets_[static_cast<std::size_t>(count)] = std::move(socket);
            count_.store(count + 1, std::memory_order_release);
            socketAdded_();
            target = count;
        }
        const BindResult r = sockets_[static_cast<std::size_t>(target)]->joinGroup(g.first, g.second);
        if (!r.ok) {
            error = r.message;
            continue;
        }
        joined_[g] = target;
        ++groupsPerSocket_[static_cast<std::size_t>(target)];
    }
    memberships_.store(static_cast<int>(joined_.size()));
    for (std::uint32_t gone : interfacesGone_)
        error = addressGoneText(gone, "sACN interface");
    std::lock_guard lock(errorMutex_);
    error_ = error;
}

void SacnSocketPool::watchInterfaces() {
    std::lock_guard lock(mutex_);
    bool changed = false;
    for (std::uint32_t interfaceIp : interfaces_) {
        const bool present = isAddressUp(interfaceIp);
        const bool wasGone = interfacesGone_.count(interfaceIp) != 0;
        if (!present && !wasGone) {
            interfacesGone_.insert(interfaceIp);
            changed = true;
        } else if (present && wasGone) {
            interfacesGone_.erase(interfaceIp);
            changed = true;
            // The kernel kept the memberships (address removed, link down) or dropped them with the
            // device (interface deleted and created again): join again on the same socket, where
            // "already a member" (AddressInUse) is success. Failures are joined afresh below.
            for (auto it = joined_.begin(); it != joined_.end();) {
                if (it->first.second != interfaceIp) {
                    ++it;
                    continue;
                }
                const auto index = static_cast<std::size_t>(it->second);
                const BindResult r = sockets_[index]->joinGroup(it->first.first, interfaceIp);
                if (r.ok || r.kind == NetError::AddressInUse) {
                    ++it;
                } else {
                    --groupsPerSocket_[index];
                    it = joined_.erase(it);
                }
            }
        }
    }
    if (changed)
        updateLocked();
}

} // namespace dmxin::net
