#include "LocalLeader.h"

#include "Platform/LocalLink.h"
#include "Platform/Process.h"

namespace dmxin::net {

struct LocalLeader::Follower {
    NativeHandle link = kNoHandle;
    std::uint32_t pid = 0;
    bool dead = false;
    std::uint32_t interfaceIp = 0;
    std::vector<std::uint32_t> entries;   // as sent (key | announce bit)
    std::unique_ptr<std::bitset<UniverseId::kKeyCount>> wanted = std::make_unique<std::bitset<UniverseId::kKeyCount>>();
};

LocalLeader::LocalLeader(NativeHandle listening) : listening_(listening), inbox_(local::kMaxMessage + 1) {
    message_.reserve(local::kDatagramFixed + UdpSocket::kMaxDatagram);
}

LocalLeader::~LocalLeader() {
    // The name first: a follower that sees EOF must not reconnect to this dying socket's backlog.
    locallink::close(listening_);
    for (auto& f : followers_)
        locallink::close(f->link);
}

void LocalLeader::setWelcomePorts(std::uint16_t artnetPort, std::uint16_t sacnPort) noexcept {
    artnetPort_ = artnetPort;
    sacnPort_ = sacnPort;
}

void LocalLeader::addTo(WaitSet& waits) const noexcept {
    waits.add(listening_);
    for (const auto& f : followers_)
        waits.add(f->link);
}

bool LocalLeader::service(const WaitSet& waits, std::size_t firstSlot) {
    bool changed = false;
    // Followers first: their slots follow the listening socket's in the same order.
    for (std::size_t i = 0; i < followers_.size(); ++i) {
        Follower& f = *followers_[i];
        const std::size_t slot = firstSlot + 1 + i;
        if (waits.readable(slot))
            changed |= read(f);
        if (waits.hungUp(slot))
            f.dead = true;
    }
    const std::size_t before = followers_.size();
    for (auto it = followers_.begin(); it != followers_.end();) {
        if ((*it)->dead) {
            locallink::close((*it)->link);
            it = followers_.erase(it);
        } else {
            ++it;
        }
    }
    changed |= followers_.size() != before;
    if (waits.readable(firstSlot))
        accept();
    if (changed)
        publish();
    return changed;
}

void LocalLeader::accept() {
    for (;;) {
        const NativeHandle link = locallink::acceptFrom(listening_);
        if (link == kNoHandle)
            return;
        // Same user only: another user's process must not feed or read this user's DMX.
        const auto peer = locallink::peerCredentials(link);
        if (!locallink::sameUser(peer) || followers_.size() >= kMaxFollowers) {
            refused_.fetch_add(1, std::memory_order_relaxed);
            locallink::close(link);
            continue;
        }
        locallink::setSendBuffer(link, kFollowerSendBuffer);
        auto f = std::make_unique<Follower>();
        f->link = link;
        f->pid = peer.pid;
        encodeWelcome(message_, LocalWelcome{currentProcessId(), artnetPort_, sacnPort_});
        if (locallink::sendMessage(link, message_.data(), message_.size()) < 0) {
            locallink::close(link);
            continue;
        }
        followers_.push_back(std::move(f));
        publish();
    }
}

bool LocalLeader::read(Follower& f) {
    bool changed = false;
    for (;;) {
        bool truncated = false;
        const long n = locallink::receiveMessage(f.link, inbox_.data(), inbox_.size(), &truncated);
        if (n == locallink::kNothingReady)
            return changed;
        if (n == locallink::kEndOfStream || n == locallink::kBroken) {
            f.dead = true;
            return changed;
        }
        if (truncated) {
            noteMalformed(LocalReject::BadLength);
            continue;
        }
        const auto r = decodeLocal({inbox_.data(), static_cast<std::size_t>(n)});
        if (!r.ok()) {
            noteMalformed(r.reject);
            continue;
        }
        switch (r.message.type) {
        case LocalType::Hello:
            if (f.pid == 0)
                f.pid = r.message.hello.pid;   // SO_PEERCRED's pid is preferred
            break;
        case LocalType::Subscribe: {
            f.interfaceIp = r.message.sacnInterfaceIp;
            f.entries.clear();
            f.wanted->reset();
            for (std::size_t i = 0; i < r.message.entryCount(); ++i) {
                const std::uint32_t e = r.message.entryAt(i);
                f.entries.push_back(e);
                f.wanted->set(e & ~local::kAnnounceBit);
            }
            changed = true;
            break;
        }
        default:   // Welcome or Datagram from a follower: well-formed, wrong direction
            noteMalformed(LocalReject::UnknownType);
            break;
        }
    }
}

void LocalLeader::noteMalformed(LocalReject why) noexcept {
    malformed_.fetch_add(1, std::memory_order_relaxed);
    rejects_[static_cast<std::size_t>(why)].fetch_add(1, std::memory_order_relaxed);
}

void LocalLeader::forward(LocalChannel channel, const Datagram& d) noexcept {
    if (followers_.empty() || d.size == 0 || d.size > UdpSocket::kMaxDatagram)
        return;
    const ForwardTarget target = forwardTarget(channel, {d.data, d.size});
    if (!target.forward)
        return;
    bool encoded = false;
    for (auto& f : followers_) {
        if (f->dead || (!target.everyone && !f->wanted->test(target.key)))
            continue;
        if (!encoded) {
            encodeDatagram(message_, channel, d);   // capacity reserved: no allocation
            encoded = true;
        }
        const int sent = locallink::sendMessage(f->link, message_.data(), message_.size());
        if (sent > 0)
            forwarded_.fetch_add(1, std::memory_order_relaxed);
        else if (sent == 0)
            dropped_.fetch_add(1, std::memory_order_relaxed);   // its queue is full: never wait for it
        else
            f->dead = true;                                       // closed at the next service()
    }
}

void LocalLeader::publish() {
    std::vector<RemoteUniverse> all;
    std::vector<std::uint32_t> pids;
    for (const auto& f : followers_) {
        pids.push_back(f->pid);
        for (std::uint32_t e : f->entries)
            all.push_back({e & ~local::kAnnounceBit, (e & local::kAnnounceBit) != 0, f->interfaceIp});
    }
    std::lock_guard lock(publishedMutex_);
    published_ = std::move(all);
    publishedPids_ = std::move(pids);
}

std::vector<RemoteUniverse> LocalLeader::remoteUniverses() const {
    std::lock_guard lock(publishedMutex_);
    return published_;
}

std::vector<std::uint32_t> LocalLeader::followerPids() const {
    std::lock_guard lock(publishedMutex_);
    return publishedPids_;
}

LocalLeaderCounters LocalLeader::counters() const noexcept {
    return {forwarded_.load(), dropped_.load(), malformed_.load(), refused_.load()};
}

std::array<std::uint64_t, static_cast<std::size_t>(LocalReject::Count)> LocalLeader::rejects() const noexcept {
    std::array<std::uint64_t, static_cast<std::size_t>(LocalReject::Count)> out{};
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = rejects_[i].load();
    return out;
}

} // namespace dmxin::net
