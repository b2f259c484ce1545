#include "OutputScheduler.h"

#include <algorithm>
#include <cstring>

namespace dmxin {

OutputScheduler::OutputScheduler(DmxProtocol protocol, int rateHz) noexcept
    : protocol_(protocol),
      periodNs_(std::uint64_t{1'000'000'000} / static_cast<std::uint64_t>(std::clamp(rateHz, 1, 1000))),
      sequence_(protocol == DmxProtocol::ArtNet ? 1 : 0) {}

std::uint8_t OutputScheduler::nextSequence() noexcept {
    const std::uint8_t current = sequence_;
    if (protocol_ == DmxProtocol::ArtNet)
        sequence_ = current == 255 ? std::uint8_t{1} : static_cast<std::uint8_t>(current + 1);
    else
        sequence_ = static_cast<std::uint8_t>(current + 1);   // 255 wraps to 0
    return current;
}

OutputSend OutputScheduler::sent(OutputSendKind kind, std::uint64_t nowNs) noexcept {
    sentAny_ = true;
    lastSendNs_ = nowNs;
    return {kind, nextSequence()};
}

OutputSend OutputScheduler::poll(std::uint64_t nowNs, std::span<const std::uint8_t, kDmxSlots> image) noexcept {
    if (finished())
        return {};
    if (sentAny_ && nowNs < lastSendNs_ + periodNs_)
        return {};   // at most one frame per period

    if (stopping_) {
        --terminationsLeft_;
        return sent(OutputSendKind::Terminate, nowNs);
    }
    const bool changed = !sentAny_ || std::memcmp(image.data(), lastSent_.data(), kDmxSlots) != 0;
    if (changed) {
        std::memcpy(lastSent_.data(), image.data(), kDmxSlots);
        repeatsLeft_ = protocol_ == DmxProtocol::Sacn ? kSacnIdenticalPackets - 1 : 0;
        return sent(OutputSendKind::Data, nowNs);
    }
    if (repeatsLeft_ > 0) {
        --repeatsLeft_;
        return sent(OutputSendKind::Data, nowNs);
    }
    if (nowNs - lastSendNs_ >= kKeepAliveNs)
        return sent(OutputSendKind::KeepAlive, nowNs);
    return {};
}

void OutputScheduler::continueFrom(const OutputScheduler& old) noexcept {
    lastSendNs_ = old.lastSendNs_;
    sentAny_ = old.sentAny_;
    repeatsLeft_ = old.repeatsLeft_;
    sequence_ = old.sequence_;
    lastSent_ = old.lastSent_;
}

void OutputScheduler::continueSequence(const OutputScheduler& old, int pending) noexcept {
    sequence_ = old.sequence_;
    for (int i = 0; i < pending; ++i)
        nextSequence();
}

int OutputScheduler::packetsAfterStop() const noexcept {
    if (stopping_)
        return terminationsLeft_;
    return protocol_ == DmxProtocol::Sacn && sentAny_ ? kTerminationPackets : 0;
}

void OutputScheduler::stop() noexcept {
    if (stopping_)
        return;
    stopping_ = true;
    terminationsLeft_ = protocol_ == DmxProtocol::Sacn && sentAny_ ? kTerminationPackets : 0;
}

} // namespace dmxin
