#pragma once
// When one output universe sends, and with which sequence number. Pure logic driven by the time the
// caller passes in (steady-clock nanoseconds): no clock, no allocation, so tests step time exactly
// and the sender thread owns one scheduler per universe. Sender thread only (one owner).
//
// Rules (ARTNET.md sections 2, 6 and 8):
// - At most one frame per period, period = 1 s / rateHz in whole nanoseconds (44 Hz: 22 727 272 ns).
// - The first poll sends the current image. After that only a changed image is sent, except:
//   sACN repeats a changed frame until 3 identical packets have gone (E1.31 senders' "send on change"
//   rule, so a lost packet is repaired), and both protocols repeat the last frame as a keep-alive
//   when kKeepAliveNs has passed since the last packet.
// - Sequence numbers count every packet of the universe: Art-Net 1..255 then wraps to 1 (0 means
//   "sequencing disabled" and is never sent); sACN 0..255 then wraps to 0.
// - stop(): sACN sends the last frame kTerminationPackets more times with Stream_Terminated set, one
//   per period, so receivers release the universe at once instead of after their 2.5 s timeout;
//   Art-Net has no termination and stops at once. A universe that never sent terminates nothing.

#include "DmxFrame.h"
#include "UniverseId.h"

#include <array>
#include <cstdint>
#include <span>

namespace dmxin {

enum class OutputSendKind : std::uint8_t {
    None = 0,    // nothing to send now
    Data,        // a new or changed frame (or, for sACN, one of its repeats)
    KeepAlive,   // the unchanged last frame, because kKeepAliveNs passed
    Terminate,   // sACN: the last frame with Stream_Terminated set
};

struct OutputSend {
    OutputSendKind kind = OutputSendKind::None;
    std::uint8_t sequence = 0;   // the packet's sequence number (when kind != None)
};

class OutputScheduler {
public:
    // 0.9 s: inside the 800-1000 ms that both Art-Net and E1.31 recommend, with room for a late wake
    // before the 1 s bound.
    static constexpr std::uint64_t kKeepAliveNs = 900'000'000;
    static constexpr int kSacnIdenticalPackets = 3;
    static constexpr int kTerminationPackets = 3;

    // rateHz is clamped to 1..1000 (OutputRules allows 1..44).
    OutputScheduler(DmxProtocol protocol, int rateHz) noexcept;

    std::uint64_t periodNs() const noexcept { return periodNs_; }

    // Decides what to send at nowNs for the universe's current image. When the answer is not None the
    // caller sends a packet with that sequence: for Data the current image (now the last sent), for
    // KeepAlive and Terminate lastSent() (the same bytes for KeepAlive).
    OutputSend poll(std::uint64_t nowNs, std::span<const std::uint8_t, kDmxSlots> image) noexcept;

    // The output stops (turned off, removed, instance closing): see the rules above.
    void stop() noexcept;
    bool stopping() const noexcept { return stopping_; }
    // Stopped and nothing left to send: the scheduler can be dropped.
    bool finished() const noexcept { return stopping_ && terminationsLeft_ == 0; }

    // The earliest time poll may send again (0 before the first packet): the sender's next wake.
    std::uint64_t nextAllowedNs() const noexcept { return sentAny_ ? lastSendNs_ + periodNs_ : 0; }

    const std::array<std::uint8_t, kDmxSlots>& lastSent() const noexcept { return lastSent_; }

    // When edited settings replace a running universe, the new scheduler carries on the old stream
    // so receivers see one source: sACN receivers discard a sequence number up to 20 behind the last
    // one, and a restart would also resend an unchanged frame. Sender thread (or its owner's lock).
    // continueFrom: the same stream goes on (sequence, last frame, timing, pending repeats).
    void continueFrom(const OutputScheduler& old) noexcept;
    // continueSequence: the old stream still sends `pending` packets (its termination) and then
    // this one starts afresh, numbered after them.
    void continueSequence(const OutputScheduler& old, int pending) noexcept;
    // How many packets a stop() now would still send (sACN that has sent: kTerminationPackets).
    int packetsAfterStop() const noexcept;

private:
    std::uint8_t nextSequence() noexcept;
    OutputSend sent(OutputSendKind kind, std::uint64_t nowNs) noexcept;

    DmxProtocol protocol_;
    std::uint64_t periodNs_;
    std::uint64_t lastSendNs_ = 0;
    bool sentAny_ = false;
    bool stopping_ = false;
    int repeatsLeft_ = 0;
    int terminationsLeft_ = 0;
    std::uint8_t sequence_;                      // the next packet's number
    std::array<std::uint8_t, kDmxSlots> lastSent_{};
};

} // namespace dmxin
