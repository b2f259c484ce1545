#include "LocalShare.h"

#include "LocalLink.h"

#include "Core/SteadyClock.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include <poll.h>
#include <unistd.h>

namespace dmxin::net {

LocalShare::LocalShare(std::string channelName, LocalShareCallbacks callbacks)
    : name_(std::move(channelName)), cb_(std::move(callbacks)), inbox_(local::kDatagramFixed + UdpSocket::kMaxDatagram + 1) {}

LocalShare::~LocalShare() {
    locallink::closeFd(linkFd_);
    std::lock_guard lock(mutex_);
    leader_.reset();   // followers see EOF and elect among themselves
}

ShareRole LocalShare::start() {
    // A name that is bound but not listening yet (a leader between bind() and listen(), or one
    // starting up) refuses connections for a moment: retry briefly, then bind on our own.
    for (int attempt = 0; attempt < 50; ++attempt) {
        switch (tryElect()) {
        case Attempt::Leading: return ShareRole::Leader;
        case Attempt::Following: return ShareRole::Follower;
        case Attempt::Refused: return ShareRole::Off;
        case Attempt::Retry: std::this_thread::sleep_for(std::chrono::milliseconds(10)); break;
        }
    }
    std::lock_guard lock(mutex_);
    note_ = "could not reach the local leader: receiving on own sockets";
    role_ = ShareRole::Off;
    return ShareRole::Off;
}

LocalShare::Attempt LocalShare::tryElect() {
    const int listenFd = locallink::listenOn(name_);
    if (listenFd >= 0) {
        becomeLeader(listenFd);
        return Attempt::Leading;
    }
    if (errno != EADDRINUSE) {   // no abstract sockets here (other OS, sandbox): each binds on its own
        std::lock_guard lock(mutex_);
        note_ = std::string("local channel unavailable (") + std::strerror(errno) + "): receiving on own sockets";
        role_ = ShareRole::Off;
        return Attempt::Refused;
    }
    const int fd = locallink::connectTo(name_);
    if (fd < 0)
        return Attempt::Retry;
    const auto peer = locallink::peerCredentials(fd);
    if (!locallink::sameUser(peer)) {
        // Another user's process leads: never take DMX from (or give it to) another user.
        locallink::closeFd(fd);
        std::lock_guard lock(mutex_);
        note_ = "the local leader belongs to another user (uid " + std::to_string(peer.uid) + "): receiving on own sockets";
        role_ = ShareRole::Off;
        return Attempt::Refused;
    }
    linkFd_ = fd;
    {
        std::lock_guard lock(mutex_);
        leaderPid_ = peer.pid;
        note_.clear();
    }
    encodeHello(outbox_, LocalHello{static_cast<std::uint32_t>(::getpid())});
    locallink::sendMessage(linkFd_, outbox_.data(), outbox_.size());
    role_ = ShareRole::Follower;
    sendSubscription();
    return Attempt::Following;
}

void LocalShare::becomeLeader(int listenFd) {
    auto leader = std::make_unique<LocalLeader>(listenFd);
    {
        std::lock_guard lock(mutex_);
        leader_ = std::move(leader);
        leaderPid_ = static_cast<std::uint32_t>(::getpid());
        note_.clear();
    }
    role_ = ShareRole::Leader;
}

void LocalShare::sendSubscription() {
    subscriptionDirty_.store(false, std::memory_order_release);
    std::vector<std::uint32_t> entries;
    std::uint32_t interfaceIp = 0;
    if (cb_.localEntries)
        cb_.localEntries(entries, interfaceIp);
    entries_ = std::move(entries);
    encodeSubscribe(outbox_, interfaceIp, entries_);
    // A full queue toward the leader (it is not reading): try again at the next tick.
    if (locallink::sendMessage(linkFd_, outbox_.data(), outbox_.size()) == 0)
        subscriptionDirty_.store(true, std::memory_order_release);
}

std::size_t LocalShare::appendPollFds(pollfd* fds, std::size_t capacity) const noexcept {
    if (leader_ != nullptr)
        return leader_->appendPollFds(fds, capacity);
    if (linkFd_ >= 0 && capacity > 0) {
        fds[0] = {linkFd_, POLLIN, 0};
        return 1;
    }
    return 0;
}

void LocalShare::service(const pollfd* fds, std::size_t count) {
    if (leader_ != nullptr) {
        if (leader_->service(fds, count) && cb_.remoteChanged)
            cb_.remoteChanged();
        return;
    }
    if (linkFd_ >= 0 && count > 0 && (fds[0].revents & (POLLIN | POLLHUP | POLLERR)))
        readLeader();
}

void LocalShare::readLeader() {
    // Drain what is queued before acting on EOF: the leader's last datagrams still count.
    for (;;) {
        bool truncated = false;
        const long n = locallink::receiveMessage(linkFd_, inbox_.data(), inbox_.size(), &truncated);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
            lostLeader(steadyNowNs());
            return;
        }
        if (n < 0)
            return;
        if (truncated) {
            malformed_.fetch_add(1, std::memory_order_relaxed);
            continue;
        }
        const auto r = decodeLocal({inbox_.data(), static_cast<std::size_t>(n)});
        if (!r.ok()) {
            malformed_.fetch_add(1, std::memory_order_relaxed);
            continue;
        }
        if (r.message.type == LocalType::Datagram) {
            received_.fetch_add(1, std::memory_order_relaxed);
            if (cb_.inject)
                cb_.inject(r.message.channel, r.message.datagram);
        } else if (r.message.type == LocalType::Welcome) {
            knownArtnetPort_ = r.message.welcome.artnetPort;
            knownSacnPort_ = r.message.welcome.sacnPort;
        } else {
            malformed_.fetch_add(1, std::memory_order_relaxed);   // wrong direction
        }
    }
}

