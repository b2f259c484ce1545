#include "DmxReplayer.h"

#include "SteadyClock.h"

#include <chrono>

namespace dmxin {

DmxReplayer::DmxReplayer(DmxRecordingReader recording, SpscQueue<DmxFrame>& queue, bool loop, std::uint64_t loopGapNs)
    : recording_(std::move(recording)), durationNs_(recording_.durationNs()), queue_(queue), loop_(loop), loopGapNs_(loopGapNs) {}

DmxReplayer::~DmxReplayer() { stop(); }

void DmxReplayer::start() {
    if (thread_.joinable())
        return;
    {
        std::lock_guard lock(mutex_);
        stopRequested_ = false;
    }
    finished_ = false;
    thread_ = std::thread([this] { run(); });
}

void DmxReplayer::stop() {
    {
        std::lock_guard lock(mutex_);
        stopRequested_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable())
        thread_.join();
}

void DmxReplayer::run() {
    using namespace std::chrono;
    std::unique_lock lock(mutex_);
    // Waits until `dueNs` on the steady clock; false when stop() was asked meanwhile.
    auto waitUntil = [&](std::uint64_t dueNs) {
        const auto due = steady_clock::time_point(duration_cast<steady_clock::duration>(nanoseconds(dueNs)));
        return !wake_.wait_until(lock, due, [&] { return stopRequested_; });
    };
    if (recording_.frameCount() == 0) {
        finished_ = true;
        return;
    }
    std::uint64_t passStartNs = steadyNowNs();
    RecordedFrame rf;
    for (;;) {
        recording_.rewind();
        while (recording_.next(rf)) {
            const std::uint64_t dueNs = passStartNs + rf.timeNs;
            if (!waitUntil(dueNs))
                return;
            DmxFrame f = rf.frame;
            f.arrivalNs = steadyNowNs();
            while (!queue_.try_push(f))   // full: the consumer is behind; wait a little rather than drop
                if (!waitUntil(steadyNowNs() + 1'000'000ull))
                    return;
            ++queued_;
        }
        ++passes_;
        if (!loop_) {
            finished_ = true;
            return;
        }
        passStartNs += durationNs_ + loopGapNs_;
    }
}

} // namespace dmxin
