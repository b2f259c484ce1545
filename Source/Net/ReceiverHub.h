#pragma once
// ReceiverHub: the one Art-Net + sACN receiver per process and bind address/ports, shared by every
// DMX In instance in the process (so three instances in one host never fight over port 6454).
// It owns the sockets and the receive thread. Instances subscribe with their own SPSC queue and
// their own settings (universes, allowlist, LTP universes, loss timeout, sACN numbering); each
// subscription has its own Art-Net and sACN mergers, so what one instance filters out never
// changes what another receives. The hub also answers ArtPoll for the union of subscribed
// Art-Net universes (one port per reply, unicast to the poller, rate-limited).
//
// Threads: acquire/subscribe/configure/setUniverses/unsubscribe/status from any non-audio thread
// (they lock briefly). The receive thread is the only producer of every subscribed queue.

#include "InterfaceWatch.h"
#include "LocalShare.h"
#include "UdpSocket.h"

#include "Core/ArtNetMerger.h"
#include "Core/ArtNetParser.h"
#include "Core/DmxFrame.h"
#include "Core/PollResponder.h"
#include "Core/PortAddress.h"
#include "Core/SacnMerger.h"
#include "Core/SacnParser.h"
#include "Core/SourceAllowlist.h"
#include "Core/SpscQueue.h"
#include "Core/UniverseId.h"

#include <array>
#include <atomic>
#include <bitset>
#include <cstdint>
#include <memory>
#include <mutex>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace dmxin::net {

using FrameQueue = SpscQueue<DmxFrame>;

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

// What one instance asks of the hub. Applied on the receive thread at the next datagram.
struct SubscriptionSettings {
    std::vector<UniverseId> universes;         // what the instance maps (Art-Net and sACN)
    std::vector<PortAddress> ltpUniverses;     // Art-Net universes merged LTP (per frame) instead of HTP
    SourceAllowlist allowlist;                 // empty: every sender
    std::uint64_t artnetLossNs = 6'000'000'000ull;
    bool sacnOneIsArtnetZero = false;          // sACN universe N feeds Art-Net Port-Address N-1
    std::uint32_t sacnInterfaceIp = 0;         // interface for multicast joins (0 = kernel's choice)
    bool answerPolls = true;
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
};

// A snapshot for display; copying it allocates, so never on the audio thread.
struct HubStatus {
    bool listening = false;
    std::string bindAddress;
    std::uint16_t requestedPort = 0;
    std::uint16_t boundPort = 0;
    std::string error;                  // Art-Net bind failure with the OS reason and the next step, empty when listening
    int errorCode = 0;                  // its errno (EADDRINUSE, EACCES, EADDRNOTAVAIL ...), 0 when listening
    bool waitingForAddress = false;     // the bind address is not (or no longer) on the machine: re-binds when it is
    int receiveBufferBytes = 0;
    std::uint64_t datagrams = 0;        // every datagram read (both protocols)
    std::uint64_t dmxFrames = 0;        // ArtDmx accepted by the parser
    std::uint64_t delivered = 0;        // frames pushed into instance queues (all instances)
    std::uint64_t polls = 0;
    std::uint64_t pollReplies = 0;      // ArtPollReply received from others
    std::uint64_t ownPollReplies = 0;   // our own replies looped back (ignored)
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

class ReceiverHub {
public:
    static constexpr std::size_t kMaxTrackedSources = 64;
    static constexpr std::size_t kMaxGroupsPerSocket = 20;   // net.ipv4.igmp_max_memberships default
    static constexpr std::size_t kMaxSacnSockets = 16;       // 320 groups: more than 64 universes x 5 instances
    static constexpr std::uint16_t kDefaultSacnPort = 5568;

