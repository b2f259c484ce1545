#include "NetworkConnection.h"

namespace dmxin {

bool NetworkConnection::connect(const NetworkSettings& settings) {
    if (hub_ != nullptr && settings == settings_ && hub_->listening())
        return true;
    disconnect();
    settings_ = settings;
    hub_ = net::ReceiverHub::acquire(settings.bindAddress, static_cast<std::uint16_t>(settings.artnetPort));
    subscription_ = hub_->subscribe(queue_);
    hub_->setUniverses(subscription_, universes_);
    return hub_->listening();
}

void NetworkConnection::disconnect() {
    if (hub_ != nullptr)
        hub_->unsubscribe(subscription_);
    hub_.reset();
    subscription_ = 0;
}

void NetworkConnection::setUniverses(const std::vector<PortAddress>& universes) {
    universes_ = universes;
    if (hub_ != nullptr)
        hub_->setUniverses(subscription_, universes_);
}

net::HubStatus NetworkConnection::status() const {
    if (hub_ == nullptr) {
        net::HubStatus s;
        s.bindAddress = settings_.bindAddress;
        s.requestedPort = static_cast<std::uint16_t>(settings_.artnetPort);
        s.error = "not connected";
        return s;
    }
    return hub_->status();
}

} // namespace dmxin
