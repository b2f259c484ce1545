#include "DmxRecording.h"

#include "Crc32.h"
#include "LittleEndian.h"

#include <cerrno>
#include <cstring>

namespace dmxin {

namespace {
constexpr std::size_t kBodyFixed = 24;       // body bytes before the runs
constexpr std::size_t kMergeGap = 4;         // equal slots between changes that still join one run
constexpr std::uint32_t kMaxBody = kBodyFixed + 4 * kDmxSlots + kDmxSlots;   // worst case: every other slot

using le::put16;
using le::put32;
using le::put64;
std::uint32_t get16(const std::uint8_t* p) { return static_cast<std::uint32_t>(p[0] | (p[1] << 8)); }
std::uint32_t get32(const std::uint8_t* p) { return get16(p) | (get16(p + 2) << 16); }
std::uint64_t get64(const std::uint8_t* p) { return get32(p) | (static_cast<std::uint64_t>(get32(p + 4)) << 32); }
} // namespace

std::vector<std::uint8_t> DmxRecordingEncoder::header() {
    std::vector<std::uint8_t> h(std::begin(kRecordingMagic), std::end(kRecordingMagic));
    put16(h, kRecordingVersion);
    put16(h, kRecordingHeaderSize);
    put32(h, 0);
    return h;
}

void DmxRecordingEncoder::encode(const DmxFrame& frame, std::uint64_t timeNs, std::vector<std::uint8_t>& out) {
    auto [it, inserted] = previous_.try_emplace(frame.universeKey);
    auto& prev = it->second;
    if (inserted)
        prev.fill(0);

    std::vector<std::uint8_t> body;
    body.reserve(kBodyFixed + 64);
    put64(body, timeNs);
    put32(body, frame.universeKey);
    put32(body, frame.sourceIp);
    put16(body, frame.length);
    body.push_back(frame.sequence);
    body.push_back(static_cast<std::uint8_t>((frame.lost ? 1u : 0u) | (frame.protocol == DmxProtocol::Sacn ? 2u : 0u)));
    body.push_back(frame.physical);
    body.push_back(0);
    const std::size_t runCountAt = body.size();
    put16(body, 0);

    std::uint32_t runs = 0;
    std::size_t i = 0;
    while (i < kDmxSlots) {
        if (frame.slots[i] == prev[i]) {
            ++i;
            continue;
        }
        // A run starts at i and ends after the last change that is followed by fewer than
        // kMergeGap equal slots before the next change.
        std::size_t end = i + 1, equal = 0;
        for (std::size_t j = i + 1; j < kDmxSlots; ++j) {
            if (frame.slots[j] != prev[j]) {
                end = j + 1;
                equal = 0;
            } else if (++equal >= kMergeGap) {
                break;
            }
        }
        put16(body, static_cast<std::uint32_t>(i));
        put16(body, static_cast<std::uint32_t>(end - i));
        body.insert(body.end(), frame.slots.begin() + static_cast<std::ptrdiff_t>(i),
                    frame.slots.begin() + static_cast<std::ptrdiff_t>(end));
        ++runs;
        i = end;
    }
    body[runCountAt] = static_cast<std::uint8_t>(runs & 0xFFu);
    body[runCountAt + 1] = static_cast<std::uint8_t>(runs >> 8);
    prev = frame.slots;

    put32(out, static_cast<std::uint32_t>(body.size()));
    out.insert(out.end(), body.begin(), body.end());
    put32(out, crc32(body));
}

bool DmxRecordingWriter::open(const std::string& path, std::uint64_t startNs, std::string& error) {
    close();
    file_ = std::fopen(path.c_str(), "wb");
    if (file_ == nullptr) {
        error = "recording: cannot create " + path + ": " + std::strerror(errno);
        return false;
    }
    encoder_.reset();
    buffer_ = DmxRecordingEncoder::header();
    startNs_ = startNs;
    lastFlushNs_ = startNs;
    frames_ = 0;
    bytes_ = 0;
    error_.clear();
    if (!flush()) {
        error = error_;
        close();
        return false;
    }
    return true;
}

void DmxRecordingWriter::append(const DmxFrame& frame) {
    if (file_ == nullptr)
        return;
    const std::uint64_t t = frame.arrivalNs > startNs_ ? frame.arrivalNs - startNs_ : 0;
    encoder_.encode(frame, t, buffer_);
    ++frames_;
    flushIfDue(frame.arrivalNs);
}

void DmxRecordingWriter::flushIfDue(std::uint64_t nowNs) {
    if (file_ != nullptr && nowNs >= lastFlushNs_ + kFlushIntervalNs) {
        flush();
        lastFlushNs_ = nowNs;
    }
}

bool DmxRecordingWriter::flush() {
    if (file_ == nullptr)
        return false;
    if (!buffer_.empty()) {
        const std::size_t n = std::fwrite(buffer_.data(), 1, buffer_.size(), file_);
        bytes_ += n;
        if (n != buffer_.size()) {
            error_ = std::string("recording: write failed: ") + std::strerror(errno);
            buffer_.clear();
            return false;
        }
        buffer_.clear();
    }
    if (std::fflush(file_) != 0) {
        error_ = std::string("recording: flush failed: ") + std::strerror(errno);
        return false;
    }
    return true;
}

void DmxRecordingWriter::close() {
    if (file_ == nullptr)
        return;
    flush();
    std::fclose(file_);
    file_ = nullptr;
}

bool DmxRecordingReader::load(std::vector<std::uint8_t> bytes) {
    *this = DmxRecordingReader();
    bytes_ = std::move(bytes);
    if (bytes_.size() < kRecordingHeaderSize || std::memcmp(bytes_.data(), kRecordingMagic, sizeof kRecordingMagic) != 0) {
        error_ = "recording: not a DMX In recording (no DMXINREC header)";
        return false;
    }
    if (get16(bytes_.data() + 8) != kRecordingVersion) {
        error_ = "recording: version " + std::to_string(get16(bytes_.data() + 8)) + " is not supported (want 1)";
        return false;
    }
    headerSize_ = get16(bytes_.data() + 10);
    if (headerSize_ < kRecordingHeaderSize || headerSize_ > bytes_.size()) {
        error_ = "recording: bad header size";
        return false;
    }
    std::size_t pos = headerSize_;
    while (pos < bytes_.size()) {
        const std::size_t left = bytes_.size() - pos;
        if (left < 4) { truncated_ = true; break; }
        const std::uint32_t bodySize = get32(bytes_.data() + pos);
        if (bodySize < kBodyFixed || bodySize > kMaxBody || left < 4u + bodySize + 4u) { truncated_ = true; break; }
        const std::uint8_t* body = bytes_.data() + pos + 4;
        if (crc32({body, bodySize}) != get32(body + bodySize) || !parseRecord(pos, bodySize, nullptr)) {
            truncated_ = true;   // a crash wrote half a record, or garbage: keep what came before
            break;
        }
        lastTimeNs_ = get64(body);
        ++frames_;
        pos += 4u + bodySize + 4u;
    }
    validEnd_ = pos;
    rewind();
    return true;
}

bool DmxRecordingReader::loadFile(const std::string& path) {
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (file == nullptr) {
        *this = DmxRecordingReader();
        error_ = "recording: cannot open " + path + ": " + std::strerror(errno);
        return false;
    }
    std::vector<std::uint8_t> bytes;
    std::uint8_t chunk[65536];
    std::size_t n = 0;
    while ((n = std::fread(chunk, 1, sizeof chunk, file)) > 0)
        bytes.insert(bytes.end(), chunk, chunk + n);
    std::fclose(file);
    return load(std::move(bytes));
}

void DmxRecordingReader::rewind() {
    pos_ = headerSize_;
    images_.clear();
}

bool DmxRecordingReader::next(RecordedFrame& out) {
    if (pos_ >= validEnd_ || error_.size() != 0)
        return false;
    const std::uint32_t bodySize = get32(bytes_.data() + pos_);
    parseRecord(pos_, bodySize, &out);   // checked by load()
    pos_ += 4u + bodySize + 4u;
    return true;
}

bool DmxRecordingReader::parseRecord(std::size_t pos, std::size_t bodySize, RecordedFrame* out) {
    const std::uint8_t* body = bytes_.data() + pos + 4;
    const std::uint32_t key = get32(body + 8);
    const std::uint32_t length = get16(body + 16);
    if (length > kDmxSlots || !UniverseId::fromKey(key).has_value())
        return false;
    std::uint8_t* slots = nullptr;
    if (out != nullptr) {
        auto [it, inserted] = images_.try_emplace(key);
        if (inserted)
            it->second.fill(0);
        slots = it->second.data();
    }
    const std::uint32_t runs = get16(body + 22);
    std::size_t q = kBodyFixed;
    for (std::uint32_t r = 0; r < runs; ++r) {
        if (q + 4 > bodySize)
            return false;
        const std::uint32_t offset = get16(body + q), runLength = get16(body + q + 2);
        q += 4;
        if (runLength == 0 || offset + runLength > kDmxSlots || q + runLength > bodySize)
            return false;
        if (slots != nullptr)
            std::memcpy(slots + offset, body + q, runLength);
        q += runLength;
    }
    if (q != bodySize)
        return false;
    if (out != nullptr) {
        out->timeNs = get64(body);
        DmxFrame& f = out->frame;
        f.universeKey = key;
        f.sourceIp = get32(body + 12);
        f.length = static_cast<std::uint16_t>(length);
        f.sequence = body[18];
        f.lost = (body[19] & 1u) != 0;
        f.protocol = (body[19] & 2u) != 0 ? DmxProtocol::Sacn : DmxProtocol::ArtNet;
        f.physical = body[20];
        f.arrivalNs = 0;
        std::memcpy(f.slots.data(), slots, kDmxSlots);
    }
    return true;
}

namespace {
DmxRecordingReadResult expand(DmxRecordingReader& reader, bool loaded) {
    DmxRecordingReadResult result;
    result.error = reader.error();
    if (!loaded)
        return result;
    result.truncated = reader.truncated();
    result.validBytes = reader.validBytes();
    result.frames.reserve(reader.frameCount());
    RecordedFrame rf;
    while (reader.next(rf))
        result.frames.push_back(rf);
    return result;
}
} // namespace

DmxRecordingReadResult decodeRecording(const std::vector<std::uint8_t>& bytes) {
    DmxRecordingReader reader;
    const bool loaded = reader.load(bytes);
    return expand(reader, loaded);
}

DmxRecordingReadResult readRecording(const std::string& path) {
    DmxRecordingReader reader;
    const bool loaded = reader.loadFile(path);
    return expand(reader, loaded);
}

} // namespace dmxin
