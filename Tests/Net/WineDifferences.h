#pragma once
// Where Wine's sockets are not Windows' (measured here, and listed in the README's Windows notes).
// Tests ask these instead of weakening a check everywhere: on Linux, macOS and real Windows every
// answer is false and the full check runs.
#include "Net/Platform/Process.h"

namespace dmxin::testing::wine {

// Wine 8 binds a UDP socket to an address that is not the machine's; Windows refuses with
// WSAEADDRNOTAVAIL (as Linux does with EADDRNOTAVAIL).
inline bool bindsAnyAddress() noexcept { return net::runningUnderWine(); }

} // namespace dmxin::testing::wine
