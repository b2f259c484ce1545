#pragma once
// WaitSet: waits until one of a set of handles (UDP sockets, a Wakeup, local-link connections) has
// something to read, with a timeout. POSIX: poll(). Windows: WSAPoll() when the set holds only
// sockets; with local-link pipes, WSAEventSelect and the pipes' overlapped I/O events in one
// WaitForMultipleObjects.
// Filled again before each wait: add() in a fixed order, wait(), then ask each slot. No allocation.
// Threads: one owner at a time (the hub's receive thread).

#include "NativeHandle.h"

#include <array>
#include <cstddef>

namespace dmxin::net {

class WaitSet {
public:
    // The hub's Art-Net socket and wakeup, 16 sACN sockets, and a local leader's listening socket
    // with 64 followers fit.
    static constexpr std::size_t kCapacity = 96;

    void clear() noexcept { count_ = 0; }
    // Adds a handle and returns its slot (kCapacity when full: never reported ready). kNoHandle
    // takes a slot that is never ready, so slots keep their order whatever is open.
    std::size_t add(NativeHandle handle) noexcept;
    std::size_t size() const noexcept { return count_; }

    // Blocks until a handle is ready or timeoutMs passes. Returns how many are ready (0: timeout).
    int wait(int timeoutMs) noexcept;

    // After wait(): data (or an end of stream) to read / the peer hung up or the handle failed.
    bool readable(std::size_t slot) const noexcept { return slot < count_ && entries_[slot].readable; }
    bool hungUp(std::size_t slot) const noexcept { return slot < count_ && entries_[slot].hungUp; }

private:
    struct Entry {
        NativeHandle handle = kNoHandle;
        bool readable = false;
        bool hungUp = false;
    };
    std::array<Entry, kCapacity> entries_{};
    std::size_t count_ = 0;
};

inline std::size_t WaitSet::add(NativeHandle handle) noexcept {
    if (count_ == kCapacity)
        return kCapacity;
    entries_[count_] = Entry{handle, false, false};
    return count_++;
}

} // namespace dmxin::net