    // Returns the process-wide hub for this bind address and ports, creating (and binding the
    // Art-Net socket) on first use. The hub lives while anyone holds it. Port 0 binds an ephemeral
    // port (tests). A hub whose bind failed is still returned: status().error says why.
    // shareAcrossProcesses: elect one receiver per machine for these ports (LocalShare); a hub
    // with it off binds on its own and is never shared with hubs that have it on. Port 0 never shares.
    static std::shared_ptr<ReceiverHub> acquire(const std::string& bindAddress, std::uint16_t artnetPort,
                                                std::uint16_t sacnPort = kDefaultSacnPort,
                                                bool shareAcrossProcesses = true);

    // A hub outside the registry that shares across processes under this local channel name
    // (tests and benchmarks: several "processes" in one, on ephemeral ports).
    static std::shared_ptr<ReceiverHub> createShared(const std::string& bindAddress, std::uint16_t artnetPort,
                                                     std::uint16_t sacnPort, const std::string& channelName);

    // A hub with no socket and no receive thread, not shared with anyone: tests and fuzzers drive
    // it through handleDatagram/handleSacnDatagram/runTimers with their own clock.
    static std::unique_ptr<ReceiverHub> createDetached();

    ~ReceiverHub();
    ReceiverHub(const ReceiverHub&) = delete;
    ReceiverHub& operator=(const ReceiverHub&) = delete;

    // Registers a queue; returns a subscription id. The queue must outlive the subscription.
    int subscribe(FrameQueue& queue);
    // Replaces the subscription's settings (universes included); joins/leaves sACN groups.
    void configure(int subscriptionId, const SubscriptionSettings& settings);
    // Shorthand that changes only the universe list.
    void setUniverses(int subscriptionId, const std::vector<UniverseId>& universes);
    // After this returns the hub never touches the queue again.
    void unsubscribe(int subscriptionId);

    // subscriptionId 0: hub-wide figures only.
    HubStatus status(int subscriptionId = 0) const;
    std::uint64_t packetsForUniverse(PortAddress address) const noexcept;
    std::uint16_t boundPort() const noexcept { return boundPort_.load(); }
    std::uint16_t sacnBoundPort() const noexcept { return sacnBoundPort_.load(); }
    bool listening() const noexcept { return listening_.load(); }
    // Not listening because the bind address is not on the machine; the receive thread binds once it is.
    bool waitingForAddress() const noexcept { return waitingForAddress_.load(); }

    // Feed one datagram through the same path as the sockets (parse, count, merge, fan out), and
    // run the timers. Used by the receive thread; public so tests and fuzzers can drive the path
    // without a socket and with their own clock (d.arrivalNs / nowNs).
    void handleDatagram(const Datagram& datagram);          // Art-Net port
    void handleSacnDatagram(const Datagram& datagram);      // sACN port
    void runTimers(std::uint64_t nowNs);

private:
    struct Subscriber;
    class SubscriberSink;

    ReceiverHub(std::string bindAddress, std::uint16_t artnetPort, std::uint16_t sacnPort, bool openSockets = true,
                const std::string& shareChannel = {});
    // Local sharing hooks (LocalShare): bind the UDP sockets (at start or when taking over as
    // leader), and the entries this process asks its leader for.
    bool openSockets(std::uint16_t knownArtnetPort);
    void localEntries(std::vector<std::uint32_t>& entries, std::uint32_t& interfaceIp) const;
    bool followsLeader() const noexcept;
    void run();
    void noteSource(const SourceInfo& seen);
    void updateMemberships();                // control side; takes controlMutex_
    void updateMembershipsLocked();          // under controlMutex_
    void watchInterfaces();                  // receive thread, about once a second (InterfaceWatch.cpp)
    // Records `seen` (with its sACN priority, -1 for Art-Net) on the subscriber's universe `key`.
    static void noteUniverseSource(Subscriber& s, std::uint32_t key, const SourceInfo& seen, int priority);
    bool ensureSacnSocket(std::string& error); // control side, under controlMutex_
    void rebuildPollUniverses();              // under subscribersMutex_
    void sendDueReplies(std::uint64_t nowNs); // receive thread, under subscribersMutex_

