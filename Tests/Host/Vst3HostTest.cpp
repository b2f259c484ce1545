// Host test: a console VST3 host built on JUCE's VST3PluginFormat loads the built DMXIn.vst3 from
// disk (this executable never links the plugin's code), restores a state with an 8-bit and a 16-bit
// mapping, sends Art-Net to the plugin on 127.0.0.1, runs blocks, and records the edits the plugin
// sends to the host. JUCE's host turns the plugin's IComponentHandler calls into
// AudioProcessorParameter::Listener calls: beginEdit -> parameterGestureChanged(true), performEdit ->
// parameterValueChanged, endEdit -> parameterGestureChanged(false).
//
// It proves what a VST3 host records: a gesture opens before the first value, the values are the
// scaled DMX values, the gesture ends once DMX stops moving, and no other parameter is touched. It
// also proves the state the host saves carries the mappings, and that a bad state leaves the
// previous mapping working, and that host automation on a parameter comes out of the plugin's
// output as DMX on the wire. Only behaviour is asserted, never timing.
//
// The host's own state is JUCE's <VST3PluginState> XML; the plugin's JSON travels inside it as the
// IComponent stream (see vst3HostState in HostSupport.h). What loading a state alone sends to the host is printed, not
// asserted: today the plugin sends begin/value 0/end for every mapped slot before any DMX arrives.
//
// Usage: dmxin_vst3_host_test --plugin /path/to/DMXIn.vst3 [Catch2 options]

#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "Core/ArtNetBuilder.h"
#include "Core/ArtNetParser.h"
#include "Core/ExactlyEqual.h"
#include "Core/PortAddress.h"
#include "HostSupport.h"
#include "HostTestNet.h"
#include "SendSocket.h"

#include <juce_audio_processors/juce_audio_processors.h>
#include <juce_events/juce_events.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace {
using dmxin::testing::freeLoopbackUdpPort;
using dmxin::testing::sendArtDmx;

std::string gPluginPath;   // from --plugin

constexpr double kSampleRate = 48000.0;
constexpr int kBlockSize = 128;
constexpr int kNumControls = 128;
constexpr int kFader = 2;   // host parameter index of control003 (slot 3)
constexpr int kPan = 3;     // host parameter index of control004 (slot 4)
constexpr float kPanValue = static_cast<float>(0x1234) / 65535.0f;

bool closeTo(float a, float b) { return std::fabs(a - b) <= 1e-4f; }

// The plugin's state: schema 1, Art-Net on 127.0.0.1:port, channel 12 -> slot 3 (8-bit) and
// channels 5 (coarse) + 6 (fine) -> slot 4 (16-bit).
std::string stateJson(std::uint16_t port, int faderChannel = 12) {
    const nlohmann::json state = {
        {"schema", 1},
        {"network", {{"bindAddress", "127.0.0.1"}, {"artnetPort", port}}},
        {"mappings",
         nlohmann::json::array({
             {{"name", "Fader"}, {"universe", "0:0:1"}, {"channel", faderChannel}, {"target", 3}},
             {{"name", "Pan"}, {"universe", "0:0:1"}, {"channel", 5}, {"sixteenBit", true}, {"fineChannel", 6}, {"target", 4}},
         })},
    };
    return state.dump();
}

// JUCE's VST3PluginInstance keeps its state as XML: <VST3PluginState> with the base64 IComponent
// (and IEditController) streams. The IComponent stream is what the plugin's setState gets, i.e. the
// plugin's JSON. Passing the bare JSON to the host instance would be ignored (not XML).
// (HostSupport.h: vst3HostState wraps the JSON, vst3PluginJson unwraps it.)
std::string pluginStateFrom(const juce::MemoryBlock& hostState) {
    const auto json = dmxin::testing::vst3PluginJson(hostState);
    REQUIRE(json.has_value());
    return *json;
}

// Records every edit the host hears about. Without an editor, JUCE's VST3 wrapper on Linux calls
// the host from the plugin's own message thread, so this is locked. `hostThread` tells the plugin's
// edits (its thread) from the host's own parameter refreshes (e.g. after restartComponent).
struct EditRecorder final : juce::AudioProcessorParameter::Listener {
    struct Edit {
        char kind;          // 'b' gesture begin, 'v' value, 'e' gesture end
        int index;
        float value;
        juce::uint32 ms;
        bool hostThread;
    };

