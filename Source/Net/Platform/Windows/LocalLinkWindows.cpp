// The local link is not built for Windows yet: every call says so, and each DMX In process binds
// its own sockets (see LocalLink.h). A named-pipe backend is the planned shape.
#include "../LocalLink.h"

namespace dmxin::net::locallink {

namespace {
Opened unsupported() {
    return Opened{kNoHandle, NetError::Unsupported, "not available on Windows yet"};
}
} // namespace

Opened listenOn(const std::string&) { return unsupported(); }
Opened connectTo(const std::string&) { return unsupported(); }
NativeHandle acceptFrom(NativeHandle) noexcept { return kNoHandle; }
PeerCredentials peerCredentials(NativeHandle) noexcept { return {}; }
bool sameUser(const PeerCredentials&) noexcept { return false; }
int sendMessage(NativeHandle, const std::uint8_t*, std::size_t) noexcept { return -1; }
long receiveMessage(NativeHandle, std::uint8_t*, std::size_t, bool*) noexcept { return kBroken; }
int setSendBuffer(NativeHandle, int) noexcept { return 0; }
void close(NativeHandle) noexcept {}

} // namespace dmxin::net::locallink
