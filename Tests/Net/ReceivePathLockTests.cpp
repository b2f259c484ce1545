// The receive path takes no lock per packet, checked by counting: this program replaces
// pthread_mutex_lock (every std::mutex lock in the program goes through it) with a wrapper that
// counts the calls made by the hub's receive thread, named "dmxin-receive", and then runs glibc's.
// Linux (glibc) only, and not under a sanitizer (TSan replaces the same function); its own program
// so the wrapper sits under no other test.

#include "Core/ArtNetBuilder.h"
#include "Net/ReceiverHub.h"
#include "SendSocket.h"

#include "NetTestUtil.h"

#include <catch2/catch.hpp>

#include <pthread.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <vector>

// glibc's own lock, exported beside pthread_mutex_lock under a non-default version.
extern "C" int glibc_pthread_mutex_lock(pthread_mutex_t* mutex);
__asm__(".symver glibc_pthread_mutex_lock, __pthread_mutex_lock@GLIBC_2.2.5");

namespace {
std::atomic<std::uint64_t> receiveThreadLocks{0};

bool onReceiveThread() {
    char name[16] = {};
    return pthread_getname_np(pthread_self(), name, sizeof name) == 0 && std::strcmp(name, "dmxin-receive") == 0;
}
} // namespace

extern "C" int pthread_mutex_lock(pthread_mutex_t* mutex) {
    if (onReceiveThread())
        receiveThreadLocks.fetch_add(1, std::memory_order_relaxed);
    return glibc_pthread_mutex_lock(mutex);
}

using namespace dmxin;
using namespace dmxin::net;
using namespace dmxin::nettest;

TEST_CASE("The receive thread locks no mutex for the packets it receives, merges and delivers") {
    auto hub = ReceiverHub::acquire("127.0.0.1", 0);
    REQUIRE(hub->listening());
    FrameQueue q(64);
    const int s = hub->subscribe(q);
    hub->setUniverses(s, {pa("0:0:3"), pa("0:0:4")});
    testing::SendSocket tx("127.0.0.1", hub->boundPort());
    testing::SendSocket second("127.0.0.1", hub->boundPort());   // another source port: universe 0:0:4 merges two

    const std::uint64_t before = receiveThreadLocks.load();
    const auto started = std::chrono::steady_clock::now();
    constexpr int kBursts = 20, kPerBurst = 20;   // 400 packets on 0:0:3, 400 from two sources on 0:0:4
    int popped = 0;
    std::uint8_t sequence = 0;
    std::vector<std::uint8_t> p(530);
    for (int burst = 0; burst < kBursts; ++burst) {
        for (int i = 0; i < kPerBurst; ++i) {
            sequence = static_cast<std::uint8_t>(sequence == 255 ? 1 : sequence + 1);
            const std::uint8_t slots[] = {static_cast<std::uint8_t>(i), 9};
            p.resize(530);
            p.resize(buildArtDmx(p, pa("0:0:3"), sequence, 0, slots));
            tx.send(p.data(), p.size());
            p.resize(530);
            p.resize(buildArtDmx(p, pa("0:0:4"), sequence, 1, slots));
            (i % 2 == 0 ? tx : second).send(p.data(), p.size());
        }
        DmxFrame f;
        REQUIRE(eventually([&] {
            while (q.try_pop(f))
                ++popped;
            return popped == (burst + 1) * kPerBurst * 2;
        }));
    }
    // Besides control calls (none here) the receive thread locks only in its once-a-second
    // interface watch (the sACN pool's lock, the system's address list): a few locks per second
    // elapsed, against one or more per packet (800) if the packet path locked.
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started).count();
    const std::uint64_t watchLocks = 4 * static_cast<std::uint64_t>(seconds + 1);
    INFO("receive-thread locks while 800 packets were handled: " << receiveThreadLocks.load() - before);
    CHECK(receiveThreadLocks.load() - before <= watchLocks);

    // The probe does see the receive thread lock: a control call hands it work, and it counts.
    const std::uint64_t atStatus = receiveThreadLocks.load();
    (void) hub->status(s);
    CHECK(receiveThreadLocks.load() > atStatus);
    hub->unsubscribe(s);
}
