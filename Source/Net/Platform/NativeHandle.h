#pragma once
// The one handle type the platform layer hands out: a POSIX file descriptor, or a Winsock SOCKET
// or Windows HANDLE (both fit in intptr_t). kNoHandle means "none" on every system, so code above
// the platform layer never needs to know which kind it holds.

#include <cstdint>

namespace dmxin::net {

using NativeHandle = std::intptr_t;
inline constexpr NativeHandle kNoHandle = -1;   // INVALID_SOCKET and INVALID_HANDLE_VALUE are -1 too

} // namespace dmxin::net
