#pragma once
// DmxMonitor: what the editor sees of the wire, without reading audio-thread state. It takes its own
// subscription on the process-wide ReceiverHub (same bind address, ports, allowlist and numbering as
// the instance, but it never answers ArtPoll), drains its own SPSC queue into one 512-slot image per
// watched universe, and lists the universes heard on the wire with their sources and rates.
// The channel monitor, the table's live input column and DMX learn all read these images.
//
// Threads: every method on the message thread (the editor's timer). The hub's receive thread is the
// only producer of the queue. Work per poll() is bounded by the queue capacity, not the packet rate.

#include "Core/DmxFrame.h"
#include "Core/PluginState.h"
#include "Net/ReceiverHub.h"

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace dmxin {

class DmxMonitor {
public:
    static constexpr std::size_t kQueueCapacity = 256;   // frames between two editor ticks (30 Hz)
    static constexpr std::size_t kMaxWatched = 32;       // universes imaged at once
    static constexpr std::size_t kMaxHeard = 64;         // universes listed as heard on the wire

    struct Image {
        UniverseId universe;
        std::array<std::uint8_t, kDmxSlots> slots{};
        bool received = false;
        bool lost = false;
        std::uint64_t frames = 0;
        std::uint64_t lastFrameNs = 0;
        std::uint32_t sourceIp = 0;
    };

    struct HeardSource {
        DmxProtocol protocol = DmxProtocol::ArtNet;
        std::uint32_t ip = 0;
        std::string name;            // sACN source name; empty for Art-Net
        double packetsPerSecond = 0.0;
        std::uint64_t lastSeenNs = 0;
    };

    struct Heard {
        UniverseId universe;
        double packetsPerSecond = 0.0;   // Art-Net: per universe; sACN: of its last source(s)
        std::uint64_t lastSeenNs = 0;
        std::vector<HeardSource> sources;
    };

    DmxMonitor();
    ~DmxMonitor();
    DmxMonitor(const DmxMonitor&) = delete;
    DmxMonitor& operator=(const DmxMonitor&) = delete;

    // (Re)connects when the bind address or ports differ; applies the other settings in place.
    void connect(const NetworkSettings& settings);
    // The universes to image (deduplicated, at most kMaxWatched are kept). Cheap when unchanged.
    void watch(std::vector<UniverseId> universes);
    const std::vector<UniverseId>& watched() const noexcept { return watched_; }

    // Drains the queue into the images (at most kQueueCapacity frames). Returns true when an image
    // changed. nowNs: steady clock, for the heard-universe scan that runs about once a second.
    bool poll(std::uint64_t nowNs);

    // nullptr when the universe is not watched.
    const Image* image(UniverseId universe) const noexcept;
    // Universes heard on the wire recently (whether mapped or not), sorted.
    const std::vector<Heard>& heard() const noexcept { return heard_; }
    // Bumped each time heard() was rebuilt.
    std::uint64_t heardGeneration() const noexcept { return heardGeneration_; }
    bool listening() const noexcept;

private:
    void scanHeard(std::uint64_t nowNs);
    void applySubscription();

    net::FrameQueue queue_{kQueueCapacity};
    NetworkSettings settings_;
    std::shared_ptr<net::ReceiverHub> hub_;
    int subscription_ = 0;
    std::vector<UniverseId> watched_;
    std::map<std::uint32_t, std::unique_ptr<Image>> images_;   // by UniverseId::key()

    std::vector<Heard> heard_;
    std::uint64_t heardGeneration_ = 0;
    std::uint64_t lastScanNs_ = 0;
    std::vector<std::uint32_t> artnetCounts_;                  // packetsForUniverse at the last scan
    std::map<std::string, std::uint64_t> sourcePackets_;       // per source identity, at the last scan
};

} // namespace dmxin
