// dmxin-send: sends ArtDmx to one address (default 127.0.0.1:6454). For tests and manual checks.
//   dmxin-send --universe 0:0:1[,0:0:2...] --set 1=255,2=128 [--to 127.0.0.1] [--port 6454]
//              [--count N] [--interval-ms M] [--ramp CH]   (--ramp: channel CH counts 0..255)
//              [--sequence S]   (the first ArtDmx sequence number, 1..255, default 1; 0 disables sequencing)

#include "Core/ArtNetBuilder.h"
#include "SendSocket.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

int main(int argc, char** argv) {
    std::string to = "127.0.0.1";
    int port = 6454, count = 1, intervalMs = 25, ramp = 0, firstSequence = 1;
    std::vector<dmxin::PortAddress> universes{dmxin::PortAddress{}};
    std::vector<std::uint8_t> slots(512, 0);
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const char* v = i + 1 < argc ? argv[i + 1] : nullptr;
        if (v == nullptr) { std::fprintf(stderr, "%s needs a value\n", a.c_str()); return 2; }
        ++i;
        if (a == "--to") to = v;
        else if (a == "--port") port = std::atoi(v);
        else if (a == "--count") count = std::atoi(v);
        else if (a == "--interval-ms") intervalMs = std::atoi(v);
        else if (a == "--ramp") ramp = std::atoi(v);
        else if (a == "--sequence") {
            firstSequence = std::atoi(v);
            if (firstSequence < 0 || firstSequence > 255) { std::fprintf(stderr, "--sequence wants 0..255\n"); return 2; }
        }
        else if (a == "--universe") {   // one, or a comma-separated list sent in turn from one socket
            universes.clear();
            std::string list = v;
            for (std::size_t pos = 0; pos < list.size();) {
                const auto comma = list.find(',', pos);
                const auto item = list.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
                auto u = dmxin::PortAddress::parse(item);
                if (!u) { std::fprintf(stderr, "bad universe %s (use N:S:U or a 1-based number)\n", item.c_str()); return 2; }
                universes.push_back(*u);
                pos = comma == std::string::npos ? list.size() : comma + 1;
            }
        } else if (a == "--set") {
            std::string list = v;
            std::size_t pos = 0;
            while (pos < list.size()) {
                const auto comma = list.find(',', pos);
                const auto item = list.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
                const auto eq = item.find('=');
                const int ch = std::atoi(item.substr(0, eq).c_str());
                const int val = std::atoi(item.substr(eq + 1).c_str());
                if (eq == std::string::npos || ch < 1 || ch > 512 || val < 0 || val > 255) {
                    std::fprintf(stderr, "bad --set item \"%s\" (want CH=VALUE)\n", item.c_str());
                    return 2;
                }
                slots[static_cast<std::size_t>(ch - 1)] = static_cast<std::uint8_t>(val);
                pos = comma == std::string::npos ? list.size() : comma + 1;
            }
        } else { std::fprintf(stderr, "unknown argument %s\n", a.c_str()); return 2; }
    }
    dmxin::testing::SendSocket socket(to, static_cast<std::uint16_t>(port));
    std::uint8_t packet[530];
    auto seq = static_cast<std::uint8_t>(firstSequence);
    for (int n = 0; n < count; ++n) {
        if (ramp >= 1 && ramp <= 512)
            slots[static_cast<std::size_t>(ramp - 1)] = static_cast<std::uint8_t>(n % 256);
        for (const auto universe : universes) {
            const auto size = dmxin::buildArtDmx(packet, universe, seq, 0, slots);
            socket.send(packet, size);
        }
        if (seq != 0)   // 0: sequencing disabled for every packet
            seq = static_cast<std::uint8_t>(seq == 255 ? 1 : seq + 1);
        if (n + 1 < count)
            std::this_thread::sleep_for(std::chrono::milliseconds(intervalMs));
    }
    return 0;
}
