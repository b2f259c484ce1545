#pragma once
// The hub's status as a plain snapshot: hub-wide figures, the sources heard, and one instance's
// universes and counters. Apart from ReceiverHub.h so the editor, the headless runner and the
// status texts read a status without including the hub, its sockets and its mergers.
//
// Threads: ReceiverHub::status() fills one on any non-audio thread; copying allocates, so never
// on the audio thread.

#include "Platform/NetError.h"
#include "ShareStatus.h"

#include "Core/ArtNetParser.h"
#include "Core/SacnParser.h"
#include "Core/UniverseId.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace dmxin::net {

struct SourceInfo {
    DmxProtocol protocol = DmxProtocol::ArtNet;
    std::uint32_t ip = 0;
    std::uint8_t physical = 0;                 // Art-Net
    std::array<std::uint8_t, 16> cid{};        // sACN source identity
    std::array<char, 64> name{};               // sACN source name, NUL-terminated
    std::uint64_t packets = 0;
    std::uint64_t lastSeenNs = 0;
    UniverseId lastUniverse;
};

// One sender feeding a subscribed universe, as this instance receives it (after its allowlist).
struct UniverseSource {
    DmxProtocol protocol = DmxProtocol::ArtNet;
    std::uint32_t ip = 0;
    std::array<char, 64> name{};               // sACN source name, NUL-terminated (empty for Art-Net)
    int priority = -1;                         // sACN packet priority 0..200; -1 for Art-Net (no priority)
    std::uint64_t packets = 0;
    std::uint64_t lastSeenNs = 0;
};

// One subscribed universe as one instance sees it: live, lost (and since when), or never heard.
struct UniverseStatus {
    static constexpr std::size_t kMaxSources = 8;   // sACN merges up to 8 per universe; Art-Net 2 (+1 refused)
    UniverseId universe;
    bool received = false;           // at least one frame since subscribing
    bool lost = false;               // every source gone past the timeout (or sACN stream terminated)
    bool merging = false;            // two (Art-Net) or several (sACN) sources merge right now
    std::uint64_t frames = 0;        // merged frames delivered
    std::uint64_t lastFrameNs = 0;   // steady_clock ns of the newest frame
    std::uint64_t lostSinceNs = 0;   // steady_clock ns when it was declared lost
    // Every sender of this universe that passed the instance's allowlist (fixed storage: the
    // stalest is replaced when full). A sender silent for a while stays with its lastSeenNs.
    std::array<UniverseSource, kMaxSources> sources{};
    std::size_t sourceCount = 0;
};

// Per-subscription counters (what this instance's mergers and filters did).
struct SubscriptionCounters {
    std::uint64_t delivered = 0;        // frames pushed into the queue
    std::uint64_t queueFull = 0;        // frames dropped because the queue was full (latest state wins)
    std::uint64_t notAllowed = 0;       // packets from senders outside the allowlist
    std::uint64_t sequenceDropped = 0;  // late or duplicate frames (Art-Net and sACN)
    std::uint64_t thirdSource = 0;      // Art-Net: a third source on a merging universe
    std::uint64_t sourceLimit = 0;      // sACN: sources beyond the per-universe bound
    std::uint64_t universeLimit = 0;    // universes beyond the mergers' bound
    std::uint64_t previewDropped = 0;   // sACN preview data
    std::uint64_t startCodeDropped = 0; // sACN alternate start codes
    std::uint64_t syncIgnored = 0;      // ArtSync from another IP or while merging
    std::uint64_t syncApplied = 0;
    std::uint64_t syncTimeouts = 0;     // no ArtSync for 4 s: back to asynchronous, held frames released
};

// A snapshot for display; copying it allocates, so never on the audio thread.
struct HubStatus {
    bool listening = false;
    std::string bindAddress;
    std::uint16_t requestedPort = 0;
    std::uint16_t boundPort = 0;
    std::string error;                  // Art-Net bind failure with the OS reason and the next step, empty when listening
    NetError errorKind = NetError::None;   // AddressInUse, AccessDenied, AddressNotAvailable ... None when listening
    int errorCode = 0;                  // the system's code of the failed call (errno, WSA...), 0 when none failed
    bool waitingForAddress = false;     // the bind address is not (or no longer) on the machine: re-binds when it is
    int receiveBufferBytes = 0;
    std::uint64_t datagrams = 0;        // every datagram read (both protocols)
    std::uint64_t dmxFrames = 0;        // ArtDmx accepted by the parser
    std::uint64_t delivered = 0;        // frames pushed into instance queues (all instances)
    std::uint64_t polls = 0;
    std::uint64_t pollReplies = 0;      // ArtPollReply received from others
    std::uint64_t ownPollReplies = 0;   // our own replies looped back (ignored)
    std::uint64_t ownOutput = 0;        // ArtDmx/ArtSync/sACN this process sent itself, come back (ignored)
    std::uint64_t repliesSent = 0;      // ArtPollReply datagrams sent
    std::uint64_t pollsRateLimited = 0;
    std::uint64_t syncs = 0;
    std::uint64_t nzs = 0;              // ArtNzs accepted but not applied (alternate start codes)
    std::uint64_t remoteConfigIgnored = 0;   // ArtAddress, ArtIpProg, ArtCommand, firmware, file: never acted on
    std::uint64_t queueFull = 0;        // frames dropped because an instance's queue was full
    std::uint64_t unsubscribed = 0;     // ArtDmx/sACN for a universe no instance maps
    std::uint64_t sourcesDropped = 0;   // sources beyond kMaxTrackedSources (not tracked, still received)
    std::array<std::uint64_t, static_cast<std::size_t>(ArtNetReject::Count)> rejected{};

    // sACN
    bool sacnListening = false;
    std::uint16_t sacnPort = 0;         // bound port (0 while no instance maps sACN)
    std::string sacnError;              // bind or multicast-join failure with the OS reason
    int sacnMemberships = 0;
    std::uint64_t sacnPackets = 0;      // data packets accepted by the parser
    std::uint64_t sacnSyncs = 0;
    std::uint64_t sacnDiscovery = 0;
    std::array<std::uint64_t, static_cast<std::size_t>(SacnReject::Count)> sacnRejected{};

    std::vector<SourceInfo> sources;
    int subscribers = 0;
    // Times the receive thread took a lock to run control threads' work (subscription changes,
    // status requests like this one): never per packet, so a flood does not move it.
    std::uint64_t receiveThreadLocks = 0;

    // Sharing with other DMX In processes on this machine (LocalShare; enabled false when off).
    LocalShareStatus sharing;

    // For the subscription that asked (empty when status() was called without one).
    std::vector<UniverseStatus> universes;
    SubscriptionCounters counters;

    // Malformed datagrams of both protocols (every Art-Net reason but IgnoredOpcode).
    std::uint64_t totalRejected() const noexcept;
    // Valid Art-Net that DMX In deliberately ignores (RDM, ArtAddress, ArtIpProg ...).
    std::uint64_t ignored() const noexcept;
};

} // namespace dmxin::net
