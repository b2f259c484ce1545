// WaitSet on Windows. A kNoHandle slot is ignored.
//
// Sockets only (the receive thread's usual set): WSAPoll, as fast as it gets; a set with no
// handle at all sleeps for the timeout (WSAPoll would fail at once).
//
// With local-link pipes in the set (a local leader or follower), WSAPoll cannot help: it waits on
// sockets only. Then every socket is attached to one event of this thread with
// WSAEventSelect(FD_READ | FD_CLOSE), every pipe object makes sure it has overlapped I/O pending
// (a read; a listener's instances in ConnectNamedPipe) and names the events that I/O signals, and
// WaitForMultipleObjects waits on all of them. Readiness itself is always read directly
// (WSAPoll with timeout 0 for the sockets, the overlapped results for the pipes), before waiting
// (something may be ready already: then no wait) and after, so an event only ever means "look
// again". WSAEventSelect makes a socket non-blocking and detaching it (WSAEventSelect(s, 0, 0))
// does not undo that: every socket the Windows backend makes (UdpSocket, Wakeup) is
// non-blocking already (FIONBIO), so nothing changes for them.
// More than MAXIMUM_WAIT_OBJECTS events (a leader with over 60 followers) do not fit one wait:
// then the wait is cut to 1 ms slices and every object is looked at after each slice.

#include "../WaitSet.h"
#include "PipeLink.h"

#include <algorithm>

namespace dmxin::net {

namespace {
// The event this thread's sockets signal while they wait together with pipes.
struct SocketEvent {
    HANDLE event = CreateEventW(nullptr, TRUE, FALSE, nullptr);
    ~SocketEvent() {
        if (event != nullptr)
            CloseHandle(event);
    }
};

HANDLE socketEvent() noexcept {
    static thread_local SocketEvent e;
    return e.event;
}
} // namespace

int WaitSet::wait(int timeoutMs) noexcept {
    std::array<WSAPOLLFD, kCapacity> fds{};
    std::array<std::size_t, kCapacity> slotOf{};
    ULONG sockets = 0;
    bool pipes = false;
    for (std::size_t i = 0; i < count_; ++i) {
        entries_[i].readable = entries_[i].hungUp = false;
        const NativeHandle h = entries_[i].handle;
        if (h == kNoHandle)
            continue;
        if (win::isPipeHandle(h)) {
            pipes = true;
            continue;
        }
        fds[sockets] = WSAPOLLFD{win::socketOf(h), POLLRDNORM, 0};
        slotOf[sockets] = i;
        ++sockets;
    }

    // Reads WSAPoll's answer into the slots; returns how many sockets are ready.
    auto pollSockets = [&](int ms) -> int {
        if (sockets == 0)
            return 0;
        const int ready = WSAPoll(fds.data(), sockets, ms);
        if (ready <= 0)
            return 0;
        for (ULONG k = 0; k < sockets; ++k) {
            Entry& e = entries_[slotOf[k]];
            e.readable = (fds[k].revents & POLLRDNORM) != 0;
            e.hungUp = (fds[k].revents & (POLLHUP | POLLERR | POLLNVAL)) != 0;
        }
        return ready;
    };

    if (!pipes) {
        if (sockets == 0) {
            Sleep(static_cast<DWORD>(timeoutMs < 0 ? 0 : timeoutMs));
            return 0;
        }
        return pollSockets(timeoutMs);
    }

    // Sockets and pipes together.
    std::array<HANDLE, MAXIMUM_WAIT_OBJECTS> events{};
    std::size_t eventCount = 0;
    bool overflow = false;
    const HANDLE socketsReady = sockets > 0 ? socketEvent() : nullptr;
    if (socketsReady != nullptr) {
        ResetEvent(socketsReady);
        events[eventCount++] = socketsReady;
        for (ULONG k = 0; k < sockets; ++k)
            WSAEventSelect(fds[k].fd, socketsReady, FD_READ | FD_CLOSE);
    }

    // Pipes: pending I/O and its events, or ready now.
    auto lookAtPipes = [&](bool prepare) -> int {
        int ready = 0;
        for (std::size_t i = 0; i < count_; ++i) {
            Entry& e = entries_[i];
            if (!win::isPipeHandle(e.handle))
                continue;
            win::PipeReady r;
            if (prepare)
                win::preparePipeWait(e.handle, r, events.data(), eventCount, events.size(), overflow);
            else
                r = win::pipeReadiness(e.handle);
            e.readable = r.readable;
            e.hungUp = r.hungUp;
            ready += (r.readable || r.hungUp) ? 1 : 0;
        }
        return ready;
    };

    const ULONGLONG start = GetTickCount64();
    int ready = lookAtPipes(true) + pollSockets(0);
    while (ready == 0) {
        DWORD slice = INFINITE;
        if (timeoutMs >= 0) {
            const ULONGLONG spent = GetTickCount64() - start;
            if (spent >= static_cast<ULONGLONG>(timeoutMs))
                break;
            slice = static_cast<DWORD>(static_cast<ULONGLONG>(timeoutMs) - spent);
        }
        if (overflow)
            slice = std::min<DWORD>(slice, 1);
        if (eventCount == 0)
            Sleep(slice);
        else
            WaitForMultipleObjects(static_cast<DWORD>(eventCount), events.data(), FALSE, slice);
        if (socketsReady != nullptr)
            ResetEvent(socketsReady);   // before looking: a socket that becomes ready after it signals again
        ready = lookAtPipes(false) + pollSockets(0);
        // Nothing after a signal (a write completing on a duplex pipe, an FD_CLOSE already seen):
        // the pipes' events stay set until new I/O starts, so start it before waiting again.
        if (ready == 0) {
            eventCount = socketsReady != nullptr ? 1 : 0;
            overflow = false;
            ready = lookAtPipes(true) + pollSockets(0);
        }
    }

    for (ULONG k = 0; k < sockets; ++k)
        WSAEventSelect(fds[k].fd, nullptr, 0);   // detached; the socket stays non-blocking, as it was
    return ready;
}

} // namespace dmxin::net