    void parameterValueChanged(int index, float value) override { add('v', index, value); }
    void parameterGestureChanged(int index, bool starting) override { add(starting ? 'b' : 'e', index, 0.0f); }

    std::vector<Edit> snapshot() const {
        std::lock_guard lock(mutex);
        return edits;
    }
    void clear() {
        std::lock_guard lock(mutex);
        edits.clear();
    }
    int openGestures() const {
        std::lock_guard lock(mutex);
        int open = 0;
        for (const auto& e : edits)
            open += e.kind == 'b' ? 1 : e.kind == 'e' ? -1 : 0;
        return open;
    }

private:
    void add(char kind, int index, float value) {
        const bool hostThread = juce::MessageManager::existsAndIsCurrentThread();
        std::lock_guard lock(mutex);
        edits.push_back({kind, index, value, juce::Time::getMillisecondCounter(), hostThread});
    }
    mutable std::mutex mutex;
    std::vector<Edit> edits;
};

using Edits = std::vector<EditRecorder::Edit>;

Edits editsOf(const Edits& all, int index) {
    Edits out;
    for (const auto& e : all)
        if (e.index == index)
            out.push_back(e);
    return out;
}

int count(const Edits& edits, char kind) {
    return static_cast<int>(std::count_if(edits.begin(), edits.end(), [kind](const auto& e) { return e.kind == kind; }));
}

std::string describe(const Edits& edits) {
    std::ostringstream s;
    const auto t0 = edits.empty() ? 0u : edits.front().ms;
    for (const auto& e : edits) {
        s << "  +" << (e.ms - t0) << "ms " << e.kind << " #" << e.index;
        if (e.kind == 'v')
            s << " " << e.value;
        s << (e.hostThread ? " (host thread)" : " (plugin thread)") << "\n";
    }
    return s.str();
}

// "#2 b/v/e 1/3/1, #3 b/v/e 1/1/1" for every parameter that got something.
std::string summary(const Edits& edits) {
    std::map<int, Edits> byIndex;
    for (const auto& e : edits)
        byIndex[e.index].push_back(e);
    std::ostringstream s;
    s << edits.size() << " edits";
    int shown = 0;
    for (const auto& [index, list] : byIndex) {
        if (++shown > 6) {
            s << ", ... (" << byIndex.size() << " parameters)";
            break;
        }
        s << ", #" << index << " b/v/e " << count(list, 'b') << "/" << count(list, 'v') << "/" << count(list, 'e');
    }
    return s.str();
}

// Gestures of one parameter are balanced and never nest, and every value the plugin sends arrives
// inside a gesture.
void checkGestures(const Edits& edits) {
    INFO("edits of one parameter:\n" << describe(edits));
    int open = 0;
    for (const auto& e : edits) {
        if (e.kind == 'b') {
            CHECK(open == 0);
            ++open;
        } else if (e.kind == 'e') {
            CHECK(open == 1);
            --open;
        } else {
            CHECK(open == 1);
        }
    }
    CHECK(open == 0);   // no gesture left open
}

// The hosted plugin, loaded from disk, with the recorder attached to every parameter.
struct Host {
    Host() {
        if (gPluginPath.empty())
            FAIL("no plugin given: run with --plugin /path/to/DMXIn.vst3");
        const juce::File bundle(gPluginPath);
        if (!bundle.exists())
            FAIL("the plugin bundle does not exist: " << gPluginPath << " (build the DmxIn_VST3 target first)");

        juce::VST3PluginFormat format;
        juce::OwnedArray<juce::PluginDescription> types;
        format.findAllTypesForFile(types, bundle.getFullPathName());
        if (types.isEmpty())
            FAIL("VST3PluginFormat found no plugin in " << gPluginPath);
        juce::String error;
        plugin = format.createInstanceFromDescription(*types[0], kSampleRate, kBlockSize, error);
        if (plugin == nullptr)
            FAIL("could not create an instance of " << gPluginPath << ": " << error);
        for (auto* p : plugin->getParameters())
            p->addListener(&recorder);
    }

    ~Host() {
        if (plugin == nullptr)
            return;
        for (auto* p : plugin->getParameters())
            p->removeListener(&recorder);
        plugin->releaseResources();
        plugin.reset();
    }

    void setPluginState(const std::string& json) {
        const auto blob = dmxin::testing::vst3HostState(json);
        plugin->setStateInformation(blob.getData(), static_cast<int>(blob.getSize()));
    }

