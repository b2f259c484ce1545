#include "OutputSender.h"

#include "Core/Ipv4.h"
#include "Core/SteadyClock.h"
#include "Net/Platform/NetError.h"
#include "Net/Platform/ThreadTraits.h"

#include <algorithm>
#include <array>
#include <chrono>

namespace dmxin::net {

namespace {

std::mutex& registryMutex() {
    static std::mutex m;
    return m;
}

std::weak_ptr<OutputSender>& registry() {
    static std::weak_ptr<OutputSender> r;
    return r;
}

bool isMulticast(std::uint32_t ip) noexcept {
    return (ip >> 28) == 0xE;
}

} // namespace

// Sends each packet of a tick through the sender's socket, choosing the multicast interface when a
// target asks for one, and counts the outcome: for the process, for the instance whose session is
// ticking (setOutput), and for the universe the session says it is sending (beginUniverse). Sender
// thread only, with the sender's mutex held; never allocates.
class OutputSender::SocketSink final : public OutputPacketSink {
public:
    SocketSink(UdpSocket& socket, Stats& stats) : socket_(socket), stats_(stats) {}

    // The instance whose packets follow (null: count them for the process only).
    void setOutput(Counts* counts) noexcept {
        counts_ = counts;
        universe_ = nullptr;
    }

    void beginUniverse(const UniverseId* universe) noexcept override {
        universe_ = nullptr;
        if (counts_ == nullptr || universe == nullptr)
            return;
        for (UniverseCounts& u : counts_->universes)
            if (u.universe == *universe)
                universe_ = &u;   // a universe the current settings no longer send counts in the totals only
    }

    void sendPacket(std::span<const std::uint8_t> bytes, const OutputTarget& to) noexcept override {
        if (isMulticast(to.ip) && to.multicastInterface != interface_) {
            if (socket_.setMulticastInterface(to.multicastInterface))
                interface_ = to.multicastInterface;
        }
        const bool open = socket_.isOpen();
        const bool sent = socket_.sendTo(bytes.data(), bytes.size(), to.ip, to.port);
        // Read at once: the error code is the calling thread's and the next call may change it.
        const int osError = sent || !open ? 0 : lastSocketError();
        if (sent)
            ++stats_.packetsSent;
        else
            ++stats_.sendErrors;
        if (counts_ != nullptr) {
            ++(sent ? counts_->packetsSent : counts_->sendErrors);
            if (!sent) {
                counts_->lastOsError = osError;
                counts_->socketClosed = !open;
                counts_->lastErrorTarget = to;
            }
        }
        if (universe_ != nullptr)
            ++(sent ? universe_->packetsSent : universe_->sendErrors);
    }

private:
    UdpSocket& socket_;
    Stats& stats_;
    Counts* counts_ = nullptr;
    UniverseCounts* universe_ = nullptr;
    std::uint32_t interface_ = 0;
};

std::shared_ptr<OutputSender> OutputSender::acquire() {
    std::lock_guard lock(registryMutex());
    if (auto existing = registry().lock())
        return existing;
    auto made = create("0.0.0.0");
    registry() = made;
    return made;
}

std::shared_ptr<OutputSender> OutputSender::existing() {
    std::lock_guard lock(registryMutex());
    return registry().lock();
}

std::shared_ptr<OutputSender> OutputSender::create(const std::string& bindAddress) {
    return std::shared_ptr<OutputSender>(new OutputSender(bindAddress));
}

OutputSender::OutputSender(const std::string& bindAddress) {
    // A small receive buffer: nothing is read from this socket, it only sends.
    const BindResult bound = socket_.open(bindAddress, 0, 64 * 1024);
    open_ = bound.ok;
    openError_ = bound.message;
    boundIp_ = parseIpv4(bindAddress).value_or(0);
    thread_ = std::thread([this] { run(); });
}

OutputSender::~OutputSender() {
    {
        std::lock_guard lock(mutex_);
        quit_ = true;
    }
    changed_.notify_all();
    if (thread_.joinable())
        thread_.join();
    socket_.close();
}

OutputSender::Counts* OutputSender::countsOf(OutputId id) noexcept {
    for (Counts& c : counts_)
        if (c.id == id)
            return &c;
    return nullptr;
}

void OutputSender::dropIdleCounts() noexcept {
    // Erasing from a vector moves elements down and never allocates.
    std::erase_if(counts_, [this](const Counts& c) {
        return std::none_of(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.id == c.id; });
    });
}

