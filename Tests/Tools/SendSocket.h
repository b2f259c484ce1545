#pragma once
// A tiny blocking UDP sender for tests and tools: sends only where it is told (tests use 127.0.0.1).

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace dmxin::testing {

class SendSocket {
public:
    SendSocket(const std::string& ip, std::uint16_t port) {
        fd_ = ::socket(AF_INET, SOCK_DGRAM, 0);
        if (fd_ < 0)
            throw std::runtime_error("socket() failed");
        to_.sin_family = AF_INET;
        to_.sin_port = htons(port);
        if (::inet_pton(AF_INET, ip.c_str(), &to_.sin_addr) != 1)
            throw std::runtime_error("bad IPv4 address " + ip);
    }
    ~SendSocket() { ::close(fd_); }
    SendSocket(const SendSocket&) = delete;
    SendSocket& operator=(const SendSocket&) = delete;

    bool send(const std::uint8_t* data, std::size_t size) {
        return ::sendto(fd_, data, size, 0, reinterpret_cast<const sockaddr*>(&to_), sizeof to_) == static_cast<ssize_t>(size);
    }
    int fd() const { return fd_; }
    const sockaddr_in& destination() const { return to_; }

private:
    int fd_ = -1;
    sockaddr_in to_{};
};

} // namespace dmxin::testing