    const std::string bindAddress_;
    const std::uint16_t requestedPort_;
    const std::uint16_t requestedSacnPort_;
    std::atomic<std::uint16_t> boundPort_{0};   // kept after the address goes away: re-bound on the same port;
                                                // atomic: a follower that takes over binds on the receive thread
    std::atomic<bool> listening_{false};
    bool detached_ = false;                  // createDetached: never opens a socket
    // The Art-Net bind outcome. The receive thread re-binds (InterfaceWatch.cpp, LocalShare takeover);
    // status() reads.
    mutable std::mutex bindMutex_;           // error_, errorCode_, socket_ open/close vs. status()
    std::string error_;
    int errorCode_ = 0;
    std::atomic<bool> waitingForAddress_{false};
    InterfaceWatch watch_;                   // receive thread only

    UdpSocket socket_;                       // Art-Net
    std::thread thread_;
    std::atomic<bool> running_{false};

    // sACN sockets: opened on demand (when an instance maps an sACN universe), never closed
    // before the hub dies, so the receive thread can use them without a lock.
    std::mutex controlMutex_;                               // serialises configure/membership changes
    std::array<std::unique_ptr<UdpSocket>, kMaxSacnSockets> sacnSockets_;
    std::atomic<int> sacnSocketCount_{0};
    std::atomic<std::uint16_t> sacnBoundPort_{0};
    std::map<std::pair<std::uint32_t, std::uint32_t>, int> joined_;   // (group, interface) -> socket index
    std::array<int, kMaxSacnSockets> groupsPerSocket_{};
    std::atomic<int> memberships_{0};
    std::set<std::uint32_t> sacnInterfaces_;       // non-zero interfaces the groups are joined on (controlMutex_)
    std::set<std::uint32_t> sacnInterfacesGone_;   // ... of which are not on the machine now (controlMutex_)
    mutable std::mutex sacnErrorMutex_;
    std::string sacnError_;

    mutable std::mutex subscribersMutex_;    // receive thread vs. control threads; never the audio thread
    std::vector<std::unique_ptr<Subscriber>> subscribers_;
    int nextId_ = 1;
    std::vector<PortAddress> pollUniverses_;  // union of Art-Net universes of subscribers that answer polls
    bool answerPolls_ = false;                // any subscriber answers polls
    std::map<std::uint32_t, std::uint16_t> pollerPorts_;   // poller IP -> source port (bounded)
    PollResponder responder_;
    std::vector<PollReplyPort> replyPorts_;
    std::uint32_t lastLocalIp_ = 0;          // our address on the interface the last poll arrived on
    std::uint64_t lastTimersNs_ = 0;
    std::uint64_t currentNowNs_ = 0;         // the time of the datagram or timer pass being handled (under the lock)
    std::uint32_t currentSourceIp_ = 0;      // its sender, 0 for timer passes
    std::string longName_;
    std::string reportText_;                 // NodeReport text, under subscribersMutex_

    mutable std::mutex sourcesMutex_;
    std::vector<SourceInfo> sources_;

    std::atomic<std::uint64_t> datagrams_{0}, dmxFrames_{0}, delivered_{0}, polls_{0}, pollReplies_{0},
        ownPollReplies_{0}, repliesSent_{0}, pollsRateLimited_{0}, syncs_{0}, nzs_{0}, remoteConfig_{0},
        queueFull_{0}, unsubscribed_{0}, sourcesDropped_{0}, sacnPackets_{0}, sacnSyncs_{0}, sacnDiscovery_{0};
    std::array<std::atomic<std::uint64_t>, static_cast<std::size_t>(ArtNetReject::Count)> rejected_{};
    std::array<std::atomic<std::uint64_t>, static_cast<std::size_t>(SacnReject::Count)> sacnRejected_{};
    std::unique_ptr<std::atomic<std::uint32_t>[]> perUniverse_;

    std::unique_ptr<LocalShare> share_;      // null when not shared across processes
};

} // namespace dmxin::net
