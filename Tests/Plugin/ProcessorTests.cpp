// Processor tests without a host: a real UDP socket on 127.0.0.1 -> ReceiverHub -> DmxInProcessor
// -> processBlock -> parameter values, gestures, state.

#include "AllocationCounter.h"
#include "Core/ArtNetBuilder.h"
#include "Core/ExactlyEqual.h"
#include "Core/SteadyClock.h"
#include "Plugin/DmxInProcessor.h"
#include "SendSocket.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <thread>
#include <vector>

using namespace dmxin;

namespace {
const NetworkSettings kLoopback = NetworkSettings::at("127.0.0.1", 0, 0);

PortAddress pa(const char* text) { return *PortAddress::parse(text); }

Mapping mapping(const char* universe, int channel, int target) {
    Mapping m;
    m.name = "m" + std::to_string(target);
    m.universe = pa(universe);
    m.channel = channel;
    m.targetSlot = target;
    return m;
}

void sendDmx(std::uint16_t port, PortAddress universe, std::vector<std::pair<int, int>> values) {
    std::vector<std::uint8_t> slots(512, 0);
    for (auto [ch, v] : values)
        slots[static_cast<std::size_t>(ch - 1)] = static_cast<std::uint8_t>(v);
    std::uint8_t packet[530];
    const auto size = buildArtDmx(packet, universe, 0, 0, slots);   // sequence 0: every frame counts
    testing::SendSocket("127.0.0.1", port).send(packet, size);
}

struct Runner {
    explicit Runner(DmxInProcessor& p) : processor(p), buffer(2, 128) {
        processor.setRateAndBufferSizeDetails(48000.0, 128);
        processor.prepareToPlay(48000.0, 128);
    }
    void block() {
        buffer.clear();
        processor.processBlock(buffer, midi);
    }
    // Runs blocks until pred() holds (5 s at most; behaviour, not timing, is asserted).
    template <typename Pred>
    bool until(Pred pred) {
        const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (!pred() && std::chrono::steady_clock::now() < end) {
            block();
            std::this_thread::sleep_for(std::chrono::microseconds(500));
        }
        return pred();
    }
    DmxInProcessor& processor;
    juce::AudioBuffer<float> buffer;
    juce::MidiBuffer midi;
};

struct ParameterEvents final : juce::AudioProcessorListener {
    struct Event { char kind; int index; float value; };
    std::vector<Event> events;
    std::mutex mutex;
    void audioProcessorParameterChanged(juce::AudioProcessor*, int index, float value) override {
        std::lock_guard l(mutex);
        events.push_back({'v', index, value});
    }
    void audioProcessorChanged(juce::AudioProcessor*, const ChangeDetails&) override {}
    void audioProcessorParameterChangeGestureBegin(juce::AudioProcessor*, int index) override {
        std::lock_guard l(mutex);
        events.push_back({'b', index, 0});
    }
    void audioProcessorParameterChangeGestureEnd(juce::AudioProcessor*, int index) override {
        std::lock_guard l(mutex);
        events.push_back({'e', index, 0});
    }
};
} // namespace

TEST_CASE("processBlock applies a mapped ArtDmx channel to the parameter with the mapping's scaling") {
    DmxInProcessor p(kLoopback);
    auto fader = mapping("0:0:1", 12, 3);
    fader.outMin = 0.2f;
    fader.outMax = 0.8f;
    auto pan = mapping("0:0:1", 5, 4);
    pan.sixteenBit = true;
    pan.fineChannel = 6;
    std::vector<std::string> errors;
    REQUIRE(p.setMappings({fader, pan}, errors));
    const auto port = p.getHubStatus().boundPort;
    REQUIRE(port != 0);

    Runner run(p);
    sendDmx(port, pa("0:0:1"), {{12, 128}, {5, 0x12}, {6, 0x34}});
    REQUIRE(run.until([&] { return p.getSlotValue(3) > 0.0f; }));
    CHECK(p.getSlotValue(2) == Approx(0.2f + 0.6f * 128.0f / 255.0f).epsilon(1e-6));
    CHECK(p.getSlotValue(3) == Approx(static_cast<float>(0x1234) / 65535.0f).epsilon(1e-6));
    CHECK(exactlyEqual(p.getSlotValue(0), 0.0f));   // unmapped slots do not move

    sendDmx(port, pa("0:0:1"), {{12, 255}});
    REQUIRE(run.until([&] { return p.getSlotValue(2) == Approx(0.8f); }));
    CHECK(exactlyEqual(p.getSlotValue(3), 0.0f));   // the new frame set channels 5/6 to 0
}

