// dmxin-loopback-rate: a first end-to-end throughput figure. A sender thread blasts full 512-slot
// ArtDmx over N universes to 127.0.0.1 with sendmmsg; the real ReceiverHub (socket, parse, fan-out)
// pushes into an instance queue that a consumer thread drains like an audio thread would.
// Prints sent, received, delivered, lost and packets per second. Figures, not pass/fail.
//   dmxin-loopback-rate [--seconds S] [--universes N]

#include "Core/ArtNetBuilder.h"
#include "Net/ReceiverHub.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>

using namespace dmxin;

int main(int argc, char** argv) {
    double seconds = 3.0;
    int universes = 16;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--seconds")) seconds = std::atof(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--universes")) universes = std::atoi(argv[i + 1]);
    }

    auto hub = net::ReceiverHub::acquire("127.0.0.1", 0);
    if (!hub->listening()) {
        std::fprintf(stderr, "bind failed: %s\n", hub->status().error.c_str());
        return 1;
    }
    net::FrameQueue queue(4096);
    const int sub = hub->subscribe(queue);
    std::vector<UniverseId> list;
    for (int u = 0; u < universes; ++u)
        list.push_back(*PortAddress::fromFlat(u));
    hub->setUniverses(sub, list);

    std::atomic<bool> sending{true}, consuming{true};
    std::atomic<std::uint64_t> consumed{0}, sent{0};

    std::thread consumer([&] {
        DmxFrame f;
        std::uint64_t n = 0;
        while (consuming.load(std::memory_order_relaxed)) {
            while (queue.try_pop(f))
                ++n;
            std::this_thread::sleep_for(std::chrono::microseconds(500));   // ~ a 24-sample block
        }
        while (queue.try_pop(f))
            ++n;
        consumed = n;
    });

    std::thread sender([&] {
        const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_port = htons(hub->boundPort());
        to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        constexpr int kBatch = 32;
        std::vector<std::vector<std::uint8_t>> packets(static_cast<std::size_t>(universes), std::vector<std::uint8_t>(530));
        std::vector<std::uint8_t> slots(512, 0x55);
        for (int u = 0; u < universes; ++u)
            buildArtDmx(packets[static_cast<std::size_t>(u)], *PortAddress::fromFlat(u), 0, 0, slots);   // sequence 0: not checked
        mmsghdr msgs[kBatch]{};
        iovec iov[kBatch]{};
        std::uint64_t n = 0;
        int next = 0;
        while (sending.load(std::memory_order_relaxed)) {
            for (int i = 0; i < kBatch; ++i) {
                iov[i] = {packets[static_cast<std::size_t>(next)].data(), 530};
                next = (next + 1) % universes;
                msgs[i].msg_hdr = {};
                msgs[i].msg_hdr.msg_name = &to;
                msgs[i].msg_hdr.msg_namelen = sizeof to;
                msgs[i].msg_hdr.msg_iov = &iov[i];
                msgs[i].msg_hdr.msg_iovlen = 1;
            }
            const int r = ::sendmmsg(fd, msgs, kBatch, 0);
            if (r > 0)
                n += static_cast<std::uint64_t>(r);
        }
        sent = n;
        ::close(fd);
    });

    const auto start = std::chrono::steady_clock::now();
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    sending = false;
    sender.join();
    std::this_thread::sleep_for(std::chrono::milliseconds(200));   // let the receiver drain its buffer
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() - 0.2;
    consuming = false;
    consumer.join();

    const auto st = hub->status();
    const double rx = static_cast<double>(st.dmxFrames) / elapsed;
    std::printf("loopback: %d universes, %.2f s, receive buffer %d bytes\n", universes, elapsed, st.receiveBufferBytes);
    std::printf("  sent          %12llu  (%.0f packets/s)\n", static_cast<unsigned long long>(sent.load()),
                static_cast<double>(sent.load()) / elapsed);
    std::printf("  received      %12llu  (%.0f packets/s parsed and fanned out)\n",
                static_cast<unsigned long long>(st.dmxFrames), rx);
    std::printf("  delivered     %12llu  queue-full drops %llu, consumed %llu\n",
                static_cast<unsigned long long>(st.delivered), static_cast<unsigned long long>(st.queueFull),
                static_cast<unsigned long long>(consumed.load()));
    std::printf("  lost in kernel %11llu  (%.2f%%, socket buffer overflow)\n",
                static_cast<unsigned long long>(sent.load() - st.datagrams),
                sent.load() ? 100.0 * static_cast<double>(sent.load() - st.datagrams) / static_cast<double>(sent.load()) : 0.0);
    hub->unsubscribe(sub);
    return 0;
}