void OutputSender::retire(OutputId id) {
    for (Entry& e : entries_)
        if (e.id == id && !e.retiring) {
            e.retiring = true;
            e.session->stop();
        }
}

void OutputSender::setOutput(OutputId id, const OutputSettings& settings,
                             std::shared_ptr<const OutputSlotValues> values) {
    auto session = std::make_unique<OutputSession>(settings);   // allocates: outside the lock
    {
        std::lock_guard lock(mutex_);
        for (Entry& e : entries_)
            if (e.id == id && !e.retiring)
                session->takeOver(*e.session);   // an edited universe goes on as the same stream
        retire(id);
        if (session->universeCount() > 0 && values) {
            entries_.push_back({id, false, std::move(session), std::move(values)});
            keepCounts(id, settings);
        }
        stats_.sessions = entries_.size();
    }
    changed_.notify_all();
}

void OutputSender::removeOutput(OutputId id) {
    {
        std::lock_guard lock(mutex_);
        retire(id);
    }
    changed_.notify_all();
}

void OutputSender::keepCounts(OutputId id, const OutputSettings& settings) {
    auto found = std::find_if(counts_.begin(), counts_.end(), [&](const Counts& c) { return c.id == id; });
    if (found == counts_.end()) {
        counts_.push_back(Counts{});
        found = counts_.end() - 1;
        found->id = id;
    }
    // The universes of the new settings, keeping the counts of those the old ones sent too; a dropped
    // universe's last packets (its terminations) count in the instance's totals only.
    std::vector<UniverseCounts> universes;
    for (const OutputUniverse& u : settings.universes) {
        if (!u.enabled)
            continue;
        UniverseCounts kept{u.universe, 0, 0};
        for (const UniverseCounts& old : found->universes)
            if (old.universe == u.universe)
                kept = old;
        universes.push_back(kept);
    }
    found->universes = std::move(universes);
}

OutputSender::OutputCounts OutputSender::counts(OutputId id) const {
    OutputCounts out;
    Counts c;
    {
        std::lock_guard lock(mutex_);
        const auto found = std::find_if(counts_.begin(), counts_.end(), [&](const Counts& k) { return k.id == id; });
        if (found == counts_.end())
            return out;
        c = *found;
    }
    out.packetsSent = c.packetsSent;
    out.sendErrors = c.sendErrors;
    out.universes = std::move(c.universes);
    if (c.sendErrors > 0) {
        const std::string where = "sendto " + formatIpv4(c.lastErrorTarget.ip) + ":" + std::to_string(c.lastErrorTarget.port);
        out.lastError = where + ": " + (c.socketClosed ? std::string("the output socket is not open") : errorText(c.lastOsError));
    }
    return out;
}

OwnOutputFilter OutputSender::ownFilter() const {
    OwnOutputFilter filter;
    filter.addArtNetSender(boundIp_, socket_.localPort());
    std::lock_guard lock(mutex_);
    for (const Entry& e : entries_)
        filter.addCid(e.session->cid());
    return filter;
}

OutputSender::Stats OutputSender::stats() const {
    std::lock_guard lock(mutex_);
    return stats_;
}

void OutputSender::run() {
    nameThisThread("dmxin-output");
    SocketSink sink(socket_, stats_);
    std::array<float, kNumParameterSlots> slots{};
    std::unique_lock lock(mutex_);
    while (!quit_) {
        const std::uint64_t now = steadyNowNs();
        std::uint64_t next = UINT64_MAX;
        for (Entry& e : entries_) {
            e.values->read(slots);
            sink.setOutput(countsOf(e.id));
            e.session->tick(now, slots, sink);
            if (!e.session->finished())
                next = std::min(next, e.session->nextWakeNs());
        }
        std::erase_if(entries_, [](const Entry& e) { return e.retiring && e.session->finished(); });
        dropIdleCounts();
        stats_.sessions = entries_.size();

        if (entries_.empty()) {
            changed_.wait(lock);
            continue;
        }
        // At most a second: a running session always has a finite next time, but an unbounded wait
        // would overflow the clock arithmetic if one ever had none.
        const std::uint64_t wait = std::min<std::uint64_t>(std::max(next, now + kPollNs) - now, 1'000'000'000);
        changed_.wait_for(lock, std::chrono::nanoseconds(wait));
    }
    // Closing: every stream that still runs is terminated now, without waiting for its periods.
    for (Entry& e : entries_) {
        sink.setOutput(countsOf(e.id));
        e.session->finish(sink);
    }
    entries_.clear();
    stats_.sessions = 0;
}

} // namespace dmxin::net
