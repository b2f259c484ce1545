#include "OutputSession.h"

#include "ArtNetBuilder.h"
#include "OutputFrame.h"
#include "SacnBuilder.h"
#include "SacnCid.h"

#include <algorithm>

namespace dmxin {

OutputSession::OutputSession(const OutputSettings& settings)
    : cid_(isNilCid(settings.cid) ? randomCid() : settings.cid),
      sourceName_(settings.sourceName.substr(0, kMaxSacnSourceNameBytes)),
      artnetSync_(settings.artnetSync) {
    if (!settings.enabled)
        return;
    std::size_t artnetTargets = 0;
    for (const OutputUniverse& u : settings.universes) {
        if (!u.enabled)
            continue;
        universes_.push_back({u, resolveTargets(u), OutputScheduler(u.universe.protocol(), u.rateHz)});
        if (u.universe.isArtNet())
            artnetTargets += universes_.back().targets.size();
    }
    syncTargets_.reserve(artnetTargets);
}

void OutputSession::send(const Universe& u, OutputSend what, OutputPacketSink& sink) noexcept {
    const auto& frame = u.scheduler.lastSent();
    std::size_t size = 0;
    if (u.settings.universe.isArtNet()) {
        size = buildArtDmx(packet_, u.settings.universe.portAddress(), what.sequence, 0, frame);
    } else {
        const auto options = what.kind == OutputSendKind::Terminate ? SacnOption::Terminated : std::uint8_t{0};
        size = buildSacnData(packet_, cid_, sourceName_, static_cast<std::uint8_t>(u.settings.priority), 0,
                             what.sequence, options, u.settings.universe.number(), SacnStartCode::Levels, frame);
    }
    if (size == 0)
        return;
    sink.beginUniverse(&u.settings.universe);
    for (const OutputTarget& target : u.targets)
        sink.sendPacket(std::span<const std::uint8_t>(packet_.data(), size), target);
}

void OutputSession::tick(std::uint64_t nowNs, std::span<const float> slotValues, OutputPacketSink& sink) noexcept {
    syncTargets_.clear();
    for (Universe& u : universes_) {
        renderOutputFrame(u.settings, slotValues, image_);
        const OutputSend what = u.scheduler.poll(nowNs, image_);
        if (what.kind == OutputSendKind::None)
            continue;
        send(u, what, sink);
        if (artnetSync_ && u.settings.universe.isArtNet())
            for (const OutputTarget& target : u.targets)
                if (std::find(syncTargets_.begin(), syncTargets_.end(), target) == syncTargets_.end())
                    syncTargets_.push_back(target);   // within the reserved capacity: no allocation
    }
    if (syncTargets_.empty())
        return;
    const std::size_t size = buildArtSync(packet_);
    sink.beginUniverse(nullptr);
    for (const OutputTarget& target : syncTargets_)
        sink.sendPacket(std::span<const std::uint8_t>(packet_.data(), size), target);
}

void OutputSession::takeOver(OutputSession& previous) noexcept {
    for (Universe& u : universes_) {
        const bool sameSource = u.settings.universe.isArtNet() || previous.cid_ == cid_;
        const auto old = std::find_if(previous.universes_.begin(), previous.universes_.end(), [&](const Universe& p) {
            return p.settings.universe == u.settings.universe && !p.scheduler.stopping();
        });
        if (!sameSource || old == previous.universes_.end())
            continue;
        if (old->targets == u.targets) {
            u.scheduler.continueFrom(old->scheduler);
            previous.universes_.erase(old);   // moves elements down: no allocation
        } else {
            u.scheduler.continueSequence(old->scheduler, old->scheduler.packetsAfterStop());
        }
    }
}

void OutputSession::stop() noexcept {
    for (Universe& u : universes_)
        u.scheduler.stop();
}

void OutputSession::finish(OutputPacketSink& sink) noexcept {
    stop();
    for (Universe& u : universes_) {
        while (!u.scheduler.finished()) {
            // The scheduler's own next slot: its period rule holds, only the waiting is skipped.
            const OutputSend what = u.scheduler.poll(u.scheduler.nextAllowedNs(), image_);
            if (what.kind == OutputSendKind::None)
                break;
            send(u, what, sink);
        }
    }
}

bool OutputSession::finished() const noexcept {
    return std::all_of(universes_.begin(), universes_.end(), [](const Universe& u) { return u.scheduler.finished(); });
}

std::uint64_t OutputSession::nextWakeNs() const noexcept {
    std::uint64_t next = UINT64_MAX;
    for (const Universe& u : universes_)
        if (!u.scheduler.finished())
            next = std::min(next, u.scheduler.nextAllowedNs());
    return next;
}

} // namespace dmxin
