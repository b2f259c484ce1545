#include "../ThreadTraits.h"

#include <pthread.h>

namespace dmxin::net {

void nameThisThread(const char* name) noexcept {
#if defined(__APPLE__)
    pthread_setname_np(name);                  // macOS names only the calling thread
#elif defined(__linux__)
    pthread_setname_np(pthread_self(), name);
#else
    (void) name;                               // BSDs spell it pthread_set_name_np; a name is optional
#endif
}

void raiseThisThreadPriority() noexcept {
    // The portable request: the highest priority of the normal policy (no real-time rights needed).
    sched_param sp{};
    int policy = 0;
    if (pthread_getschedparam(pthread_self(), &policy, &sp) == 0) {
        sp.sched_priority = sched_get_priority_max(policy);
        pthread_setschedparam(pthread_self(), policy, &sp);
    }
}

} // namespace dmxin::net
