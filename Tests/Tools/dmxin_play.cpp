// dmxin-play: sends a DMX In recording (--record / the editor's Record button) to one address as
// Art-Net or sACN unicast, at the original timing, for testing other software with a real show.
//   dmxin-play FILE [--to 127.0.0.1] [--port N] [--sacn] [--loop] [--quiet]
// Art-Net (default, port 6454): Art-Net frames keep their Port-Address; sACN frames go to
// Port-Address N-1. --sacn (port 5568): sACN frames keep their universe; Art-Net frames go to
// universe flat+1. Frames recorded as "lost" (the console went away) send nothing. Never broadcasts.

#include "Core/ArtNetBuilder.h"
#include "Core/DmxRecording.h"
#include "Core/SacnBuilder.h"
#include "SendSocket.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

int main(int argc, char** argv) {
    std::string file, to = "127.0.0.1";
    int port = -1;
    bool sacn = false, loop = false, quiet = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> const char* {
            if (i + 1 >= argc) { std::fprintf(stderr, "%s needs a value\n", a.c_str()); std::exit(2); }
            return argv[++i];
        };
        if (a == "--to") to = value();
        else if (a == "--port") port = std::atoi(value());
        else if (a == "--sacn") sacn = true;
        else if (a == "--loop") loop = true;
        else if (a == "--quiet") quiet = true;
        else if (a == "--help" || a == "-h") {
            std::printf("usage: dmxin-play FILE [--to ADDR] [--port N] [--sacn] [--loop] [--quiet]\n");
            return 0;
        } else if (!a.empty() && a[0] == '-') { std::fprintf(stderr, "unknown argument %s\n", a.c_str()); return 2; }
        else if (file.empty()) file = a;
        else { std::fprintf(stderr, "one recording at a time\n"); return 2; }
    }
    if (file.empty()) { std::fprintf(stderr, "usage: dmxin-play FILE [--to ADDR] [--port N] [--sacn] [--loop]\n"); return 2; }
    if (port < 0) port = sacn ? 5568 : 6454;
    if (port < 1 || port > 65535) { std::fprintf(stderr, "bad --port\n"); return 2; }

    dmxin::DmxRecordingReader recording;
    if (!recording.loadFile(file)) { std::fprintf(stderr, "%s\n", recording.error().c_str()); return 3; }
    if (recording.truncated())
        std::fprintf(stderr, "dmxin-play: %s ends inside a record; playing the %zu complete frame(s)\n", file.c_str(),
                     recording.frameCount());

    dmxin::testing::SendSocket socket(to, static_cast<std::uint16_t>(port));
    dmxin::SacnCid cid{};
    for (std::size_t i = 0; i < cid.size(); ++i)
        cid[i] = static_cast<std::uint8_t>(0xD0 + i);
    std::uint8_t sequence = 1;
    std::uint64_t sent = 0, skipped = 0;
    std::uint8_t packet[dmxin::kSacnMaxDataPacket > 530 ? dmxin::kSacnMaxDataPacket : 530];
    do {
        const auto start = std::chrono::steady_clock::now();
        recording.rewind();
        dmxin::RecordedFrame rf;
        while (recording.next(rf)) {
            std::this_thread::sleep_until(start + std::chrono::nanoseconds(rf.timeNs));
            const dmxin::DmxFrame& f = rf.frame;
            const auto universe = dmxin::UniverseId::fromKey(f.universeKey);
            if (f.lost || !universe) { ++skipped; continue; }
            const std::span<const std::uint8_t> slots(f.slots.data(), f.length == 0 ? dmxin::kDmxSlots : f.length);
            std::size_t size = 0;
            if (sacn) {
                const int number = universe->isSacn() ? universe->number() : universe->number() + 1;
                if (number > dmxin::UniverseId::kSacnMax) { ++skipped; continue; }
                size = dmxin::buildSacnData(packet, cid, "dmxin-play", 100, 0, sequence, 0,
                                            static_cast<std::uint16_t>(number), 0x00, slots);
            } else {
                const auto pa = universe->isArtNet() ? universe->portAddress() : dmxin::PortAddress::fromFlat(universe->number() - 1);
                if (!pa) { ++skipped; continue; }
                size = dmxin::buildArtDmx(packet, *pa, sequence, 0, slots);
            }
            sequence = static_cast<std::uint8_t>(sequence == 255 ? 1 : sequence + 1);
            if (size > 0 && socket.send(packet, size))
                ++sent;
        }
    } while (loop);
    if (!quiet)
        std::printf("dmxin-play: sent %llu packet(s) to %s:%d as %s, skipped %llu\n", static_cast<unsigned long long>(sent),
                    to.c_str(), port, sacn ? "sACN" : "Art-Net", static_cast<unsigned long long>(skipped));
    return 0;
}
