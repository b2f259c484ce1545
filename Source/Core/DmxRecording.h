#pragma once
// A compact, append-only recording of the DMX frames one instance received, for rehearsing a show
// without the console (replay) and for sending it on to other software (dmxin-play).
//
// File layout, little-endian:
//   header, 16 bytes: "DMXINREC", u16 version (1), u16 header size (16), u32 reserved (0)
//   records, each: u32 body size, body, u32 CRC-32 of the body
//   body: u64 time (ns since the recording started), u32 universe key (UniverseId::key),
//         u32 source IPv4, u16 frame length, u8 sequence, u8 flags (bit 0 lost, bit 1 sACN),
//         u8 physical, u8 reserved, u16 run count, then runs of (u16 offset, u16 length, bytes):
//         the slots that changed since the previous frame of the same universe (the first frame
//         of a universe: since all zeros). Runs closer than 4 slots are merged (a run header
//         costs 4 bytes).
// A crash leaves at most a partly written last record; the reader stops at the first record whose
// size or CRC does not fit and reports the file as truncated, keeping every record before it.
//
// Threads: a writer or reader belongs to one thread at a time (the recorder's own thread, the
// message thread, a replay thread). Never the audio thread: they allocate and do file I/O.

#include "DmxFrame.h"

#include <array>
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace dmxin {

inline constexpr char kRecordingMagic[8] = {'D', 'M', 'X', 'I', 'N', 'R', 'E', 'C'};
inline constexpr std::uint16_t kRecordingVersion = 1;
inline constexpr std::size_t kRecordingHeaderSize = 16;

// Turns frames into record bytes (no I/O): the part of the writer that tests check to the byte.
class DmxRecordingEncoder {
public:
    // The 16-byte file header.
    static std::vector<std::uint8_t> header();
    // Appends one record for `frame`, timed `timeNs` after the recording started.
    void encode(const DmxFrame& frame, std::uint64_t timeNs, std::vector<std::uint8_t>& out);
    void reset() { previous_.clear(); }

private:
    std::map<std::uint32_t, std::array<std::uint8_t, kDmxSlots>> previous_;   // universe key -> last slots
};

class DmxRecordingWriter {
public:
    static constexpr std::uint64_t kFlushIntervalNs = 1'000'000'000ull;   // a crash loses at most this much

    DmxRecordingWriter() = default;
    ~DmxRecordingWriter() { close(); }
    DmxRecordingWriter(const DmxRecordingWriter&) = delete;
    DmxRecordingWriter& operator=(const DmxRecordingWriter&) = delete;

    // Creates (or truncates) the file and writes the header. startNs: the steady-clock time the
    // recording starts at; frame times are stored relative to it. False with a reason on failure.
    bool open(const std::string& path, std::uint64_t startNs, std::string& error);
    bool isOpen() const noexcept { return file_ != nullptr; }
    // Buffers one frame (frame.arrivalNs gives its time; earlier than startNs counts as 0) and
    // writes the buffer out when kFlushIntervalNs has passed since the last write.
    void append(const DmxFrame& frame);
    // Writes out the buffer if kFlushIntervalNs has passed since the last write (call from a timer
    // so a quiet period still gets the last frames onto the disk).
    void flushIfDue(std::uint64_t nowNs);
    // Writes the buffer out now (fwrite + fflush: it reaches the kernel, so a crash of this
    // process loses nothing flushed; a power cut may lose what the OS had not written yet).
    bool flush();
    void close();

    std::uint64_t framesWritten() const noexcept { return frames_; }
    std::uint64_t bytesWritten() const noexcept { return bytes_; }
    const std::string& lastError() const noexcept { return error_; }

private:
    std::FILE* file_ = nullptr;
    DmxRecordingEncoder encoder_;
    std::vector<std::uint8_t> buffer_;
    std::uint64_t startNs_ = 0;
    std::uint64_t lastFlushNs_ = 0;
    std::uint64_t frames_ = 0;
    std::uint64_t bytes_ = 0;
    std::string error_;
};

// One replayable frame: the full slots as the instance had them, and when.
struct RecordedFrame {
    std::uint64_t timeNs = 0;      // since the recording started
    DmxFrame frame;                // arrivalNs is 0: the replayer stamps its own
};

// Holds a recording as its compact bytes (about 30 bytes per frame plus the changed slots) and
// decodes frames one by one, so a long show never expands to full 512-slot frames in memory.
// load() checks every record first (size, CRC, runs inside the frame); the file counts as
// truncated at the first record that fails, and only the records before it are played.
class DmxRecordingReader {
public:
    // False (with error()) when the bytes are not a recording at all.
    bool load(std::vector<std::uint8_t> bytes);
    bool loadFile(const std::string& path);

    const std::string& error() const noexcept { return error_; }
    bool truncated() const noexcept { return truncated_; }
    std::size_t frameCount() const noexcept { return frames_; }
    std::uint64_t durationNs() const noexcept { return lastTimeNs_; }   // time of the last frame
    std::uint64_t validBytes() const noexcept { return validEnd_; }     // header + every good record

    // The next frame in file order; false after the last one.
    bool next(RecordedFrame& out);
    // Back to the first frame (and all-zero universes), for looping.
    void rewind();

private:
    // Parses the record at `pos` (already known to fit). out == nullptr: only checks it.
    bool parseRecord(std::size_t pos, std::size_t bodySize, RecordedFrame* out);

    std::vector<std::uint8_t> bytes_;
    std::size_t headerSize_ = 0;
    std::size_t validEnd_ = 0;
    std::size_t pos_ = 0;
    std::size_t frames_ = 0;
    std::uint64_t lastTimeNs_ = 0;
    bool truncated_ = false;
    std::string error_;
    std::map<std::uint32_t, std::array<std::uint8_t, kDmxSlots>> images_;   // universe key -> slots so far
};

struct DmxRecordingReadResult {
    std::vector<RecordedFrame> frames;   // in file order
    bool truncated = false;              // the file ended inside a record, or a record failed its CRC
    std::uint64_t validBytes = 0;        // header + every complete record
    std::string error;                   // set when the file is not a recording at all (no frames then)
};

// Decodes a whole recording into full frames (tests and short files: 560 bytes per frame).
DmxRecordingReadResult decodeRecording(const std::vector<std::uint8_t>& bytes);
DmxRecordingReadResult readRecording(const std::string& path);

} // namespace dmxin
