#pragma once
// A tiny UDP sender for tests and tools: sends only where it is told (tests use 127.0.0.1). Built on
// the platform layer's UdpSocket, so the same tests and tools run on every system.

#include "Core/Ipv4.h"
#include "Net/Platform/UdpSocket.h"

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace dmxin::testing {

class SendSocket {
public:
    SendSocket(const std::string& ip, std::uint16_t port) : port_(port) {
        const auto parsed = parseIpv4(ip);
        if (!parsed)
            throw std::runtime_error("bad IPv4 address " + ip);
        ip_ = *parsed;
        const auto opened = socket_.open("0.0.0.0", 0, 64 * 1024);
        if (!opened.ok)
            throw std::runtime_error(opened.message);
    }

    bool send(const std::uint8_t* data, std::size_t size) { return socket_.sendTo(data, size, ip_, port_); }

private:
    net::UdpSocket socket_;
    std::uint32_t ip_ = 0;
    std::uint16_t port_ = 0;
};

} // namespace dmxin::testing
