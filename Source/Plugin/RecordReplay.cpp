#include "RecordReplay.h"

namespace dmxin {

RecordReplay::~RecordReplay() {
    stopReplay();
    stopRecording();
}

bool RecordReplay::startRecording(const std::string& path, std::string& error) {
    stopRecording();
    auto recorder = std::make_unique<DmxRecorder>();
    if (!recorder->start(path, error))
        return false;
    recorder_ = std::move(recorder);
    recordPath_ = path;
    network_.setTap(&recorder_->queue());
    return true;
}

void RecordReplay::stopRecording() {
    if (recorder_ == nullptr)
        return;
    network_.setTap(nullptr);   // the hub stops pushing before the recorder's queue goes
    recorder_->stop();
}

bool RecordReplay::startReplay(const std::string& path, bool loop, std::string& error) {
    DmxRecordingReader recording;
    if (!recording.loadFile(path)) {
        error = recording.error();
        return false;
    }
    if (recording.frameCount() == 0) {
        error = "recording: " + path + " holds no frames";
        return false;
    }
    stopReplay();
    network_.suspend();   // the replayer becomes the queue's only producer
    replayFrames_ = recording.frameCount();
    replayTruncated_ = recording.truncated();
    replayer_ = std::make_unique<DmxReplayer>(std::move(recording), queue_, loop);
    replayPath_ = path;
    looping_ = loop;
    replayer_->start();
    return true;
}

void RecordReplay::stopReplay() {
    if (replayer_ == nullptr)
        return;
    replayer_->stop();   // joined: it never pushes again
    replayer_.reset();
    network_.resume();
}

RecordReplayStatus RecordReplay::status() const {
    RecordReplayStatus s;
    if (recorder_ != nullptr) {
        s.recording = recorder_->isRecording();
        s.recordPath = recordPath_;
        s.framesRecorded = recorder_->framesRecorded();
        s.bytesWritten = recorder_->bytesWritten();
    }
    if (replayer_ != nullptr) {
        s.replaying = network_.isSuspended();
        s.replayFinished = replayer_->finished();
        s.looping = looping_;
        s.replayPath = replayPath_;
        s.framesReplayed = replayer_->framesQueued();
        s.replayFrames = replayFrames_;
        s.replaySeconds = static_cast<double>(replayer_->durationNs()) / 1e9;
        s.replayTruncated = replayTruncated_;
    }
    return s;
}

} // namespace dmxin
