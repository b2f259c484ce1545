#include "DmxRecording.h"

#include "Crc32.h"

#include <cerrno>
#include <cstring>

namespace dmxin {

namespace {
constexpr std::size_t kBodyFixed = 24;       // body bytes before the runs
constexpr std::size_t kMergeGap = 4;         // equal slots between changes that still join one run
constexpr std::uint32_t kMaxBody = kBodyFixed + 4 * kDmxSlots + kDmxSlots;   // worst case: every other slot

void put16(std::vector<std::uint8_t>& o, std::uint32_t v) {
    o.push_back(static_cast<std::uint8_t>(v & 0xFFu));
    o.push_back(static_cast<std::uint8_t>((v >> 8) & 0xFFu));
}
void put32(std::vector<std::uint8_t>& o, std::uint32_t v) {
    put16(o, v & 0xFFFFu);
    put16(o, v >> 16);
}
void put64(std::vector<std::uint8_t>& o, std::uint64_t v) {
    put32(o, static_cast<std::uint32_t>(v & 0xFFFFFFFFu));
    put32(o, static_cast<std::uint32_t>(v >> 32));
}
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

DmxRecordingReadResult decodeRecording(const std::vector<std::uint8_t>& bytes) {
    DmxRecordingReadResult result;
    if (bytes.size() < kRecordingHeaderSize || std::memcmp(bytes.data(), kRecordingMagic, sizeof kRecordingMagic) != 0) {
        result.error = "recording: not a DMX In recording (no DMXINREC header)";
        return result;
    }
    if (get16(bytes.data() + 8) != kRecordingVersion) {
        result.error = "recording: version " + std::to_string(get16(bytes.data() + 8)) + " is not supported (want 1)";
        return result;
    }
    const std::size_t headerSize = get16(bytes.data() + 10);
    if (headerSize < kRecordingHeaderSize || headerSize > bytes.size()) {
        result.error = "recording: bad header size";
        return result;
    }
    std::map<std::uint32_t, std::array<std::uint8_t, kDmxSlots>> images;
    std::size_t pos = headerSize;
    result.validBytes = pos;
    while (pos < bytes.size()) {
        const std::uint8_t* p = bytes.data() + pos;
        const std::size_t left = bytes.size() - pos;
        if (left < 4) { result.truncated = true; break; }
        const std::uint32_t bodySize = get32(p);
        if (bodySize < kBodyFixed || bodySize > kMaxBody || left < 4u + bodySize + 4u) { result.truncated = true; break; }
        const std::uint8_t* body = p + 4;
        if (crc32({body, bodySize}) != get32(body + bodySize)) { result.truncated = true; break; }

        RecordedFrame rf;
        rf.timeNs = get64(body);
        DmxFrame& f = rf.frame;
        f.universeKey = get32(body + 8);
        f.sourceIp = get32(body + 12);
        f.length = static_cast<std::uint16_t>(get16(body + 16));
        f.sequence = body[18];
        f.lost = (body[19] & 1u) != 0;
        f.protocol = (body[19] & 2u) != 0 ? DmxProtocol::Sacn : DmxProtocol::ArtNet;
        f.physical = body[20];
        const std::uint32_t runs = get16(body + 22);
        auto [it, inserted] = images.try_emplace(f.universeKey);
        if (inserted)
            it->second.fill(0);
        auto slots = it->second;
        std::size_t q = kBodyFixed;
        bool ok = f.length <= kDmxSlots && UniverseId::fromKey(f.universeKey).has_value();
        for (std::uint32_t r = 0; ok && r < runs; ++r) {
            if (q + 4 > bodySize) { ok = false; break; }
            const std::uint32_t offset = get16(body + q), length = get16(body + q + 2);
            q += 4;
            if (length == 0 || offset + length > kDmxSlots || q + length > bodySize) { ok = false; break; }
            std::memcpy(slots.data() + offset, body + q, length);
            q += length;
        }
        if (!ok || q != bodySize) {   // a record that passed its CRC but does not parse: stop here too
            result.truncated = true;
            break;
        }
        it->second = slots;
        f.slots = slots;
        result.frames.push_back(rf);
        pos += 4u + bodySize + 4u;
        result.validBytes = pos;
    }
    return result;
}

DmxRecordingReadResult readRecording(const std::string& path) {
    DmxRecordingReadResult result;
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (file == nullptr) {
        result.error = "recording: cannot open " + path + ": " + std::strerror(errno);
        return result;
    }
    std::vector<std::uint8_t> bytes;
    std::uint8_t chunk[65536];
    std::size_t n = 0;
    while ((n = std::fread(chunk, 1, sizeof chunk, file)) > 0)
        bytes.insert(bytes.end(), chunk, chunk + n);
    std::fclose(file);
    return decodeRecording(bytes);
}

} // namespace dmxin
