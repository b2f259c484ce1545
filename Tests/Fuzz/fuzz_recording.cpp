// libFuzzer harness: the DMX recording reader on hostile files. The input is cut into
// record bodies (a 2-byte size, then that many bytes), each wrapped with its size and a correct
// CRC-32 so the fuzzer reaches the record parser instead of stopping at the checksum; the last
// byte of the input decides whether a raw garbage tail follows. The reader must never crash,
// next() must yield exactly frameCount() frames, and a second pass after rewind() must yield the
// same frames. Abort otherwise.

#include "Core/Crc32.h"
#include "Core/DmxRecording.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "fuzz_recording: %s\n", what);
    std::abort();
}

void put32(std::vector<std::uint8_t>& o, std::uint32_t v) {
    for (int i = 0; i < 4; ++i)
        o.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace dmxin;
    auto file = DmxRecordingEncoder::header();
    std::size_t pos = 0;
    while (pos + 2 <= size) {
        const std::size_t want = static_cast<std::size_t>(data[pos] | (data[pos + 1] << 8)) % 1200;
        pos += 2;
        const std::size_t n = want < size - pos ? want : size - pos;
        put32(file, static_cast<std::uint32_t>(n));
        file.insert(file.end(), data + pos, data + pos + n);
        put32(file, crc32({data + pos, n}));
        pos += n;
    }
    if (size > 0 && (data[size - 1] & 1u) != 0)
        file.insert(file.end(), data, data + size);   // a garbage tail, as a crash may leave

    DmxRecordingReader reader;
    if (!reader.load(file))
        fail("a file with a valid header was refused");
    std::vector<RecordedFrame> first;
    RecordedFrame rf;
    while (reader.next(rf)) {
        if (rf.frame.length > kDmxSlots)
            fail("frame length beyond 512");
        if (first.size() < 64)
            first.push_back(rf);
        if (first.size() > reader.frameCount())
            fail("more frames than counted");
    }
    reader.rewind();
    std::size_t n = 0;
    while (reader.next(rf)) {
        if (n < first.size() && (rf.timeNs != first[n].timeNs || rf.frame.slots != first[n].frame.slots
                                 || rf.frame.universeKey != first[n].frame.universeKey))
            fail("a second pass differs");
        ++n;
    }
    if (n != reader.frameCount())
        fail("next() did not yield frameCount() frames");
    return 0;
}
