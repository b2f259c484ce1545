#pragma once
// The one clock every timestamp in DMX In is read from: arrival times stamped on the receive thread,
// block starts on the audio thread, source timeouts, learn windows and recordings all compare with
// each other, so they must come from the same monotonic clock in the same unit.
//
// Threads: any thread, the audio thread included. steady_clock never jumps with wall-clock changes,
// and on Linux it is a vDSO read, not a system call.

#include <chrono>
#include <cstdint>

namespace dmxin {

// Nanoseconds since an unspecified start (steady_clock's epoch); only differences mean anything.
inline std::uint64_t steadyNowNs() noexcept {
    return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                          std::chrono::steady_clock::now().time_since_epoch())
                                          .count());
}

} // namespace dmxin