TEST_CASE("processBlock never allocates, locks or makes a syscall, even while frames arrive and mappings change") {
    DmxInProcessor p(kLoopback);
    std::vector<std::string> errors;
    std::vector<Mapping> maps;
    for (int i = 1; i <= 64; ++i)
        maps.push_back(mapping("0:0:3", i, i));
    REQUIRE(p.setMappings(maps, errors));
    Runner run(p);
    run.block();
    const auto port = p.getHubStatus().boundPort;
    sendDmx(port, pa("0:0:3"), {{1, 10}, {64, 200}});
    REQUIRE(run.until([&] { return p.getSlotValue(63) > 0.0f; }));

    testing::CheckTotals totals;
    for (int round = 0; round < 20; ++round) {
        sendDmx(port, pa("0:0:3"), {{1, round}, {64, 255 - round}});
        if (round == 10)
            REQUIRE(p.setMappings(maps, errors));   // a table swap lands inside the checked blocks
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        testing::ScopedAllocationCheck check;
        run.block();
        totals.add(check);
    }
    CHECK(totals.allocations == 0);
    INFO("first lock or syscall: " << totals.firstViolation);
    CHECK(totals.locks == 0);
    CHECK(totals.syscalls == 0);
    CHECK(p.getSlotValue(0) == Approx(19.0f / 255.0f));
}

TEST_CASE("DMX moves reach the host as edits with gestures from the message thread") {
    DmxInProcessor p(kLoopback);
    ParameterEvents events;
    p.addListener(&events);
    std::vector<std::string> errors;
    REQUIRE(p.setMappings({mapping("0:0:4", 7, 10)}, errors));
    Runner run(p);
    sendDmx(p.getHubStatus().boundPort, pa("0:0:4"), {{7, 255}});
    REQUIRE(run.until([&] { return exactlyEqual(p.getSlotValue(9), 1.0f); }));

    p.getHostPublisher().flush();
    {
        std::lock_guard l(events.mutex);
        REQUIRE(events.events.size() == 2);
        CHECK(events.events[0].kind == 'b');
        CHECK(events.events[0].index == 9);
        CHECK(events.events[1].kind == 'v');
        CHECK(exactlyEqual(events.events[1].value, 1.0f));
    }
    CHECK(p.getHostPublisher().openGestures() == 1);
    p.getHostPublisher().setIdleMs(0);
    p.getHostPublisher().flush();   // idle: the gesture ends
    {
        std::lock_guard l(events.mutex);
        REQUIRE(events.events.size() == 3);
        CHECK(events.events[2].kind == 'e');
        CHECK(events.events[2].index == 9);
    }
    CHECK(p.getHostPublisher().openGestures() == 0);
    p.removeListener(&events);
}

TEST_CASE("with the record switch off, DMX still drives the parameter but the host is not told") {
    DmxInProcessor p(kLoopback);
    ParameterEvents events;
    p.addListener(&events);
    p.getHostPublisher().setEnabled(false);
    std::vector<std::string> errors;
    REQUIRE(p.setMappings({mapping("0:0:4", 1, 1)}, errors));
    Runner run(p);
    sendDmx(p.getHubStatus().boundPort, pa("0:0:4"), {{1, 255}});
    REQUIRE(run.until([&] { return exactlyEqual(p.getSlotValue(0), 1.0f); }));
    p.getHostPublisher().flush();
    CHECK(events.events.empty());
    p.removeListener(&events);
}

