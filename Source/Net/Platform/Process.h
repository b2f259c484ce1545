#pragma once
// This process and its machine, as DMX In reports them: the local channel's "local leader pid
// 1234", and ArtPollReply's long name "DMX In on <host>".
#include <cstdint>
#include <string>

namespace dmxin::net {

std::uint32_t currentProcessId() noexcept;
// The machine's host name, or "this machine" when the system does not say.
std::string hostName();
// True when this Windows program runs under Wine, whose sockets differ from Windows in a few
// documented ways (tests allow for them in one place). Always false on POSIX systems.
bool runningUnderWine() noexcept;

} // namespace dmxin::net
