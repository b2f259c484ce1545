#pragma once
// The process's one output thread (DESIGN.md "Output (host -> rig)"): it ticks every instance's
// OutputSession and sends their packets through one UDP socket of its own, bound to an ephemeral
// port so OwnOutputFilter can tell this process's Art-Net from every other sender's. It never
// touches the receive thread's sockets, and the audio thread only writes the OutputSlotValues each
// instance hands in, so neither of them waits for it.
//
// Timing: the thread sleeps until the earliest time a session may send, but at least kPollNs,
// because a changed slot value is only seen when a tick renders the frame (at most kPollNs late,
// and never more than one frame per period per universe, which OutputScheduler enforces).
//
// Threads: acquire/existing/create/setOutput/removeOutput/ownFilter/stats/counts/localPort from any
// non-audio thread; they take a mutex the sender thread holds while it ticks (microseconds). The
// sender thread counts under that same mutex, so the counts need no atomics of their own.
// Lifetime: the thread is joined in the destructor, after every session has sent its sACN
// termination packets. The registry holds only a weak reference, so the last instance that drops
// its shared_ptr ends the thread before its own destructor returns.

#include "Core/OutputSession.h"
#include "Core/OutputSettings.h"
#include "Core/OutputSlotValues.h"
#include "Core/OwnOutputFilter.h"
#include "Core/UniverseId.h"
#include "Net/Platform/UdpSocket.h"

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace dmxin::net {

class OutputSender {
public:
    static constexpr std::uint64_t kPollNs = 5'000'000;   // 5 ms

    using OutputId = std::uint64_t;   // chosen by the caller, one per instance

    struct Stats {
        std::uint64_t packetsSent = 0;
        std::uint64_t sendErrors = 0;     // sendTo refused (no route, interface gone ...)
        std::size_t sessions = 0;         // running plus still terminating
    };

    // One output universe's packets (every target of it, sACN terminations included).
    struct UniverseCounts {
        UniverseId universe;
        std::uint64_t packetsSent = 0;
        std::uint64_t sendErrors = 0;
    };
    // One instance's packets, since its output was first set on this sender. ArtSync packets count in
    // the totals only (they belong to no universe).
    struct OutputCounts {
        std::uint64_t packetsSent = 0;
        std::uint64_t sendErrors = 0;
        // The last refused send in the system's words, with where it went:
        // "sendto 10.0.0.9:6454: Network is unreachable"; empty when none failed.
        std::string lastError;
        std::vector<UniverseCounts> universes;   // the universes of the current settings, in their order
    };

    // The process-wide sender, made on first use and bound to 0.0.0.0:0.
    static std::shared_ptr<OutputSender> acquire();
    // The process-wide sender if one exists (some holder keeps it), else null; never makes one.
    static std::shared_ptr<OutputSender> existing();
    // A sender outside the registry (tests bind it to 127.0.0.1).
    static std::shared_ptr<OutputSender> create(const std::string& bindAddress);

    ~OutputSender();
    OutputSender(const OutputSender&) = delete;
    OutputSender& operator=(const OutputSender&) = delete;

    bool isOpen() const noexcept { return open_; }
    const std::string& openError() const noexcept { return openError_; }
    std::uint16_t localPort() const noexcept { return socket_.localPort(); }

    // Starts or replaces the output of instance `id`. A universe the new settings still send goes on
    // as the same stream (OutputSession::takeOver); the old session's other sACN streams terminate
    // over their next periods. Settings with nothing enabled just stop the old session. `values` is
    // shared with the caller, who keeps publishing into it.
    void setOutput(OutputId id, const OutputSettings& settings, std::shared_ptr<const OutputSlotValues> values);
    // Stops the output of instance `id` (sACN streams terminate); unknown ids are ignored.
    void removeOutput(OutputId id);

    // This process's own output as the receive path should recognise it: every session's CID and
    // this sender's socket.
    OwnOutputFilter ownFilter() const;
    Stats stats() const;
    // Instance `id`'s counts; zeros for an id this sender does not know (never set, or removed and
    // every termination sent). Allocates (the caller's thread).
    OutputCounts counts(OutputId id) const;

private:
    struct Entry {
        OutputId id = 0;
        bool retiring = false;   // stopped: only termination packets are left
        std::unique_ptr<OutputSession> session;
        std::shared_ptr<const OutputSlotValues> values;
    };
    // The sender thread's running counts of one instance: plain numbers under mutex_; the error
    // text is made by counts() on the reader's thread, so the sender thread never allocates for it.
    struct Counts {
        OutputId id = 0;
        std::uint64_t packetsSent = 0;
        std::uint64_t sendErrors = 0;
        int lastOsError = 0;              // lastSocketError() of the last refused send (0: none yet)
        bool socketClosed = false;        // ... or the socket was not open (no system call was made)
        OutputTarget lastErrorTarget;
        std::vector<UniverseCounts> universes;   // resized by setOutput only (control side)
    };
    class SocketSink;

    explicit OutputSender(const std::string& bindAddress);
    void run();
    void retire(OutputId id);   // with mutex_ held
    void keepCounts(OutputId id, const OutputSettings& settings);   // control side, with mutex_ held; allocates
    Counts* countsOf(OutputId id) noexcept;                         // with mutex_ held
    void dropIdleCounts() noexcept;                                 // sender thread, with mutex_ held

    UdpSocket socket_;
    std::uint32_t boundIp_ = 0;
    bool open_ = false;
    std::string openError_;

    mutable std::mutex mutex_;
    std::condition_variable changed_;
    bool quit_ = false;
    std::vector<Entry> entries_;
    std::vector<Counts> counts_;   // one per id with an entry; dropped with its last entry
    Stats stats_;
    std::thread thread_;
};

} // namespace dmxin::net
