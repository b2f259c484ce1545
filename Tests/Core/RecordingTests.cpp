// DMX recordings: the record bytes, change runs, the round trip, truncated and corrupt
// tails, the once-a-second flush, and the replayer's ordering and looping.

#include "Core/Crc32.h"
#include "Core/DmxRecording.h"
#include "Core/DmxReplayer.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

using namespace dmxin;

namespace {

DmxFrame frame(std::uint32_t key, std::uint64_t arrivalNs, std::initializer_list<std::pair<int, int>> set,
               const DmxFrame* from = nullptr) {
    DmxFrame f = from != nullptr ? *from : DmxFrame{};
    f.universeKey = key;
    f.length = 512;
    f.arrivalNs = arrivalNs;
    f.sourceIp = 0x7F000001;
    f.protocol = key >= UniverseId::kSacnKeyBase ? DmxProtocol::Sacn : DmxProtocol::ArtNet;
    for (const auto& [ch, v] : set)
        f.slots[static_cast<std::size_t>(ch - 1)] = static_cast<std::uint8_t>(v);
    return f;
}

bool sameFrame(const DmxFrame& a, const DmxFrame& b) {
    return a.universeKey == b.universeKey && a.length == b.length && a.sourceIp == b.sourceIp && a.sequence == b.sequence
           && a.physical == b.physical && a.protocol == b.protocol && a.lost == b.lost && a.slots == b.slots;
}

std::string tempPath(const char* name) {
    return (std::filesystem::temp_directory_path() / (std::string("dmxin_rec_") + std::to_string(::getpid()) + "_" + name)).string();
}

} // namespace

TEST_CASE("recording header and one record, to the byte", "[recording]") {
    const auto header = DmxRecordingEncoder::header();
    CHECK(header == std::vector<std::uint8_t>{'D', 'M', 'X', 'I', 'N', 'R', 'E', 'C', 1, 0, 16, 0, 0, 0, 0, 0});

    DmxRecordingEncoder enc;
    std::vector<std::uint8_t> out;
    DmxFrame f = frame(2, 0, {{1, 0xAA}, {3, 0xBB}, {100, 0xCC}});
    f.sequence = 7;
    f.physical = 1;
    enc.encode(f, 0x0102030405060708ull, out);
    // Slots 1 and 3 are one run (1 equal slot between them), slot 100 another.
    const std::vector<std::uint8_t> body = {
        0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01,   // time
        2, 0, 0, 0,                                       // universe key
        0x01, 0x00, 0x00, 0x7F,                           // source 127.0.0.1
        0x00, 0x02,                                       // length 512
        7, 0x00, 1, 0,                                    // sequence, flags, physical, reserved
        2, 0,                                             // two runs
        0, 0, 3, 0, 0xAA, 0x00, 0xBB,                     // offset 0, length 3
        99, 0, 1, 0, 0xCC,                                // offset 99, length 1
    };
    // Built in a buffer reserved up front: growing a 4-byte vector by insert() trips GCC 12's
    // -Warray-bounds false positive inside std::vector.
    std::vector<std::uint8_t> expected;
    expected.reserve(4 + body.size() + 4);
    expected.push_back(static_cast<std::uint8_t>(body.size()));
    expected.resize(4, 0);
    expected.insert(expected.end(), body.begin(), body.end());
    const std::uint32_t crc = crc32(body);
    for (int i = 0; i < 4; ++i)
        expected.push_back(static_cast<std::uint8_t>(crc >> (8 * i)));
    CHECK(out == expected);

    // The same frame again: no runs at all (26 + 8 bytes).
    out.clear();
    enc.encode(f, 0, out);
    CHECK(out.size() == 4u + 24u + 4u);
    CHECK(out[4 + 22] == 0);
}

