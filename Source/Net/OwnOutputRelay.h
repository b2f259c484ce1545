#pragma once
// Tells every receiver of this process what its own output looks like (OwnOutputFilter), so a
// datagram the process sent and that comes back in is dropped and counted instead of fed to an
// instance. Call it after an output starts, changes or stops (the plugin's OutputConnection does).
//
// Threads: any non-audio thread. Calls are serialised here, so the filter the hubs hold is always
// the one of the newest call, whichever thread made it.

namespace dmxin::net {

// Reads the process-wide OutputSender's filter (its socket and every session's CID; an empty
// filter when there is no sender) and hands it to every ReceiverHub, present and future.
// A CID stays in the filter while its session still sends termination packets, and until the next
// call after that: a stale CID is a random UUID nobody else uses.
void refreshOwnOutput();

} // namespace dmxin::net
