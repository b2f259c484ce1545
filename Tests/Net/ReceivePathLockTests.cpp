// The receive path takes no lock per packet, checked by counting: the test program interposes
// pthread_mutex_lock and the other lock entry points (Tests/Plugin/LockSyscallCounter.cpp, as the
// plugin tests do for processBlock) and counts the calls made by the hub's receive thread, named
// "dmxin-receive" (NamedThreadLockCount). Linux only, and not under a sanitizer (its runtime
// intercepts the same functions); its own program so the interposer sits under no other test.

#include "AllocationCounter.h"
#include "Core/ArtNetBuilder.h"
#include "Net/ReceiverHub.h"
#include "SendSocket.h"

#include "NetTestUtil.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <vector>

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

    testing::NamedThreadLockCount receiveLocks("dmxin-receive");
    const std::uint64_t before = receiveLocks.locks();
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
    INFO("receive-thread locks while 800 packets were handled: " << receiveLocks.locks() - before);
    CHECK(receiveLocks.locks() - before <= watchLocks);

    // The probe does see the receive thread lock: a control call hands it work, and it counts.
    const std::uint64_t atStatus = receiveLocks.locks();
    (void) hub->status(s);
    CHECK(receiveLocks.locks() > atStatus);
    hub->unsubscribe(s);
}