    std::string getPluginState() const {
        juce::MemoryBlock blob;
        plugin->getStateInformation(blob);
        return pluginStateFrom(blob);
    }

    void prepare() {
        plugin->setRateAndBufferSizeDetails(kSampleRate, kBlockSize);
        plugin->prepareToPlay(kSampleRate, kBlockSize);
        buffer.setSize(juce::jmax(2, plugin->getTotalNumInputChannels(), plugin->getTotalNumOutputChannels()), kBlockSize);
    }

    // A few blocks, then ~20 ms of the host's message loop.
    void cycle() {
        for (int i = 0; i < 4; ++i) {
            buffer.clear();
            midi.clear();
            plugin->processBlock(buffer, midi);
        }
        juce::MessageManager::getInstance()->runDispatchLoopUntil(20);
    }

    void runFor(int ms) {
        const auto end = juce::Time::getMillisecondCounter() + static_cast<juce::uint32>(ms);
        while (juce::Time::getMillisecondCounter() < end)
            cycle();
    }

    // Runs blocks and the message loop until pred() holds (bounded; behaviour, not timing, is asserted).
    template <typename Pred>
    bool runUntil(Pred pred, int timeoutMs = 5000) {
        const auto end = juce::Time::getMillisecondCounter() + static_cast<juce::uint32>(timeoutMs);
        while (!pred() && juce::Time::getMillisecondCounter() < end)
            cycle();
        return pred();
    }

    // Lets everything in flight land: ~1 s (well past the plugin's 250 ms gesture idle time), then
    // until every gesture the host saw begin has ended.
    void settle() {
        runFor(1000);
        INFO("recorded edits:\n" << describe(recorder.snapshot()));
        REQUIRE(runUntil([&] { return recorder.openGestures() == 0; }));
    }

    juce::AudioProcessorParameter& param(int index) const { return *plugin->getParameters()[index]; }

    std::unique_ptr<juce::AudioPluginInstance> plugin;
    EditRecorder recorder;
    juce::AudioBuffer<float> buffer{2, kBlockSize};
    juce::MidiBuffer midi;
};

// One DMX move after a quiet time: the host sees exactly begin, value, end on that parameter and
// nothing from the plugin anywhere else.
void checkSingleMove(const Edits& all, int index, float value) {
    INFO("recorded edits:\n" << describe(all));
    for (const auto& e : all)
        CHECK(e.index == index);
    const auto mine = editsOf(all, index);
    REQUIRE(mine.size() == 3);
    CHECK(mine[0].kind == 'b');
    CHECK(mine[1].kind == 'v');
    CHECK(closeTo(mine[1].value, value));
    CHECK(mine[2].kind == 'e');
}

} // namespace

