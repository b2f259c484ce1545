#include "BindErrorText.h"

#include "Core/Ipv4.h"

namespace dmxin::net {

std::string bindFailureText(const BindResult& failure, const std::string& address) {
    return failure.message + ". " + bindAdvice(failure.kind, address);
}

std::string addressGoneText(std::uint32_t ip, const char* setting) {
    return "address " + formatIpv4(ip) + " is no longer on this machine: interface down or address removed; "
           "waiting for it to come back, or choose another " + setting;
}

} // namespace dmxin::net
