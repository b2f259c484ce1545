// libFuzzer harness: parseArtNet on arbitrary bytes.
// Checks the parser's promises (ArtNetParser.h) on every input: it never reads outside the packet
// (ASan sees that: libFuzzer hands us an exact-size heap copy), a rejection always has a reason and
// an acceptance never has one, and the ArtDmx/ArtNzs slot view lies inside the packet with
// length = min(Length, received slots, 512). Every field is folded into a volatile sink so the
// optimiser cannot drop the code that fills it.

#include "Core/ArtNetParser.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace {

volatile std::uint64_t gSink = 0;

void check(bool condition) {
    if (!condition)
        std::abort();
}

std::uint16_t readBe16(const std::uint8_t* p) {
    return static_cast<std::uint16_t>((p[0] << 8) | p[1]);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace dmxin;
    const ArtNetParseResult r = parseArtNet({data, size});

    std::uint64_t h = static_cast<std::uint64_t>(r.kind) * 31u + static_cast<std::uint64_t>(r.reject);
    h = h * 31u + r.opcode;
    h = h * 31u + std::strlen(toString(r.reject));

    if (r.kind == ArtNetKind::Rejected) {
        check(r.reject != ArtNetReject::None && r.reject < ArtNetReject::Count);
    } else {
        check(r.reject == ArtNetReject::None);
        // Nothing is accepted without the full ID and OpCode.
        check(size >= 10 && std::memcmp(data, "Art-Net", 8) == 0);
    }

    if (r.kind == ArtNetKind::Dmx || r.kind == ArtNetKind::Nzs) {
        const ArtDmxView& v = r.dmx;
        check(size >= kArtDmxHeaderSize + 1);
        check(v.data == data + kArtDmxHeaderSize);
        check(v.declaredLength == readBe16(data + 16) && v.declaredLength >= 1);
        const std::size_t received = size - kArtDmxHeaderSize;
        check(v.length == std::min<std::size_t>({v.declaredLength, received, 512}));
        check(v.address.flat() <= PortAddress::kMaxFlat);
        if (r.kind == ArtNetKind::Dmx) {
            check(v.startCode == 0 && size >= kArtDmxMinPacket);
        } else {
            check(v.startCode != 0x00 && v.startCode != 0xCC);
        }
        h = h * 31u + v.address.flat();
        h = h * 31u + v.sequence;
        h = h * 31u + v.physical;
        h = h * 31u + v.startCode;
        h = h * 31u + v.declaredLength;
        // Touch every usable slot: an over-read here is an ASan report.
        for (std::size_t i = 0; i < v.length; ++i)
            h = h * 131u + v.data[i];
    }

    if (r.kind == ArtNetKind::Poll) {
        const ArtPollView& p = r.poll;
        check(p.targeted == ((p.flags & 0x20) != 0));
        h = h * 31u + p.flags;
        h = h * 31u + p.diagPriority;
        h = h * 31u + (p.targeted ? 1u : 0u);
        h = h * 31u + p.targetTop;
        h = h * 31u + p.targetBottom;
        h = h * 31u + p.estaMan;
        h = h * 31u + p.oem;
    }

    gSink = gSink + h;
    return 0;
}
