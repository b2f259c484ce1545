#include "StatusText.h"

#include "Core/Ipv4.h"

#include <cstdio>
#include <cstring>

namespace dmxin::net {

namespace {
std::string seconds(std::uint64_t ns) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f s", static_cast<double>(ns) / 1e9);
    return buffer;
}
} // namespace

std::string describeUniverse(const UniverseStatus& u, std::uint64_t nowNs) {
    std::string text = u.universe.describe() + ": ";
    if (u.lost)
        text += "LOST for " + seconds(nowNs > u.lostSinceNs ? nowNs - u.lostSinceNs : 0);
    else if (!u.received)
        text += "no data yet";
    else
        text += "live";
    if (u.merging && !u.lost)
        text += ", merging";
    return text;
}

std::string describeUniverseSource(const UniverseSource& source, std::uint64_t nowNs) {
    std::string text = std::string(source.protocol == DmxProtocol::Sacn ? "sACN " : "Art-Net ") + formatIpv4(source.ip);
    const std::string name(source.name.data(), strnlen(source.name.data(), source.name.size()));
    if (!name.empty())
        text += " \"" + name + "\"";
    if (source.priority >= 0)
        text += " priority " + std::to_string(source.priority);
    if (nowNs > source.lastSeenNs + 3'000'000'000ull)
        text += ", silent " + seconds(nowNs - source.lastSeenNs);
    return text;
}

std::string summariseUniverses(const HubStatus& status) {
    if (status.universes.empty())
        return {};
    int live = 0, lost = 0, waiting = 0;
    std::string lostNames;
    for (const auto& u : status.universes) {
        if (u.lost) {
            ++lost;
            if (lostNames.size() < 60)
                lostNames += (lostNames.empty() ? "" : ", ") + u.universe.describe();
        } else if (u.received) {
            ++live;
        } else {
            ++waiting;
        }
    }
    std::string text = std::to_string(live) + " live, " + std::to_string(lost) + " lost";
    if (lost > 0)
        text += " (" + lostNames + ")";
    if (waiting > 0)
        text += ", " + std::to_string(waiting) + " waiting";
    return text;
}

std::string listUniverses(const HubStatus& status, std::uint64_t nowNs) {
    std::string text;
    for (const auto& u : status.universes)
        text += describeUniverse(u, nowNs) + "\n";
    return text;
}

std::string describeSacn(const HubStatus& status) {
    if (!status.sacnError.empty())
        return "sACN: " + status.sacnError;
    if (!status.sacnListening)
        return "sACN: not listening (no sACN mapping)";
    return "sACN :" + std::to_string(status.sacnPort) + ", " + std::to_string(status.sacnMemberships)
         + (status.sacnMemberships == 1 ? " group" : " groups") + ", " + std::to_string(status.sacnPackets) + " packets";
}

std::string describeDrops(const HubStatus& s) {
    const auto& c = s.counters;
    std::string text;
    auto add = [&](std::uint64_t n, const char* what) {
        if (n == 0)
            return;
        text += (text.empty() ? "" : ", ") + std::to_string(n) + " " + what;
    };
    add(c.sequenceDropped, "late (sequence)");
    add(c.thirdSource, "third source ignored");
    add(c.sourceLimit, "sACN sources over limit");
    add(c.universeLimit, "universes over limit");
    add(c.notAllowed, "not in allowlist");
    add(c.previewDropped, "sACN preview");
    add(c.startCodeDropped, "sACN other start code");
    add(c.syncIgnored, "ArtSync ignored");
    add(c.queueFull, "queue full");
    add(s.remoteConfigIgnored, "remote config ignored");
    add(s.pollsRateLimited, "polls rate-limited");
    add(s.ownOutput, "own output ignored");
    return text;
}

std::string describeSharing(const HubStatus& status) {
    const LocalShareStatus& sh = status.sharing;
    if (!sh.enabled)
        return {};
    std::string text;
    switch (sh.role) {
    case ShareRole::Follower: text = "receiving through local leader pid " + std::to_string(sh.leaderPid); break;
    case ShareRole::Electing: text = "the local leader went away: electing a new one"; break;
    case ShareRole::Off: return "not shared" + (sh.note.empty() ? std::string{} : " (" + sh.note + ")");
    case ShareRole::Leader: {
        const std::size_t n = sh.followerPids.size();
        text = "local leader for " + std::to_string(n) + (n == 1 ? " other program" : " other programs");
        for (std::size_t i = 0; i < n; ++i)
            text += (i == 0 ? (n == 1 ? " (pid " : " (pids ") : ", ") + std::to_string(sh.followerPids[i]) + (i + 1 == n ? ")" : "");
        text += ", " + std::to_string(sh.leader.forwarded) + " forwarded, " + std::to_string(sh.leader.dropped) + " dropped";
        if (sh.leader.refused != 0)
            text += ", " + std::to_string(sh.leader.refused) + " refused";
        if (sh.leader.malformed != 0)
            text += ", " + std::to_string(sh.leader.malformed) + " malformed";
        break;
    }
    }
    if (sh.role == ShareRole::Follower && sh.malformed != 0)
        text += ", " + std::to_string(sh.malformed) + " malformed";
    if (sh.takeovers != 0 || sh.elections != 0)
        text += "; failover " + std::to_string(sh.lastFailoverNs / 1000) + " us";
    if (!sh.note.empty())
        text += " (" + sh.note + ")";
    return text;
}

} // namespace dmxin::net