TEST_CASE("dmxEnable off holds the parameters; on again applies the current DMX") {
    DmxInProcessor p(kLoopback);
    std::vector<std::string> errors;
    REQUIRE(p.setMappings({mapping("0:0:6", 1, 1)}, errors));
    Runner run(p);
    p.getParameterBank().dmxEnable().setValueNotifyingHost(0.0f);
    sendDmx(p.getHubStatus().boundPort, pa("0:0:6"), {{1, 255}});
    REQUIRE(run.until([&] { return p.getPipelineStats().framesApplied == 1; }));
    run.block();
    CHECK(exactlyEqual(p.getSlotValue(0), 0.0f));
    p.getParameterBank().dmxEnable().setValueNotifyingHost(1.0f);
    run.block();
    CHECK(exactlyEqual(p.getSlotValue(0), 1.0f));
}

TEST_CASE("when the host stops calling processBlock, the message thread keeps parameters following DMX") {
    DmxInProcessor p(kLoopback);
    std::vector<std::string> errors;
    REQUIRE(p.setMappings({mapping("0:0:7", 2, 2)}, errors));
    sendDmx(p.getHubStatus().boundPort, pa("0:0:7"), {{2, 255}});
    const auto end = juce::Time::getMillisecondCounter() + 5000;
    while (!exactlyEqual(p.getSlotValue(1), 1.0f) && juce::Time::getMillisecondCounter() < end)
        juce::MessageManager::getInstance()->runDispatchLoopUntil(20);
    CHECK(exactlyEqual(p.getSlotValue(1), 1.0f));
    CHECK(p.isUsingFallbackClock());
}

TEST_CASE("state round trip keeps mappings, labels, network settings and values") {
    DmxInProcessor a(kLoopback);
    auto m = mapping("3:4:5", 100, 17);
    m.sixteenBit = true;
    m.invert = true;
    m.outMin = 0.25f;
    std::vector<std::string> errors;
    REQUIRE(a.setMappings({m}, errors));
    a.setSlotLabel(17, "Reverb send");
    a.getParameterBank().slot(16).setValueNotifyingHost(0.5f);
    juce::MemoryBlock state;
    a.getStateInformation(state);

    DmxInProcessor b(kLoopback);
    b.setStateInformation(state.getData(), static_cast<int>(state.getSize()));
    CHECK(b.getLastStateError().isEmpty());
    const auto maps = b.getMappings();
    REQUIRE(maps.size() == 1);
    CHECK(maps[0].universe == pa("3:4:5"));
    CHECK(maps[0].channel == 100);
    CHECK(maps[0].sixteenBit);
    CHECK(maps[0].invert);
    CHECK(exactlyEqual(maps[0].outMin, 0.25f));
    CHECK(maps[0].targetSlot == 17);
    CHECK(b.getSlotLabel(17) == "Reverb send");
    CHECK(b.getParameterBank().slot(16).getName(100) == "Reverb send");
    CHECK(exactlyEqual(b.getSlotValue(16), 0.5f));
    CHECK(b.getNetworkSettings() == kLoopback);
}

TEST_CASE("a bad state is refused with a message naming the field, and the previous mappings stay") {
    DmxInProcessor p(kLoopback);
    std::vector<std::string> errors;
    REQUIRE(p.setMappings({mapping("0:0:1", 1, 1)}, errors));
    const std::string bad = R"({"schema":1,"mappings":[{"universe":"0:0:1","channel":600,"target":2}]})";
    p.setStateInformation(bad.data(), static_cast<int>(bad.size()));
    CHECK(p.getLastStateError().contains("mappings[0].channel: 600 is outside 1..512"));
    REQUIRE(p.getMappings().size() == 1);
    CHECK(p.getMappings()[0].channel == 1);

    const std::string garbage = "\x01\x02 not json";
    p.setStateInformation(garbage.data(), static_cast<int>(garbage.size()));
    CHECK(p.getLastStateError().contains("json"));
    CHECK(p.getMappings().size() == 1);
}

TEST_CASE("two mappings onto one slot are refused with both named") {
    DmxInProcessor p(kLoopback);
    std::vector<std::string> errors;
    auto first = mapping("0:0:1", 1, 5);
    first.name = "Fader 1";
    CHECK_FALSE(p.setMappings({first, mapping("0:0:1", 2, 5)}, errors));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].find("mappings[1].target") != std::string::npos);
    CHECK(errors[0].find("Fader 1") != std::string::npos);
    CHECK(p.getMappings().empty());
}

