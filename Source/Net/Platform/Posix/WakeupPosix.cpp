// Wakeup on POSIX: a non-blocking pipe; signal writes a byte, drain reads them all.
#include "../Wakeup.h"
#include "PosixFd.h"

#include <cstdint>

namespace dmxin::net {

Wakeup::Wakeup() {
    int fds[2] = {-1, -1};
    if (::pipe(fds) != 0)
        return;
    if (!posix::makeNonBlockingCloseOnExec(fds[0]) || !posix::makeNonBlockingCloseOnExec(fds[1])) {
        ::close(fds[0]);
        ::close(fds[1]);
        return;
    }
    readEnd_ = fds[0];
    writeEnd_ = fds[1];
}

Wakeup::~Wakeup() {
    if (readEnd_ != kNoHandle)
        ::close(posix::fdOf(readEnd_));
    if (writeEnd_ != kNoHandle)
        ::close(posix::fdOf(writeEnd_));
}

void Wakeup::signal() noexcept {
    if (writeEnd_ == kNoHandle)
        return;
    const std::uint8_t b = 1;
    [[maybe_unused]] const auto r = ::write(posix::fdOf(writeEnd_), &b, 1);   // full pipe: already signalled
}

void Wakeup::drain() noexcept {
    std::uint8_t buffer[16];
    while (readEnd_ != kNoHandle && ::read(posix::fdOf(readEnd_), buffer, sizeof buffer) > 0) {}
}

} // namespace dmxin::net
