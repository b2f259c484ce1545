// DmxMonitor (see DmxMonitor.h). Message thread only.

#include "DmxMonitor.h"

#include "NetworkConnection.h"

#include <algorithm>
#include <cstring>

namespace dmxin {

namespace {
constexpr std::uint64_t kScanEveryNs = 1'000'000'000ull;
constexpr std::uint64_t kForgetAfterNs = 10'000'000'000ull;   // a universe or source silent this long is dropped

bool sameSockets(const NetworkSettings& a, const NetworkSettings& b) {
    return a.bindAddress == b.bindAddress && a.artnetPort == b.artnetPort && a.sacnPort == b.sacnPort
        && a.shareAcrossProcesses == b.shareAcrossProcesses;
}

std::string identity(const net::SourceInfo& s) {
    std::string id = s.protocol == DmxProtocol::Sacn ? "s" : "a";
    if (s.protocol == DmxProtocol::Sacn)
        id.append(reinterpret_cast<const char*>(s.cid.data()), s.cid.size());
    else
        id += std::to_string(s.ip) + "/" + std::to_string(s.physical);
    return id;
}
} // namespace

DmxMonitor::DmxMonitor() = default;

DmxMonitor::~DmxMonitor() {
    if (hub_ != nullptr)
        hub_->unsubscribe(subscription_);   // the receive thread never touches queue_ again
}

void DmxMonitor::connect(const NetworkSettings& settings) {
    if (hub_ != nullptr && sameSockets(settings, settings_)) {
        if (!(settings == settings_)) {
            settings_ = settings;
            applySubscription();
        }
        return;
    }
    if (hub_ != nullptr)
        hub_->unsubscribe(subscription_);
    settings_ = settings;
    hub_ = net::ReceiverHub::acquire(settings.bindAddress, static_cast<std::uint16_t>(settings.artnetPort),
                                     static_cast<std::uint16_t>(settings.sacnPort), settings.shareAcrossProcesses);
    subscription_ = hub_->subscribe(queue_);
    artnetCounts_.clear();
    sourcePackets_.clear();
    applySubscription();
}

bool DmxMonitor::listening() const noexcept {
    return hub_ != nullptr && hub_->listening();
}

void DmxMonitor::applySubscription() {
    if (hub_ == nullptr)
        return;
    auto sub = NetworkConnection::subscriptionFor(settings_, watched_);
    sub.answerPolls = false;   // the monitor is not a node of its own
    hub_->configure(subscription_, sub);
}

void DmxMonitor::watch(std::vector<UniverseId> universes) {
    std::sort(universes.begin(), universes.end());
    universes.erase(std::unique(universes.begin(), universes.end()), universes.end());
    if (universes.size() > kMaxWatched)
        universes.resize(kMaxWatched);
    if (universes == watched_)
        return;
    watched_ = std::move(universes);
    for (auto it = images_.begin(); it != images_.end();) {
        const bool keep = std::any_of(watched_.begin(), watched_.end(), [&](UniverseId u) { return u.key() == it->first; });
        it = keep ? std::next(it) : images_.erase(it);
    }
    for (const auto u : watched_)
        if (images_.count(u.key()) == 0) {
            auto image = std::make_unique<Image>();
            image->universe = u;
            images_.emplace(u.key(), std::move(image));
        }
    applySubscription();
}

const DmxMonitor::Image* DmxMonitor::image(UniverseId universe) const noexcept {
    const auto it = images_.find(universe.key());
    return it == images_.end() ? nullptr : it->second.get();
}

bool DmxMonitor::poll(std::uint64_t nowNs) {
    bool changed = false;
    DmxFrame frame;
    for (std::size_t n = 0; n < kQueueCapacity && queue_.try_pop(frame); ++n) {
        const auto it = images_.find(frame.universeKey);
        if (it == images_.end())
            continue;   // a universe we stopped watching
        auto& image = *it->second;
        image.lost = frame.lost;
        if (!frame.lost) {
            const std::size_t length = std::min<std::size_t>(frame.length, kDmxSlots);
            if (std::memcmp(image.slots.data(), frame.slots.data(), length) != 0) {
                std::memcpy(image.slots.data(), frame.slots.data(), length);
                changed = true;
            }
            changed = changed || !image.received;
            image.received = true;
            image.frames++;
            image.lastFrameNs = frame.arrivalNs;
            image.sourceIp = frame.sourceIp;
        } else {
            changed = true;
        }
    }
    if (hub_ != nullptr && (lastScanNs_ == 0 || nowNs - lastScanNs_ >= kScanEveryNs))
        scanHeard(nowNs);
    return changed;
}

void DmxMonitor::scanHeard(std::uint64_t nowNs) {
    const double seconds = lastScanNs_ == 0 ? 0.0 : static_cast<double>(nowNs - lastScanNs_) / 1e9;
    lastScanNs_ = nowNs;

    // Art-Net: the hub counts ArtDmx per Port-Address whether anyone maps it or not.
    const bool firstScan = artnetCounts_.empty();
    artnetCounts_.resize(PortAddress::kMaxFlat + 1, 0);
    std::map<std::uint32_t, Heard> next;
    for (const auto& h : heard_)
        if (nowNs < h.lastSeenNs + kForgetAfterNs) {
            next[h.universe.key()] = h;
            next[h.universe.key()].packetsPerSecond = 0.0;
        }
    for (int flat = 0; flat <= PortAddress::kMaxFlat; ++flat) {
        const auto count = static_cast<std::uint32_t>(hub_->packetsForUniverse(*PortAddress::fromFlat(flat)));
        auto& previous = artnetCounts_[static_cast<std::size_t>(flat)];
        if (count != previous && !firstScan && next.size() < kMaxHeard) {
            auto& h = next[static_cast<std::uint32_t>(flat)];
            h.universe = UniverseId::artnet(*PortAddress::fromFlat(flat));
            h.packetsPerSecond = seconds > 0.0 ? (count - previous) / seconds : 0.0;
            h.lastSeenNs = nowNs;
        }
        previous = count;
    }

    // Sources: each one is listed under the universe it sent last (kept while it keeps sending).
    const auto status = hub_->status();
    std::map<std::string, std::uint64_t> packets;
    for (const auto& s : status.sources) {
        const auto id = identity(s);
        packets[id] = s.packets;
        if (nowNs >= s.lastSeenNs + kForgetAfterNs || (next.size() >= kMaxHeard && next.count(s.lastUniverse.key()) == 0))
            continue;
        auto& h = next[s.lastUniverse.key()];
        h.universe = s.lastUniverse;
        HeardSource src;
        src.protocol = s.protocol;
        src.ip = s.ip;
        src.name = s.name.data();
        src.lastSeenNs = s.lastSeenNs;
        if (const auto it = sourcePackets_.find(id); it != sourcePackets_.end() && seconds > 0.0)
            src.packetsPerSecond = static_cast<double>(s.packets - it->second) / seconds;
        auto same = std::find_if(h.sources.begin(), h.sources.end(),
                                 [&](const HeardSource& o) { return o.protocol == src.protocol && o.ip == src.ip && o.name == src.name; });
        if (same != h.sources.end())
            *same = src;
        else
            h.sources.push_back(src);
        if (s.protocol == DmxProtocol::Sacn) {
            h.lastSeenNs = std::max(h.lastSeenNs, s.lastSeenNs);
            h.packetsPerSecond = std::max(h.packetsPerSecond, src.packetsPerSecond);
        }
    }
    sourcePackets_ = std::move(packets);

    heard_.clear();
    for (auto& [key, h] : next) {
        h.sources.erase(std::remove_if(h.sources.begin(), h.sources.end(),
                                       [&](const HeardSource& s) { return nowNs >= s.lastSeenNs + kForgetAfterNs; }),
                        h.sources.end());
        heard_.push_back(std::move(h));
    }
    ++heardGeneration_;
}

} // namespace dmxin
