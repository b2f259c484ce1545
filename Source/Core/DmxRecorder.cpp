#include "DmxRecorder.h"

#include "SteadyClock.h"

#include <chrono>

namespace dmxin {

bool DmxRecorder::start(const std::string& path, std::string& error) {
    stop();
    if (!writer_.open(path, steadyNowNs(), error))
        return false;
    frames_ = 0;
    bytes_ = 0;
    {
        std::lock_guard lock(mutex_);
        stopRequested_ = false;
    }
    running_ = true;
    thread_ = std::thread([this] { run(); });
    return true;
}

void DmxRecorder::stop() {
    {
        std::lock_guard lock(mutex_);
        stopRequested_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable())
        thread_.join();
    if (writer_.isOpen()) {
        drain();
        writer_.close();
        bytes_ = writer_.bytesWritten();
    }
    running_ = false;
}

void DmxRecorder::drain() {
    DmxFrame f;
    while (queue_.try_pop(f)) {
        writer_.append(f);
        ++frames_;
    }
}

void DmxRecorder::run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        // The producer is the receive thread, which must not wait on this one: poll its queue.
        const bool stopping = wake_.wait_for(lock, std::chrono::milliseconds(10), [&] { return stopRequested_; });
        drain();
        writer_.flushIfDue(steadyNowNs());
        bytes_ = writer_.bytesWritten();
        if (stopping)
            return;
    }
}

} // namespace dmxin
