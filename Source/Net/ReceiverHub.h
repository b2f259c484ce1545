#pragma once
// ReceiverHub: the one Art-Net receiver per process and bind address/port, shared by every
// DMX In instance in the process (so three instances in one host never fight over port 6454).
// It owns the socket and the receive thread; instances subscribe with their own SPSC queue and the
// set of universes they map, and the hub pushes each accepted ArtDmx frame into every queue that
// wants it. Counters per drop reason, per universe and per source feed the editor's status.
//
// Threads: acquire/subscribe/setUniverses/unsubscribe/status from any non-audio thread (they lock).
// The receive thread is the only producer of every subscribed queue.

#include "UdpSocket.h"

#include "Core/ArtNetParser.h"
#include "Core/DmxFrame.h"
#include "Core/PortAddress.h"
#include "Core/SpscQueue.h"

#include <array>
#include <atomic>
#include <bitset>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace dmxin::net {

using FrameQueue = SpscQueue<DmxFrame>;

struct SourceInfo {
    std::uint32_t ip = 0;
    std::uint8_t physical = 0;
    std::uint64_t packets = 0;
    std::uint64_t lastSeenNs = 0;
    PortAddress lastUniverse;
};

// A snapshot for display; copying it allocates, so never on the audio thread.
struct HubStatus {
    bool listening = false;
    std::string bindAddress;
    std::uint16_t requestedPort = 0;
    std::uint16_t boundPort = 0;
    std::string error;                  // bind failure with the OS reason, empty when listening
    int receiveBufferBytes = 0;
    std::uint64_t datagrams = 0;        // every datagram read
    std::uint64_t dmxFrames = 0;        // ArtDmx accepted
    std::uint64_t delivered = 0;        // frames pushed into instance queues
    std::uint64_t polls = 0;
    std::uint64_t pollReplies = 0;
    std::uint64_t syncs = 0;
    std::uint64_t nzs = 0;              // ArtNzs accepted but not applied (alternate start codes)
    std::uint64_t queueFull = 0;        // frames dropped because an instance's queue was full
    std::uint64_t unsubscribed = 0;     // ArtDmx for a universe no instance maps
    std::uint64_t sourcesDropped = 0;   // sources beyond kMaxTrackedSources (not tracked, still received)
    std::array<std::uint64_t, static_cast<std::size_t>(ArtNetReject::Count)> rejected{};
    std::vector<SourceInfo> sources;
    int subscribers = 0;

    // Malformed datagrams (every reason but IgnoredOpcode).
    std::uint64_t totalRejected() const noexcept;
    // Valid Art-Net that DMX In deliberately ignores (RDM, ArtAddress, ArtIpProg ...).
    std::uint64_t ignored() const noexcept;
};

class ReceiverHub {
public:
    static constexpr std::size_t kMaxTrackedSources = 64;

    // Returns the process-wide hub for this bind address and port, creating (and binding) it on
    // first use. The hub lives while anyone holds it. Port 0 binds an ephemeral port (tests).
    // A hub whose bind failed is still returned: status().error says why.
    static std::shared_ptr<ReceiverHub> acquire(const std::string& bindAddress, std::uint16_t port);

    ~ReceiverHub();
    ReceiverHub(const ReceiverHub&) = delete;
    ReceiverHub& operator=(const ReceiverHub&) = delete;

    // Registers a queue; returns a subscription id. The queue must outlive the subscription.
    int subscribe(FrameQueue& queue);
    void setUniverses(int subscriptionId, const std::vector<PortAddress>& universes);
    // After this returns the hub never touches the queue again.
    void unsubscribe(int subscriptionId);

    HubStatus status() const;
    std::uint64_t packetsForUniverse(PortAddress address) const noexcept;
    std::uint16_t boundPort() const noexcept { return boundPort_; }
    bool listening() const noexcept { return listening_; }

    // Feeds one datagram through the same path as the socket (parse, count, fan out). Used by
    // the receive thread; public so tests and fuzzers can drive the path without a socket.
    void handleDatagram(const Datagram& datagram);

private:
    ReceiverHub(std::string bindAddress, std::uint16_t port);
    void run();
    void deliver(const DmxFrame& frame);
    void noteSource(std::uint32_t ip, std::uint8_t physical, PortAddress universe, std::uint64_t now);

    const std::string bindAddress_;
    const std::uint16_t requestedPort_;
    std::uint16_t boundPort_ = 0;
    bool listening_ = false;
    std::string error_;

    UdpSocket socket_;
    std::thread thread_;
    std::atomic<bool> running_{false};

    struct Subscriber {
        int id = 0;
        FrameQueue* queue = nullptr;
        std::unique_ptr<std::bitset<PortAddress::kMaxFlat + 1>> universes;
    };
    mutable std::mutex subscribersMutex_;    // receive thread vs. subscribe/unsubscribe; never the audio thread
    std::vector<Subscriber> subscribers_;
    int nextId_ = 1;

    mutable std::mutex sourcesMutex_;
    std::vector<SourceInfo> sources_;

    std::atomic<std::uint64_t> datagrams_{0}, dmxFrames_{0}, delivered_{0}, polls_{0}, pollReplies_{0},
        syncs_{0}, nzs_{0}, queueFull_{0}, unsubscribed_{0}, sourcesDropped_{0};
    std::array<std::atomic<std::uint64_t>, static_cast<std::size_t>(ArtNetReject::Count)> rejected_{};
    std::unique_ptr<std::atomic<std::uint32_t>[]> perUniverse_;
    DmxFrame scratch_;   // receive thread only
};

} // namespace dmxin::net
