#pragma once
// Tells every receiver of this process what its own output looks like (OwnOutputFilter), so a
// datagram the process sent and that comes back in is dropped and counted instead of fed to an
// instance, and which Art-Net universes it sends, so the receivers' ArtPollReplies list them as
// input ports. The plugin's OutputConnection announces an output before it hands it to the sender and
// forgets it after it stopped it: the receivers know a stream before its first packet can arrive.
//
// The filter is the process-wide OutputSender's (its socket, every session's CID, terminating ones
// included; nothing when there is no sender) plus every announced CID.
//
// Threads: any non-audio thread. Calls are serialised here, so the filter the hubs hold is always
// the one of the newest call, whichever thread made it.

#include "Core/OutputSettings.h"

#include <cstdint>

namespace dmxin::net {

// Output `id` (OutputSender::OutputId) is about to send `settings` (as settings.cid, and its
// enabled Art-Net universes); hands the new filter and universe list to every ReceiverHub, present
// and future. Call after OutputSender::acquire (the sender's socket is then in the filter) and
// before setOutput.
void announceOwnOutput(std::uint64_t id, const OutputSettings& settings);

// Output `id` was removed from the sender: its CID stays in the filter while its session still
// sends termination packets, until the next call after that (a stale CID is a random UUID nobody
// else uses). Its universes are no longer announced.
void forgetOwnOutput(std::uint64_t id);

} // namespace dmxin::net
