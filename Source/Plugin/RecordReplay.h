#pragma once
// RecordReplay: one instance's DMX recorder and replayer. Recording taps the instance's network
// subscription (NetworkConnection::setTap), so the file holds what the instance received. Replay
// pauses the network subscription and plays the file into the instance's own frame queue, so the
// pipeline, parameters and MIDI follow it exactly as they followed the live traffic.
// Host-transport-locked replay is not implemented: replay runs on its own clock.
//
// Threads: every method on the control side (message thread), serialised by the processor's
// control mutex; status() from the same side.

#include "NetworkConnection.h"

#include "Core/DmxRecorder.h"
#include "Core/DmxReplayer.h"

#include <memory>
#include <string>

namespace dmxin {

struct RecordReplayStatus {
    bool recording = false;
    std::string recordPath;
    std::uint64_t framesRecorded = 0;
    std::uint64_t bytesWritten = 0;
    bool replaying = false;          // started and not stopped (a finished once-replay holds its last frame until stopped)
    bool replayFinished = false;
    bool looping = false;
    std::string replayPath;
    std::uint64_t framesReplayed = 0;
    std::uint64_t replayFrames = 0;  // frames in the file
    double replaySeconds = 0.0;      // length of one pass
    bool replayTruncated = false;    // the file ended inside a record (a recording cut by a crash)
};

class RecordReplay {
public:
    RecordReplay(NetworkConnection& network, SpscQueue<DmxFrame>& instanceQueue)
        : network_(network), queue_(instanceQueue) {}
    ~RecordReplay();

    bool startRecording(const std::string& path, std::string& error);
    void stopRecording();
    // Reads the whole file first: on error nothing changes.
    bool startReplay(const std::string& path, bool loop, std::string& error);
    // Stops the replay and reconnects the network with the current settings.
    void stopReplay();
    RecordReplayStatus status() const;

private:
    NetworkConnection& network_;
    SpscQueue<DmxFrame>& queue_;
    std::unique_ptr<DmxRecorder> recorder_;
    std::string recordPath_;
    std::unique_ptr<DmxReplayer> replayer_;
    std::string replayPath_;
    bool looping_ = false;
    std::size_t replayFrames_ = 0;
    bool replayTruncated_ = false;
};

} // namespace dmxin