TEST_CASE("DMX received over Art-Net reaches a VST3 host as begin/value/end edits") {
    const auto port = freeLoopbackUdpPort();
    Host host;
    auto& params = host.plugin->getParameters();

    host.setPluginState(stateJson(port));

    // control001..control128, dmxEnable, and the "Bypass" JUCE's VST3 wrapper adds.
    REQUIRE(params.size() == kNumControls + 2);
    CHECK(params[0]->getName(100) == "Control 001");
    CHECK(params[kFader]->getName(100) == "Control 003");
    CHECK(params[kPan]->getName(100) == "Control 004");
    CHECK(params[kNumControls - 1]->getName(100) == "Control 128");
    CHECK(params[kNumControls]->getName(100) == "DMX Enable");
    CHECK(params[kNumControls + 1]->getName(100) == "Bypass");
    CHECK(dmxin::exactlyEqual(params[kFader]->getValue(), 0.0f));
    CHECK(dmxin::exactlyEqual(params[kPan]->getValue(), 0.0f));

    // What loading the state alone sends (reported, not asserted beyond "no gesture left open").
    host.prepare();
    host.settle();
    const auto load = host.recorder.snapshot();
    std::printf("vst3_host: after loading the state, before any DMX: %s\n", summary(load).c_str());
    CHECK(dmxin::exactlyEqual(params[kFader]->getValue(), 0.0f));
    CHECK(dmxin::exactlyEqual(params[kPan]->getValue(), 0.0f));
    host.recorder.clear();

    // Channel 12 steps through 0, 64, 128, 255; the 16-bit pair 5/6 holds 0x1234 throughout.
    const int steps[] = {0, 64, 128, 255};
    for (const int step : steps) {
        sendArtDmx(port, {{12, step}, {5, 0x12}, {6, 0x34}});
        const float expected = static_cast<float>(step) / 255.0f;
        INFO("channel 12 = " << step);
        REQUIRE(host.runUntil([&] {
            return closeTo(params[kFader]->getValue(), expected) && closeTo(params[kPan]->getValue(), kPanValue);
        }));
    }
    host.settle();   // DMX stops moving: the plugin ends its gestures after its idle time

    const auto all = host.recorder.snapshot();
    INFO("recorded edits:\n" << describe(all));
    std::printf("vst3_host: DMX moves: %s\n", summary(all).c_str());

    for (const auto& e : all)
        CHECK((e.index == kFader || e.index == kPan));   // unmapped parameters were not touched
    {
        const auto fader = editsOf(all, kFader);
        REQUIRE(!fader.empty());
        CHECK(fader.front().kind == 'b');
        CHECK(fader.back().kind == 'e');
        checkGestures(fader);
        std::vector<float> values;
        for (const auto& e : fader)
            if (e.kind == 'v')
                values.push_back(e.value);
        REQUIRE(!values.empty());
        // Every value is one of the sent DMX values scaled by /255, in the order they were sent.
        std::vector<float> sent;
        for (const int step : steps)
            sent.push_back(static_cast<float>(step) / 255.0f);
        std::size_t next = 0;
        for (const float v : values) {
            while (next < sent.size() && !closeTo(v, sent[next]))
                ++next;
            CHECK(next < sent.size());   // v is a sent value, not earlier than the previous one
        }
        CHECK(closeTo(values.back(), 1.0f));   // the last value is the last DMX value sent
        for (const float s : {64.0f / 255.0f, 128.0f / 255.0f})   // every move was published
            CHECK(std::any_of(values.begin(), values.end(), [s](float v) { return closeTo(v, s); }));
    }
    {
        const auto pan = editsOf(all, kPan);
        REQUIRE(!pan.empty());
        CHECK(pan.front().kind == 'b');
        CHECK(pan.back().kind == 'e');
        checkGestures(pan);
        CHECK(count(pan, 'v') >= 1);
        for (const auto& e : pan)
            if (e.kind == 'v')
                CHECK(closeTo(e.value, kPanValue));   // (0x12 << 8 | 0x34) / 65535
    }

    // The state the host saves is the plugin's JSON, and it carries both mappings and the values.
    const auto saved = nlohmann::json::parse(host.getPluginState());
    INFO("saved state: " << saved.dump());
    CHECK(saved.at("schema") == 3);
    CHECK(saved.at("network").at("bindAddress") == "127.0.0.1");
    CHECK(saved.at("network").at("artnetPort") == port);
    const auto& maps = saved.at("mappings");
    REQUIRE(maps.size() == 2);
    CHECK(maps[0].at("universe") == "0:0:1");
    CHECK(maps[0].at("channel") == 12);
    CHECK(maps[0].at("target") == 3);
    CHECK(maps[0].at("sixteenBit") == false);
    CHECK(maps[1].at("universe") == "0:0:1");
    CHECK(maps[1].at("channel") == 5);
    CHECK(maps[1].at("sixteenBit") == true);
    CHECK(maps[1].at("fineChannel") == 6);
    CHECK(maps[1].at("target") == 4);
    CHECK(saved.at("parameters").at("3").get<float>() == Approx(1.0f).margin(1e-4));
    CHECK(saved.at("parameters").at("4").get<float>() == Approx(kPanValue).margin(1e-4));
}

