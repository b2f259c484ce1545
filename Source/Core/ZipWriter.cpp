#include "ZipWriter.h"

#include "Crc32.h"
#include "LittleEndian.h"

#include <limits>

namespace dmxin {

namespace {
using le::put16;
using le::put32;
void putBytes(std::vector<std::uint8_t>& out, std::string_view s) {
    out.insert(out.end(), s.begin(), s.end());
}
constexpr std::uint32_t kVersion = 20;     // 2.0: what a stored entry needs
constexpr std::uint32_t kDosTime = 0;      // 00:00:00
constexpr std::uint32_t kDosDate = 0x21;   // 1980-01-01 (day 1, month 1, year 0)
constexpr std::uint32_t kUtf8Flag = 1u << 11;
} // namespace

bool ZipWriter::add(std::string_view name, std::string_view data) {
    constexpr auto kMax = std::numeric_limits<std::uint32_t>::max();
    if (name.empty() || name.size() > 0xFFFF || data.size() >= kMax || entries_.size() >= 0xFFFF
        || body_.size() + 30 + name.size() + data.size() >= kMax)
        return false;
    Entry e;
    e.name = std::string(name);
    e.crc = crc32({reinterpret_cast<const std::uint8_t*>(data.data()), data.size()});
    e.size = static_cast<std::uint32_t>(data.size());
    e.offset = static_cast<std::uint32_t>(body_.size());
    put32(body_, 0x04034b50u);                  // local file header signature
    put16(body_, kVersion);                     // version needed to extract
    put16(body_, kUtf8Flag);                    // general purpose flags: names are UTF-8
    put16(body_, 0);                            // method: stored
    put16(body_, kDosTime);
    put16(body_, kDosDate);
    put32(body_, e.crc);
    put32(body_, e.size);                       // compressed size
    put32(body_, e.size);                       // uncompressed size
    put16(body_, static_cast<std::uint32_t>(name.size()));
    put16(body_, 0);                            // extra field length
    putBytes(body_, name);
    putBytes(body_, data);
    entries_.push_back(std::move(e));
    return true;
}

std::vector<std::uint8_t> ZipWriter::finish() const {
    std::vector<std::uint8_t> out = body_;
    const auto directoryOffset = static_cast<std::uint32_t>(out.size());
    for (const auto& e : entries_) {
        put32(out, 0x02014b50u);                // central directory header signature
        put16(out, kVersion);                   // version made by (MS-DOS attributes, 2.0)
        put16(out, kVersion);                   // version needed to extract
        put16(out, kUtf8Flag);
        put16(out, 0);                          // stored
        put16(out, kDosTime);
        put16(out, kDosDate);
        put32(out, e.crc);
        put32(out, e.size);
        put32(out, e.size);
        put16(out, static_cast<std::uint32_t>(e.name.size()));
        put16(out, 0);                          // extra field length
        put16(out, 0);                          // comment length
        put16(out, 0);                          // disk number start
        put16(out, 0);                          // internal attributes
        put32(out, 0);                          // external attributes
        put32(out, e.offset);                   // offset of the local header
        putBytes(out, e.name);
    }
    const auto directorySize = static_cast<std::uint32_t>(out.size()) - directoryOffset;
    put32(out, 0x06054b50u);                    // end of central directory signature
    put16(out, 0);                              // this disk
    put16(out, 0);                              // disk with the central directory
    put16(out, static_cast<std::uint32_t>(entries_.size()));
    put16(out, static_cast<std::uint32_t>(entries_.size()));
    put32(out, directorySize);
    put32(out, directoryOffset);
    put16(out, 0);                              // comment length
    return out;
}

} // namespace dmxin
