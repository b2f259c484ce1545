#include "OutputSender.h"

#include "Core/Ipv4.h"
#include "Core/SteadyClock.h"
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
// target asks for one, and counts the outcome. Sender thread only.
class OutputSender::SocketSink final : public OutputPacketSink {
public:
    SocketSink(UdpSocket& socket, Stats& stats) : socket_(socket), stats_(stats) {}

    void sendPacket(std::span<const std::uint8_t> bytes, const OutputTarget& to) noexcept override {
        if (isMulticast(to.ip) && to.multicastInterface != interface_) {
            if (socket_.setMulticastInterface(to.multicastInterface))
                interface_ = to.multicastInterface;
        }
        if (socket_.sendTo(bytes.data(), bytes.size(), to.ip, to.port))
            ++stats_.packetsSent;
        else
            ++stats_.sendErrors;
    }

private:
    UdpSocket& socket_;
    Stats& stats_;
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
        if (session->universeCount() > 0 && values)
            entries_.push_back({id, false, std::move(session), std::move(values)});
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
            e.session->tick(now, slots, sink);
            if (!e.session->finished())
                next = std::min(next, e.session->nextWakeNs());
        }
        std::erase_if(entries_, [](const Entry& e) { return e.retiring && e.session->finished(); });
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
    for (Entry& e : entries_)
        e.session->finish(sink);
    entries_.clear();
    stats_.sessions = 0;
}

} // namespace dmxin::net
