#pragma once
// Helpers the Net tests share: universe literals, injected datagrams, draining a queue, and
// waiting for a condition without asserting a time.

#include "Core/DmxFrame.h"
#include "Core/PortAddress.h"
#include "Net/ReceiverHub.h"

#include <chrono>
#include <cstdint>
#include <thread>
#include <vector>

namespace dmxin::nettest {

inline PortAddress pa(const char* text) { return *PortAddress::parse(text); }

// A datagram as the receive thread would hand it to ReceiverHub::handleDatagram (Art-Net port 6454).
inline net::Datagram datagram(const std::vector<std::uint8_t>& bytes, std::uint32_t from, std::uint64_t now) {
    net::Datagram d;
    d.data = bytes.data();
    d.size = bytes.size();
    d.sourceIp = from;
    d.sourcePort = 6454;
    d.arrivalNs = now;
    return d;
}

template <typename Queue>
std::vector<DmxFrame> drain(Queue& q) {
    std::vector<DmxFrame> out;
    DmxFrame f;
    while (q.try_pop(f))
        out.push_back(f);
    return out;
}

// Polls `pred` until it holds or `limit` passes (behaviour, not timing, is asserted). pred may have
// side effects (a pop), so it is not called again once it held.
template <typename Pred>
bool eventually(Pred pred, std::chrono::milliseconds limit = std::chrono::seconds(5)) {
    const auto until = std::chrono::steady_clock::now() + limit;
    for (;;) {
        if (pred())
            return true;
        if (std::chrono::steady_clock::now() >= until)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
}

} // namespace dmxin::nettest
