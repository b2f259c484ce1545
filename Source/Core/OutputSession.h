#pragma once
// One instance's output, ready to run on the sender thread: built from OutputSettings on the message
// thread (targets resolved, one OutputScheduler per enabled universe, buffers allocated), then ticked
// by the sender with the time and the instance's current parameter slot values. Each tick renders
// every universe (OutputFrame), asks its scheduler whether to send, builds the ArtDmx or sACN data
// packet with the existing builders, and hands it to the sink for each target; with artnetSync on,
// one ArtSync follows to every target that got an ArtDmx in that tick.
// Nothing is sent unless the settings are enabled and hold an enabled universe.

#include "DmxFrame.h"
#include "OutputScheduler.h"
#include "OutputSettings.h"
#include "OutputTargets.h"
#include "SacnParser.h"

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace dmxin {

// Receives each packet to send. Called on the sender thread, inside OutputSession::tick; `bytes` is
// only valid during the call.
class OutputPacketSink {
public:
    virtual ~OutputPacketSink() = default;
    virtual void sendPacket(std::span<const std::uint8_t> bytes, const OutputTarget& to) noexcept = 0;
    // Called before the packets of one universe's frame (`universe`), and with nullptr before an
    // ArtSync round (no universe), so a sink can count per universe without parsing packets.
    virtual void beginUniverse(const UniverseId* universe) noexcept { (void)universe; }
};

class OutputSession {
public:
    // Message thread (allocates). A nil CID is replaced by a random one (see cid()): the instance
    // should assign and save one before, so consoles see the same source after a reload.
    explicit OutputSession(const OutputSettings& settings);

    // Sender thread. slotValues[i] is parameter slot i + 1 (0..1). Never allocates.
    void tick(std::uint64_t nowNs, std::span<const float> slotValues, OutputPacketSink& sink) noexcept;

    // Sender thread. Output stops: later ticks send sACN's termination packets, then nothing.
    void stop() noexcept;
    // Sender thread (or with the sender's lock held), before `previous` is stopped: edited settings
    // replace a running session. A universe both send (same universe, same CID for sACN) goes on as
    // one stream: with the same targets it is handed over and `previous` forgets it (no termination,
    // no restart); with other targets `previous` terminates it there and this session numbers its
    // packets after those terminations. Never allocates.
    void takeOver(OutputSession& previous) noexcept;

    // Sender thread. The instance is going away now: stop, and send every termination packet that is
    // left back to back instead of one per period, so a 1 Hz output does not hold its owner for 3 s.
    void finish(OutputPacketSink& sink) noexcept;
    // Sender thread. Stopped and every termination sent (or never started): the session can go.
    bool finished() const noexcept;

    // Sender thread. The earliest time a tick may send anything (0: at once). Changes in slot values
    // are only seen by ticks, so a sender ticks at least this often while the session runs.
    std::uint64_t nextWakeNs() const noexcept;

    std::size_t universeCount() const noexcept { return universes_.size(); }
    const SacnCid& cid() const noexcept { return cid_; }

private:
    struct Universe {
        OutputUniverse settings;
        std::vector<OutputTarget> targets;
        OutputScheduler scheduler;
    };

    void send(const Universe& u, OutputSend what, OutputPacketSink& sink) noexcept;

    std::vector<Universe> universes_;
    SacnCid cid_{};
    std::string sourceName_;
    bool artnetSync_ = false;
    std::vector<OutputTarget> syncTargets_;   // capacity reserved: every Art-Net target
    std::array<std::uint8_t, kDmxSlots> image_{};
    std::array<std::uint8_t, kSacnMaxDataPacket> packet_{};
};

} // namespace dmxin
