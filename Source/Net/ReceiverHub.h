#pragma once
// ReceiverHub: the one Art-Net + sACN receiver per process and bind address/ports, shared by every
// DMX In instance in the process (so three instances in one host never fight over port 6454).
// It owns the sockets and the receive thread. Instances subscribe with their own SPSC queue and
// their own settings (universes, allowlist, LTP universes, loss timeout, sACN numbering); each
// subscription has its own Art-Net and sACN mergers, so what one instance filters out never
// changes what another receives. The hub also answers ArtPoll for the union of subscribed
// Art-Net universes (one port per reply, unicast to the poller, rate-limited).
//
// Threads: acquire/subscribe/configure/setUniverses/unsubscribe/status from any non-audio thread.
// The receive thread owns the subscribers (their mergers, universe states and counters) and the
// poll replies: those calls hand their work to it and wait (ReceiveThreadJobs), so the receive
// path reads the subscribers without a lock. The receive thread is the only producer of every
// subscribed queue.

#include "BindState.h"
#include "HubStatus.h"
#include "ReceiveThreadJobs.h"
#include "InterfaceWatch.h"
#include "LocalShare.h"
#include "SacnSocketPool.h"
#include "SourceTable.h"
#include "Subscriber.h"
#include "Platform/UdpSocket.h"