TEST_CASE("recording round trip keeps every frame, per universe, lost and sACN flags", "[recording]") {
    DmxRecordingEncoder enc;
    auto bytes = DmxRecordingEncoder::header();
    std::vector<DmxFrame> frames;
    DmxFrame a = frame(1, 0, {});
    DmxFrame s = frame(UniverseId::kSacnKeyBase + 5, 0, {});
    for (int i = 0; i < 300; ++i) {
        a = frame(1, 0, {{1, i % 256}, {2, (i * 7) % 256}, {512, i % 3}}, &a);
        frames.push_back(a);
        if (i % 3 == 0) {
            s = frame(s.universeKey, 0, {{10 + i % 50, i % 256}}, &s);
            s.lost = i == 150;
            frames.push_back(s);
        }
    }
    for (std::size_t i = 0; i < frames.size(); ++i)
        enc.encode(frames[i], i * 1'000'000ull, bytes);
    const auto result = decodeRecording(bytes);
    CHECK(result.error.empty());
    CHECK_FALSE(result.truncated);
    CHECK(result.validBytes == bytes.size());
    REQUIRE(result.frames.size() == frames.size());
    for (std::size_t i = 0; i < frames.size(); ++i) {
        INFO(i);
        CHECK(result.frames[i].timeNs == i * 1'000'000ull);
        CHECK(sameFrame(result.frames[i].frame, frames[i]));
    }
    // The streaming reader gives the same frames, and again after rewind (looping).
    DmxRecordingReader reader;
    REQUIRE(reader.load(bytes));
    CHECK(reader.frameCount() == frames.size());
    CHECK(reader.durationNs() == (frames.size() - 1) * 1'000'000ull);
    for (int pass = 0; pass < 2; ++pass) {
        reader.rewind();
        RecordedFrame rf;
        std::size_t n = 0;
        while (reader.next(rf)) {
            REQUIRE(n < frames.size());
            CHECK(sameFrame(rf.frame, frames[n]));
            ++n;
        }
        CHECK(n == frames.size());
    }
    // Compact: far less than the 512 bytes a frame would take in full.
    CHECK(bytes.size() < frames.size() * 64);
}

TEST_CASE("a truncated or corrupt tail keeps every complete record before it", "[recording]") {
    DmxRecordingEncoder enc;
    auto bytes = DmxRecordingEncoder::header();
    std::vector<std::size_t> ends;   // byte offset after each record
    DmxFrame f = frame(0, 0, {});
    for (int i = 0; i < 5; ++i) {
        f = frame(0, 0, {{1 + i, 200}}, &f);
        enc.encode(f, static_cast<std::uint64_t>(i), bytes);
        ends.push_back(bytes.size());
    }
    for (std::size_t cut = kRecordingHeaderSize; cut <= bytes.size(); ++cut) {
        INFO("cut at " << cut);
        const auto r = decodeRecording({bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(cut)});
        std::size_t complete = 0;
        while (complete < ends.size() && ends[complete] <= cut)
            ++complete;
        REQUIRE(r.frames.size() == complete);
        CHECK(r.truncated == (cut != kRecordingHeaderSize && cut != (complete == 0 ? kRecordingHeaderSize : ends[complete - 1])));
        CHECK(r.validBytes == (complete == 0 ? kRecordingHeaderSize : ends[complete - 1]));
    }
    // A flipped byte inside record 3 ends the file there (CRC), and zeros after a crash too.
    auto corrupt = bytes;
    corrupt[ends[1] + 10] ^= 0x01;
    auto r = decodeRecording(corrupt);
    CHECK(r.frames.size() == 2);
    CHECK(r.truncated);
    auto zeros = bytes;
    zeros.resize(bytes.size() + 4096, 0);
    r = decodeRecording(zeros);
    CHECK(r.frames.size() == 5);
    CHECK(r.truncated);

    CHECK_FALSE(decodeRecording({'n', 'o', 'p', 'e'}).error.empty());
    auto wrongVersion = bytes;
    wrongVersion[8] = 2;
    CHECK(decodeRecording(wrongVersion).error == "recording: version 2 is not supported (want 1)");
}