void LocalShare::lostLeader(std::uint64_t nowNs) {
    locallink::closeFd(linkFd_);
    linkFd_ = -1;
    lostAtNs_ = nowNs;
    elections_.fetch_add(1, std::memory_order_relaxed);
    {
        std::lock_guard lock(mutex_);
        leaderPid_ = 0;
    }
    role_ = ShareRole::Electing;
    tick(nowNs);   // race for the name at once: the kernel lets exactly one process bind it
}

void LocalShare::tick(std::uint64_t nowNs) {
    const ShareRole role = role_.load(std::memory_order_acquire);
    if (role == ShareRole::Follower) {
        if (subscriptionDirty_.load(std::memory_order_acquire))
            sendSubscription();
        return;
    }
    if (role == ShareRole::Leader) {
        if (leader_ != nullptr && cb_.boundPorts) {
            const auto [artnet, sacn] = cb_.boundPorts();
            leader_->setWelcomePorts(artnet, sacn);
        }
        return;
    }
    if (role != ShareRole::Electing)
        return;
    switch (tryElect()) {
    case Attempt::Leading:
        takeovers_.fetch_add(1, std::memory_order_relaxed);
        lastFailoverNs_.store(steadyNowNs() - lostAtNs_, std::memory_order_relaxed);
        if (cb_.openSockets && !cb_.openSockets(knownArtnetPort_, knownSacnPort_)) {
            std::lock_guard lock(mutex_);
            note_ = "took over as leader but could not bind the sockets";
        }
        if (cb_.remoteChanged)
            cb_.remoteChanged();
        break;
    case Attempt::Following:
        lastFailoverNs_.store(steadyNowNs() - lostAtNs_, std::memory_order_relaxed);
        break;
    case Attempt::Refused:
        if (cb_.openSockets)
            cb_.openSockets(knownArtnetPort_, knownSacnPort_);
        break;
    case Attempt::Retry: break;   // the winner has bound but not listened yet: next pass
    }
    (void)nowNs;
}

std::vector<RemoteUniverse> LocalShare::remoteUniverses() const {
    std::lock_guard lock(mutex_);
    return leader_ != nullptr ? leader_->remoteUniverses() : std::vector<RemoteUniverse>{};
}

LocalShareStatus LocalShare::status() const {
    LocalShareStatus s;
    s.enabled = true;
    s.role = role_.load();
    s.received = received_.load();
    s.malformed = malformed_.load();
    s.elections = elections_.load();
    s.takeovers = takeovers_.load();
    s.lastFailoverNs = lastFailoverNs_.load();
    std::lock_guard lock(mutex_);
    s.leaderPid = leaderPid_;
    s.note = note_;
    if (leader_ != nullptr) {
        s.followerPids = leader_->followerPids();
        s.leader = leader_->counters();
    }
    return s;
}

} // namespace dmxin::net
