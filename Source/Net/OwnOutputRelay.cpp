#include "OwnOutputRelay.h"

#include "OutputSender.h"
#include "ReceiverHub.h"

#include <map>
#include <mutex>
#include <vector>

namespace dmxin::net {

namespace {

std::mutex& relayMutex() {
    static std::mutex m;
    return m;
}

struct Announced {
    SacnCid cid{};
    std::vector<PortAddress> artnetUniverses;   // enabled Art-Net output universes
};

std::map<std::uint64_t, Announced>& announced() {
    static std::map<std::uint64_t, Announced> m;
    return m;
}

// With relayMutex held. Lock order: relayMutex, then the sender's mutex (released before), then
// the hub registry's.
void publish() {
    OwnOutputFilter filter;
    if (const auto sender = OutputSender::existing())
        filter = sender->ownFilter();
    std::vector<PortAddress> universes;
    for (const auto& [id, output] : announced()) {
        filter.addCid(output.cid);
        universes.insert(universes.end(), output.artnetUniverses.begin(), output.artnetUniverses.end());
    }
    ReceiverHub::setProcessOwnOutput(filter);
    ReceiverHub::setProcessOutputUniverses(universes);
}

} // namespace

void announceOwnOutput(std::uint64_t id, const OutputSettings& settings) {
    Announced output;
    output.cid = settings.cid;
    if (settings.enabled)
        for (const OutputUniverse& u : settings.universes)
            if (u.enabled && u.universe.isArtNet())
                output.artnetUniverses.push_back(u.universe.portAddress());
    std::lock_guard lock(relayMutex());
    announced()[id] = std::move(output);
    publish();
}

void forgetOwnOutput(std::uint64_t id) {
    std::lock_guard lock(relayMutex());
    announced().erase(id);
    publish();
}

} // namespace dmxin::net
