#include "OutputConnection.h"

#include "Core/SacnCid.h"
#include "Net/OwnOutputRelay.h"

#include <algorithm>
#include <map>
#include <mutex>

namespace dmxin {

namespace {

std::atomic<net::OutputSender::OutputId> nextOutputId{1};

// The CIDs the live instances of this process keep, so two instances never send as one sACN
// source (a host that duplicates a track copies the state, CID included).
std::mutex& cidMutex() {
    static std::mutex m;
    return m;
}
std::map<net::OutputSender::OutputId, SacnCid>& cidsInUse() {
    static std::map<net::OutputSender::OutputId, SacnCid> m;
    return m;
}

bool sendsSomething(const OutputSettings& s) noexcept {
    return s.enabled && std::any_of(s.universes.begin(), s.universes.end(), [](const OutputUniverse& u) { return u.enabled; });
}

} // namespace

OutputConnection::OutputConnection(const ParameterBank& bank)
    : bank_(bank), id_(nextOutputId.fetch_add(1)), values_(std::make_shared<OutputSlotValues>()) {}

OutputConnection::~OutputConnection() {
    close();
    std::lock_guard lock(cidMutex());
    cidsInUse().erase(id_);
}

void OutputConnection::apply(const OutputSettings& settings) {
    settings_ = settings;
    {
        std::lock_guard lock(cidMutex());
        auto& inUse = cidsInUse();
        const auto takenByOther = [&](const SacnCid& cid) {
            return std::any_of(inUse.begin(), inUse.end(), [&](const auto& e) { return e.first != id_ && e.second == cid; });
        };
        if ((isNilCid(settings_.cid) && sendsSomething(settings_)) || (!isNilCid(settings_.cid) && takenByOther(settings_.cid))) {
            do
                settings_.cid = randomCid();
            while (takenByOther(settings_.cid));
        }
        if (isNilCid(settings_.cid))
            inUse.erase(id_);
        else
            inUse[id_] = settings_.cid;
    }
    update();
}

void OutputConnection::setSendingAllowed(bool allowed) {
    if (allowed == allowed_)
        return;
    allowed_ = allowed;
    update();
}

void OutputConnection::update() {
    if (!allowed_ || !sendsSomething(settings_)) {
        close();
        return;
    }
    if (sender_ == nullptr)
        sender_ = net::OutputSender::acquire();
    // The receivers learn the sender's socket and this CID before the first packet can come back.
    net::announceOwnOutput(id_, settings_);
    // The sender's first frame carries the parameters' values, not zeros.
    copySlots();
    sender_->setOutput(id_, settings_, values_);
    sending_.store(true, std::memory_order_relaxed);
}

void OutputConnection::close() {
    if (sender_ == nullptr)
        return;   // nothing was sent: nothing to stop or to tell the receivers
    sending_.store(false, std::memory_order_relaxed);
    sender_->removeOutput(id_);
    sender_.reset();   // the last holder joins the sender thread here, after the terminations
    net::forgetOwnOutput(id_);
}

OutputStatus OutputConnection::status() const {
    OutputStatus s;
    s.allowed = allowed_;
    s.sending = sender_ != nullptr;
    s.universes = settings_.enabled ? static_cast<std::size_t>(std::count_if(settings_.universes.begin(), settings_.universes.end(),
                                                                             [](const OutputUniverse& u) { return u.enabled; }))
                                    : 0;
    if (sender_ != nullptr) {
        const auto stats = sender_->stats();
        s.packetsSent = stats.packetsSent;
        s.sendErrors = stats.sendErrors;
        s.own = sender_->counts(id_);
        if (!sender_->isOpen())
            s.error = sender_->openError();
    }
    return s;
}

void OutputConnection::copySlots() noexcept {
    for (int i = 0; i < kNumParameterSlots; ++i)
        values_->publish(i + 1, bank_.slot(i).get());
}

void OutputConnection::publish() noexcept {
    // Relaxed: the flag only saves the copy while nothing is sent; a block that misses the switch
    // is followed by the next one, and the control side copies once when output starts.
    if (sending_.load(std::memory_order_relaxed))
        copySlots();
}

} // namespace dmxin
