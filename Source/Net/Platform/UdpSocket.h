#pragma once
// A UDP socket for receiving Art-Net and sACN: the port shared with other programs (SO_REUSEADDR,
// and SO_REUSEPORT where the system has it) set before bind so several programs can share port
// 6454, a large receive buffer requested and read back, a blocking wait with a timeout (no sleep
// polling), and batch receive (recvmmsg on Linux, a loop of single reads elsewhere), each datagram
// with the local and destination address it arrived on.
// One thread owns a socket at a time; open/close on the owner, sendTo from any thread.

#include "NativeHandle.h"
#include "NetError.h"
#include "Wakeup.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace dmxin::net {

struct BindResult {
    bool ok = false;
    NetError kind = NetError::None;
    int osError = 0;            // the system's code of the failing call (errno, WSAGetLastError()), 0 on success
    std::string message;        // "bind 0.0.0.0:6454: Address already in use", with the system's reason text
};

struct Datagram {
    const std::uint8_t* data = nullptr;
    std::size_t size = 0;
    std::uint32_t sourceIp = 0;      // host byte order
    std::uint16_t sourcePort = 0;
    std::uint64_t arrivalNs = 0;     // steady_clock nanoseconds when read
    std::uint32_t localIp = 0;       // our address on the arrival interface (0 if unknown)
    std::uint32_t destIp = 0;        // the header destination: unicast, broadcast or group (0 if unknown)
};

class UdpSocket {
public:
    // 4 MiB requested: bursts of 64 universes fit; the kernel doubles it and caps it at 2 x rmem_max.
    static constexpr int kDefaultReceiveBuffer = 4 << 20;
    static constexpr std::size_t kBatch = 32;                // datagrams per receiveBatch call
    static constexpr std::size_t kMaxDatagram = 1472;        // one Ethernet MTU of UDP payload

    UdpSocket();
    ~UdpSocket();
    UdpSocket(const UdpSocket&) = delete;
    UdpSocket& operator=(const UdpSocket&) = delete;

    // bindAddress: dotted-quad IPv4 as parseIpv4 (Core/Ipv4.h) reads it ("0.0.0.0" = all interfaces).
    // port 0 picks an ephemeral port.
    BindResult open(const std::string& bindAddress, std::uint16_t port,
                    int receiveBufferBytes = kDefaultReceiveBuffer);
    void close() noexcept;
    bool isOpen() const noexcept { return handle_ != kNoHandle; }

    std::uint16_t localPort() const noexcept { return localPort_; }
    int receiveBufferBytes() const noexcept { return receiveBuffer_; }   // as read back from the kernel

    // Blocks until a datagram is readable or timeoutMs passes. Returns true when readable.
    bool waitReadable(int timeoutMs) const noexcept;

    // Multicast (sACN). Linux: IP_MULTICAST_ALL is switched off at open() so a socket only hears
    // the groups it joined itself. interfaceIp 0 lets the system pick. Control threads may call
    // these while the owner thread receives (the system serialises socket options).
    BindResult joinGroup(std::uint32_t groupIp, std::uint32_t interfaceIp) noexcept;
    void leaveGroup(std::uint32_t groupIp, std::uint32_t interfaceIp) noexcept;
    // The interface multicast this socket sends leaves by (0: the system's choice). Owner thread.
    bool setMulticastInterface(std::uint32_t interfaceIp) noexcept;

    NativeHandle nativeHandle() const noexcept { return handle_; }
    // The wakeup's handle, for callers that wait on several sockets at once (WaitSet).
    NativeHandle wakeHandle() const noexcept { return wake_.handle(); }
    void drainWake() noexcept { wake_.drain(); }

    // Reads every datagram that is ready (up to kBatch per call, without blocking) and calls
    // onDatagram for each; returns how many were read (0 when none was ready).
    std::size_t receiveBatch(const std::function<void(const Datagram&)>& onDatagram);

    // Sends one datagram (used by tests and discovery replies). Returns false on error.
    bool sendTo(const std::uint8_t* data, std::size_t size, std::uint32_t ip, std::uint16_t port) noexcept;

    // Wakes a thread blocked in waitReadable (close() from another thread is not safe on Linux).
    void wake() noexcept { wake_.signal(); }

private:
    NativeHandle handle_ = kNoHandle;
    Wakeup wake_;
    std::uint16_t localPort_ = 0;
    int receiveBuffer_ = 0;
    // The backend's half of open(): a socket bound to ip:port (`where` names it in messages).
    BindResult openAt(std::uint32_t ip, std::uint16_t port, const std::string& where, int receiveBufferBytes);
    // Buffers for one batch read, allocated once per socket; each backend defines its own.
    struct Batch;
    static Batch* newBatch();
    static void deleteBatch(Batch* batch) noexcept;
    Batch* batch_ = nullptr;
};

} // namespace dmxin::net
