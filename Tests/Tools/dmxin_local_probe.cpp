// dmxin-local-probe: connects to the local leader's channel as a follower would and says whether
// it was welcomed. Used by the sharing test to show a process of another user is refused.
//   dmxin-local-probe --bind 127.0.0.1 --port 6454 [--sacn-port 5568] [--wait-ms 2000]
// Exit codes: 0 welcomed (prints "welcome from pid N"), 1 refused (closed without a welcome),
// 2 no leader to connect to, 3 no answer in time, 4 bad arguments.

#include "Net/LocalLink.h"
#include "Net/LocalWire.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace dmxin::net;

int main(int argc, char** argv) {
    std::string bind = "0.0.0.0";
    int port = 6454, sacnPort = 5568, waitMs = 2000;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i], v = argv[i + 1];
        if (a == "--bind") bind = v;
        else if (a == "--port") port = std::atoi(v.c_str());
        else if (a == "--sacn-port") sacnPort = std::atoi(v.c_str());
        else if (a == "--wait-ms") waitMs = std::atoi(v.c_str());
        else { std::fprintf(stderr, "unknown argument %s\n", a.c_str()); return 4; }
    }
    const auto name = locallink::channelName(bind, static_cast<std::uint16_t>(port), static_cast<std::uint16_t>(sacnPort));
    const int fd = locallink::connectTo(name);
    if (fd < 0) {
        std::printf("no leader on %s\n", name.c_str());
        return 2;
    }
    std::vector<std::uint8_t> msg;
    encodeHello(msg, LocalHello{static_cast<std::uint32_t>(::getpid())});
    locallink::sendMessage(fd, msg.data(), msg.size());
    std::vector<std::uint8_t> in(local::kMaxMessage + 1);
    pollfd p{fd, POLLIN, 0};
    while (::poll(&p, 1, waitMs) > 0) {
        bool truncated = false;
        const long n = locallink::receiveMessage(fd, in.data(), in.size(), &truncated);
        if (n == 0 || (n < 0 && errno != EAGAIN)) {
            std::printf("refused: the leader closed the connection without a welcome (uid %u)\n", ::geteuid());
            return 1;
        }
        if (n < 0)
            continue;
        const auto r = decodeLocal({in.data(), static_cast<std::size_t>(n)});
        if (r.ok() && r.message.type == LocalType::Welcome) {
            std::printf("welcome from pid %u (Art-Net port %u)\n", r.message.welcome.pid, r.message.welcome.artnetPort);
            return 0;
        }
    }
    std::printf("no answer within %d ms\n", waitMs);
    return 3;
}