TEST_CASE("a port that cannot be bound is reported with the OS reason, and a retry elsewhere works") {
    DmxInProcessor p(NetworkSettings::at("10.255.255.1", 6454, 0));
    const auto st = p.getHubStatus();
    CHECK_FALSE(st.listening);
    CHECK(st.error.find("bind 10.255.255.1:6454") != std::string::npos);
    CHECK(p.setNetworkSettings(kLoopback));
    CHECK(p.getHubStatus().listening);
}

TEST_CASE("bus layouts: stereo and mono pass-through, no-input accepted, mismatches refused") {
    DmxInProcessor p(kLoopback);
    juce::AudioProcessor::BusesLayout stereo, mono, noInput, mismatch;
    stereo.inputBuses.add(juce::AudioChannelSet::stereo());
    stereo.outputBuses.add(juce::AudioChannelSet::stereo());
    mono.inputBuses.add(juce::AudioChannelSet::mono());
    mono.outputBuses.add(juce::AudioChannelSet::mono());
    noInput.inputBuses.add(juce::AudioChannelSet::disabled());
    noInput.outputBuses.add(juce::AudioChannelSet::stereo());
    mismatch.inputBuses.add(juce::AudioChannelSet::mono());
    mismatch.outputBuses.add(juce::AudioChannelSet::stereo());
    CHECK(p.checkBusesLayoutSupported(stereo));
    CHECK(p.checkBusesLayoutSupported(mono));
    CHECK(p.checkBusesLayoutSupported(noInput));
    CHECK_FALSE(p.checkBusesLayoutSupported(mismatch));
}

TEST_CASE("audio passes through unchanged") {
    DmxInProcessor p(kLoopback);
    Runner run(p);
    run.buffer.clear();
    run.buffer.setSample(0, 5, 0.5f);
    run.buffer.setSample(1, 7, -0.25f);
    p.processBlock(run.buffer, run.midi);
    CHECK(exactlyEqual(run.buffer.getSample(0, 5), 0.5f));
    CHECK(exactlyEqual(run.buffer.getSample(1, 7), -0.25f));
}

TEST_CASE("loading a state does not overwrite restored values with universes that never sent DMX") {
    DmxInProcessor p(kLoopback);
    ParameterEvents events;
    const std::string state = R"({"schema":1,"network":{"bindAddress":"127.0.0.1","artnetPort":0},
        "parameters":{"3":0.7,"4":0.3},
        "mappings":[{"universe":"0:0:1","channel":12,"target":3},{"universe":"0:0:1","channel":5,"target":4}]})";
    p.setStateInformation(state.data(), static_cast<int>(state.size()));
    REQUIRE(p.getLastStateError().isEmpty());
    p.addListener(&events);
    Runner run(p);
    for (int i = 0; i < 20; ++i)
        run.block();
    p.getHostPublisher().flush();
    CHECK(p.getSlotValue(2) == Approx(0.7f));
    CHECK(p.getSlotValue(3) == Approx(0.3f));
    CHECK(events.events.empty());   // no edits reach the host before DMX does

    // The first frame then drives both.
    sendDmx(p.getHubStatus().boundPort, pa("0:0:1"), {{12, 255}});
    REQUIRE(run.until([&] { return exactlyEqual(p.getSlotValue(2), 1.0f); }));
    CHECK(exactlyEqual(p.getSlotValue(3), 0.0f));
    p.removeListener(&events);
}

TEST_CASE("Three processors in one process share one socket and each receives only its universes") {
    DmxInProcessor a(kLoopback), b(kLoopback), c(kLoopback);
    std::vector<std::string> errors;
    REQUIRE(a.setMappings({mapping("0:0:1", 1, 1)}, errors));
    REQUIRE(b.setMappings({mapping("0:0:2", 1, 1)}, errors));
    REQUIRE(c.setMappings({mapping("0:0:3", 1, 1)}, errors));
    const auto port = a.getHubStatus().boundPort;
    REQUIRE(port != 0);
    CHECK(b.getHubStatus().boundPort == port);
    CHECK(c.getHubStatus().boundPort == port);
    CHECK(a.getHubStatus().subscribers == 3);

    Runner ra(a), rb(b), rc(c);
    sendDmx(port, pa("0:0:2"), {{1, 255}});
    REQUIRE(rb.until([&] { return exactlyEqual(b.getSlotValue(0), 1.0f); }));
    sendDmx(port, pa("0:0:3"), {{1, 51}});
    REQUIRE(rc.until([&] { return c.getSlotValue(0) == Approx(0.2f); }));
    ra.block();
    CHECK(exactlyEqual(a.getSlotValue(0), 0.0f));           // nothing for 0:0:1 was sent
    CHECK(exactlyEqual(b.getSlotValue(0), 1.0f));           // 0:0:3 did not reach b
    const auto st = a.getHubStatus();
    REQUIRE(st.universes.size() == 1);
    CHECK(st.universes[0].universe == UniverseId(pa("0:0:1")));
    CHECK_FALSE(st.universes[0].received);
    CHECK(b.getHubStatus().universes[0].received);
    CHECK(a.getPipelineStats().framesUnmapped == 0);   // the hub never sent a its neighbours' universes
}

