#pragma once
// Whether an IPv4 address is usable for receiving on this machine right now.
// Threads: the hub's receive thread, from its timer pass (about once a second). Never the audio thread.

#include <cstdint>

namespace dmxin::net {

// True when ip (host byte order) is an address of this machine on an interface that is up. Two
// checks: a throwaway UDP bind to the address on port 0 fails with "address not available" exactly
// when the real bind would (the address was deleted, or its interface removed), and it knows the
// whole 127/8 block on loopback; but an address whose link is down stays bindable while nothing can
// reach it, so the interface list then says whether an interface carrying the address is up. Only
// "address not available" from the probe counts as "not here": any other failure (out of handles)
// says nothing about the address. An address the list does not show is judged by the probe alone.
bool isAddressUp(std::uint32_t ip) noexcept;

} // namespace dmxin::net
