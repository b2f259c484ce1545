#include "OwnOutputRelay.h"

#include "OutputSender.h"
#include "ReceiverHub.h"

#include <map>
#include <mutex>

namespace dmxin::net {

namespace {

std::mutex& relayMutex() {
    static std::mutex m;
    return m;
}

std::map<std::uint64_t, SacnCid>& announced() {
    static std::map<std::uint64_t, SacnCid> m;
    return m;
}

// With relayMutex held. Lock order: relayMutex, then the sender's mutex (released before), then
// the hub registry's.
void publish() {
    OwnOutputFilter filter;
    if (const auto sender = OutputSender::existing())
        filter = sender->ownFilter();
    for (const auto& [id, cid] : announced())
        filter.addCid(cid);
    ReceiverHub::setProcessOwnOutput(filter);
}

} // namespace

void announceOwnOutput(std::uint64_t id, const SacnCid& cid) {
    std::lock_guard lock(relayMutex());
    announced()[id] = cid;
    publish();
}

void forgetOwnOutput(std::uint64_t id) {
    std::lock_guard lock(relayMutex());
    announced().erase(id);
    publish();
}

} // namespace dmxin::net