TEST_CASE("A lost universe takes a mapping to its loss value, and the next frame takes it back") {
    auto settings = kLoopback;
    settings.artnetLossMs = 500;
    DmxInProcessor p(settings);
    auto m = mapping("0:0:7", 1, 1);
    m.onLoss = LossAction::Default;
    m.lossValue = 0.25f;
    std::vector<std::string> errors;
    REQUIRE(p.setMappings({m}, errors));
    Runner r(p);
    const auto port = p.getHubStatus().boundPort;
    sendDmx(port, pa("0:0:7"), {{1, 255}});
    REQUIRE(r.until([&] { return exactlyEqual(p.getSlotValue(0), 1.0f); }));
    // No more frames: past 500 ms the universe is lost and the parameter goes to 0.25.
    REQUIRE(r.until([&] { return exactlyEqual(p.getSlotValue(0), 0.25f); }));
    const auto st = p.getHubStatus();
    REQUIRE(st.universes.size() == 1);
    CHECK(st.universes[0].lost);
    sendDmx(port, pa("0:0:7"), {{1, 255}});
    REQUIRE(r.until([&] { return exactlyEqual(p.getSlotValue(0), 1.0f); }));
    CHECK_FALSE(p.getHubStatus().universes[0].lost);
}

namespace {
struct MidiEvent { int offset; std::vector<int> bytes; };
std::vector<MidiEvent> eventsOf(const juce::MidiBuffer& midi) {
    std::vector<MidiEvent> out;
    for (const auto meta : midi) {
        const auto* d = meta.data;
        out.push_back({meta.samplePosition, std::vector<int>(d, d + meta.numBytes)});
    }
    return out;
}
} // namespace

TEST_CASE("A 16-bit mapping with a 14-bit CC target emits MSB then LSB at an offset inside the block") {
    DmxInProcessor p(kLoopback);
    auto m = mapping("0:0:8", 5, 0);             // target 0: MIDI only
    m.sixteenBit = true;
    m.midi.kind = MidiKind::Cc14;
    m.midi.channel = 2;
    m.midi.number = 7;
    std::vector<std::string> errors;
    REQUIRE(p.setMappings({m}, errors));
    CHECK(p.producesMidi());
    Runner run(p);
    run.block();
    std::vector<MidiEvent> got;
    sendDmx(p.getHubStatus().boundPort, pa("0:0:8"), {{5, 0x12}, {6, 0x34}});
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (got.size() < 2 && std::chrono::steady_clock::now() < until) {
        run.block();
        const auto e = eventsOf(run.midi);
        got.insert(got.end(), e.begin(), e.end());
        std::this_thread::sleep_for(std::chrono::microseconds(500));
    }
    REQUIRE(got.size() == 2);
    const int v14 = static_cast<int>(std::lround(0x1234 / 65535.0 * 16383.0));
    CHECK(got[0].bytes == std::vector<int>{0xB1, 7, v14 >> 7});
    CHECK(got[1].bytes == std::vector<int>{0xB1, 39, v14 & 0x7F});
    CHECK(got[0].offset == got[1].offset);
    CHECK(got[0].offset >= 0);
    CHECK(got[0].offset < 128);
    for (int slot = 0; slot < kNumParameterSlots; ++slot)
        CHECK(exactlyEqual(p.getSlotValue(slot), 0.0f));   // MIDI only: no parameter moved
}

