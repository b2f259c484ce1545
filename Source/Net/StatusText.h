#pragma once
// Plain-text descriptions of a HubStatus shared by the editor's status line and the headless
// runner, so both say the same thing in the same words. The presentation only: the hub's own
// error sentences (bind failure, address gone) are in BindErrorText.h. No JUCE. Any non-audio thread.

#include "HubStatus.h"

#include <cstdint>
#include <string>

namespace dmxin::net {

// "Art-Net 0:0:1 (#2): live, merging" / "sACN 5: LOST for 3.2 s" / "Art-Net 0:0:0 (#1): no data yet".
std::string describeUniverse(const UniverseStatus& u, std::uint64_t nowNs);

// One sender of a universe: "Art-Net 10.0.0.1" / "sACN 10.0.0.2 \"Console\" priority 100", with
// ", silent 4.0 s" when it has not sent for more than 3 s.
std::string describeUniverseSource(const UniverseSource& source, std::uint64_t nowNs);

// One line: "2 live, 1 lost (sACN 5), 0 waiting"; empty when no universe is mapped.
std::string summariseUniverses(const HubStatus& status);

// Every universe on its own line (for tooltips and the headless status).
std::string listUniverses(const HubStatus& status, std::uint64_t nowNs);

// sACN receiver state: "sACN :5568, 3 groups" / "sACN: not needed (no sACN mapping)" / the error.
std::string describeSacn(const HubStatus& status);

// Sharing with other DMX In processes: "receiving through local leader pid 1234" / "local leader
// for 2 other programs (pids 1240, 1251), 812 forwarded, 0 dropped" / "not shared (...)"; empty when off.
std::string describeSharing(const HubStatus& status);

// The per-instance counters that are not zero, comma separated ("3 late (sequence), 1 third source").
std::string describeDrops(const HubStatus& status);

} // namespace dmxin::net
