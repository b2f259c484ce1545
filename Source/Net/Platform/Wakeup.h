#pragma once
// Wakeup: a handle a WaitSet can wait on, made readable from any thread, so a thread blocked in a
// wait (the receive thread) returns at once when its owner wants it to stop or to look again.
// POSIX: a non-blocking pipe. Windows: a loopback UDP socket that sends to itself (WSAPoll waits
// on sockets only).
// Threads: signal() from any thread; handle() and drain() on the thread that waits.

#include "NativeHandle.h"

namespace dmxin::net {

class Wakeup {
public:
    Wakeup();
    ~Wakeup();
    Wakeup(const Wakeup&) = delete;
    Wakeup& operator=(const Wakeup&) = delete;

    NativeHandle handle() const noexcept { return readEnd_; }   // kNoHandle if it could not be made
    void signal() noexcept;
    void drain() noexcept;

private:
    NativeHandle readEnd_ = kNoHandle;
    NativeHandle writeEnd_ = kNoHandle;   // the same socket as readEnd_ on Windows
};

} // namespace dmxin::net
