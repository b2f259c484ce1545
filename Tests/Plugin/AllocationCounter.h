#pragma once
// Counts, on the current thread while a ScopedAllocationCheck is alive, what the audio thread must
// never do:
//   - heap allocations: global operator new is replaced (AllocationCounter.cpp);
//   - locks and blocking waits: pthread_mutex_lock/trylock, pthread_rwlock_rdlock/wrlock,
//     pthread_cond_wait/timedwait, sem_wait (std::mutex, std::condition_variable and JUCE's
//     CriticalSection all end in these) are interposed in the test binary (LockSyscallCounter.cpp);
//   - syscalls through the libc wrappers a callback could reach: read, write, send/sendto/sendmsg,
//     recv/recvfrom/recvmsg, poll, nanosleep/clock_nanosleep, sched_yield, open/openat, syscall().
// Used to prove processBlock never allocates, locks or makes a syscall. (vDSO clock_gettime is
// not a syscall and is allowed.)

#include <cstddef>
#include <string>

namespace dmxin::testing {

struct ScopedAllocationCheck {
    ScopedAllocationCheck();
    ~ScopedAllocationCheck();
    std::size_t allocations() const;
    std::size_t locks() const;
    std::size_t syscalls() const;
    // The name of the first lock or syscall seen, for the failure message ("" when none).
    const char* firstViolation() const;
};

// Totals over several checked stretches (e.g. one ScopedAllocationCheck per audio block), with
// the first lock or syscall seen for the failure message.
struct CheckTotals {
    std::size_t allocations = 0, locks = 0, syscalls = 0;
    std::string firstViolation;
    void add(const ScopedAllocationCheck& check) {
        allocations += check.allocations();
        locks += check.locks();
        syscalls += check.syscalls();
        if (firstViolation.empty() && *check.firstViolation() != 0)
            firstViolation = check.firstViolation();
    }
};

// Counts the locks and blocking waits taken by every thread with this name (its pthread name, as
// set by the thread itself) while it is alive: how a test shows another thread (the hub's receive
// thread) takes no lock for its work. One at a time. POSIX (pthread_getname_np).
struct NamedThreadLockCount {
    explicit NamedThreadLockCount(const char* threadName);
    ~NamedThreadLockCount();
    std::size_t locks() const;
};

namespace detail {
bool counting() noexcept;
void noteLock(const char* what) noexcept;
void noteSyscall(const char* what) noexcept;
} // namespace detail

} // namespace dmxin::testing
