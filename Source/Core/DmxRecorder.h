#pragma once
// DmxRecorder: records the frames that arrive in its queue to a file, on its own thread, so no
// receive or audio thread ever touches the disk. The receive side gives it the same frames an
// instance gets by subscribing the recorder's queue to the ReceiverHub with the instance's
// settings (NetworkConnection::setTap), so the recording is what the instance received.
// The thread drains the queue every 10 ms and the writer reaches the file at least once a second.
//
// Threads: start/stop/destroy on one control thread (the message thread); queue() is filled by one
// producer (the receive thread); counters from any thread.

#include "DmxRecording.h"
#include "SpscQueue.h"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace dmxin {

class DmxRecorder {
public:
    static constexpr std::size_t kQueueCapacity = 4096;   // ~1.5 s of 64 universes at 44 Hz

    DmxRecorder() = default;
    ~DmxRecorder() { stop(); }
    DmxRecorder(const DmxRecorder&) = delete;
    DmxRecorder& operator=(const DmxRecorder&) = delete;

    SpscQueue<DmxFrame>& queue() noexcept { return queue_; }

    // Opens the file and starts the thread; false with the reason when the file cannot be created.
    bool start(const std::string& path, std::string& error);
    // Writes what is queued, closes the file and joins the thread. Detach the queue's producer first.
    void stop();
    bool isRecording() const noexcept { return running_.load(); }

    std::uint64_t framesRecorded() const noexcept { return frames_.load(); }
    std::uint64_t bytesWritten() const noexcept { return bytes_.load(); }

private:
    void run();
    void drain();

    SpscQueue<DmxFrame> queue_{kQueueCapacity};
    DmxRecordingWriter writer_;
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopRequested_ = false;   // under mutex_
    std::atomic<bool> running_{false};
    std::atomic<std::uint64_t> frames_{0}, bytes_{0};
};

} // namespace dmxin
