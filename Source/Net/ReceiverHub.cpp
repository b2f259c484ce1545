#include "ReceiverHub.h"

#include <algorithm>
#include <cstring>
#include <map>

#ifdef __linux__
#include <pthread.h>
#include <sched.h>
#endif

namespace dmxin::net {

std::uint64_t HubStatus::totalRejected() const noexcept {
    std::uint64_t sum = 0;
    for (std::size_t i = 1; i < rejected.size(); ++i)
        if (i != static_cast<std::size_t>(ArtNetReject::IgnoredOpcode))
            sum += rejected[i];
    return sum;
}

std::uint64_t HubStatus::ignored() const noexcept {
    return rejected[static_cast<std::size_t>(ArtNetReject::IgnoredOpcode)];
}

namespace {
// Process-wide registry: one hub per (bind address, port). Weak pointers so the last instance
// to release a hub closes its socket and stops its thread.
std::mutex& registryMutex() {
    static std::mutex m;
    return m;
}
std::map<std::pair<std::string, std::uint16_t>, std::weak_ptr<ReceiverHub>>& registry() {
    static std::map<std::pair<std::string, std::uint16_t>, std::weak_ptr<ReceiverHub>> r;
    return r;
}
} // namespace

std::shared_ptr<ReceiverHub> ReceiverHub::acquire(const std::string& bindAddress, std::uint16_t port) {
    std::lock_guard lock(registryMutex());
    auto& slot = registry()[{bindAddress, port}];
    // A hub whose bind failed is not reused: asking again retries the bind (the editor's "retry").
    if (auto existing = slot.lock(); existing != nullptr && existing->listening())
        return existing;
    std::shared_ptr<ReceiverHub> hub(new ReceiverHub(bindAddress, port));
    slot = hub;
    return hub;
}

ReceiverHub::ReceiverHub(std::string bindAddress, std::uint16_t port)
    : bindAddress_(std::move(bindAddress)), requestedPort_(port),
      perUniverse_(std::make_unique<std::atomic<std::uint32_t>[]>(PortAddress::kMaxFlat + 1)) {
    const BindResult bound = socket_.open(bindAddress_, port);
    if (!bound.ok) {
        error_ = bound.message;
        return;
    }
    boundPort_ = socket_.localPort();
    listening_ = true;
    running_ = true;
    thread_ = std::thread([this] { run(); });
}

ReceiverHub::~ReceiverHub() {
    running_ = false;
    socket_.wake();
    if (thread_.joinable())
        thread_.join();
    socket_.close();
}

void ReceiverHub::run() {
#ifdef __linux__
    pthread_setname_np(pthread_self(), "dmxin-receive");
    // Raised priority helps under load; without the right (no rtprio rlimit) it silently stays normal.
    sched_param sp{};
    sp.sched_priority = 10;
    pthread_setschedparam(pthread_self(), SCHED_FIFO, &sp);
#endif
    const std::function<void(const Datagram&)> onDatagram = [this](const Datagram& d) { handleDatagram(d); };
    while (running_.load(std::memory_order_relaxed)) {
        if (!socket_.waitReadable(250))
            continue;
        while (socket_.receiveBatch(onDatagram) == UdpSocket::kBatch) {}
    }
}

void ReceiverHub::handleDatagram(const Datagram& d) {
    datagrams_.fetch_add(1, std::memory_order_relaxed);
    const ArtNetParseResult r = parseArtNet({d.data, d.size});
    switch (r.kind) {
    case ArtNetKind::Rejected:
        rejected_[static_cast<std::size_t>(r.reject)].fetch_add(1, std::memory_order_relaxed);
        return;
    case ArtNetKind::Poll: polls_.fetch_add(1, std::memory_order_relaxed); return;
    case ArtNetKind::PollReply: pollReplies_.fetch_add(1, std::memory_order_relaxed); return;
    case ArtNetKind::Sync: syncs_.fetch_add(1, std::memory_order_relaxed); return;
    case ArtNetKind::Nzs: nzs_.fetch_add(1, std::memory_order_relaxed); return;
    case ArtNetKind::Dmx: break;
    }

    dmxFrames_.fetch_add(1, std::memory_order_relaxed);
    perUniverse_[r.dmx.address.flat()].fetch_add(1, std::memory_order_relaxed);
    noteSource(d.sourceIp, r.dmx.physical, r.dmx.address, d.arrivalNs);

    DmxFrame& f = scratch_;
    f.portAddress = r.dmx.address.flat();
    f.length = r.dmx.length;
    f.sourceIp = d.sourceIp;
    f.sequence = r.dmx.sequence;
    f.physical = r.dmx.physical;
    f.protocol = DmxProtocol::ArtNet;
    f.arrivalNs = d.arrivalNs;
    std::memcpy(f.slots.data(), r.dmx.data, r.dmx.length);
    std::memset(f.slots.data() + r.dmx.length, 0, kDmxSlots - r.dmx.length);
    deliver(f);
}

void ReceiverHub::deliver(const DmxFrame& frame) {
    bool wanted = false;
    std::lock_guard lock(subscribersMutex_);
    for (auto& s : subscribers_) {
        if (!s.universes->test(frame.portAddress))
            continue;
        wanted = true;
        if (s.queue->try_push(frame))
            delivered_.fetch_add(1, std::memory_order_relaxed);
        else
            queueFull_.fetch_add(1, std::memory_order_relaxed);   // latest state wins on the next frame
    }
    if (!wanted)
        unsubscribed_.fetch_add(1, std::memory_order_relaxed);
}

void ReceiverHub::noteSource(std::uint32_t ip, std::uint8_t physical, PortAddress universe, std::uint64_t now) {
    std::lock_guard lock(sourcesMutex_);
    for (auto& s : sources_) {
        if (s.ip == ip && s.physical == physical) {
            ++s.packets;
            s.lastSeenNs = now;
            s.lastUniverse = universe;
            return;
        }
    }
    // Bounded so a flood of fake sources cannot grow memory: evict the stalest after 10 s idle.
    if (sources_.size() >= kMaxTrackedSources) {
        auto stalest = std::min_element(sources_.begin(), sources_.end(),
                                        [](const SourceInfo& a, const SourceInfo& b) { return a.lastSeenNs < b.lastSeenNs; });
        if (now - stalest->lastSeenNs < 10'000'000'000ull) {
            sourcesDropped_.fetch_add(1, std::memory_order_relaxed);
            return;
        }
        sources_.erase(stalest);
    }
    sources_.push_back(SourceInfo{ip, physical, 1, now, universe});
}

int ReceiverHub::subscribe(FrameQueue& queue) {
    std::lock_guard lock(subscribersMutex_);
    Subscriber s;
    s.id = nextId_++;
    s.queue = &queue;
    s.universes = std::make_unique<std::bitset<PortAddress::kMaxFlat + 1>>();
    subscribers_.push_back(std::move(s));
    return subscribers_.back().id;
}

void ReceiverHub::setUniverses(int subscriptionId, const std::vector<PortAddress>& universes) {
    auto bits = std::make_unique<std::bitset<PortAddress::kMaxFlat + 1>>();
    for (auto u : universes)
        bits->set(u.flat());
    std::lock_guard lock(subscribersMutex_);
    for (auto& s : subscribers_)
        if (s.id == subscriptionId)
            s.universes = std::move(bits);
}

void ReceiverHub::unsubscribe(int subscriptionId) {
    std::lock_guard lock(subscribersMutex_);
    subscribers_.erase(std::remove_if(subscribers_.begin(), subscribers_.end(),
                                      [&](const Subscriber& s) { return s.id == subscriptionId; }),
                       subscribers_.end());
}

std::uint64_t ReceiverHub::packetsForUniverse(PortAddress address) const noexcept {
    return perUniverse_[address.flat()].load(std::memory_order_relaxed);
}

HubStatus ReceiverHub::status() const {
    HubStatus s;
    s.listening = listening_;
    s.bindAddress = bindAddress_;
    s.requestedPort = requestedPort_;
    s.boundPort = boundPort_;
    s.error = error_;
    s.receiveBufferBytes = socket_.receiveBufferBytes();
    s.datagrams = datagrams_.load();
    s.dmxFrames = dmxFrames_.load();
    s.delivered = delivered_.load();
    s.polls = polls_.load();
    s.pollReplies = pollReplies_.load();
    s.syncs = syncs_.load();
    s.nzs = nzs_.load();
    s.queueFull = queueFull_.load();
    s.unsubscribed = unsubscribed_.load();
    s.sourcesDropped = sourcesDropped_.load();
    for (std::size_t i = 0; i < rejected_.size(); ++i)
        s.rejected[i] = rejected_[i].load();
    {
        std::lock_guard lock(sourcesMutex_);
        s.sources = sources_;
    }
    std::lock_guard lock(subscribersMutex_);
    s.subscribers = static_cast<int>(subscribers_.size());
    return s;
}

} // namespace dmxin::net
