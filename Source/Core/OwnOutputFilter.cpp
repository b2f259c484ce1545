#include "OwnOutputFilter.h"

#include "SacnCid.h"

namespace dmxin {

bool OwnOutputFilter::addCid(const SacnCid& cid) noexcept {
    if (isNilCid(cid))
        return false;
    if (isOwnSacn(cid))
        return true;
    if (cidCount_ == cids_.size())
        return false;
    cids_[cidCount_++] = cid;
    return true;
}

bool OwnOutputFilter::addArtNetSender(std::uint32_t boundIp, std::uint16_t port) noexcept {
    if (port == 0)
        return false;
    for (std::size_t i = 0; i < senderCount_; ++i)
        if (senders_[i].boundIp == boundIp && senders_[i].port == port)
            return true;
    if (senderCount_ == senders_.size())
        return false;
    senders_[senderCount_++] = {boundIp, port};
    return true;
}

bool OwnOutputFilter::isOwnSacn(const SacnCid& cid) const noexcept {
    for (std::size_t i = 0; i < cidCount_; ++i)
        if (cids_[i] == cid)
            return true;
    return false;
}

bool OwnOutputFilter::isOwnArtNet(std::uint32_t sourceIp, std::uint16_t sourcePort, std::uint32_t localIp) const noexcept {
    const bool fromThisMachine = (sourceIp >> 24) == 127 || (localIp != 0 && sourceIp == localIp);
    for (std::size_t i = 0; i < senderCount_; ++i) {
        const Sender& s = senders_[i];
        if (s.port == sourcePort && (fromThisMachine || (s.boundIp != 0 && sourceIp == s.boundIp)))
            return true;
    }
    return false;
}

bool ignoreOwnSacn(const OwnOutputFilter& filter, const SacnCid& cid, OwnTrafficCounts& counts) noexcept {
    if (!filter.isOwnSacn(cid))
        return false;
    ++counts.sacn;
    return true;
}

bool ignoreOwnArtNet(const OwnOutputFilter& filter, std::uint32_t sourceIp, std::uint16_t sourcePort,
                     std::uint32_t localIp, OwnTrafficCounts& counts) noexcept {
    if (!filter.isOwnArtNet(sourceIp, sourcePort, localIp))
        return false;
    ++counts.artnet;
    return true;
}

} // namespace dmxin
