#pragma once
// Recognises DMX this process sent itself when it comes back in (multicast looped back to the host,
// a unicast to one of our own addresses, a switch that reflects), so the receive path can drop and
// count it instead of feeding an instance its own output.
//   sACN: by CID. Each instance has its own CID (OutputSettings::cid), so any CID of this process
//   is "ours", whichever instance sent it.
//   Art-Net: by source address and port. The sender sends from its own socket; a datagram is ours
//   when its source port is one of those sockets' ports and its source address is this machine's:
//   the address the datagram arrived on, a 127/8 address, or the address the sender socket is bound
//   to. Another machine that happens to use the same port number is not ours.
// A plain value with fixed capacity: built on a control thread, copied to the receive thread, and
// queried there without allocation. Any thread may query a copy it owns.

#include "SacnParser.h"

#include <array>
#include <cstddef>
#include <cstdint>

namespace dmxin {

class OwnOutputFilter {
public:
    static constexpr std::size_t kMaxCids = 64;          // instances with output in one process
    static constexpr std::size_t kMaxArtNetSenders = 8;  // sender sockets in one process

    // Control thread. False when the filter is full, or for the nil CID (never sent: "unassigned").
    bool addCid(const SacnCid& cid) noexcept;
    // Control thread. boundIp 0: the socket is bound to every interface. False when full or port 0.
    bool addArtNetSender(std::uint32_t boundIp, std::uint16_t port) noexcept;

    bool isOwnSacn(const SacnCid& cid) const noexcept;
    // sourceIp/sourcePort: the datagram's sender; localIp: our address it arrived on (0 if unknown).
    bool isOwnArtNet(std::uint32_t sourceIp, std::uint16_t sourcePort, std::uint32_t localIp) const noexcept;

private:
    struct Sender {
        std::uint32_t boundIp = 0;
        std::uint16_t port = 0;
    };
    std::array<SacnCid, kMaxCids> cids_{};
    std::size_t cidCount_ = 0;
    std::array<Sender, kMaxArtNetSenders> senders_{};
    std::size_t senderCount_ = 0;
};

// How many datagrams were dropped as this process's own output. Owned by the receive thread.
struct OwnTrafficCounts {
    std::uint64_t sacn = 0;
    std::uint64_t artnet = 0;
};

// Receive thread: true, and counted, when the datagram is this process's own output.
bool ignoreOwnSacn(const OwnOutputFilter& filter, const SacnCid& cid, OwnTrafficCounts& counts) noexcept;
bool ignoreOwnArtNet(const OwnOutputFilter& filter, std::uint32_t sourceIp, std::uint16_t sourcePort,
                     std::uint32_t localIp, OwnTrafficCounts& counts) noexcept;

} // namespace dmxin
