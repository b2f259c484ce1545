#include "Subscriber.h"

#include <algorithm>
#include <cstring>

namespace dmxin::net {

void Subscriber::noteSource(std::uint32_t key, const SourceInfo& seen, int priority) {
    if (UniverseStatus* found = universeStatus(key)) {
        UniverseStatus& u = *found;
        const auto first = u.sources.begin();
        const auto last = first + static_cast<std::ptrdiff_t>(u.sourceCount);
        auto it = std::find_if(first, last, [&](const UniverseSource& src) {
            return src.protocol == seen.protocol && src.ip == seen.ip
                   && (seen.protocol == DmxProtocol::ArtNet || std::equal(src.name.begin(), src.name.end(), seen.name.begin()));
        });
        if (it == last) {
            if (u.sourceCount < u.sources.size())
                ++u.sourceCount;
            else   // full: the stalest sender makes room
                it = std::min_element(first, last, [](const UniverseSource& a, const UniverseSource& b) {
                    return a.lastSeenNs < b.lastSeenNs;
                });
            *it = UniverseSource{seen.protocol, seen.ip, seen.name, priority, 0, 0};
        }
        it->priority = priority;
        it->lastSeenNs = seen.lastSeenNs;
        ++it->packets;
    }
}

void SubscriberSink::onMergeOutput(const MergeOutput& out) noexcept {
    std::uint32_t key = 0;
    if (protocol_ == DmxProtocol::ArtNet) {
        key = out.universe;
    } else if (s_.settings.sacnOneIsArtnetZero && out.universe >= 1 && out.universe <= PortAddress::kMaxFlat + 1) {
        key = static_cast<std::uint32_t>(out.universe - 1);
    } else {
        key = UniverseId::kSacnKeyBase + out.universe;
    }
    if (key >= UniverseId::kKeyCount || !s_.wanted->test(key))
        return;
    DmxFrame& f = s_.frame;
    f.universeKey = key;
    f.sourceIp = pass_.sourceIp;        // the packet that caused this output (0 for timers)
    f.protocol = protocol_;
    f.lost = out.lost;
    f.length = out.length;
    f.arrivalNs = out.arrivalNs;
    std::memcpy(f.slots.data(), out.slots, kDmxSlots);
    if (UniverseStatus* u = s_.universeStatus(key)) {
        if (out.lost) {
            if (!u->lost)
                u->lostSinceNs = pass_.nowNs;
            u->lost = true;
        } else {
            u->received = true;
            u->lost = false;
            ++u->frames;
            u->lastFrameNs = out.arrivalNs;
        }
        u->merging = out.merging;
    }
    if (s_.queue->try_push(f)) {
        ++s_.counters.delivered;
        pass_.delivered.fetch_add(1, std::memory_order_relaxed);
    } else {
        ++s_.counters.queueFull;
        pass_.queueFull.fetch_add(1, std::memory_order_relaxed);   // latest state wins on the next frame
    }
}

} // namespace dmxin::net
