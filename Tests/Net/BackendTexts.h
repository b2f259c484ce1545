#pragma once
// The words each Net platform backend uses where systems differ (Source/Net/Platform/*/BindAdvice*),
// written out here so each backend's exact text is checked, not just "some text".
#include <string>
#include <string_view>

namespace dmxin::testing {

inline std::string accessDeniedAdvice() {
    const std::string_view backend = DMXIN_NET_BACKEND_NAME;   // set by Tests/Net/CMakeLists.txt
    if (backend == "linux")
        return "Ports below 1024 need privileges: choose a port >= 1024 or grant CAP_NET_BIND_SERVICE, then Apply / Retry";
    if (backend == "portable")
        return "Ports below 1024 need administrator rights here (on macOS too when bound to one address): choose a "
               "port >= 1024 or bind to 0.0.0.0, then Apply / Retry";
    return "Windows refused the port: another program holds it exclusively, or Windows reserves it (netsh interface ipv4 "
           "show excludedportrange protocol=udp): choose another port, then Apply / Retry";
}

} // namespace dmxin::testing
