// libFuzzer harness: parseSacn on arbitrary bytes.
// Checks the parser's promises (SacnParser.h) on every input: it never reads outside the packet
// (ASan sees that: libFuzzer hands us an exact-size heap copy), a rejection always has a reason in
// range and an acceptance none, and every view lies inside the packet with the documented bounds.
// Every field of every view is used (folded into a volatile sink), and an accepted packet must be
// canonical: rebuilding it with SacnBuilder from the parsed fields gives back the same bytes,
// except the bytes no receiver reads (the source name after its NUL, reserved fields).

#include "Core/SacnBuilder.h"
#include "Core/SacnParser.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

using namespace dmxin;

volatile std::uint64_t gSink = 0;

void check(bool condition, const char* what) {
    if (!condition) {
        std::fprintf(stderr, "fuzz_sacn_parser: %s\n", what);
        std::abort();
    }
}

bool inside(const void* p, std::size_t n, const std::uint8_t* data, std::size_t size) {
    const auto* b = static_cast<const std::uint8_t*>(p);
    return b >= data && b + n <= data + size;
}

std::uint64_t mix(std::uint64_t h, std::uint64_t v) { return h * 1099511628211ull + v; }

std::uint64_t hashCid(std::uint64_t h, const SacnCid& cid) {
    for (auto b : cid)
        h = mix(h, b);
    return h;
}

std::uint64_t hashName(std::uint64_t h, std::string_view name, const std::uint8_t* data, std::size_t size) {
    check(name.size() <= 63, "source name longer than 63 bytes");
    check(name.empty() || inside(name.data(), name.size(), data, size), "source name outside the packet");
    check(name.empty() || reinterpret_cast<const std::uint8_t*>(name.data()) == data + 44, "source name not at 44");
    check(name.find('\0') == std::string_view::npos, "source name contains a NUL");
    for (char c : name)
        h = mix(h, static_cast<unsigned char>(c));
    return h;
}

// Compares `rebuilt` with the input, skipping [skipFrom, skipTo) ranges.
void checkSameExcept(const std::vector<std::uint8_t>& rebuilt, const std::uint8_t* data, std::size_t size,
                     std::initializer_list<std::pair<std::size_t, std::size_t>> skip, const char* what) {
    check(rebuilt.size() == size, what);
    for (std::size_t i = 0; i < size; ++i) {
        bool skipped = false;
        for (auto [from, to] : skip)
            skipped = skipped || (i >= from && i < to);
        if (!skipped && rebuilt[i] != data[i]) {
            std::fprintf(stderr, "fuzz_sacn_parser: byte %zu differs (%02x rebuilt, %02x parsed)\n", i, rebuilt[i], data[i]);
            check(false, what);
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const SacnParseResult r = parseSacn({data, size});
    std::uint64_t h = mix(static_cast<std::uint64_t>(r.kind), static_cast<std::uint64_t>(r.reject));
    h = mix(h, std::strlen(toString(r.reject)));

    if (r.kind == SacnKind::Rejected) {
        check(r.reject != SacnReject::None && r.reject < SacnReject::Count, "rejection without a valid reason");
        check(std::strcmp(toString(r.reject), "unknown") != 0, "rejection reason has no name");
        check(r.data.data == nullptr && r.discovery.universes == nullptr, "rejected packet exposes a view");
        gSink = gSink + h;
        return 0;
    }
    check(r.reject == SacnReject::None, "accepted packet carries a reason");
    check(size >= 38 && data[0] == 0x00 && data[1] == 0x10 && std::memcmp(data + 4, "ASC-E1.17\0\0\0", 12) == 0,
          "accepted without the ACN root layer");

    std::vector<std::uint8_t> rebuilt(1500);
    if (r.kind == SacnKind::Data) {
        const SacnDataView& v = r.data;
        check(size >= kSacnDataHeaderSize && size <= kSacnMaxDataPacket, "data packet size outside 126..638");
        check(v.length <= 512 && size == kSacnDataHeaderSize + v.length, "slot count differs from the bytes received");
        check(v.data == data + kSacnDataHeaderSize, "slot view not at 126");
        check(v.universe >= kSacnMinUniverse && v.universe <= kSacnMaxUniverse, "universe outside 1..63999");
        check(v.priority <= kSacnMaxPriority, "priority above 200");
        check(v.preview == ((v.options & 0x80) != 0) && v.terminated == ((v.options & 0x40) != 0)
                  && v.forceSync == ((v.options & 0x20) != 0),
              "option flags differ from the options byte");
        h = hashCid(h, v.cid);
        h = hashName(h, v.sourceName, data, size);
        for (std::uint64_t f : {std::uint64_t{v.priority}, std::uint64_t{v.syncAddress}, std::uint64_t{v.sequence},
                                std::uint64_t{v.options}, std::uint64_t{v.preview}, std::uint64_t{v.terminated},
                                std::uint64_t{v.forceSync}, std::uint64_t{v.universe}, std::uint64_t{v.startCode},
                                std::uint64_t{v.length}})
            h = mix(h, f);
        for (std::size_t i = 0; i < v.length; ++i)   // an over-read here is an ASan report
            h = mix(h, v.data[i]);
        const std::size_t n = buildSacnData(rebuilt, v.cid, v.sourceName, v.priority, v.syncAddress, v.sequence,
                                            v.options, v.universe, v.startCode, {v.data, v.length});
        rebuilt.resize(n);
        checkSameExcept(rebuilt, data, size, {{44 + v.sourceName.size(), 108}}, "accepted data packet is not canonical");
    } else if (r.kind == SacnKind::Sync) {
        const SacnSyncView& v = r.sync;
        check(size == kSacnSyncPacketSize, "sync packet is not 49 bytes");
        check(v.syncAddress >= kSacnMinUniverse && v.syncAddress <= kSacnMaxUniverse, "sync address outside 1..63999");
        h = hashCid(h, v.cid);
        h = mix(mix(h, v.sequence), v.syncAddress);
        const std::size_t n = buildSacnSync(rebuilt, v.cid, v.sequence, v.syncAddress);
        rebuilt.resize(n);
        checkSameExcept(rebuilt, data, size, {{47, 49}}, "accepted sync packet is not canonical");
    } else {
        check(r.kind == SacnKind::Discovery, "unknown kind");
        const SacnDiscoveryView& v = r.discovery;
        check(v.universeCount <= kSacnMaxDiscoveryUniverses, "more than 512 universes on a page");
        check(size == kSacnDiscoveryHeaderSize + 2u * v.universeCount, "universe list differs from the bytes received");
        check(v.universes == data + kSacnDiscoveryHeaderSize, "universe list not at 120");
        h = hashCid(h, v.cid);
        h = hashName(h, v.sourceName, data, size);
        h = mix(mix(h, v.page), v.lastPage);
        std::vector<std::uint16_t> list(v.universeCount);
        for (std::size_t i = 0; i < v.universeCount; ++i) {
            list[i] = static_cast<std::uint16_t>((v.universes[2 * i] << 8) | v.universes[2 * i + 1]);
            h = mix(h, list[i]);
        }
        const std::size_t n = buildSacnDiscovery(rebuilt, v.cid, v.sourceName, v.page, v.lastPage, list);
        rebuilt.resize(n);
        checkSameExcept(rebuilt, data, size, {{44 + v.sourceName.size(), 112}}, "accepted discovery packet is not canonical");
    }
    gSink = gSink + h;
    return 0;
}
