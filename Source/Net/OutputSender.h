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
// Threads: acquire/existing/create/setOutput/removeOutput/ownFilter/stats/localPort from any non-audio
// thread; they take a mutex the sender thread holds while it ticks (microseconds).
// Lifetime: the thread is joined in the destructor, after every session has sent its sACN
// termination packets. The registry holds only a weak reference, so the last instance that drops
// its shared_ptr ends the thread before its own destructor returns.

#include "Core/OutputSession.h"
#include "Core/OutputSettings.h"
#include "Core/OutputSlotValues.h"
#include "Core/OwnOutputFilter.h"
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

private:
    struct Entry {
        OutputId id = 0;
        bool retiring = false;   // stopped: only termination packets are left
        std::unique_ptr<OutputSession> session;
        std::shared_ptr<const OutputSlotValues> values;
    };
    class SocketSink;

    explicit OutputSender(const std::string& bindAddress);
    void run();
    void retire(OutputId id);   // with mutex_ held

    UdpSocket socket_;
    std::uint32_t boundIp_ = 0;
    bool open_ = false;
    std::string openError_;

    mutable std::mutex mutex_;
    std::condition_variable changed_;
    bool quit_ = false;
    std::vector<Entry> entries_;
    Stats stats_;
    std::thread thread_;
};

} // namespace dmxin::net
