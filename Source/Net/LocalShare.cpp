#include "LocalShare.h"

#include "Platform/LocalLink.h"
#include "Platform/Process.h"

#include "Core/SteadyClock.h"

#include <chrono>
#include <cstring>
#include <thread>

namespace dmxin::net {

LocalShare::LocalShare(std::string channelName, LocalShareCallbacks callbacks)
    : name_(std::move(channelName)), cb_(std::move(callbacks)), inbox_(local::kDatagramFixed + UdpSocket::kMaxDatagram + 1) {}

LocalShare::~LocalShare() {
    locallink::close(link_);
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
    const locallink::Opened listening = locallink::listenOn(name_);
    if (listening.handle != kNoHandle) {
        becomeLeader(listening.handle);
        return Attempt::Leading;
    }
    if (listening.error != NetError::AddressInUse) {   // no local channel here (system, sandbox): each binds on its own
        std::lock_guard lock(mutex_);
        note_ = "local channel unavailable (" + listening.reason + "): receiving on own sockets";
        role_ = ShareRole::Off;
        return Attempt::Refused;
    }
    const NativeHandle link = locallink::connectTo(name_).handle;
    if (link == kNoHandle)
        return Attempt::Retry;
    const auto peer = locallink::peerCredentials(link);
    if (!locallink::sameUser(peer)) {
        // Another user's process leads: never take DMX from (or give it to) another user.
        locallink::close(link);
        std::lock_guard lock(mutex_);
        note_ = "the local leader belongs to another user (uid " + std::to_string(peer.uid) + "): receiving on own sockets";
        role_ = ShareRole::Off;
        return Attempt::Refused;
    }
    link_ = link;
    {
        std::lock_guard lock(mutex_);
        leaderPid_ = peer.pid;
        note_.clear();
    }
    encodeHello(outbox_, LocalHello{currentProcessId()});
    locallink::sendMessage(link_, outbox_.data(), outbox_.size());
    role_ = ShareRole::Follower;
    sendSubscription();
    return Attempt::Following;
}

void LocalShare::becomeLeader(NativeHandle listening) {
    auto leader = std::make_unique<LocalLeader>(listening);
    {
        std::lock_guard lock(mutex_);
        leader_ = std::move(leader);
        leaderPid_ = currentProcessId();
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
    if (locallink::sendMessage(link_, outbox_.data(), outbox_.size()) == 0)
        subscriptionDirty_.store(true, std::memory_order_release);
}

void LocalShare::addTo(WaitSet& waits) const noexcept {
    if (leader_ != nullptr)
        leader_->addTo(waits);
    else if (link_ != kNoHandle)
        waits.add(link_);
}

void LocalShare::service(const WaitSet& waits, std::size_t firstSlot) {
    if (leader_ != nullptr) {
        if (leader_->service(waits, firstSlot) && cb_.remoteChanged)
            cb_.remoteChanged();
        return;
    }
    if (link_ != kNoHandle && (waits.readable(firstSlot) || waits.hungUp(firstSlot)))
        readLeader();
}

void LocalShare::readLeader() {
    // Drain what is queued before acting on EOF: the leader's last datagrams still count.
    for (;;) {
        bool truncated = false;
        const long n = locallink::receiveMessage(link_, inbox_.data(), inbox_.size(), &truncated);
        if (n == locallink::kEndOfStream || n == locallink::kBroken) {
            lostLeader(steadyNowNs());
            return;
        }
        if (n == locallink::kNothingReady)
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
    locallink::close(link_);
    link_ = kNoHandle;
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
