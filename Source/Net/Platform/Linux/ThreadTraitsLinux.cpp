#include "../ThreadTraits.h"

#include <pthread.h>
#include <sched.h>

namespace dmxin::net {

void nameThisThread(const char* name) noexcept {
    pthread_setname_np(pthread_self(), name);
}

void raiseThisThreadPriority() noexcept {
    // SCHED_FIFO needs an rtprio rlimit (audio users usually have one); without it this fails and
    // the thread stays SCHED_OTHER.
    sched_param sp{};
    sp.sched_priority = 10;
    pthread_setschedparam(pthread_self(), SCHED_FIFO, &sp);
}

} // namespace dmxin::net
