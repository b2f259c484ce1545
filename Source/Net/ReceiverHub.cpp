#include "ReceiverHub.h"

#include "Platform/LocalLink.h"
#include "Platform/Process.h"
#include "Platform/ThreadTraits.h"
#include "Platform/WaitSet.h"

#include "Core/Ipv4.h"
#include "Core/SteadyClock.h"

#include <algorithm>
#include <bitset>
#include <cstring>
#include <functional>
#include <tuple>


namespace dmxin::net {

namespace {

constexpr std::uint64_t kTimerPeriodNs = 20'000'000;   // mergers' timeouts and due poll replies

// Remote programming and firmware/file transfer: never acted on, counted apart: no sender may change this node's settings.
bool isRemoteConfigOpcode(std::uint16_t op) noexcept {
    return op == ArtOp::Address || op == ArtOp::IpProg || op == ArtOp::Command || op == ArtOp::FirmwareMaster
        || op == 0xF400 /* OpFileTnMaster */ || op == 0xF500 /* OpFileFnMaster */;
}

// Process-wide registry: one hub per (bind address, Art-Net port, sACN port). Weak pointers so the
// last instance to release a hub closes its sockets and stops its thread.
using HubKey = std::tuple<std::string, std::uint16_t, std::uint16_t, bool>;
std::mutex& registryMutex() {
    static std::mutex m;
    return m;
}
std::map<HubKey, std::weak_ptr<ReceiverHub>>& registry() {
    static std::map<HubKey, std::weak_ptr<ReceiverHub>> r;
    return r;
}
// The process's own output as last set (setProcessOwnOutput), under registryMutex: a hub made
// later starts with it.
OwnOutputFilter& processOwnOutput() {
    static OwnOutputFilter f;
    return f;
}
// The process's Art-Net output universes as last set (setProcessOutputUniverses), likewise.
std::vector<PortAddress>& processOutputUniverses() {
    static std::vector<PortAddress> u;
    return u;
}

} // namespace

std::shared_ptr<ReceiverHub> ReceiverHub::acquire(const std::string& bindAddress, std::uint16_t artnetPort,
                                                  std::uint16_t sacnPort, bool shareAcrossProcesses) {
    // An ephemeral port is private to this process by definition: nothing to share.
    const bool share = shareAcrossProcesses && artnetPort != 0;
    std::lock_guard lock(registryMutex());
    auto& slot = registry()[{bindAddress, artnetPort, sacnPort, share}];
    // A hub whose bind failed is not reused: asking again retries the bind (the editor's "retry").
    // One waiting for its address is: it binds by itself, and two would split unicast between them.
    if (auto existing = slot.lock(); existing != nullptr && (existing->listening() || existing->waitingForAddress()))
        return existing;
    std::shared_ptr<ReceiverHub> hub(new ReceiverHub(bindAddress, artnetPort, sacnPort, true,
                                                     share ? locallink::channelName(bindAddress, artnetPort, sacnPort) : std::string{}));
    hub->setOwnOutput(processOwnOutput());
    hub->setOutputUniverses(processOutputUniverses());
    slot = hub;
    return hub;
}

std::shared_ptr<ReceiverHub> ReceiverHub::createShared(const std::string& bindAddress, std::uint16_t artnetPort,
                                                       std::uint16_t sacnPort, const std::string& channelName) {
    return std::shared_ptr<ReceiverHub>(new ReceiverHub(bindAddress, artnetPort, sacnPort, true, channelName));
}

std::unique_ptr<ReceiverHub> ReceiverHub::createDetached() {
    return std::unique_ptr<ReceiverHub>(new ReceiverHub("0.0.0.0", 0, 0, false));
}

ReceiverHub::ReceiverHub(std::string bindAddress, std::uint16_t artnetPort, std::uint16_t sacnPort, bool withSockets,
                         const std::string& shareChannel)
    : bindAddress_(std::move(bindAddress)), requestedPort_(artnetPort), detached_(!withSockets),
      sacn_(sacnPort, [this](SacnSocketPool::Groups& needed) { return sacnGroupsNeeded(needed); }, [this] { socket_.wake(); }),
      responder_(static_cast<std::uint32_t>(steadyNowNs()) | 1u), longName_("DMX In on " + hostName()),
      perUniverse_(std::make_unique<std::atomic<std::uint32_t>[]>(PortAddress::kMaxFlat + 1)) {
    if (detached_) {
        bind_.error = "detached (no socket)";
        return;
    }
    if (!shareChannel.empty()) {
        LocalShareCallbacks cb;
        cb.openSockets = [this](std::uint16_t artnet, std::uint16_t) {
            const bool ok = openSockets(artnet);
            sacn_.update();   // the sACN groups this process and its followers need
            return ok;
        };
        cb.inject = [this](LocalChannel channel, const Datagram& d) {
            channel == LocalChannel::ArtNet ? artnetDatagram(d) : sacnDatagram(d);
        };
        cb.remoteChanged = [this] {
            jobs_.run([this] { rebuildPollUniverses(); });
            sacn_.update();
        };
        cb.localEntries = [this](std::vector<std::uint32_t>& entries, std::uint32_t& ip) { localEntries(entries, ip); };
        cb.boundPorts = [this] { return std::pair<std::uint16_t, std::uint16_t>(bind_.port.load(), sacn_.boundPort()); };
        share_ = std::make_unique<LocalShare>(shareChannel, std::move(cb));
        if (share_->start() == ShareRole::Follower) {
            // No socket of our own: the leader's receive path feeds ours (LocalShare).
            {
                std::lock_guard lock(bindMutex_);
                bind_.bound(artnetPort);
            }
            running_ = true;
            thread_ = std::thread([this] { run(); });
            return;
        }
    }
    if (!openSockets(artnetPort))
        share_.reset();   // a leader that cannot bind must not hold the name: followers would hear nothing
    // The thread runs even without the Art-Net socket: it serves sACN and watches the addresses.
    running_ = true;
    thread_ = std::thread([this] { run(); });
}

bool ReceiverHub::openSockets(std::uint16_t knownArtnetPort) {
    std::lock_guard lock(bindMutex_);
    const BindResult bound = socket_.open(bindAddress_, requestedPort_ != 0 ? requestedPort_ : knownArtnetPort);
    if (!bound.ok) {
        bind_.failed(bound, bindAddress_);
        return false;
    }
    bind_.bound(socket_.localPort());
    return true;
}

bool ReceiverHub::followsLeader() const noexcept {
    if (share_ == nullptr)
        return false;
    const ShareRole role = share_->role();
    return role == ShareRole::Follower || role == ShareRole::Electing;
}

void ReceiverHub::localEntries(std::vector<std::uint32_t>& entries, std::uint32_t& interfaceIp) const {
    std::lock_guard lock(settingsMutex_);
    for (const auto& [id, settings] : settings_) {
        for (UniverseId u : settings.universes) {
            const bool announce = settings.answerPolls && u.isArtNet();
            entries.push_back(u.key() | (announce ? local::kAnnounceBit : 0u));
            if (u.isArtNet() && settings.sacnOneIsArtnetZero && u.number() + 1 <= UniverseId::kSacnMax)
                entries.push_back(UniverseId::kSacnKeyBase + static_cast<std::uint32_t>(u.number() + 1));
        }
        if (interfaceIp == 0)
            interfaceIp = settings.sacnInterfaceIp;
    }
    std::sort(entries.begin(), entries.end());
    entries.erase(std::unique(entries.begin(), entries.end()), entries.end());
}

ReceiverHub::~ReceiverHub() {
    running_ = false;
    socket_.wake();
    if (thread_.joinable())
        thread_.join();
    share_.reset();   // releases the local leader's name: the followers elect a new one
    socket_.close();
    // sacn_ closes its sockets as it dies, after this body: the receive thread has stopped.
}

void ReceiverHub::run() {
    nameThisThread("dmxin-receive");
    raiseThisThreadPriority();
    // A leader forwards before handling, so its followers' hop overlaps its own merge.
    const std::function<void(const Datagram&)> onArtNet = [this](const Datagram& d) {
        if (share_ != nullptr)
            share_->forward(LocalChannel::ArtNet, d);
        artnetDatagram(d);
    };
    const std::function<void(const Datagram&)> onSacn = [this](const Datagram& d) {
        if (share_ != nullptr)
            share_->forward(LocalChannel::Sacn, d);
        sacnDatagram(d);
    };
    static_assert(2 + kMaxSacnSockets + LocalShare::kMaxWaitHandles <= WaitSet::kCapacity);
    WaitSet waits;
    jobs_.startServing();
    while (running_.load(std::memory_order_relaxed)) {
        jobs_.serve();   // subscription changes and status requests from control threads
        if (share_ != nullptr)
            share_->tick(steadyNowNs());   // subscription updates, elections after a lost leader
        const int sacnCount = sacn_.socketCount();
        waits.clear();
        waits.add(socket_.nativeHandle());   // slot 0; kNoHandle (never ready) while following
        waits.add(socket_.wakeHandle());     // slot 1
        for (int i = 0; i < sacnCount; ++i)  // slots 2..
            waits.add(sacn_.socket(i).nativeHandle());
        const std::size_t shareAt = waits.size();
        if (share_ != nullptr)
            share_->addTo(waits);

        // Short timeout: mergers' timeouts and poll replies due after their random delay.
        if (waits.wait(static_cast<int>(kTimerPeriodNs / 1'000'000)) > 0) {
            if (waits.readable(1))
                socket_.drainWake();
            if (waits.readable(0))
                while (socket_.receiveBatch(onArtNet) == UdpSocket::kBatch) {}
            for (int i = 0; i < sacnCount; ++i)
                if (waits.readable(static_cast<std::size_t>(2 + i)))
                    while (sacn_.socket(i).receiveBatch(onSacn) == UdpSocket::kBatch) {}
            if (share_ != nullptr)
                share_->service(waits, shareAt);
        }
        const std::uint64_t now = steadyNowNs();
        if (now - lastTimersNs_ >= kTimerPeriodNs)
            timers(now);
        if (watch_.due(now)) {
            watchBindAddress();
            sacn_.watchInterfaces();
        }
    }
    jobs_.stopServing();
}

void ReceiverHub::handleDatagram(const Datagram& d) {
    if (jobs_.mustHandOver())
        jobs_.run([&] { artnetDatagram(d); });
    else
        artnetDatagram(d);
}

void ReceiverHub::handleDatagrams(std::span<const Datagram> datagrams) {
    const auto all = [&] {
        for (const Datagram& d : datagrams)
            artnetDatagram(d);
    };
    if (jobs_.mustHandOver())
        jobs_.run(all);
    else
        all();
}

void ReceiverHub::artnetDatagram(const Datagram& d) {
    datagrams_.fetch_add(1, std::memory_order_relaxed);
    // Our own sender's ArtDmx and ArtSync, come back (source port and address; no lock: the
    // filter is the receive thread's copy).
    if (ignoreOwnArtNet(ownOutput_, d.sourceIp, d.sourcePort, d.localIp, ownCounts_))
        return;
    const ArtNetParseResult r = parseArtNet({d.data, d.size});
    switch (r.kind) {
    case ArtNetKind::Rejected:
        rejected_[static_cast<std::size_t>(r.reject)].fetch_add(1, std::memory_order_relaxed);
        if (r.reject == ArtNetReject::IgnoredOpcode && isRemoteConfigOpcode(r.opcode))
            remoteConfig_.fetch_add(1, std::memory_order_relaxed);
        return;
    case ArtNetKind::PollReply:
        // Ours, looped back (same address and port as our socket): ignored, counted apart.
        if ((d.sourceIp == d.localIp || d.sourceIp == lastLocalIp_) && d.sourcePort == bind_.port)
            ownPollReplies_.fetch_add(1, std::memory_order_relaxed);
        else
            pollReplies_.fetch_add(1, std::memory_order_relaxed);
        return;
    case ArtNetKind::Nzs: nzs_.fetch_add(1, std::memory_order_relaxed); return;
    case ArtNetKind::Poll: {
        polls_.fetch_add(1, std::memory_order_relaxed);
        if (d.localIp != 0)
            lastLocalIp_ = d.localIp;
        if (pollerPorts_.size() >= 256)
            pollerPorts_.clear();
        pollerPorts_[d.sourceIp] = d.sourcePort;
        if (answerPolls_) {
            const PollDecision decision = responder_.onPoll(r.poll, d.sourceIp, d.arrivalNs, pollTargets_, d.localIp);
            if (decision == PollDecision::RateLimited)
                pollsRateLimited_.fetch_add(1, std::memory_order_relaxed);
        }
        return;
    }
    case ArtNetKind::Sync: {
        syncs_.fetch_add(1, std::memory_order_relaxed);
        delivery_.nowNs = d.arrivalNs;
        delivery_.sourceIp = d.sourceIp;
        for (auto& s : subscribers_) {
            if (!s->settings.allowlist.allows(d.sourceIp))
                continue;
            SubscriberSink sink(delivery_, *s, DmxProtocol::ArtNet);
            const ArtSyncOutcome o = s->artnet.onSync(d.sourceIp, d.arrivalNs, sink);
            if (o == ArtSyncOutcome::IgnoredOtherSource || o == ArtSyncOutcome::IgnoredWhileMerging)
                ++s->counters.syncIgnored;
            else if (o == ArtSyncOutcome::Applied)
                ++s->counters.syncApplied;
        }
        return;
    }
    case ArtNetKind::Dmx: break;
    }

    dmxFrames_.fetch_add(1, std::memory_order_relaxed);
    perUniverse_[r.dmx.address.flat()].fetch_add(1, std::memory_order_relaxed);
    SourceInfo seen;
    seen.protocol = DmxProtocol::ArtNet;
    seen.ip = d.sourceIp;
    seen.physical = r.dmx.physical;
    seen.lastSeenNs = d.arrivalNs;
    seen.lastUniverse = UniverseId::artnet(r.dmx.address);
    sources_.note(seen);

    const std::uint32_t key = r.dmx.address.flat();
    bool wanted = false;
    delivery_.nowNs = d.arrivalNs;
    delivery_.sourceIp = d.sourceIp;
    for (auto& s : subscribers_) {
        if (!s->wanted->test(key))
            continue;
        wanted = true;
        if (!s->settings.allowlist.allows(d.sourceIp)) {
            ++s->counters.notAllowed;
            continue;
        }
        s->noteSource(key, seen, -1);
        SubscriberSink sink(delivery_, *s, DmxProtocol::ArtNet);
        switch (s->artnet.onDmx(r.dmx.address, d.sourceIp, r.dmx.physical, r.dmx.sequence, r.dmx.data, r.dmx.length,
                                d.arrivalNs, sink)) {
        case ArtDmxOutcome::DroppedSequence: ++s->counters.sequenceDropped; break;
        case ArtDmxOutcome::DroppedThirdSource: ++s->counters.thirdSource; break;
        case ArtDmxOutcome::DroppedUniverseLimit: ++s->counters.universeLimit; break;
        default: break;
        }
    }
    if (!wanted)
        unsubscribed_.fetch_add(1, std::memory_order_relaxed);
}

void ReceiverHub::handleSacnDatagram(const Datagram& d) {
    if (jobs_.mustHandOver())
        jobs_.run([&] { sacnDatagram(d); });
    else
        sacnDatagram(d);
}

void ReceiverHub::sacnDatagram(const Datagram& d) {
    datagrams_.fetch_add(1, std::memory_order_relaxed);
    const SacnParseResult r = parseSacn({d.data, d.size});
    switch (r.kind) {
    case SacnKind::Rejected:
        sacnRejected_[static_cast<std::size_t>(r.reject)].fetch_add(1, std::memory_order_relaxed);
        return;
    case SacnKind::Sync: sacnSyncs_.fetch_add(1, std::memory_order_relaxed); return;   // sync not supported: data applies at once
    case SacnKind::Discovery: sacnDiscovery_.fetch_add(1, std::memory_order_relaxed); return;
    case SacnKind::Data: break;
    }
    // Our own streams, come back by multicast loop or a unicast to ourselves: by CID.
    if (ignoreOwnSacn(ownOutput_, r.data.cid, ownCounts_))
        return;
    sacnPackets_.fetch_add(1, std::memory_order_relaxed);
    SourceInfo seen;
    seen.protocol = DmxProtocol::Sacn;
    seen.ip = d.sourceIp;
    seen.cid = r.data.cid;
    const std::size_t nameLength = std::min(r.data.sourceName.size(), seen.name.size() - 1);
    std::memcpy(seen.name.data(), r.data.sourceName.data(), nameLength);
    seen.lastSeenNs = d.arrivalNs;
    seen.lastUniverse = *UniverseId::sacn(r.data.universe);
    sources_.note(seen);

    bool wanted = false;
    delivery_.nowNs = d.arrivalNs;
    delivery_.sourceIp = d.sourceIp;
    for (auto& s : subscribers_) {
        if (!s->sacnWanted->test(r.data.universe))
            continue;
        wanted = true;
        if (!s->settings.allowlist.allows(d.sourceIp)) {
            ++s->counters.notAllowed;
            continue;
        }
        s->noteSource(seen.lastUniverse.key(), seen, r.data.priority);
        if (s->settings.sacnOneIsArtnetZero && r.data.universe >= 1 && r.data.universe <= PortAddress::kMaxFlat + 1)
            s->noteSource(static_cast<std::uint32_t>(r.data.universe - 1), seen, r.data.priority);
        SubscriberSink sink(delivery_, *s, DmxProtocol::Sacn);
        switch (s->sacn.onData(r.data, d.arrivalNs, sink)) {
        case SacnOutcome::DroppedSequence: ++s->counters.sequenceDropped; break;
        case SacnOutcome::DroppedPreview: ++s->counters.previewDropped; break;
        case SacnOutcome::DroppedStartCode: ++s->counters.startCodeDropped; break;
        case SacnOutcome::DroppedSourceLimit: ++s->counters.sourceLimit; break;
        case SacnOutcome::DroppedUniverseLimit: ++s->counters.universeLimit; break;
        default: break;
        }
    }
    if (!wanted)
        unsubscribed_.fetch_add(1, std::memory_order_relaxed);
}

void ReceiverHub::runTimers(std::uint64_t nowNs) {
    if (jobs_.mustHandOver())
        jobs_.run([&] { timers(nowNs); });
    else
        timers(nowNs);
}

void ReceiverHub::timers(std::uint64_t nowNs) {
    lastTimersNs_ = nowNs;
    delivery_.nowNs = nowNs;
    delivery_.sourceIp = 0;
    for (auto& s : subscribers_) {
        SubscriberSink artSink(delivery_, *s, DmxProtocol::ArtNet);
        s->artnet.tick(nowNs, artSink);
        SubscriberSink sacnSink(delivery_, *s, DmxProtocol::Sacn);
        s->sacn.tick(nowNs, sacnSink);
    }
    sendDueReplies(nowNs);
}

void ReceiverHub::sendDueReplies(std::uint64_t nowNs) {
    // The ports in the replies: every Art-Net universe an answering instance maps, with the merge
    // state its merger reports (any instance merging sets the flag).
    replyPorts_.clear();
    for (PortAddress pa : pollUniverses_) {
        PollReplyPort port;
        port.address = pa;
        for (auto& s : subscribers_) {
            if (!s->settings.answerPolls || !s->wanted->test(pa.flat()))
                continue;
            port.merging = port.merging || s->artnet.isMerging(pa);
            port.ltp = port.ltp || s->artnet.mergeMode(pa) == MergeMode::Ltp;
            port.dataReceived = port.dataReceived || s->artnet.isLive(pa);
        }
        replyPorts_.push_back(port);
    }
    // BindIndex is one byte: at most 255 ports in all (rebuildPollUniverses keeps room).
    for (PortAddress pa : outputUniverses_) {
        if (replyPorts_.size() >= 255)
            break;
        PollReplyPort port;
        port.address = pa;
        port.input = true;
        port.dataReceived = true;   // GoodInput bit 7: the sender is sending this universe
        replyPorts_.push_back(port);
    }
    ReplyContext ctx;
    ctx.ip = lastLocalIp_;
    ctx.shortName = "DMX In";
    ctx.longName = longName_;
    ctx.reportText = reportText_;
    ctx.ports = replyPorts_;
    responder_.sendDue(nowNs, ctx, [this](std::uint32_t ip, std::uint16_t, std::span<const std::uint8_t> packet) {
        // Art-Net 4: unicast to the poller on the Art-Net port. A hub on an ephemeral port (tests)
        // has no standard port to answer to, so it answers to the poll's source port.
        std::uint16_t port = requestedPort_;
        if (port == 0) {
            const auto it = pollerPorts_.find(ip);
            port = it != pollerPorts_.end() ? it->second : kArtNetPort;
        }
        const bool sent = socket_.sendTo(packet.data(), packet.size(), ip, port);
        if (sent)
            repliesSent_.fetch_add(1, std::memory_order_relaxed);
        return sent;
    });
}

Subscriber* ReceiverHub::findSubscriber(int id) noexcept {
    for (auto& s : subscribers_)
        if (s->id == id)
            return s.get();
    return nullptr;
}

int ReceiverHub::subscribe(FrameQueue& queue) {
    const int id = nextId_.fetch_add(1);
    auto s = std::make_unique<Subscriber>();   // built here: the receive thread only adopts it
    s->id = id;
    s->queue = &queue;
    jobs_.run([&] {
        {
            std::lock_guard lock(settingsMutex_);
            settings_.emplace_back(id, s->settings);
        }
        subscribers_.push_back(std::move(s));
        rebuildPollUniverses();
    });
    return id;
}

void ReceiverHub::configure(int subscriptionId, const SubscriptionSettings& settings) {
    // Everything a subscriber needs is built before the hand-over, so the receive thread spends
    // only the swap on it.
    auto wanted = std::make_unique<std::bitset<UniverseId::kKeyCount>>();
    auto sacnWanted = std::make_unique<std::bitset<UniverseId::kSacnMax + 1>>();
    std::vector<UniverseStatus> states;
    for (UniverseId u : settings.universes) {
        wanted->set(u.key());
        if (u.isSacn())
            sacnWanted->set(u.number());
        else if (settings.sacnOneIsArtnetZero && u.number() + 1 <= UniverseId::kSacnMax)
            sacnWanted->set(static_cast<std::size_t>(u.number() + 1));
        UniverseStatus st;
        st.universe = u;
        states.push_back(st);
    }
    SubscriptionSettings copy = settings;
    jobs_.run([&] {
        Subscriber* s = findSubscriber(subscriptionId);
        if (s == nullptr)
            return;
        {
            std::lock_guard lock(settingsMutex_);
            for (auto& [id, kept] : settings_)
                if (id == subscriptionId)
                    kept = settings;
        }
        for (PortAddress old : s->settings.ltpUniverses)
            s->artnet.setMergeMode(old, MergeMode::Htp);
        for (PortAddress pa : settings.ltpUniverses)
            s->artnet.setMergeMode(pa, MergeMode::Ltp);
        s->artnet.setLossTimeoutNs(settings.artnetLossNs);
        // Keep what is known about universes that stay subscribed.
        for (auto& st : states)
            for (const auto& prev : s->universes)
                if (prev.universe == st.universe)
                    st = prev;
        // Swapped, not moved: the old tables are freed here, after the job, not on the receive thread.
        s->universes.swap(states);
        std::swap(s->settings, copy);
        s->wanted.swap(wanted);
        s->sacnWanted.swap(sacnWanted);
        rebuildPollUniverses();
    });
    sacn_.update();
}

void ReceiverHub::setUniverses(int subscriptionId, const std::vector<UniverseId>& universes) {
    SubscriptionSettings settings;
    {
        std::lock_guard lock(settingsMutex_);
        for (const auto& [id, kept] : settings_)
            if (id == subscriptionId)
                settings = kept;
    }
    settings.universes = universes;
    configure(subscriptionId, settings);
}

void ReceiverHub::unsubscribe(int subscriptionId) {
    std::unique_ptr<Subscriber> gone;   // freed here, after the job, not on the receive thread
    jobs_.run([&] {
        {
            std::lock_guard lock(settingsMutex_);
            std::erase_if(settings_, [&](const auto& entry) { return entry.first == subscriptionId; });
        }
        for (auto it = subscribers_.begin(); it != subscribers_.end(); ++it) {
            if ((*it)->id == subscriptionId) {
                gone = std::move(*it);
                subscribers_.erase(it);
                break;
            }
        }
        rebuildPollUniverses();
    });
    sacn_.update();
}

void ReceiverHub::setOwnOutput(const OwnOutputFilter& filter) {
    jobs_.run([&] { ownOutput_ = filter; });   // a fixed-size copy: no allocation on the receive thread
}

void ReceiverHub::setProcessOwnOutput(const OwnOutputFilter& filter) {
    // Declared before the lock, so a hub whose last holder let go meanwhile dies after the unlock.
    std::vector<std::shared_ptr<ReceiverHub>> hubs;
    // Under the registry lock throughout (jobs_ may be taken inside it): a hub acquire() makes
    // concurrently either exists here and gets the new filter, or is made after and starts with it.
    std::lock_guard lock(registryMutex());
    processOwnOutput() = filter;
    for (const auto& [key, weak] : registry())
        if (auto hub = weak.lock())
            hubs.push_back(std::move(hub));
    for (const auto& hub : hubs)
        hub->setOwnOutput(filter);
}

void ReceiverHub::rebuildPollUniverses() {
    std::vector<PortAddress> all;
    answerPolls_ = false;
    for (const auto& s : subscribers_) {
        if (!s->settings.answerPolls)
            continue;
        answerPolls_ = true;
        for (UniverseId u : s->settings.universes)
            if (u.isArtNet())
                all.push_back(u.portAddress());
    }
    // A leader announces its followers' universes too: a console that finds this machine sends
    // unicast here, and the leader passes it on.
    if (share_ != nullptr) {
        for (const RemoteUniverse& r : share_->remoteUniverses())
            if (r.announce && r.key < UniverseId::kSacnKeyBase) {
                answerPolls_ = true;
                all.push_back(*PortAddress::fromFlat(static_cast<int>(r.key)));
            }
        share_->subscriptionChanged();   // a follower tells its leader at the next receive-loop pass
        socket_.wake();
    }
    std::sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    // BindIndex is one byte: at most 255 ports can be announced.
    if (all.size() > 255)
        all.resize(255);
    reportText_ = "OK, " + std::to_string(all.size()) + (all.size() == 1 ? " universe, " : " universes, ")
                + std::to_string(subscribers_.size()) + (subscribers_.size() == 1 ? " instance" : " instances");
    if (!outputUniverses_.empty())
        reportText_ += ", sending " + std::to_string(outputUniverses_.size());
    pollUniverses_ = std::move(all);
    pollTargets_ = pollUniverses_;
    pollTargets_.insert(pollTargets_.end(), outputUniverses_.begin(), outputUniverses_.end());
    std::sort(pollTargets_.begin(), pollTargets_.end());
    pollTargets_.erase(std::unique(pollTargets_.begin(), pollTargets_.end()), pollTargets_.end());
}

void ReceiverHub::setOutputUniverses(std::vector<PortAddress> universes) {
    std::sort(universes.begin(), universes.end());
    universes.erase(std::unique(universes.begin(), universes.end()), universes.end());
    jobs_.run([&] {
        outputUniverses_ = std::move(universes);
        rebuildPollUniverses();
    });
}

void ReceiverHub::setProcessOutputUniverses(const std::vector<PortAddress>& universes) {
    std::vector<std::shared_ptr<ReceiverHub>> hubs;   // before the lock: see setProcessOwnOutput
    std::lock_guard lock(registryMutex());
    processOutputUniverses() = universes;
    for (const auto& [key, weak] : registry())
        if (auto hub = weak.lock())
            hubs.push_back(std::move(hub));
    for (const auto& hub : hubs)
        hub->setOutputUniverses(universes);
}

// The Art-Net half of the interface watch (the sACN half is SacnSocketPool's). Receive thread
// only: it owns socket_, so it may close and re-open it; status() reads under bindMutex_.
void ReceiverHub::watchBindAddress() {
    const std::uint32_t ip = parseIpv4(bindAddress_).value_or(0);   // 0: every interface, nothing to watch
    // A follower of another process's leader has no socket of its own to watch (LocalShare).
    if (followsLeader() || ip == 0 || !(bind_.listening || bind_.waitingForAddress))
        return;
    const bool present = isAddressUp(ip);
    if (bind_.listening && !present) {
        // The socket would stay bound to a dead address and hear nothing: close it and say why.
        std::lock_guard lock(bindMutex_);
        socket_.close();
        bind_.addressGone(ip);
    } else if (!bind_.listening && present) {
        // Back (or there for the first time): bind again, on the same port when it was ephemeral.
        openSockets(bind_.port.load());
    }
}

bool ReceiverHub::sacnGroupsNeeded(SacnSocketPool::Groups& needed) const {
    {
        std::lock_guard lock(settingsMutex_);
        for (const auto& [subscriptionId, settings] : settings_) {
            // The subscriber's own list (at most 64 universes), not its 64k-bit sACN mask.
            for (UniverseId id : settings.universes) {
                int u = id.number();
                if (id.isArtNet()) {
                    if (!settings.sacnOneIsArtnetZero || u + 1 > UniverseId::kSacnMax)
                        continue;
                    u += 1;   // Art-Net N is fed by sACN N+1
                }
                needed.insert({sacnMulticastGroup(static_cast<std::uint16_t>(u)), settings.sacnInterfaceIp});
            }
        }
    }
    if (share_ != nullptr) {
        for (const RemoteUniverse& r : share_->remoteUniverses())
            if (r.key >= UniverseId::kSacnKeyBase)
                needed.insert({sacnMulticastGroup(static_cast<std::uint16_t>(r.key - UniverseId::kSacnKeyBase)), r.interfaceIp});
    }
    // A follower opens no socket: its leader joins the groups for it.
    return !detached_ && !followsLeader();
}

std::uint64_t ReceiverHub::packetsForUniverse(PortAddress address) const noexcept {
    return perUniverse_[address.flat()].load(std::memory_order_relaxed);
}

HubStatus ReceiverHub::status(int subscriptionId, StatusDetail detail) const {
    HubStatus s;
    s.datagrams = datagrams_.load();
    s.dmxFrames = dmxFrames_.load();
    s.delivered = delivery_.delivered.load();
    s.polls = polls_.load();
    s.pollReplies = pollReplies_.load();
    s.ownPollReplies = ownPollReplies_.load();
    s.repliesSent = repliesSent_.load();
    s.pollsRateLimited = pollsRateLimited_.load();
    s.syncs = syncs_.load();
    s.nzs = nzs_.load();
    s.remoteConfigIgnored = remoteConfig_.load();
    s.queueFull = delivery_.queueFull.load();
    s.unsubscribed = unsubscribed_.load();
    s.sourcesDropped = sources_.dropped();
    for (std::size_t i = 0; i < rejected_.size(); ++i)
        s.rejected[i] = rejected_[i].load();
    for (std::size_t i = 0; i < sacnRejected_.size(); ++i)
        s.sacnRejected[i] = sacnRejected_[i].load();
    s.sacnPackets = sacnPackets_.load();
    s.sacnSyncs = sacnSyncs_.load();
    s.sacnDiscovery = sacnDiscovery_.load();
    const bool full = detail == StatusDetail::Full;
    if (full) {
        s.listening = bind_.listening;
        s.bindAddress = bindAddress_;
        s.requestedPort = requestedPort_;
        s.boundPort = bind_.port;
        s.waitingForAddress = bind_.waitingForAddress;
        {
            std::lock_guard lock(bindMutex_);
            s.error = bind_.error;
            s.errorCode = bind_.errorCode;
            s.errorKind = bind_.errorKind;
            s.receiveBufferBytes = socket_.receiveBufferBytes();
        }
        if (share_ != nullptr)
            s.sharing = share_->status();
        s.sacnPort = sacn_.boundPort();
        s.sacnListening = sacn_.socketCount() > 0;
        s.sacnError = sacn_.error();
        s.sources = sources_.snapshot();
    }
    jobs_.run([&] {
        s.subscribers = static_cast<int>(subscribers_.size());
        s.ownOutput = ownCounts_.artnet + ownCounts_.sacn;
        for (const auto& sub : subscribers_) {
            if (sub->id != subscriptionId)
                continue;
            if (full)
                s.universes = sub->universes;
            s.counters = sub->counters;
        }
    });
    s.receiveThreadLocks = jobs_.passes();
    if (full)
        s.sacnMemberships = sacn_.memberships();
    return s;
}

} // namespace dmxin::net
