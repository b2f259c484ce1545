#pragma once
// OutputConnection: one instance's output (host -> rig, DESIGN.md "Output"). It keeps the
// instance's OutputSettings (saved in the state), the OutputSlotValues the audio thread publishes
// into, and the instance's id at the process-wide OutputSender. It holds the sender only while an
// output is configured and allowed: a default instance opens no output socket and sends nothing.
// Before an output starts it tells the process's receivers what it will look like, and after it
// stops it says so (net/OwnOutputRelay.h), so what it sends never comes back in as input.
//
// Threads:
//  - apply, settings, setSendingAllowed, sendingAllowed, status, close, the destructor: the control
//    side (message thread or one non-audio thread at a time; the processor serialises them).
//  - publish: the audio thread, or the message thread when the host stops calling processBlock.
//    Wait-free (relaxed atomic stores): no allocation, lock or syscall. Both may run at once; each
//    stores the parameters' current values, so either order is right.

#include "ParameterBank.h"

#include "Core/OutputSettings.h"
#include "Core/OutputSlotValues.h"
#include "Net/OutputSender.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

namespace dmxin {

struct OutputStatus {
    bool allowed = true;            // false: sending is off for this run (--output-off)
    bool sending = false;           // an output is configured, allowed, and handed to the sender
    std::size_t universes = 0;      // enabled output universes in the settings
    std::uint64_t packetsSent = 0;  // by this process's sender (every instance), 0 without one
    std::uint64_t sendErrors = 0;
    std::string error;              // the sender's socket could not be opened (with the reason)
    // This instance's own packets, send errors (the last one in the system's words) and per-universe
    // counts, since its output last started; zeros while nothing is sent.
    net::OutputSender::OutputCounts own;
};

class OutputConnection {
public:
    // Control side. Opens nothing and sends nothing. `bank` (the instance's parameters) outlives this.
    explicit OutputConnection(const ParameterBank& bank);
    // Control side: close().
    ~OutputConnection();
    OutputConnection(const OutputConnection&) = delete;
    OutputConnection& operator=(const OutputConnection&) = delete;

    // Control side. Applies validated settings (OutputRules): starts, replaces or stops this
    // instance's output. Settings that send something and have the nil CID get a fresh random CID,
    // as does a CID another live instance of this process already uses (a duplicated track); the
    // CID is kept in settings(), so the state saves it and consoles see the same source after a
    // reload.
    void apply(const OutputSettings& settings);
    const OutputSettings& settings() const noexcept { return settings_; }

    // Control side. Off: nothing is sent whatever the settings (they are kept and saved); on again
    // applies them.
    void setSendingAllowed(bool allowed);
    bool sendingAllowed() const noexcept { return allowed_; }

    OutputStatus status() const;

    // Control side. Stops the output (sACN streams terminate) and lets go of the sender; when this
    // was its last holder, the sender thread has sent the terminations and ended when this returns.
    void close();

    // Audio thread (see above). Copies every slot parameter's value into the values the sender
    // reads; does nothing while no output is sending.
    void publish() noexcept;

private:
    void update();   // control side: hand settings_ to the sender, or stop
    void copySlots() noexcept;

    const ParameterBank& bank_;
    OutputSettings settings_;
    bool allowed_ = true;
    const net::OutputSender::OutputId id_;
    const std::shared_ptr<OutputSlotValues> values_;   // shared with the sender, never replaced
    std::shared_ptr<net::OutputSender> sender_;        // null while nothing is sent
    std::atomic<bool> sending_{false};                 // read by publish
};

} // namespace dmxin
