#pragma once
// The Windows local link's objects as the WaitSet sees them (internal to the Windows backend).
//
// A local-link NativeHandle on Windows is not a system handle: it points to a backend object (a
// connection with its overlapped read and write, or a listener with its pending pipe instances
// and its election), tagged with the low bit set. Winsock SOCKETs are kernel handles, multiples of
// 4, so their low bit is always clear; kNoHandle (-1) is checked first. Code above the platform
// layer only passes these handles back, so the tag never leaks.

#include "Winsock.h"

#include <cstddef>

namespace dmxin::net::win {

inline bool isPipeHandle(NativeHandle h) noexcept { return h != kNoHandle && (h & 1) != 0; }

struct PipeReady {
    bool readable = false;   // a message, an end of stream or a failure to read; listener: a connection to accept
    bool hungUp = false;     // the peer closed or the pipe failed
};

// Before a wait: makes sure the object has I/O pending (a read, or instances waiting for
// clients). Returns true when it is ready now (ready filled in); otherwise appends the events its
// pending I/O signals to events[count..capacity) (sets overflow when they do not fit) and
// returns false.
bool preparePipeWait(NativeHandle h, PipeReady& ready, HANDLE* events, std::size_t& count, std::size_t capacity,
                     bool& overflow) noexcept;

// After a wait: what is ready now, without starting new I/O.
PipeReady pipeReadiness(NativeHandle h) noexcept;

} // namespace dmxin::net::win
