// Interposes the lock and syscall entry points named in AllocationCounter.h: the test executable's
// definitions win over libc's at dynamic link time, so calls from our code, JUCE and libstdc++
// (std::mutex -> pthread_mutex_lock) land here first. Each counts when the calling thread is inside
// a ScopedAllocationCheck, then forwards to libc's own function (dlsym RTLD_NEXT, resolved once).
// Calls inside libc itself use internal aliases and are not seen; that is fine: the check is
// about what the audio callback asks for.

#include "AllocationCounter.h"

// Under ASan/TSan the sanitizer runtime intercepts these same functions; a second interposer
// would bypass it (dlsym RTLD_NEXT finds libc's), so sanitized builds count allocations only.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define DMXIN_NO_INTERPOSE 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define DMXIN_NO_INTERPOSE 1
#endif
#endif

#ifndef DMXIN_NO_INTERPOSE

#include <dlfcn.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cstdarg>

using dmxin::testing::detail::noteLock;
using dmxin::testing::detail::noteSyscall;

namespace {
template <typename Fn>
Fn next(const char* name) noexcept {
    return reinterpret_cast<Fn>(::dlsym(RTLD_NEXT, name));
}
} // namespace

#define DMXIN_FORWARD(kind, ret, name, params, args)                                \
    extern "C" ret name params {                                                    \
        static const auto real = next<ret(*) params>(#name);                        \
        kind(#name);                                                                \
        return real args;                                                           \
    }

DMXIN_FORWARD(noteLock, int, pthread_mutex_lock, (pthread_mutex_t* m), (m))
DMXIN_FORWARD(noteLock, int, pthread_mutex_trylock, (pthread_mutex_t* m), (m))
DMXIN_FORWARD(noteLock, int, pthread_rwlock_rdlock, (pthread_rwlock_t* l), (l))
DMXIN_FORWARD(noteLock, int, pthread_rwlock_wrlock, (pthread_rwlock_t* l), (l))
DMXIN_FORWARD(noteLock, int, pthread_cond_wait, (pthread_cond_t* c, pthread_mutex_t* m), (c, m))
DMXIN_FORWARD(noteLock, int, pthread_cond_timedwait, (pthread_cond_t* c, pthread_mutex_t* m, const struct timespec* t), (c, m, t))
DMXIN_FORWARD(noteLock, int, sem_wait, (sem_t* s), (s))

DMXIN_FORWARD(noteSyscall, ssize_t, read, (int fd, void* b, size_t n), (fd, b, n))
DMXIN_FORWARD(noteSyscall, ssize_t, write, (int fd, const void* b, size_t n), (fd, b, n))
DMXIN_FORWARD(noteSyscall, ssize_t, send, (int fd, const void* b, size_t n, int f), (fd, b, n, f))
DMXIN_FORWARD(noteSyscall, ssize_t, sendto, (int fd, const void* b, size_t n, int f, const struct sockaddr* a, socklen_t l), (fd, b, n, f, a, l))
DMXIN_FORWARD(noteSyscall, ssize_t, sendmsg, (int fd, const struct msghdr* m, int f), (fd, m, f))
DMXIN_FORWARD(noteSyscall, ssize_t, recv, (int fd, void* b, size_t n, int f), (fd, b, n, f))
DMXIN_FORWARD(noteSyscall, ssize_t, recvfrom, (int fd, void* b, size_t n, int f, struct sockaddr* a, socklen_t* l), (fd, b, n, f, a, l))
DMXIN_FORWARD(noteSyscall, ssize_t, recvmsg, (int fd, struct msghdr* m, int f), (fd, m, f))
DMXIN_FORWARD(noteSyscall, int, poll, (struct pollfd* f, nfds_t n, int t), (f, n, t))
DMXIN_FORWARD(noteSyscall, int, nanosleep, (const struct timespec* a, struct timespec* b), (a, b))
DMXIN_FORWARD(noteSyscall, int, clock_nanosleep, (clockid_t c, int f, const struct timespec* a, struct timespec* b), (c, f, a, b))
DMXIN_FORWARD(noteSyscall, int, sched_yield, (), ())

extern "C" int open(const char* path, int flags, ...) {
    static const auto real = next<int (*)(const char*, int, ...)>("open");
    noteSyscall("open");
    va_list ap;
    va_start(ap, flags);
    const mode_t mode = (flags & O_CREAT) != 0 ? static_cast<mode_t>(va_arg(ap, int)) : 0;
    va_end(ap);
    return real(path, flags, mode);
}

extern "C" int openat(int dir, const char* path, int flags, ...) {
    static const auto real = next<int (*)(int, const char*, int, ...)>("openat");
    noteSyscall("openat");
    va_list ap;
    va_start(ap, flags);
    const mode_t mode = (flags & O_CREAT) != 0 ? static_cast<mode_t>(va_arg(ap, int)) : 0;
    va_end(ap);
    return real(dir, path, flags, mode);
}

extern "C" long syscall(long number, ...) {
    static const auto real = next<long (*)(long, ...)>("syscall");
    noteSyscall("syscall");
    va_list ap;
    va_start(ap, number);
    long a[6];
    for (long& v : a)
        v = va_arg(ap, long);
    va_end(ap);
    return real(number, a[0], a[1], a[2], a[3], a[4], a[5]);
}

#endif // DMXIN_NO_INTERPOSE
