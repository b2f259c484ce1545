#pragma once
// The hub's own error sentences: what it writes into HubStatus::error and sacnError when a bind
// fails or an address it uses leaves the machine. Each names the OS reason and the next step, so
// the editor and the headless runner show it as it is. No JUCE. Any thread.

#include "Platform/UdpSocket.h"

#include <cstdint>
#include <string>

namespace dmxin::net {

// A failed bind (Art-Net or sACN port) as the status shows it: the OS message and the next step
// for that OS reason, e.g. "bind 127.0.0.1:80: Permission denied. Ports below 1024 need privileges:
// choose a port >= 1024 or grant CAP_NET_BIND_SERVICE, then Apply / Retry".
std::string bindFailureText(const BindResult& failure, const std::string& address);

// An address in use that left the machine: "address 10.0.0.2 is no longer on this machine: interface
// down or address removed; waiting for it to come back, or choose another bind address".
// `setting` names what to change ("bind address", "sACN interface").
std::string addressGoneText(std::uint32_t ip, const char* setting);

} // namespace dmxin::net
