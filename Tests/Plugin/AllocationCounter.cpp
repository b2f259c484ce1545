#include "AllocationCounter.h"

#include <pthread.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <new>

namespace {
thread_local bool counting = false;
thread_local std::size_t count = 0;
thread_local std::size_t lockCount = 0;
thread_local std::size_t syscallCount = 0;
thread_local const char* first = "";
std::atomic<const char*> watchedThread{nullptr};   // NamedThreadLockCount
std::atomic<std::size_t> watchedLocks{0};

bool calledBy(const char* threadName) noexcept {
    char name[16] = {};
    return pthread_getname_np(pthread_self(), name, sizeof name) == 0 && std::strcmp(name, threadName) == 0;
}
} // namespace

namespace dmxin::testing {
ScopedAllocationCheck::ScopedAllocationCheck() {
    count = lockCount = syscallCount = 0;
    first = "";
    counting = true;
}
ScopedAllocationCheck::~ScopedAllocationCheck() { counting = false; }
std::size_t ScopedAllocationCheck::allocations() const { return count; }
std::size_t ScopedAllocationCheck::locks() const { return lockCount; }
std::size_t ScopedAllocationCheck::syscalls() const { return syscallCount; }
const char* ScopedAllocationCheck::firstViolation() const { return first; }

NamedThreadLockCount::NamedThreadLockCount(const char* threadName) {
    watchedLocks.store(0);
    watchedThread.store(threadName);
}
NamedThreadLockCount::~NamedThreadLockCount() { watchedThread.store(nullptr); }
std::size_t NamedThreadLockCount::locks() const { return watchedLocks.load(); }

namespace detail {
bool counting() noexcept { return ::counting; }
void noteLock(const char* what) noexcept {
    if (const char* watched = watchedThread.load(std::memory_order_relaxed); watched != nullptr && calledBy(watched))
        watchedLocks.fetch_add(1, std::memory_order_relaxed);
    if (!::counting)
        return;
    if (lockCount++ == 0 && syscallCount == 0)
        first = what;
}
void noteSyscall(const char* what) noexcept {
    if (!::counting)
        return;
    if (syscallCount++ == 0 && lockCount == 0)
        first = what;
}
} // namespace detail
} // namespace dmxin::testing

void* operator new(std::size_t size) {
    if (counting)
        ++count;
    if (void* p = std::malloc(size == 0 ? 1 : size))
        return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return ::operator new(size); }
// The nothrow forms too (Catch2 uses them): otherwise a sanitizer runtime serves them from its own
// allocator and our operator delete frees them with std::free (ASan: alloc-dealloc-mismatch), and
// they would escape the count.
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
    if (counting)
        ++count;
    return std::malloc(size == 0 ? 1 : size);
}
void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept { return ::operator new(size, tag); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
