// WaitSet on POSIX: poll(). A kNoHandle slot becomes fd -1, which poll() ignores.
#include "../WaitSet.h"
#include "PosixFd.h"

#include <poll.h>

namespace dmxin::net {

int WaitSet::wait(int timeoutMs) noexcept {
    std::array<pollfd, kCapacity> fds;
    for (std::size_t i = 0; i < count_; ++i)
        fds[i] = pollfd{entries_[i].handle == kNoHandle ? -1 : posix::fdOf(entries_[i].handle), POLLIN, 0};
    const int ready = ::poll(fds.data(), static_cast<nfds_t>(count_), timeoutMs);
    for (std::size_t i = 0; i < count_; ++i) {
        const short r = ready > 0 ? fds[i].revents : 0;
        entries_[i].readable = (r & POLLIN) != 0;
        entries_[i].hungUp = (r & (POLLHUP | POLLERR | POLLNVAL)) != 0;
    }
    return ready < 0 ? 0 : ready;
}

} // namespace dmxin::net