TEST_CASE("a bad state given to the VST3 host is refused and the previous mapping keeps working") {
    const auto port = freeLoopbackUdpPort();
    Host host;
    auto& params = host.plugin->getParameters();
    host.setPluginState(stateJson(port));
    host.prepare();
    sendArtDmx(port, {{12, 128}});
    REQUIRE(host.runUntil([&] { return closeTo(params[kFader]->getValue(), 128.0f / 255.0f); }));
    host.settle();

    // Channel 600 does not exist: the whole state is refused, nothing of it is applied.
    host.recorder.clear();
    host.setPluginState(stateJson(port, 600));
    host.settle();
    CHECK(count(host.recorder.snapshot(), 'b') == 0);   // the refused state moved nothing
    const auto kept = nlohmann::json::parse(host.getPluginState());
    REQUIRE(kept.at("mappings").size() == 2);
    CHECK(kept.at("mappings")[0].at("channel") == 12);
    CHECK(kept.at("network").at("artnetPort") == port);

    host.recorder.clear();
    sendArtDmx(port, {{12, 255}});
    REQUIRE(host.runUntil([&] { return closeTo(params[kFader]->getValue(), 1.0f); }));
    host.settle();
    checkSingleMove(host.recorder.snapshot(), kFader, 1.0f);

    // Not JSON at all: also refused, and DMX still drives the mapped parameter.
    host.recorder.clear();
    host.setPluginState("\x01\x02 not json");
    host.settle();
    CHECK(count(host.recorder.snapshot(), 'b') == 0);
    host.recorder.clear();
    sendArtDmx(port, {{12, 51}});
    REQUIRE(host.runUntil([&] { return closeTo(params[kFader]->getValue(), 51.0f / 255.0f); }));
    host.settle();
    checkSingleMove(host.recorder.snapshot(), kFader, 51.0f / 255.0f);
}

// The output direction through a real VST3 host: the plugin's state sends Art-Net 0:0:9 to a socket
// on 127.0.0.1, channel 1 from slot 5 (8-bit) and channels 2/3 from slot 6 (16-bit). The host
// automates those parameters (JUCE's host passes them to the plugin's process call as parameter
// changes) and the DMX values arrive on the wire. Bounded waits only: the order of events is
// asserted, not their timing.
TEST_CASE("host automation on a parameter reaches the rig as the output's DMX value") {
    const auto port = freeLoopbackUdpPort();
    dmxin::net::UdpSocket rig;
    REQUIRE(rig.open("127.0.0.1", 0).ok);
    const nlohmann::json state = {
        {"schema", 3},
        {"network", {{"bindAddress", "127.0.0.1"}, {"artnetPort", port}}},
        {"output",
         {{"universes",
           nlohmann::json::array({{{"name", "Rig"},
                                   {"protocol", "artnet"},
                                   {"universe", "0:0:9"},
                                   {"destination", "unicast"},
                                   {"addresses", {"127.0.0.1"}},
                                   {"port", rig.localPort()},
                                   {"channels",
                                    nlohmann::json::array({{{"channel", 1}, {"slot", 5}},
                                                           {{"channel", 2}, {"sixteenBit", true}, {"slot", 6}}})}}})}}},
    };
    Host host;
    host.setPluginState(state.dump());
    host.prepare();

    // The newest ArtDmx for 0:0:9 read so far (channels 1..3).
    std::array<int, 3> latest{-1, -1, -1};
    const auto read = [&] {
        while (rig.waitReadable(0))
            rig.receiveBatch([&](const dmxin::net::Datagram& d) {
                const auto parsed = dmxin::parseArtNet({d.data, d.size});
                if (parsed.kind == dmxin::ArtNetKind::Dmx && parsed.dmx.address == *dmxin::PortAddress::parse("0:0:9")
                    && parsed.dmx.length >= 3)
                    latest = {parsed.dmx.data[0], parsed.dmx.data[1], parsed.dmx.data[2]};
            });
    };
    REQUIRE(host.runUntil([&] { read(); return latest[0] == 0; }));   // the output runs, at the parameters' 0

    host.param(4).setValueNotifyingHost(51.0f / 255.0f);                 // control005: host automation
    host.param(5).setValueNotifyingHost(static_cast<float>(0xABCD) / 65535.0f);   // control006
    REQUIRE(host.runUntil([&] { read(); return latest[0] == 51 && latest[1] == 0xAB && latest[2] == 0xCD; }));

    // The CID the plugin assigned is in the state the host saves.
    const auto saved = nlohmann::json::parse(host.getPluginState());
    CHECK(saved.at("output").at("universes").size() == 1);
    CHECK(saved.at("output").at("cid").get<std::string>().size() == 36);
}

int main(int argc, char* argv[]) {
    // --plugin PATH is ours; Catch2 rejects options it does not know, so take it out of argv.
    std::vector<char*> args;
    for (int i = 0; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--plugin" && i + 1 < argc)
            gPluginPath = argv[++i];
        else if (arg.rfind("--plugin=", 0) == 0)
            gPluginPath = arg.substr(9);
        else
            args.push_back(argv[i]);
    }
    juce::ScopedJuceInitialiser_GUI juce;
    return Catch::Session().run(static_cast<int>(args.size()), args.data());
}
