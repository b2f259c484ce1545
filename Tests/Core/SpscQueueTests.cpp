#include "Core/DmxFrame.h"
#include "Core/SpscQueue.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <stdexcept>
#include <thread>

using namespace dmxin;

TEST_CASE("SpscQueue keeps FIFO order and reports full and empty", "[queue]") {
    SpscQueue<int> q(4);
    CHECK(q.capacity() == 4);
    CHECK(q.sizeApprox() == 0);

    int out = -7;
    CHECK_FALSE(q.try_pop(out));
    CHECK(out == -7);   // untouched when empty

    CHECK(q.try_push(1));
    CHECK(q.try_push(2));
    CHECK(q.try_push(3));
    CHECK(q.try_push(4));
    CHECK(q.sizeApprox() == 4);
    CHECK_FALSE(q.try_push(5));   // full: refused, nothing changes
    CHECK(q.sizeApprox() == 4);

    for (int expected = 1; expected <= 4; ++expected) {
        REQUIRE(q.try_pop(out));
        CHECK(out == expected);
    }
    CHECK_FALSE(q.try_pop(out));
    CHECK(out == 4);
}

TEST_CASE("SpscQueue wraps around many times", "[queue]") {
    SpscQueue<std::uint32_t> q(8);
    std::uint32_t next = 0, expect = 0, out = 0;
    for (int round = 0; round < 1000; ++round) {
        for (int i = 0; i < 5; ++i)
            REQUIRE(q.try_push(next++));
        for (int i = 0; i < 5; ++i) {
            REQUIRE(q.try_pop(out));
            REQUIRE(out == expect++);
        }
    }
    CHECK(q.sizeApprox() == 0);
}

TEST_CASE("SpscQueue capacity must be a power of two >= 2", "[queue]") {
    for (std::size_t bad : {0u, 1u, 3u, 6u, 100u, 1023u})
        CHECK_THROWS_AS(SpscQueue<int>(bad), std::invalid_argument);
    for (std::size_t good : {2u, 4u, 64u, 1024u})
        CHECK(SpscQueue<int>(good).capacity() == good);
}

TEST_CASE("SpscQueue carries whole DmxFrames", "[queue]") {
    SpscQueue<DmxFrame> q(2);
    DmxFrame f;
    f.universeKey = 0x0423;
    f.length = 512;
    f.sequence = 9;
    f.slots[0] = 1;
    f.slots[511] = 255;
    REQUIRE(q.try_push(f));
    DmxFrame out;
    REQUIRE(q.try_pop(out));
    CHECK(out.universeKey == 0x0423);
    CHECK(out.length == 512);
    CHECK(out.sequence == 9);
    CHECK(out.slots[0] == 1);
    CHECK(out.slots[511] == 255);
}

TEST_CASE("SpscQueue two-thread stress: strict order, no loss", "[queue][stress]") {
    constexpr std::uint64_t kItems = 1000000;
    SpscQueue<std::uint64_t> q(1024);
    std::uint64_t fullCount = 0;

    std::thread producer([&] {
        for (std::uint64_t i = 0; i < kItems; ++i) {
            while (!q.try_push(i)) {
                ++fullCount;
                std::this_thread::yield();
            }
        }
    });

    std::uint64_t expected = 0;
    std::uint64_t outOfOrder = 0;
    std::uint64_t value = 0;
    while (expected < kItems) {
        if (q.try_pop(value)) {
            if (value != expected)
                ++outOfOrder;
            expected = value + 1;
        } else {
            std::this_thread::yield();
        }
    }
    producer.join();
    CHECK(outOfOrder == 0);
    CHECK(expected == kItems);
    CHECK_FALSE(q.try_pop(value));
    INFO("producer found the queue full " << fullCount << " times");
    SUCCEED();
}
