#include "NetworkConnection.h"

#include "Core/Ipv4.h"

namespace dmxin {

namespace {
bool sameSockets(const NetworkSettings& a, const NetworkSettings& b) {
    return a.bindAddress == b.bindAddress && a.artnetPort == b.artnetPort && a.sacnPort == b.sacnPort
        && a.shareAcrossProcesses == b.shareAcrossProcesses;
}
} // namespace

net::SubscriptionSettings NetworkConnection::subscriptionFor(const NetworkSettings& settings,
                                                             const std::vector<UniverseId>& universes) {
    net::SubscriptionSettings sub;
    sub.universes = universes;
    for (const auto& text : settings.ltpUniverses)
        if (const auto pa = PortAddress::parse(text))
            sub.ltpUniverses.push_back(*pa);
    if (auto allow = SourceAllowlist::parse(settings.allowlist); allow.list)
        sub.allowlist = std::move(*allow.list);
    sub.artnetLossNs = static_cast<std::uint64_t>(settings.artnetLossMs) * std::uint64_t{1'000'000};
    sub.sacnOneIsArtnetZero = settings.sacnOneIsArtnetZero;
    if (const auto ip = parseIpv4(settings.sacnInterface))
        sub.sacnInterfaceIp = *ip;
    sub.answerPolls = settings.answerPolls;
    return sub;
}

bool NetworkConnection::connect(const NetworkSettings& settings) {
    if (suspended_) {
        settings_ = settings;
        return false;
    }
    if (hub_ != nullptr && sameSockets(settings, settings_) && hub_->listening()) {
        settings_ = settings;
        applySubscription();
        return true;
    }
    disconnect();
    settings_ = settings;
    hub_ = net::ReceiverHub::acquire(settings.bindAddress, static_cast<std::uint16_t>(settings.artnetPort),
                                     static_cast<std::uint16_t>(settings.sacnPort), settings.shareAcrossProcesses);
    subscription_ = hub_->subscribe(queue_);
    if (tapQueue_ != nullptr)
        tap_ = hub_->subscribe(*tapQueue_);
    applySubscription();
    return hub_->listening();
}

void NetworkConnection::disconnect() {
    if (hub_ != nullptr) {
        hub_->unsubscribe(subscription_);
        if (tap_ != 0)
            hub_->unsubscribe(tap_);
    }
    hub_.reset();
    subscription_ = 0;
    tap_ = 0;
}

void NetworkConnection::setTap(net::FrameQueue* queue) {
    if (hub_ != nullptr && tap_ != 0)
        hub_->unsubscribe(tap_);
    tap_ = 0;
    tapQueue_ = queue;
    if (hub_ != nullptr && tapQueue_ != nullptr) {
        tap_ = hub_->subscribe(*tapQueue_);
        applySubscription();
    }
}

void NetworkConnection::suspend() {
    disconnect();
    suspended_ = true;
}

bool NetworkConnection::resume() {
    if (!suspended_)
        return hub_ != nullptr && hub_->listening();
    suspended_ = false;
    return connect(settings_);
}

void NetworkConnection::setUniverses(const std::vector<UniverseId>& universes) {
    universes_ = universes;
    applySubscription();
}

void NetworkConnection::applySubscription() {
    if (hub_ == nullptr)
        return;
    const auto sub = subscriptionFor(settings_, universes_);
    hub_->configure(subscription_, sub);
    if (tap_ != 0)
        hub_->configure(tap_, sub);
}

net::HubStatus NetworkConnection::status() const {
    if (hub_ == nullptr) {
        net::HubStatus s;
        s.bindAddress = settings_.bindAddress;
        s.requestedPort = static_cast<std::uint16_t>(settings_.artnetPort);
        s.error = suspended_ ? "replaying a recording (network paused)" : "not connected";
        return s;
    }
    return hub_->status(subscription_);
}

} // namespace dmxin
