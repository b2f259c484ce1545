// Thread stress. Every thread of a DMX In instance runs at once for a configurable time:
//   - the hub's receive thread, fed real loopback Art-Net for 4 mapped universes by a sender thread;
//   - a simulated audio thread calling processBlock in a loop;
//   - the message thread (this test's main thread, pumping the JUCE message loop) replacing the
//     mapping table every few ms with one of two alternating tables;
//   - an editor-like reader calling getHubStatus / getMappings / getSlotValue.
// Checks: no crash; every parameter value read is one a mapping can produce from what is sent
// (channels are sent as 0 or 255 and 16-bit pairs as 0x0000 or 0xFFFF, so anything but 0 or 1 is
// a torn frame or a torn table); every getMappings() snapshot is one whole table; the final table
// is the last one set (no lost edit) and the audio thread applies it.
//
// Runs 3 s in the normal suite; DMXIN_STRESS_SECONDS=30 for a long run:
//   DMXIN_STRESS_SECONDS=30 Builds/out/Tests/Plugin/dmxin_plugin_tests "[stress]"
// Catch2 assertions are made on the main thread only (Catch2 v2 is not thread-safe); the other
// threads record what they saw in atomics.

#include "Core/ArtNetBuilder.h"
#include "Core/ExactlyEqual.h"
#include "Plugin/DmxInProcessor.h"
#include "SendSocket.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <random>
#include <string>
#include <thread>
#include <vector>

using namespace dmxin;

namespace {

constexpr int kUniverses = 4;          // Art-Net 0:0:1 .. 0:0:4
constexpr int kPairsPerUniverse = 4;   // 8-bit on channels 1..4, 16-bit pairs on 9/10, 11/12, 13/14, 15/16

double stressSeconds() {
    if (const char* env = std::getenv("DMXIN_STRESS_SECONDS")) {
        const double s = std::atof(env);
        if (s > 0.0)
            return s;
    }
    return 3.0;
}

PortAddress universe(int u) { return *PortAddress::fromFlat(static_cast<std::uint16_t>(u)); }

// Table A: universe u (1..4), 8-bit channel c -> slot (u-1)*8 + c; 16-bit pair p -> slot (u-1)*8 + 4 + p.
// Table B: the same inputs onto other slots (shifted by 64), inverted, and without the last
// universe's 16-bit mappings, so the two tables differ in targets, direction and size.
std::vector<Mapping> table(bool b) {
    std::vector<Mapping> maps;
    for (int u = 1; u <= kUniverses; ++u) {
        for (int c = 1; c <= kPairsPerUniverse; ++c) {
            Mapping m;
            m.universe = universe(u);
            m.channel = c;
            m.targetSlot = (u - 1) * 8 + c + (b ? 64 : 0);
            m.invert = b;
            m.name = std::string(b ? "B" : "A") + "-u" + std::to_string(u) + "-c" + std::to_string(c);
            maps.push_back(m);
        }
        for (int p = 1; p <= kPairsPerUniverse; ++p) {
            if (b && u == kUniverses)
                continue;
            Mapping m;
            m.universe = universe(u);
            m.channel = 7 + 2 * p;
            m.sixteenBit = true;
            m.fineChannel = 8 + 2 * p;
            m.targetSlot = (u - 1) * 8 + 4 + p + (b ? 64 : 0);
            m.invert = b;
            m.name = std::string(b ? "B" : "A") + "-u" + std::to_string(u) + "-p" + std::to_string(p);
            maps.push_back(m);
        }
    }
    return maps;
}

bool sameNames(const std::vector<Mapping>& a, const std::vector<Mapping>& b) {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].name != b[i].name || a[i].targetSlot != b[i].targetSlot || a[i].invert != b[i].invert)
            return false;
    return true;
}

} // namespace

