// dmxin-local-probe: connects to the local leader's channel as a follower would.
//   dmxin-local-probe --bind 127.0.0.1 --port 6454 [--sacn-port 5568] [--wait-ms 2000]
//     says whether it was welcomed (the sharing test runs it as another user).
//     Exit codes: 0 welcomed (prints "welcome from pid N"), 1 refused (closed without a welcome),
//     2 no leader to connect to, 3 no answer in time, 4 bad arguments.
//   dmxin-local-probe --follow SECONDS --universe 0:0:1 [--bind ... --port ...]
//     stays attached as a follower that never takes over: subscribes to the universe, counts the
//     datagrams its leader forwards, and when the leader goes away reconnects to the next one.
//     Prints "welcome from pid N" per leader and, at the end, "followed: L leader(s), D datagram(s)".
//     The module-unload test uses it to keep a follower attached to a plugin that leads and unloads.

#include "Core/PortAddress.h"
#include "Core/UniverseId.h"
#include "Net/Platform/LocalLink.h"
#include "Net/LocalWire.h"
#include "Net/Platform/Process.h"
#include "Net/Platform/WaitSet.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

using namespace dmxin::net;

namespace {

struct Args {
    std::string bind = "0.0.0.0";
    int port = 6454, sacnPort = 5568, waitMs = 2000;
    double followSeconds = 0.0;
    std::string universe = "0:0:1";
};

void sendHello(NativeHandle fd) {
    std::vector<std::uint8_t> msg;
    encodeHello(msg, LocalHello{currentProcessId()});
    locallink::sendMessage(fd, msg.data(), msg.size());
}

int probeOnce(const Args& a, const std::string& name) {
    const NativeHandle fd = locallink::connectTo(name).handle;
    if (fd == kNoHandle) {
        std::printf("no leader on %s\n", name.c_str());
        return 2;
    }
    sendHello(fd);
    std::vector<std::uint8_t> in(local::kMaxMessage + 1);
    WaitSet waits;
    waits.add(fd);
    while (waits.wait(a.waitMs) > 0) {
        bool truncated = false;
        const long n = locallink::receiveMessage(fd, in.data(), in.size(), &truncated);
        if (n == locallink::kEndOfStream || n == locallink::kBroken) {
            std::printf("refused: the leader closed the connection without a welcome\n");
            return 1;
        }
        if (n == locallink::kNothingReady)
            continue;
        const auto r = decodeLocal({in.data(), static_cast<std::size_t>(n)});
        if (r.ok() && r.message.type == LocalType::Welcome) {
            std::printf("welcome from pid %u (Art-Net port %u)\n", r.message.welcome.pid, r.message.welcome.artnetPort);
            return 0;
        }
    }
    std::printf("no answer within %d ms\n", a.waitMs);
    return 3;
}

int follow(const Args& a, const std::string& name) {
    const auto universe = dmxin::PortAddress::parse(a.universe);
    if (!universe) {
        std::fprintf(stderr, "bad universe %s\n", a.universe.c_str());
        return 4;
    }
    const std::uint32_t entry = dmxin::UniverseId(*universe).key();
    const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(a.followSeconds);
    std::vector<std::uint8_t> in(local::kMaxMessage + 1), out;
    std::uint64_t leaders = 0, datagrams = 0;
    while (std::chrono::steady_clock::now() < end) {
        const NativeHandle fd = locallink::connectTo(name).handle;
        if (fd == kNoHandle) {   // no leader right now (between a plugin's unload and the next load)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
            continue;
        }
        sendHello(fd);
        encodeSubscribe(out, 0, {&entry, 1});
        locallink::sendMessage(fd, out.data(), out.size());
        WaitSet waits;
        waits.add(fd);
        bool open = true;
        while (open && std::chrono::steady_clock::now() < end) {
            if (waits.wait(50) <= 0)
                continue;
            for (;;) {
                bool truncated = false;
                const long n = locallink::receiveMessage(fd, in.data(), in.size(), &truncated);
                if (n == locallink::kEndOfStream || n == locallink::kBroken) {
                    open = false;   // the leader went away: connect to whoever leads next
                    break;
                }
                if (n == locallink::kNothingReady)
                    break;
                const auto r = decodeLocal({in.data(), static_cast<std::size_t>(n)});
                if (!r.ok())
                    continue;
                if (r.message.type == LocalType::Welcome) {
                    ++leaders;
                    std::printf("welcome from pid %u\n", r.message.welcome.pid);
                    std::fflush(stdout);
                } else if (r.message.type == LocalType::Datagram) {
                    ++datagrams;
                }
            }
        }
        locallink::close(fd);
    }
    std::printf("followed: %llu leader(s), %llu datagram(s)\n", static_cast<unsigned long long>(leaders),
                static_cast<unsigned long long>(datagrams));
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    Args a;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string k = argv[i], v = argv[i + 1];
        if (k == "--bind") a.bind = v;
        else if (k == "--port") a.port = std::atoi(v.c_str());
        else if (k == "--sacn-port") a.sacnPort = std::atoi(v.c_str());
        else if (k == "--wait-ms") a.waitMs = std::atoi(v.c_str());
        else if (k == "--follow") a.followSeconds = std::atof(v.c_str());
        else if (k == "--universe") a.universe = v;
        else { std::fprintf(stderr, "unknown argument %s\n", k.c_str()); return 4; }
    }
    const auto name = locallink::channelName(a.bind, static_cast<std::uint16_t>(a.port), static_cast<std::uint16_t>(a.sacnPort));
    return a.followSeconds > 0.0 ? follow(a, name) : probeOnce(a, name);
}
