#pragma once
// The receive thread's name (as debuggers and top show it) and priority, set by the thread itself.
// Raising the priority helps under load; where the system refuses (no rtprio limit on Linux, no
// rights elsewhere) the thread silently stays at normal priority.

namespace dmxin::net {

// name: at most 15 characters (Linux's limit).
void nameThisThread(const char* name) noexcept;
void raiseThisThreadPriority() noexcept;

} // namespace dmxin::net
