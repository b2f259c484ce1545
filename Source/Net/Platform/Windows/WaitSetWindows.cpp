// WaitSet on Windows: WSAPoll over sockets. A kNoHandle slot is ignored (INVALID_SOCKET), and a
// set with no socket at all sleeps for the timeout (WSAPoll would fail at once).
#include "../WaitSet.h"
#include "Winsock.h"

namespace dmxin::net {

int WaitSet::wait(int timeoutMs) noexcept {
    std::array<WSAPOLLFD, kCapacity> fds{};
    ULONG valid = 0;
    std::array<std::size_t, kCapacity> slotOf{};
    for (std::size_t i = 0; i < count_; ++i) {
        entries_[i].readable = entries_[i].hungUp = false;
        if (entries_[i].handle == kNoHandle)
            continue;
        fds[valid] = WSAPOLLFD{win::socketOf(entries_[i].handle), POLLRDNORM, 0};
        slotOf[valid] = i;
        ++valid;
    }
    if (valid == 0) {
        Sleep(static_cast<DWORD>(timeoutMs < 0 ? 0 : timeoutMs));
        return 0;
    }
    const int ready = WSAPoll(fds.data(), valid, timeoutMs);
    if (ready <= 0)
        return 0;
    for (ULONG k = 0; k < valid; ++k) {
        Entry& e = entries_[slotOf[k]];
        e.readable = (fds[k].revents & POLLRDNORM) != 0;
        e.hungUp = (fds[k].revents & (POLLHUP | POLLERR | POLLNVAL)) != 0;
    }
    return ready;
}

} // namespace dmxin::net
