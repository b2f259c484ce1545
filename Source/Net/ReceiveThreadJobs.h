#pragma once
// ReceiveThreadJobs: runs control-thread work on the hub's receive thread, so everything that work
// touches (the subscribers, their mergers and status, the poll replies) has one owner and the
// receive path reads it without a lock. A control thread hands over a job and waits until the
// receive thread has run it; the receive thread looks for jobs once per loop pass (one atomic
// load when there are none), never per packet.
//
// When no thread serves (a detached hub driven by its caller, or before the receive thread starts
// and after it stops), run() runs the job at once on the calling thread, one caller at a time.
//
// Threads: run() from any non-audio thread, the receive thread included (it then runs the job in
// place); serve(), startServing() and stopServing() from the serving (receive) thread only.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace dmxin::net {

class ReceiveThreadJobs {
public:
    // `wake` makes the serving thread's wait return (the hub's wake-up handle).
    explicit ReceiveThreadJobs(std::function<void()> wake) : wake_(std::move(wake)) {}

    // Runs `job` on the serving thread (or here, see above) and returns once it has run. The job
    // must not wait for anything the serving thread does later. Allocates: never the audio thread.
    void run(const std::function<void()>& job);

    // Serving thread: from now on jobs run here, at serve().
    void startServing();
    // Serving thread: runs the queued jobs, if any.
    void serve() {
        if (pending_.load(std::memory_order_acquire))
            serveQueued();
    }
    // Serving thread, on its way out: runs what is queued; later jobs run on their callers' threads.
    void stopServing();

    // True when a thread serves and it is not the caller: work on the serving thread's state must
    // then go through run(). Any thread; no lock.
    bool mustHandOver() const noexcept {
        const std::thread::id serving = servingThread_.load(std::memory_order_acquire);
        return serving != std::thread::id{} && serving != std::this_thread::get_id();
    }

    // How many times the serving thread found jobs and took the lock to run them (tests and
    // benchmarks check that the receive path does not lock per packet).
    std::uint64_t passes() const noexcept { return passes_.load(std::memory_order_relaxed); }

private:
    void serveQueued();

    const std::function<void()> wake_;
    std::mutex mutex_;                       // leaf, except while a job runs in place (see run())
    std::condition_variable done_;
    std::vector<const std::function<void()>*> queue_;   // the callers' jobs; they wait, so they live
    std::uint64_t queued_ = 0, completed_ = 0;           // tickets, under mutex_
    bool serving_ = false;                               // under mutex_
    std::atomic<std::thread::id> servingThread_{};   // read for every packet (mustHandOver)
    static_assert(std::atomic<std::thread::id>::is_always_lock_free, "mustHandOver must not lock");
    std::atomic<bool> pending_{false};
    std::atomic<std::uint64_t> passes_{0};
};

} // namespace dmxin::net