TEST_CASE("Several frames in one block come out in arrival order with offsets that never go backwards") {
    DmxInProcessor p(kLoopback);
    auto m = mapping("0:0:9", 1, 1);
    m.midi.kind = MidiKind::Cc7;
    m.midi.number = 20;
    std::vector<std::string> errors;
    REQUIRE(p.setMappings({m}, errors));
    Runner run(p);
    run.block();
    const auto port = p.getHubStatus().boundPort;
    // Three frames land before the next block: all three values, in order, not just the last.
    for (int v : {10, 20, 30}) {
        sendDmx(port, pa("0:0:9"), {{1, v * 2}});
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (p.getHubStatus().counters.delivered < 3 && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    REQUIRE(p.getHubStatus().counters.delivered >= 3);
    run.block();
    const auto got = eventsOf(run.midi);
    REQUIRE(got.size() == 3);
    CHECK(got[0].bytes[2] == std::lround(20 / 255.0 * 127));
    CHECK(got[1].bytes[2] == std::lround(40 / 255.0 * 127));
    CHECK(got[2].bytes[2] == std::lround(60 / 255.0 * 127));
    CHECK(got[0].offset <= got[1].offset);
    CHECK(got[1].offset <= got[2].offset);
    CHECK(p.getSlotValue(0) == Approx(60.0f / 255.0f));   // the parameter still follows too
}

TEST_CASE("Host automation policy: host-wins ignores DMX while the host moves the parameter; dmx-overrides does not") {
    DmxInProcessor p(kLoopback);
    auto hostWins = mapping("0:0:10", 1, 1);
    hostWins.hostAutomation = HostAutomation::HostWins;
    auto dmxWins = mapping("0:0:10", 2, 2);
    std::vector<std::string> errors;
    REQUIRE(p.setMappings({hostWins, dmxWins}, errors));
    Runner run(p);
    SlotParameter::advanceCoarseClock();
    // The "host" plays automation on both parameters (from a thread that is not DMX's).
    p.getParameterBank().slot(0).setValueNotifyingHost(0.3f);
    p.getParameterBank().slot(1).setValueNotifyingHost(0.3f);
    const auto port = p.getHubStatus().boundPort;
    sendDmx(port, pa("0:0:10"), {{1, 255}, {2, 255}});
    REQUIRE(run.until([&] { return exactlyEqual(p.getSlotValue(1), 1.0f); }));   // dmx-overrides: DMX sets it
    CHECK(p.getSlotValue(0) == Approx(0.3f));                        // host-wins: the host keeps it
    // The host stops moving it; after the hold time DMX drives it again.
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
    SlotParameter::advanceCoarseClock();
    sendDmx(port, pa("0:0:10"), {{1, 128}, {2, 255}});
    REQUIRE(run.until([&] { return p.getSlotValue(0) == Approx(128.0f / 255.0f); }));
}

TEST_CASE("Record-arm and the gesture idle time are saved with the state") {
    DmxInProcessor p(kLoopback);
    p.setHostPublisherSettings(false, 400);
    const auto json = p.getStateJson();
    DmxInProcessor q(kLoopback);
    std::vector<std::string> errors;
    REQUIRE(q.applyStateJson(json, errors));
    CHECK(q.getHostPublisherSettings() == std::pair<bool, int>{false, 400});
    CHECK(q.getHostPublisher().idleMs() == 400);
}

// Presets are written atomically and only after a complete write: a host or disk failure part-way
// must never leave a half-written show file where the last good one was.
#include <sys/resource.h>
#include <csignal>

namespace {
// A processor with one mapping, saved once as show.json in a fresh temporary folder.
struct SavedPreset {
    DmxInProcessor p{kLoopback};
    std::vector<std::string> errors;
    juce::File dir = juce::File::createTempFile("dmxin_presets");
    juce::File preset = dir.getChildFile("show.json");
    juce::String error;
    SavedPreset() {
        REQUIRE(p.setMappings({mapping("0:0:1", 1, 1)}, errors));
        REQUIRE(dir.createDirectory());
        REQUIRE(p.savePresetFile(preset, error));
    }
    ~SavedPreset() { dir.deleteRecursively(); }
};
} // namespace

TEST_CASE("savePresetFile writes the state atomically and leaves no temporary file", "[preset]") {
    SavedPreset f;
    auto& [p, errors, dir, preset, error] = f;
    CHECK(preset.loadFileAsString().toStdString() == p.getStateJson());
    // Overwrite: still exactly one file in the folder (the hidden temporary was renamed over it).
    REQUIRE(p.setMappings({mapping("0:0:1", 1, 1), mapping("0:0:2", 7, 2)}, errors));
    REQUIRE(p.savePresetFile(preset, error));
    CHECK(preset.loadFileAsString().toStdString() == p.getStateJson());
    CHECK(dir.findChildFiles(juce::File::findFilesAndDirectories | juce::File::ignoreHiddenFiles, false).size() == 1);
    CHECK(dir.getNumberOfChildFiles(juce::File::findFilesAndDirectories) == 1);   // hidden ones included
    // Where nothing can be written, the error names the file.
    CHECK_FALSE(p.savePresetFile(dir.getChildFile("missing-folder").getChildFile("x.json"), error));
    CHECK(error.contains("x.json"));
    CHECK_FALSE(p.savePresetFile(dir, error));   // a directory
    CHECK(dir.isDirectory());
}

TEST_CASE("a preset write that fails part-way leaves the previous preset intact", "[preset]") {
    // Simulates a full disk: RLIMIT_FSIZE makes writes past 64 bytes fail (EFBIG; SIGXFSZ ignored).
    // JUCE's File::replaceWithText ignored this and renamed the truncated file over the preset.
    SavedPreset f;
    auto& [p, errors, dir, preset, error] = f;
    const std::string good = preset.loadFileAsString().toStdString();
    REQUIRE(good.size() > 64);

    REQUIRE(p.setMappings({mapping("0:0:1", 1, 1), mapping("0:0:2", 7, 2)}, errors));
    rlimit old{};
    REQUIRE(getrlimit(RLIMIT_FSIZE, &old) == 0);
    const auto previousHandler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit small = old;
    small.rlim_cur = 64;
    REQUIRE(setrlimit(RLIMIT_FSIZE, &small) == 0);
    const bool saved = p.savePresetFile(preset, error);
    setrlimit(RLIMIT_FSIZE, &old);
    std::signal(SIGXFSZ, previousHandler);

    CHECK_FALSE(saved);
    CHECK(error.contains("show.json"));
    CHECK(preset.loadFileAsString().toStdString() == good);
    CHECK(dir.getNumberOfChildFiles(juce::File::findFilesAndDirectories) == 1);   // the temporary is gone
}

TEST_CASE("the delay from a frame's arrival to the block that used it is recorded", "[delay]") {
    DmxInProcessor p(kLoopback);
    std::vector<std::string> errors;
    REQUIRE(p.setMappings({mapping("0:0:1", 1, 1)}, errors));
    const auto port = p.getHubStatus().boundPort;
    REQUIRE(port != 0);
    Runner run(p);
    run.block();
    CHECK(p.getDelaySummary().count == 0);

    const std::uint64_t beforeSend = steadyNowNs();
    sendDmx(port, pa("0:0:1"), {{1, 200}});
    // Wait (without processing) until the hub has queued the frame: it arrived before `queued`.
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (p.getHubStatus().counters.delivered == 0 && std::chrono::steady_clock::now() < end)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    REQUIRE(p.getHubStatus().counters.delivered == 1);
    // The frame now waits in the queue at least this long before a block uses it.
    const std::uint64_t held = 20'000'000;
    std::this_thread::sleep_for(std::chrono::nanoseconds(held));
    run.block();
    const std::uint64_t afterBlock = steadyNowNs();
    REQUIRE(p.getSlotValue(0) == Approx(200.0f / 255.0f));

    const auto s = p.getDelaySummary();
    CHECK(s.count == 1);
    CHECK(s.worstNs >= held);                     // it waited in the queue while we slept
    CHECK(s.worstNs <= afterBlock - beforeSend);  // and cannot have waited longer than the whole exchange
    CHECK(s.medianNs == s.worstNs);               // one figure: median and worst are the same
    // Blocks without a new frame add nothing.
    run.block();
    run.block();
    CHECK(p.getDelaySummary().count == 1);
}