#include "Core/ArtNetParser.h"
#include "Core/OwnOutputFilter.h"
#include "Core/PollResponder.h"
#include "Core/PortAddress.h"
#include "Core/SacnParser.h"
#include "Core/UniverseId.h"

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace dmxin::net {

class ReceiverHub {
public:
    static constexpr std::size_t kMaxTrackedSources = SourceTable::kMaxTracked;
    static constexpr std::size_t kMaxGroupsPerSocket = SacnSocketPool::kMaxGroupsPerSocket;
    static constexpr std::size_t kMaxSacnSockets = SacnSocketPool::kMaxSockets;
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

    // This process's own output (OutputSender::ownFilter()): datagrams it recognises are dropped
    // before they reach any subscriber, and counted (HubStatus::ownOutput). Every instance of the
    // process is filtered, not only the sender: one DMX In never takes another's output in the same
    // process as input, since a loop through two instances is one the state rules cannot see.
    // The copy is handed to the receive thread (ReceiveThreadJobs), so the receive path reads it
    // without a lock. Any non-audio thread.
    void setOwnOutput(const OwnOutputFilter& filter);
    // The same for every hub of the registry, and for the hubs acquire() makes from now on. Any
    // non-audio thread; the callers serialise (Net/OwnOutputRelay does).
    static void setProcessOwnOutput(const OwnOutputFilter& filter);

    // The Art-Net universes this process sends (its OutputSender's running outputs). A hub that
    // answers polls lists them in its ArtPollReply as input ports (PortTypes bit 6, SwIn,
    // GoodInput "data"), so a console or visualiser sees DMX In as a source of them. Any non-audio
    // thread; sorted and de-duplicated here.
    void setOutputUniverses(std::vector<PortAddress> universes);
    // The same for every hub of the registry and those acquire() makes from now on. Any non-audio
    // thread; the callers serialise (Net/OwnOutputRelay does).
    static void setProcessOutputUniverses(const std::vector<PortAddress>& universes);

    // What status() fills in: everything, or only the counters (hub-wide and the subscription's),
    // leaving out the source table, the universes and the bind/sACN texts, for callers that poll
    // the counters often (the fuzzers check them around every input).
    enum class StatusDetail { Full, CountersOnly };
    // subscriptionId 0: hub-wide figures only.
    HubStatus status(int subscriptionId = 0, StatusDetail detail = StatusDetail::Full) const;
    std::uint64_t packetsForUniverse(PortAddress address) const noexcept;
    std::uint16_t boundPort() const noexcept { return bind_.port.load(); }
    std::uint16_t sacnBoundPort() const noexcept { return sacn_.boundPort(); }
    bool listening() const noexcept { return bind_.listening.load(); }
    // Not listening because the bind address is not on the machine; the receive thread binds once it is.
    bool waitingForAddress() const noexcept { return bind_.waitingForAddress.load(); }

    // Feed one datagram through the same path as the sockets (parse, count, merge, fan out), and
    // run the timers. Used by the receive thread; public so tests, fuzzers and benchmarks can drive
    // the path without a socket and with their own clock (d.arrivalNs / nowNs). Called from another
    // thread while a receive thread runs, they hand the work to it and wait.
    void handleDatagram(const Datagram& datagram);          // Art-Net port
    void handleSacnDatagram(const Datagram& datagram);      // sACN port
    void runTimers(std::uint64_t nowNs);
    // Several Art-Net datagrams in one hand-over (a benchmark feeding a block's frames).
    void handleDatagrams(std::span<const Datagram> datagrams);

private:
    ReceiverHub(std::string bindAddress, std::uint16_t artnetPort, std::uint16_t sacnPort, bool openSockets = true,
                const std::string& shareChannel = {});
    // Local sharing hooks (LocalShare): bind the UDP sockets (at start or when taking over as
    // leader), and the entries this process asks its leader for.
    bool openSockets(std::uint16_t knownArtnetPort);
    void localEntries(std::vector<std::uint32_t>& entries, std::uint32_t& interfaceIp) const;
    bool followsLeader() const noexcept;
    void run();
    // The sACN groups every subscriber and every follower needs (SacnSocketPool's callback, under
    // its lock); false when this hub opens no sACN socket (detached, or following a leader).
    bool sacnGroupsNeeded(SacnSocketPool::Groups& needed) const;
    // The Art-Net half of the interface watch: closes the socket when the bind address leaves the
    // machine, binds again when it is back. Receive thread, about once a second.
    void watchBindAddress();
    void artnetDatagram(const Datagram& d);   // receive thread: the bodies of the three above
    void sacnDatagram(const Datagram& d);
    void timers(std::uint64_t nowNs);
    void rebuildPollUniverses();              // receive thread (a job)
    void sendDueReplies(std::uint64_t nowNs); // receive thread
    Subscriber* findSubscriber(int id) noexcept;   // receive thread (a job)

    // Lock order, outermost first: a thread holding one of these may take only those after it.
    //   1. registryMutex (ReceiverHub.cpp): acquire() builds, or by dropping the last reference
    //      destroys, a hub under it, so every lock below may be taken inside it.
    //   2. sacn_'s mutex (SacnSocketPool): its groups callback takes settingsMutex_.
    //   3. jobs_'s mutex, only while a job runs in place on a hub with no serving thread: the
    //      job takes settingsMutex_ and LocalShare's mutex (rebuildPollUniverses). Otherwise a
    //      leaf; a control thread waiting for its job holds no other lock.
    //   4. settingsMutex_: a leaf.
    //   5. LocalShare's mutex (and LocalLeader's, inside it).
    //   Leaves, holding no other lock: bindMutex_, sacn_'s error mutex. (sources_ takes no lock.)
    //   status() takes its locks one at a time. The audio thread takes none of them; the receive
    //   thread takes none per packet (jobs_ once per loop pass that has jobs).
    const std::string bindAddress_;
    const std::uint16_t requestedPort_;
    bool detached_ = false;                  // createDetached: never opens a socket
    // The Art-Net bind outcome. The receive thread re-binds (watchBindAddress, LocalShare takeover);
    // status() reads.
    mutable std::mutex bindMutex_;           // bind_.error/errorCode, socket_ open/close vs. status()
    BindState bind_;
    InterfaceWatch watch_;                   // receive thread only

    UdpSocket socket_;                       // Art-Net
    mutable ReceiveThreadJobs jobs_{[this] { socket_.wake(); }};
    std::thread thread_;
    std::atomic<bool> running_{false};

    SacnSocketPool sacn_;                    // sACN sockets and groups, with its own lock

    // Each subscription's settings as the control side last set them, for what control threads
    // and LocalShare ask (sACN groups, the universes told to a leader, setUniverses).
    mutable std::mutex settingsMutex_;
    std::vector<std::pair<int, SubscriptionSettings>> settings_;
    std::atomic<int> nextId_{1};

    // Receive thread only (control threads reach it through jobs_), up to reportText_.
    std::vector<std::unique_ptr<Subscriber>> subscribers_;
    std::vector<PortAddress> pollUniverses_;  // union of Art-Net universes of subscribers that answer polls
    std::vector<PortAddress> outputUniverses_;  // this process's Art-Net output: input ports in replies
    std::vector<PortAddress> pollTargets_;      // both of the above: what a targeted ArtPoll is matched against
    bool answerPolls_ = false;                // any subscriber answers polls
    std::map<std::uint32_t, std::uint16_t> pollerPorts_;   // poller IP -> source port (bounded)
    PollResponder responder_;
    std::vector<PollReplyPort> replyPorts_;
    std::uint32_t lastLocalIp_ = 0;          // our address on the interface the last poll arrived on
    std::uint64_t lastTimersNs_ = 0;
    OwnOutputFilter ownOutput_;              // this process's output, dropped on arrival
    OwnTrafficCounts ownCounts_;             // how much of it came back
    DeliveryPass delivery_;                  // its counters are also read lock-free by status()
    std::string longName_;
    std::string reportText_;                 // NodeReport text

    SourceTable sources_;                    // every sender heard; lock-free (written by the receive thread)

    std::atomic<std::uint64_t> datagrams_{0}, dmxFrames_{0}, polls_{0}, pollReplies_{0},
        ownPollReplies_{0}, repliesSent_{0}, pollsRateLimited_{0}, syncs_{0}, nzs_{0}, remoteConfig_{0},
        unsubscribed_{0}, sacnPackets_{0}, sacnSyncs_{0}, sacnDiscovery_{0};
    std::array<std::atomic<std::uint64_t>, static_cast<std::size_t>(ArtNetReject::Count)> rejected_{};
    std::array<std::atomic<std::uint64_t>, static_cast<std::size_t>(SacnReject::Count)> sacnRejected_{};
    std::unique_ptr<std::atomic<std::uint32_t>[]> perUniverse_;

    std::unique_ptr<LocalShare> share_;      // null when not shared across processes
};

} // namespace dmxin::net
