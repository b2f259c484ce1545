#include "BindState.h"

#include "BindErrorText.h"

namespace dmxin::net {

void BindState::bound(std::uint16_t boundPort) {
    error.clear();
    errorKind = NetError::None;
    errorCode = 0;
    waitingForAddress = false;
    port = boundPort;
    listening = true;
}

void BindState::failed(const BindResult& failure, const std::string& address) {
    error = bindFailureText(failure, address);
    errorKind = failure.kind;
    errorCode = failure.osError;
    waitingForAddress = failure.kind == NetError::AddressNotAvailable;
    listening = false;
}

void BindState::addressGone(std::uint32_t ip) {
    listening = false;
    waitingForAddress = true;
    errorKind = NetError::AddressNotAvailable;
    errorCode = 0;   // no call failed: the address left
    error = addressGoneText(ip, "bind address");
}

} // namespace dmxin::net