TEST_CASE("the writer reaches the file at least once per second of frames and on flushIfDue", "[recording]") {
    const auto path = tempPath("flush.dmxrec");
    const std::uint64_t t0 = 5'000'000'000ull;
    {
        DmxRecordingWriter w;
        std::string error;
        REQUIRE(w.open(path, t0, error));
        CHECK(std::filesystem::file_size(path) == kRecordingHeaderSize);
        DmxFrame f = frame(3, t0 + 100'000'000ull, {{1, 1}});
        w.append(f);
        w.append(frame(3, t0 + 900'000'000ull, {{1, 2}}, &f));
        CHECK(std::filesystem::file_size(path) == kRecordingHeaderSize);   // still buffered
        w.flushIfDue(t0 + 999'999'999ull);
        CHECK(std::filesystem::file_size(path) == kRecordingHeaderSize);
        w.flushIfDue(t0 + 1'000'000'000ull);   // a quiet second: the timer writes it out
        const auto afterTimer = std::filesystem::file_size(path);
        CHECK(afterTimer > kRecordingHeaderSize);
        w.append(frame(3, t0 + 1'500'000'000ull, {{1, 3}}, &f));
        CHECK(std::filesystem::file_size(path) == afterTimer);
        w.append(frame(3, t0 + 2'000'000'000ull, {{1, 4}}, &f));   // a second after the last write
        CHECK(std::filesystem::file_size(path) > afterTimer);
        // A crash now (no close) would keep all four: read the file as it is.
        const auto r = readRecording(path);
        REQUIRE(r.frames.size() == 4);
        CHECK(r.frames[0].timeNs == 100'000'000ull);
        CHECK(r.frames[3].timeNs == 2'000'000'000ull);
        CHECK(r.frames[3].frame.slots[0] == 4);
        CHECK(w.framesWritten() == 4);
    }
    std::filesystem::remove(path);

    DmxRecordingWriter w;
    std::string error;
    CHECK_FALSE(w.open("/nonexistent-dir/x.dmxrec", 0, error));
    CHECK(error.find("recording: cannot create /nonexistent-dir/x.dmxrec") == 0);
    CHECK(readRecording("/nonexistent-dir/x.dmxrec").error.find("cannot open") != std::string::npos);
}

TEST_CASE("the replayer queues every frame in order, once or looped, and stops", "[recording][replay]") {
    DmxRecordingEncoder enc;
    auto bytes = DmxRecordingEncoder::header();
    for (int i = 0; i < 20; ++i)
        enc.encode(frame(1, 0, {{1, i}}), static_cast<std::uint64_t>(i) * 200'000ull, bytes);   // 0.2 ms apart
    DmxRecordingReader frames;
    REQUIRE(frames.load(bytes));
    REQUIRE(frames.frameCount() == 20);
    CHECK(frames.durationNs() == 19u * 200'000ull);
    SpscQueue<DmxFrame> queue(8);   // smaller than the recording: a full queue must delay, not drop
    std::vector<int> got;
    auto drainUntil = [&](std::size_t n) {
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        DmxFrame f;
        while (got.size() < n && std::chrono::steady_clock::now() < until) {
            if (queue.try_pop(f)) {
                CHECK(f.arrivalNs != 0);
                got.push_back(f.slots[0]);
            } else {
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
        }
    };
    SECTION("once") {
        DmxReplayer replayer(frames, queue, false);
        replayer.start();
        drainUntil(20);
        replayer.stop();
        REQUIRE(got.size() == 20);
        for (int i = 0; i < 20; ++i)
            CHECK(got[static_cast<std::size_t>(i)] == i);
        CHECK(replayer.finished());
        CHECK(replayer.passes() == 1);
        DmxFrame extra;
        CHECK_FALSE(queue.try_pop(extra));
    }
    SECTION("looped") {
        DmxReplayer replayer(frames, queue, true, 100'000ull);
        replayer.start();
        drainUntil(50);
        replayer.stop();   // joins: nothing is pushed after this
        REQUIRE(got.size() == 50);
        for (std::size_t i = 0; i < 50; ++i)
            CHECK(got[i] == static_cast<int>(i % 20));
        CHECK_FALSE(replayer.finished());
        CHECK(replayer.passes() >= 2);
    }
}
