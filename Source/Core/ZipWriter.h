#pragma once
// A minimal zip archive writer: stored (uncompressed) entries with CRC-32, local headers, central
// directory and end record (PKWARE APPNOTE 6.3, sections 4.3.7, 4.3.12, 4.3.16), no zip64, no
// extra fields, fixed 1980-01-01 timestamps so the same input gives the same bytes. Enough for a
// GDTF file (a zip holding description.xml). Any thread; allocates.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dmxin {

class ZipWriter {
public:
    // Adds a file; names use '/' separators. Entries and the archive must stay below 4 GiB and
    // 65535 entries (not checked beyond what the format holds: add() returns false then).
    bool add(std::string_view name, std::string_view data);
    // The complete archive.
    std::vector<std::uint8_t> finish() const;

private:
    struct Entry {
        std::string name;
        std::uint32_t crc = 0;
        std::uint32_t size = 0;
        std::uint32_t offset = 0;
    };
    std::vector<Entry> entries_;
    std::vector<std::uint8_t> body_;   // local headers + data
};

} // namespace dmxin
