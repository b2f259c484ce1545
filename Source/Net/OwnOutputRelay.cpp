#include "OwnOutputRelay.h"

#include "OutputSender.h"
#include "ReceiverHub.h"

#include <mutex>

namespace dmxin::net {

void refreshOwnOutput() {
    static std::mutex serial;
    // Lock order: serial, then the sender's mutex (released before), then the hub registry's.
    std::lock_guard lock(serial);
    const auto sender = OutputSender::existing();
    ReceiverHub::setProcessOwnOutput(sender != nullptr ? sender->ownFilter() : OwnOutputFilter{});
}

} // namespace dmxin::net