TEST_CASE("Stress: receive, audio, message and editor threads at once; no torn values, no lost edit", "[stress]") {
    const double seconds = stressSeconds();
    const std::vector<Mapping> tableA = table(false), tableB = table(true);
    DmxInProcessor p(NetworkSettings::at("127.0.0.1", 0, 0));
    std::vector<std::string> errors;
    REQUIRE(p.setMappings(tableA, errors));
    const std::uint16_t port = p.getHubStatus().boundPort;
    REQUIRE(port != 0);
    p.setRateAndBufferSizeDetails(48000.0, 128);
    p.prepareToPlay(48000.0, 128);

    std::atomic<bool> stop{false};
    std::atomic<std::uint64_t> sent{0}, blocks{0}, reads{0}, statusReads{0}, badValues{0}, tornTables{0};
    std::atomic<float> firstBad{0.0f};
    std::atomic<int> firstBadSlot{-1};

    // Sender: every channel pair of every universe is 0 or 255 (both bytes of a 16-bit pair alike).
    std::thread sender([&] {
        testing::SendSocket socket("127.0.0.1", port);
        std::mt19937 rng(6);
        std::vector<std::uint8_t> slots(512, 0);
        std::uint8_t packet[530];
        while (!stop.load()) {
            for (int u = 1; u <= kUniverses; ++u) {
                for (int c = 1; c <= kPairsPerUniverse; ++c)
                    slots[static_cast<std::size_t>(c - 1)] = (rng() & 1) ? 255 : 0;
                for (int q = 1; q <= kPairsPerUniverse; ++q) {
                    const std::uint8_t v = (rng() & 1) ? 255 : 0;
                    slots[static_cast<std::size_t>(7 + 2 * q - 1)] = v;
                    slots[static_cast<std::size_t>(8 + 2 * q - 1)] = v;
                }
                const auto size = buildArtDmx(packet, universe(u), 0, 0, slots);   // sequence 0: no reordering drops
                if (socket.send(packet, size))
                    sent.fetch_add(1);
            }
            std::this_thread::sleep_for(std::chrono::microseconds(500));
        }
    });

    // Audio: processBlock in a loop, about one 128-sample block per ms.
    std::thread audio([&] {
        juce::AudioBuffer<float> buffer(2, 128);
        juce::MidiBuffer midi;
        while (!stop.load()) {
            buffer.clear();
            midi.clear();
            p.processBlock(buffer, midi);
            blocks.fetch_add(1);
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    });

    // Editor-like reader.
    std::thread reader([&] {
        while (!stop.load()) {
            for (int i = 0; i < kNumParameterSlots; ++i) {
                const float v = p.getSlotValue(i);
                if (!exactlyEqual(v, 0.0f) && !exactlyEqual(v, 1.0f)) {
                    if (badValues.fetch_add(1) == 0) {
                        firstBad.store(v);
                        firstBadSlot.store(i);
                    }
                }
                reads.fetch_add(1);
            }
            const auto maps = p.getMappings();
            if (!sameNames(maps, tableA) && !sameNames(maps, tableB))
                tornTables.fetch_add(1);
            const auto status = p.getHubStatus();
            if (status.datagrams > 0)
                statusReads.fetch_add(1);
            std::this_thread::sleep_for(std::chrono::microseconds(200));
        }
    });

    // Message thread: alternate the tables every few ms while pumping the message loop.
    int edits = 0;
    bool lastIsB = false;
    const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < end) {
        lastIsB = !lastIsB;
        std::vector<std::string> e;
        if (!p.setMappings(lastIsB ? tableB : tableA, e))
            FAIL("setMappings refused a valid table: " << (e.empty() ? std::string() : e.front()));
        ++edits;
        juce::MessageManager::getInstance()->runDispatchLoopUntil(1);
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    stop.store(true);
    sender.join();
    audio.join();
    reader.join();

    INFO(seconds << " s: " << sent.load() << " datagrams sent, " << blocks.load() << " blocks, " << edits << " edits, "
                 << reads.load() << " values read, " << statusReads.load() << " status reads");
    // Sanity only (the threads really ran), with room for a loaded machine or a sanitizer.
    CHECK(edits > 20 * seconds);
    CHECK(blocks.load() > 20 * seconds);
    CHECK(sent.load() > 100 * seconds);
    CHECK(p.getHubStatus().delivered > 0);
    CHECK(statusReads.load() > 0);
    INFO("first bad value " << firstBad.load() << " in slot " << firstBadSlot.load());
    CHECK(badValues.load() == 0);
    CHECK(tornTables.load() == 0);

    // No lost edit: the last table set is the one kept, and the audio thread applies it.
    const std::vector<Mapping>& last = lastIsB ? tableB : tableA;
    CHECK(sameNames(p.getMappings(), last));
    // Table A drives slot index 0 (ch 1) and 4 (16-bit 9/10) directly; table B drives 64 and 68
    // inverted. All inputs at 0 and then all at 255 must each show up through the last table.
    const int probe = lastIsB ? 64 : 0;
    juce::AudioBuffer<float> buffer(2, 128);
    juce::MidiBuffer midi;
    testing::SendSocket socket("127.0.0.1", port);
    for (const std::uint8_t level : {std::uint8_t{0}, std::uint8_t{255}}) {
        const std::vector<std::uint8_t> slots(512, level);
        std::uint8_t packet[530];
        const auto size = buildArtDmx(packet, universe(1), 0, 0, slots);
        const float expected = (level == 255) != lastIsB ? 1.0f : 0.0f;
        bool applied = false;
        for (int i = 0; i < 5000 && !applied; ++i) {
            socket.send(packet, size);
            buffer.clear();
            p.processBlock(buffer, midi);
            applied = exactlyEqual(p.getSlotValue(probe), expected) && exactlyEqual(p.getSlotValue(probe + 4), expected);
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        INFO("inputs at " << int(level) << ", last table " << (lastIsB ? "B" : "A"));
        CHECK(applied);
    }
}
