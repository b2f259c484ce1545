#include "ReceiveThreadJobs.h"

namespace dmxin::net {

void ReceiveThreadJobs::run(const std::function<void()>& job) {
    if (servingThread_.load(std::memory_order_acquire) == std::this_thread::get_id()) {
        job();   // the serving thread itself (a callback of its own loop): nothing to hand over
        return;
    }
    std::unique_lock lock(mutex_);
    if (!serving_) {
        // Nobody else runs jobs now; the lock keeps callers from running theirs at the same time.
        job();
        return;
    }
    const std::uint64_t ticket = ++queued_;
    queue_.push_back(&job);
    pending_.store(true, std::memory_order_release);
    lock.unlock();
    wake_();
    lock.lock();
    // stopServing() runs every job queued before it returns, so `serving_` cannot end first.
    done_.wait(lock, [&] { return completed_ >= ticket; });
}

void ReceiveThreadJobs::startServing() {
    std::lock_guard lock(mutex_);
    serving_ = true;
    servingThread_.store(std::this_thread::get_id(), std::memory_order_release);
}

void ReceiveThreadJobs::serveQueued() {
    std::vector<const std::function<void()>*> jobs;
    std::uint64_t upTo = 0;
    {
        std::lock_guard lock(mutex_);
        jobs.swap(queue_);
        upTo = queued_;
        pending_.store(false, std::memory_order_relaxed);
    }
    passes_.fetch_add(1, std::memory_order_relaxed);
    // Outside the lock: a job may hand over another (run() sees the serving thread and runs it).
    for (const auto* job : jobs)
        (*job)();
    {
        std::lock_guard lock(mutex_);
        completed_ = upTo;
    }
    done_.notify_all();
}

void ReceiveThreadJobs::stopServing() {
    std::unique_lock lock(mutex_);
    while (!queue_.empty()) {
        lock.unlock();
        serveQueued();
        lock.lock();
    }
    serving_ = false;
    servingThread_.store(std::thread::id{}, std::memory_order_release);
}

} // namespace dmxin::net
