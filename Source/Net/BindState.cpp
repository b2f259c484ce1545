#include "BindState.h"

#include "BindErrorText.h"

#include <cerrno>

namespace dmxin::net {

void BindState::bound(std::uint16_t boundPort) {
    error.clear();
    errorCode = 0;
    waitingForAddress = false;
    port = boundPort;
    listening = true;
}

void BindState::failed(const BindResult& failure, const std::string& address) {
    error = bindFailureText(failure, address);
    errorCode = failure.osError;
    waitingForAddress = failure.osError == EADDRNOTAVAIL;
    listening = false;
}

void BindState::addressGone(std::uint32_t ip) {
    listening = false;
    waitingForAddress = true;
    errorCode = EADDRNOTAVAIL;
    error = addressGoneText(ip, "bind address");
}

} // namespace dmxin::net
