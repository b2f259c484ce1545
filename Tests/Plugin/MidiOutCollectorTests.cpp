// MidiOutCollector::writeTo (and, at the end, the audio-thread check itself): the raw append into an empty MidiBuffer must produce exactly what
// JUCE's own addEvent produces (same events, bytes, times, order), merge by time into a buffer
// that already holds events, and not allocate once the buffer has its storage.

#include "AllocationCounter.h"
#include "Plugin/MidiOutCollector.h"

#include <catch2/catch.hpp>

#include <cstring>
#include <mutex>
#include <sched.h>
#include <string>

#include <tuple>
#include <vector>

using namespace dmxin;

namespace {

using Event = std::tuple<int, std::vector<std::uint8_t>>;   // sample time, bytes

std::vector<Event> eventsOf(const juce::MidiBuffer& buffer) {
    std::vector<Event> out;
    for (const auto meta : buffer)
        out.emplace_back(meta.samplePosition, std::vector<std::uint8_t>(meta.data, meta.data + meta.numBytes));
    return out;
}

MidiTarget cc(int channel, int number) {
    MidiTarget t;
    t.kind = MidiKind::Cc7;
    t.channel = channel;
    t.number = number;
    return t;
}

MidiTarget cc14(int channel, int number) {
    MidiTarget t = cc(channel, number);
    t.kind = MidiKind::Cc14;
    return t;
}

constexpr double kRate = 48000.0;
constexpr int kBlock = 128;
constexpr std::uint64_t kBlockNs = 2'666'666;   // 128 samples at 48 kHz
constexpr std::uint64_t kStart = 10'000'000'000;

// Three mappings at three arrival times inside the previous block's span (offsets 0, ~64, 127).
void fill(MidiOutCollector& c) {
    c.beginBlock(kStart, kRate, kBlock);
    c.add(cc(1, 7), 0, 0.5f, kStart - kBlockNs);
    c.add(cc14(2, 1), 1, 0.25f, kStart - kBlockNs / 2);
    c.add(cc(16, 127), 2, 1.0f, kStart);
}

} // namespace

TEST_CASE("MidiOutCollector writes into an empty buffer exactly what addEvent would", "[midi]") {
    MidiOutCollector collector;
    fill(collector);
    juce::MidiBuffer fast;
    collector.writeTo(fast);

    const std::vector<Event> expected{
        {0, {0xB0, 7, 64}},
        {sampleOffsetFor(kStart - kBlockNs / 2, kStart, kRate, kBlock), {0xB1, 1, 32}},
        {sampleOffsetFor(kStart - kBlockNs / 2, kStart, kRate, kBlock), {0xB1, 33, 0}},
        {kBlock - 1, {0xBF, 127, 127}},
    };
    CHECK(eventsOf(fast) == expected);
    CHECK(fast.getNumEvents() == 4);
    CHECK(fast.getFirstEventTime() == 0);
    CHECK(fast.getLastEventTime() == kBlock - 1);

    // The same events through JUCE's addEvent give the same bytes.
    juce::MidiBuffer reference;
    for (const auto& [time, bytes] : expected)
        reference.addEvent(bytes.data(), static_cast<int>(bytes.size()), time);
    CHECK(eventsOf(reference) == eventsOf(fast));
    REQUIRE(reference.data.size() == fast.data.size());
    CHECK(std::memcmp(reference.data.begin(), fast.data.begin(), static_cast<std::size_t>(fast.data.size())) == 0);

    // The collector is empty afterwards.
    juce::MidiBuffer again;
    collector.writeTo(again);
    CHECK(again.getNumEvents() == 0);
}

TEST_CASE("MidiOutCollector merges by time into a buffer that already holds events", "[midi]") {
    MidiOutCollector collector;
    fill(collector);
    juce::MidiBuffer buffer;
    const std::uint8_t noteOn[3] = {0x90, 60, 100};
    buffer.addEvent(noteOn, 3, 100);
    collector.writeTo(buffer);
    const auto events = eventsOf(buffer);
    REQUIRE(events.size() == 5);
    for (std::size_t i = 1; i < events.size(); ++i)
        CHECK(std::get<0>(events[i - 1]) <= std::get<0>(events[i]));
    CHECK(std::get<1>(events[3]) == std::vector<std::uint8_t>{0x90, 60, 100});
    CHECK(std::get<0>(events[4]) == kBlock - 1);
}

TEST_CASE("MidiOutCollector::writeTo does not allocate once the buffer has its storage", "[midi][alloc]") {
    MidiOutCollector collector;
    juce::MidiBuffer buffer;
    buffer.ensureSize(4096);
    float v = 0.1f;
    for (int round = 0; round < 3; ++round) {
        buffer.clear();
        collector.beginBlock(kStart, kRate, kBlock);
        for (int m = 0; m < 384; ++m)
            collector.add(cc(1 + m / 128, m % 128), m, v, kStart);
        v += 0.3f;
        dmxin::testing::ScopedAllocationCheck check;
        collector.writeTo(buffer);
        CHECK(check.allocations() == 0);
        CHECK(buffer.getNumEvents() == 384);
    }
}

// The detector behind the "processBlock never allocates, locks or makes a syscall" test must see
// each kind of violation, or that test could never fail.
TEST_CASE("the audio-thread check counts allocations, locks and syscalls", "[alloc]") {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    return;   // sanitized builds count allocations only (LockSyscallCounter.cpp)
#else
    std::mutex mutex;
    juce::CriticalSection section;
    dmxin::testing::ScopedAllocationCheck check;
    void* volatile block = ::operator new(16);   // a direct call: new-expressions may be elided
    ::operator delete(block);
    { std::lock_guard lock(mutex); }
    { const juce::ScopedLock lock(section); }
    sched_yield();
    const std::size_t allocations = check.allocations(), locks = check.locks(), syscalls = check.syscalls();
    const std::string first = check.firstViolation();
    CHECK(allocations == 1);
    CHECK(locks == 2);
    CHECK(syscalls == 1);
    CHECK(first == "pthread_mutex_lock");
#endif
}
