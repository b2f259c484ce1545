#pragma once
// DmxReplayer: plays a recording into an instance's frame queue at the original timing, once or
// looped, as if the frames came from the network: the consumer (DmxPipeline) cannot tell the
// difference, so a replay yields the same parameter stream the live traffic did. Its own thread is
// the queue's producer, so the queue's network producer (the ReceiverHub subscription) must be
// detached while a replay runs (the processor does that). A full queue is retried, not dropped:
// a replay never loses a frame, it delays it.
//
// Threads: construct, start, stop and destroy on one control thread (the message thread); the
// counters from any thread.

#include "DmxRecording.h"
#include "SpscQueue.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace dmxin {

class DmxReplayer {
public:
    // loopGapNs: the pause between the last frame and the first one of the next pass.
    // `recording` must be loaded (DmxRecordingReader::load); the replayer decodes it as it plays.
    DmxReplayer(DmxRecordingReader recording, SpscQueue<DmxFrame>& queue, bool loop,
                std::uint64_t loopGapNs = 25'000'000ull);
    ~DmxReplayer();
    DmxReplayer(const DmxReplayer&) = delete;
    DmxReplayer& operator=(const DmxReplayer&) = delete;

    void start();
    void stop();                 // joins the thread; after it the queue is never touched again
    bool finished() const noexcept { return finished_.load(); }   // once: every frame was queued
    std::uint64_t framesQueued() const noexcept { return queued_.load(); }
    std::uint64_t passes() const noexcept { return passes_.load(); }   // completed passes
    std::uint64_t durationNs() const noexcept { return durationNs_; }

private:
    void run();

    DmxRecordingReader recording_;   // the replay thread's while it runs
    const std::uint64_t durationNs_;
    SpscQueue<DmxFrame>& queue_;
    const bool loop_;
    const std::uint64_t loopGapNs_;
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopRequested_ = false;   // under mutex_
    std::atomic<bool> finished_{false};
    std::atomic<std::uint64_t> queued_{0}, passes_{0};
};

} // namespace dmxin
