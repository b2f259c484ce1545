// Host validation: what a host vendor's validator does with a plugin, done by a console host built on
// JUCE's own hosting code (VST3PluginFormat and LV2PluginFormat). It loads the built DMXIn.vst3 and
// DMXIn.lv2 from disk (this executable never links the plugin's code) and checks, for each format:
//   scan and instantiate; bus layouts; block sizes 1..4096 and a changing block size; sample rates
//   44.1k..192k; prepare/release cycles; audio passes through unchanged; state save -> load -> save
//   is byte-identical; an older state (only schema + mappings) loads; a refused state keeps the
//   previous mappings; parameters set from the message thread while another thread runs
//   processBlock; editor open/close (only when DISPLAY is set: ctest runs this under xvfb-run);
//   100 instances in one process (one shared Art-Net socket) created and destroyed with the
//   process's sockets and threads back where they were; a MIDI-only mapping turns Art-Net received
//   on 127.0.0.1 into a CC in the host's MidiBuffer.
// Only behaviour is asserted, never timing.
//
// Usage: dmxin_host_validation --vst3 DMXIn.vst3 [--lv2 DMXIn.lv2 --lv2-uri URI] [Catch2 options]

#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "Core/ArtNetBuilder.h"
#include "Core/ExactlyEqual.h"
#include "Core/PortAddress.h"
#include "LenientXErrors.h"
#include "HostSupport.h"
#include "ProcCounts.h"
#include "HostTestNet.h"
#include "SendSocket.h"

#include <juce_audio_processors/juce_audio_processors.h>
#include <juce_events/juce_events.h>
#include <juce_gui_basics/juce_gui_basics.h>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace {
using dmxin::testing::freeLoopbackUdpPort;
using dmxin::testing::sendArtDmx;
using dmxin::testing::lv2StateLiteral;
using dmxin::testing::openFds;
using dmxin::testing::openSockets;
using dmxin::testing::pump;
using dmxin::testing::pumpUntil;
using dmxin::testing::threadCount;

enum class Kind { Vst3, Lv2 };

struct Options {
    std::string vst3;     // path of DMXIn.vst3
    std::string lv2;      // path of DMXIn.lv2 (optional)
    std::string lv2Uri;   // the plugin's LV2 URI
} gOptions;

const char* nameOf(Kind k) { return k == Kind::Vst3 ? "VST3" : "LV2"; }

constexpr int kNumControls = 128;

// ---------------------------------------------------------------- formats and state wrapping

struct Formats {
    juce::VST3PluginFormat vst3;
    std::unique_ptr<juce::LV2PluginFormat> lv2;   // created only when an LV2 bundle is given
    std::unique_ptr<juce::PluginDescription> vst3Desc, lv2Desc;
    std::string lv2Error;
};
Formats* gFormats = nullptr;

std::vector<Kind> kinds() {
    std::vector<Kind> out{Kind::Vst3};
    if (gFormats->lv2Desc != nullptr)
        out.push_back(Kind::Lv2);
    return out;
}

std::string vst3PluginJson(const juce::MemoryBlock& hostState) {
    const auto json = dmxin::testing::vst3PluginJson(hostState);
    REQUIRE(json.has_value());
    return *json;
}

std::string lv2PluginJson(const juce::MemoryBlock& hostState) {
    const std::string turtle(static_cast<const char*>(hostState.getData()), hostState.getSize());
    const auto literal = lv2StateLiteral(turtle);
    REQUIRE(literal.has_value());
    const auto [b, e] = *literal;
    juce::MemoryBlock bytes;
    REQUIRE(bytes.fromBase64Encoding(juce::String(turtle.substr(b, e - b))));
    return std::string(static_cast<const char*>(bytes.getData()), bytes.getSize());
}

// ---------------------------------------------------------------- the hosted plugin

struct Hosted {
    Hosted(Kind k, double sampleRate = 48000.0, int blockSize = 512) : kind(k) {
        const auto* desc = k == Kind::Vst3 ? gFormats->vst3Desc.get() : gFormats->lv2Desc.get();
        REQUIRE(desc != nullptr);
        juce::String error;
        auto& format = k == Kind::Vst3 ? static_cast<juce::AudioPluginFormat&>(gFormats->vst3)
                                       : static_cast<juce::AudioPluginFormat&>(*gFormats->lv2);
        plugin = format.createInstanceFromDescription(*desc, sampleRate, blockSize, error);
        INFO(nameOf(k) << ": " << error);
        REQUIRE(plugin != nullptr);
        // The host's parameter order is the format's: JUCE's VST3 host lists control001..128,
        // dmxEnable, Bypass; JUCE's LV2 host lists Bypass first. Find the slots by their default
        // names (no state is loaded yet, so no label hides them).
        const auto& params = plugin->getParameters();
        for (int i = 0; i < params.size(); ++i) {
            const auto n = params[i]->getName(100);
            if (n.startsWith("Control ") && n.length() == 11)
                slotIndex[static_cast<std::size_t>(n.getTrailingIntValue() - 1)] = i;
            else if (n == "DMX Enable")
                dmxEnableIndex = i;
        }
    }
    ~Hosted() {
        if (plugin != nullptr)
            plugin->releaseResources();
    }

    juce::MemoryBlock hostState() const {
        juce::MemoryBlock blob;
        plugin->getStateInformation(blob);
        return blob;
    }
    std::string pluginJson() const {
        const auto blob = hostState();
        return kind == Kind::Vst3 ? vst3PluginJson(blob) : lv2PluginJson(blob);
    }
    nlohmann::json pluginState() const { return nlohmann::json::parse(pluginJson()); }

    // Gives the plugin this JSON as its state, wrapped the way this host format carries it.
    void setPluginJson(const std::string& json) { REQUIRE(dmxin::testing::setPluginJson(*plugin, kind == Kind::Vst3, json)); }

    void prepare(double sampleRate, int maxBlock) {
        plugin->releaseResources();
        plugin->setRateAndBufferSizeDetails(sampleRate, maxBlock);
        plugin->prepareToPlay(sampleRate, maxBlock);
    }

    int channels() const { return juce::jmax(plugin->getTotalNumInputChannels(), plugin->getTotalNumOutputChannels()); }

    // One block of noise through the plugin; true when every output sample equals its input sample.
    bool passesThrough(int numSamples, juce::MidiBuffer* midiOut = nullptr) {
        juce::AudioBuffer<float> buffer(channels(), numSamples);
        for (int ch = 0; ch < buffer.getNumChannels(); ++ch)
            for (int i = 0; i < numSamples; ++i)
                buffer.setSample(ch, i, noise(rng));
        juce::AudioBuffer<float> input(buffer);
        juce::MidiBuffer midi;
        plugin->processBlock(buffer, midi);
        if (midiOut != nullptr)
            midiOut->addEvents(midi, 0, -1, 0);
        for (int ch = 0; ch < plugin->getTotalNumOutputChannels(); ++ch)
            for (int i = 0; i < numSamples; ++i)
                if (!dmxin::exactlyEqual(buffer.getSample(ch, i), input.getSample(ch, i)))
                    return false;
        return true;
    }

    // The host parameter of slot N (1-based: control001 is slot 1).
    juce::AudioProcessorParameter* slot(int n) const {
        const int index = slotIndex[static_cast<std::size_t>(n - 1)];
        REQUIRE(index >= 0);
        return plugin->getParameters()[index];
    }

    Kind kind;
    std::array<int, kNumControls> slotIndex = [] { std::array<int, kNumControls> a{}; a.fill(-1); return a; }();
    int dmxEnableIndex = -1;
    std::unique_ptr<juce::AudioPluginInstance> plugin;
    std::mt19937 rng{42};
    std::uniform_real_distribution<float> noise{-1.0f, 1.0f};
};

// The plugin's state JSON used by most cases: Art-Net on 127.0.0.1:port, channel 12 -> slot 3.
nlohmann::json baseState(int port) {
    return {
        {"schema", 1},
        {"network", {{"bindAddress", "127.0.0.1"}, {"artnetPort", port}, {"sacnPort", 0}}},
        {"labels", {{"3", "Fader"}}},
        {"mappings", nlohmann::json::array({{{"name", "Fader"}, {"universe", "0:0:1"}, {"channel", 12}, {"target", 3}}})},
    };
}

} // namespace

// ====================================================================================== cases

TEST_CASE("scan and instantiate from disk") {
    REQUIRE(gFormats->vst3Desc != nullptr);
    if (!gOptions.lv2.empty() && gFormats->lv2Desc == nullptr)
        FAIL("the LV2 bundle was given but LV2PluginFormat did not find the plugin: " << gFormats->lv2Error);
    for (const auto kind : kinds()) {
        INFO(nameOf(kind));
        const auto* desc = kind == Kind::Vst3 ? gFormats->vst3Desc.get() : gFormats->lv2Desc.get();
        std::printf("host_validation: %s: \"%s\" by \"%s\", %s, version %s, %d in / %d out, id %s\n", nameOf(kind),
                    desc->name.toRawUTF8(), desc->manufacturerName.toRawUTF8(), desc->category.toRawUTF8(),
                    desc->version.toRawUTF8(), desc->numInputChannels, desc->numOutputChannels,
                    desc->fileOrIdentifier.toRawUTF8());
        CHECK(desc->name == "DMX In");
        Hosted host(kind);
        // The channel counts come from the instance: since 7.0.6 JUCE's VST3 host lists a plugin from
        // the bundle's Contents/Resources/moduleinfo.json without loading it, and that description
        // carries no channel counts (0 / 0); JUCE 7.0.5 and the LV2 host still fill them in.
        std::printf("host_validation: %s: instance %d in / %d out\n", nameOf(kind), host.plugin->getTotalNumInputChannels(),
                    host.plugin->getTotalNumOutputChannels());
        CHECK(host.plugin->getTotalNumInputChannels() == 2);
        CHECK(host.plugin->getTotalNumOutputChannels() == 2);
        const auto& params = host.plugin->getParameters();
        std::printf("host_validation: %s: %d parameters, producesMidi %d, acceptsMidi %d\n", nameOf(kind), params.size(),
                    host.plugin->producesMidi() ? 1 : 0, host.plugin->acceptsMidi() ? 1 : 0);
        REQUIRE(params.size() >= kNumControls + 1);
        std::string order;
        for (int i = 0; i < params.size(); ++i)
            if (i < 2 || i >= params.size() - 3)
                order += (order.empty() ? "" : ", ") + params[i]->getName(100).toStdString() + (i == 1 ? ", ..." : "");
        std::printf("host_validation: %s: parameter order: %s\n", nameOf(kind), order.c_str());
        for (int n = 1; n <= kNumControls; ++n)   // every slot is there, once, with its default name
            CHECK(host.slotIndex[static_cast<std::size_t>(n - 1)] >= 0);
        CHECK(host.dmxEnableIndex >= 0);
        if (kind == Kind::Vst3) {   // a VST3 host sees the plugin's own order
            CHECK(params[0]->getName(100) == "Control 001");
            CHECK(params[kNumControls - 1]->getName(100) == "Control 128");
            CHECK(params[kNumControls]->getName(100) == "DMX Enable");
        }
        CHECK(host.plugin->producesMidi());
    }
}

TEST_CASE("bus layouts: stereo and mono pass audio through; mismatched layouts are refused") {
    for (const auto kind : kinds()) {
        INFO(nameOf(kind));
        Hosted host(kind);
        using Set = juce::AudioChannelSet;
        for (const auto& set : {Set::stereo(), Set::mono(), Set::stereo()}) {
            INFO("layout " << set.getDescription());
            juce::AudioProcessor::BusesLayout layout;
            layout.inputBuses.add(set);
            layout.outputBuses.add(set);
            const bool supported = host.plugin->checkBusesLayoutSupported(layout);
            if (kind == Kind::Lv2 && set == Set::mono()) {
                // An LV2 plugin's ports are fixed in its Turtle: JUCE's LV2 client declares the
                // default (stereo) layout only, so an LV2 host cannot ask for mono.
                std::printf("host_validation: LV2: mono layout supported by the host: %d (LV2 ports are fixed)\n", supported ? 1 : 0);
                continue;
            }
            REQUIRE(supported);
            host.plugin->releaseResources();
            REQUIRE(host.plugin->setBusesLayout(layout));
            host.prepare(48000.0, 512);
            CHECK(host.plugin->getTotalNumInputChannels() == set.size());
            CHECK(host.plugin->getTotalNumOutputChannels() == set.size());
            for (int i = 0; i < 8; ++i)
                CHECK(host.passesThrough(512));
        }
        // A layout can be checked only while the plugin is not active (JUCE's VST3 host answers
        // "supported" for any VST3-compatible layout while it is).
        host.plugin->releaseResources();
        juce::AudioProcessor::BusesLayout mixed;
        mixed.inputBuses.add(Set::stereo());
        mixed.outputBuses.add(Set::mono());
        CHECK_FALSE(host.plugin->checkBusesLayoutSupported(mixed));
        juce::AudioProcessor::BusesLayout quad;
        quad.inputBuses.add(Set::quadraphonic());
        quad.outputBuses.add(Set::quadraphonic());
        CHECK_FALSE(host.plugin->checkBusesLayoutSupported(quad));
    }
}

TEST_CASE("block sizes, a changing block size, sample rates and prepare/release cycles") {
    const int sizes[] = {1, 7, 64, 512, 4096};
    const int changing[] = {4096, 1, 512, 7, 333, 64, 4096, 1000, 1, 2048};
    for (const auto kind : kinds()) {
        INFO(nameOf(kind));
        Hosted host(kind);
        for (const double rate : {44100.0, 48000.0, 96000.0, 192000.0}) {
            INFO("sample rate " << rate);
            for (const int size : sizes) {
                INFO("block size " << size);
                host.prepare(rate, size);
                for (int i = 0; i < 16; ++i)
                    REQUIRE(host.passesThrough(size));
            }
            host.prepare(rate, 4096);
            for (const int size : changing) {
                INFO("changing block size, now " << size);
                REQUIRE(host.passesThrough(size));
            }
        }
        for (int cycle = 0; cycle < 20; ++cycle) {
            host.plugin->releaseResources();
            host.plugin->setRateAndBufferSizeDetails(cycle % 2 ? 44100.0 : 96000.0, 256);
            host.plugin->prepareToPlay(cycle % 2 ? 44100.0 : 96000.0, 256);
            REQUIRE(host.passesThrough(256));
        }
        host.plugin->releaseResources();
        host.plugin->releaseResources();   // twice in a row is legal for a host
    }
}

TEST_CASE("state: save/load/save is byte-identical, older states load, refused states change nothing") {
    for (const auto kind : kinds()) {
        INFO(nameOf(kind));
        const auto port = freeLoopbackUdpPort();
        Hosted host(kind);
        host.prepare(48000.0, 256);
        host.setPluginJson(baseState(port).dump());
        pump(50);

        // Save -> load -> save: the host's blob and the plugin's JSON are byte-identical.
        const auto first = host.hostState();
        host.plugin->setStateInformation(first.getData(), static_cast<int>(first.getSize()));
        pump(50);
        const auto second = host.hostState();
        CHECK(first.getSize() == second.getSize());
        CHECK(first == second);
        const auto firstJson = kind == Kind::Vst3 ? vst3PluginJson(first) : lv2PluginJson(first);
        const auto secondJson = kind == Kind::Vst3 ? vst3PluginJson(second) : lv2PluginJson(second);
        CHECK(firstJson == secondJson);
        // ... and a second, fresh instance given that blob saves the same bytes again.
        {
            Hosted other(kind);
            other.plugin->setStateInformation(first.getData(), static_cast<int>(first.getSize()));
            pump(50);
            CHECK(other.pluginJson() == firstJson);
        }

        const auto saved = nlohmann::json::parse(firstJson);
        INFO("saved state: " << saved.dump());
        CHECK(saved.at("schema") == 3);
        REQUIRE(saved.at("mappings").size() == 1);
        CHECK(saved.at("mappings")[0].at("channel") == 12);
        CHECK(saved.at("labels").at("3") == "Fader");
        // Labels are the parameter names a VST3 host shows (VST3 parameter titles may change; an LV2
        // plugin's parameter names are fixed in its Turtle, so an LV2 host keeps "Control 003").
        std::printf("host_validation: %s: slot 3 labelled \"Fader\" shows as \"%s\"\n", nameOf(kind),
                    host.slot(3)->getName(100).toRawUTF8());
        if (kind == Kind::Vst3)
            CHECK(host.slot(3)->getName(100) == "Fader");

        // An older form: only schema and mappings (no network, labels, parameters, sendToHost ...).
        const nlohmann::json older = {
            {"schema", 1},
            {"mappings", nlohmann::json::array({{{"universe", "0:0:2"}, {"channel", 7}, {"target", 5}}})},
        };
        host.setPluginJson(older.dump());
        pump(50);
        const auto loaded = host.pluginState();
        INFO("after the older state: " << loaded.dump());
        REQUIRE(loaded.at("mappings").size() == 1);
        CHECK(loaded.at("mappings")[0].at("universe") == "0:0:2");
        CHECK(loaded.at("mappings")[0].at("channel") == 7);
        CHECK(loaded.at("mappings")[0].at("target") == 5);
        CHECK(loaded.at("mappings")[0].at("hostAutomation") == "dmx-overrides");   // defaults filled in
        CHECK(loaded.at("sendToHost") == true);
        CHECK(loaded.at("gestureIdleMs") == 250);
        CHECK(loaded.at("labels").empty());
        CHECK(host.slot(3)->getName(100) == "Control 003");   // the label went with the state

        // Back to the base state, then refused states: the previous mappings stay.
        host.setPluginJson(baseState(port).dump());
        pump(50);
        const auto before = host.pluginJson();
        auto badChannel = baseState(port);
        badChannel["mappings"][0]["channel"] = 600;
        auto newer = baseState(port);
        newer["schema"] = 4;   // newer than this build (3)
        newer["mappings"][0]["channel"] = 20;
        auto twoOnOneSlot = baseState(port);
        twoOnOneSlot["mappings"].push_back({{"universe", "0:0:1"}, {"channel", 13}, {"target", 3}});
        for (const auto& refused : {badChannel.dump(), newer.dump(), twoOnOneSlot.dump(), std::string("not json {")}) {
            INFO("refused state: " << refused);
            host.setPluginJson(refused);
            pump(50);
            CHECK(host.pluginJson() == before);
        }

        // ... and the kept mapping still works: DMX on channel 12 moves slot 3 (plugin side).
        sendArtDmx(port, {{12, 255}});
        REQUIRE(pumpUntil([&] {
            host.passesThrough(256);
            return host.pluginState().at("parameters").at("3").get<double>() > 0.999;
        }));
    }
}

TEST_CASE("parameters set on the message thread while another thread runs processBlock") {
    for (const auto kind : kinds()) {
        INFO(nameOf(kind));
        Hosted host(kind);
        host.prepare(48000.0, 64);
        std::atomic<bool> stop{false};
        std::atomic<int> blocks{0}, mismatches{0};
        // The audio thread needs its own noise source: Hosted's rng belongs to the main thread.
        std::thread audio([&] {
            juce::AudioBuffer<float> buffer(host.channels(), 64);
            juce::MidiBuffer midi;
            std::mt19937 rng(7);
            std::uniform_real_distribution<float> noise(-1.0f, 1.0f);
            while (!stop.load()) {
                for (int ch = 0; ch < buffer.getNumChannels(); ++ch)
                    for (int i = 0; i < 64; ++i)
                        buffer.setSample(ch, i, noise(rng));
                juce::AudioBuffer<float> input(buffer);
                midi.clear();
                host.plugin->processBlock(buffer, midi);
                for (int ch = 0; ch < buffer.getNumChannels(); ++ch)
                    for (int i = 0; i < 64; ++i)
                        if (!dmxin::exactlyEqual(buffer.getSample(ch, i), input.getSample(ch, i)))
                            mismatches.fetch_add(1);
                blocks.fetch_add(1);
            }
        });
        std::vector<float> last(kNumControls, 0.0f);
        for (int round = 0; round < 20; ++round) {
            for (int i = 0; i < kNumControls; ++i) {
                const float v = static_cast<float>((round * 37 + i * 11) % 101) / 100.0f;
                auto* p = host.slot(i + 1);
                p->beginChangeGesture();
                p->setValueNotifyingHost(v);
                p->endChangeGesture();
                last[static_cast<std::size_t>(i)] = v;
            }
            pump(5);
        }
        // Let the audio thread take the last changes, then stop it.
        const int target = blocks.load() + 50;
        pumpUntil([&] { return blocks.load() >= target; });
        stop = true;
        audio.join();
        CHECK(mismatches.load() == 0);
        CHECK(blocks.load() > 0);
        pump(100);
        // The plugin (not just the host's cache) holds the last value set for every parameter.
        const auto state = host.pluginState();
        int wrong = 0;
        for (int i = 0; i < kNumControls; ++i) {
            const float inPlugin = state.at("parameters").at(std::to_string(i + 1)).get<float>();
            const float inHost = host.slot(i + 1)->getValue();
            if (std::fabs(inPlugin - last[static_cast<std::size_t>(i)]) > 1e-4f
                || std::fabs(inHost - last[static_cast<std::size_t>(i)]) > 1e-4f) {
                if (++wrong <= 5)
                    std::printf("host_validation: %s: control%03d: set %.4f, plugin %.4f, host %.4f\n", nameOf(kind), i + 1,
                                last[static_cast<std::size_t>(i)], inPlugin, inHost);
            }
        }
        CHECK(wrong == 0);
    }
}

TEST_CASE("the editor opens and closes (under Xvfb)") {
    if (std::getenv("DISPLAY") == nullptr) {
        WARN("skipped: DISPLAY is not set (ctest runs this binary under xvfb-run -a when xvfb-run exists)");
        return;
    }
    installLenientXErrorHandler();
    for (const auto kind : kinds()) {
        INFO(nameOf(kind));
        Hosted host(kind);
        host.prepare(48000.0, 256);
        REQUIRE(host.plugin->hasEditor());
        for (int round = 0; round < 2; ++round) {
            std::unique_ptr<juce::AudioProcessorEditor> editor(host.plugin->createEditorIfNeeded());
            installLenientXErrorHandler();   // the plugin's own JUCE may have installed another
            REQUIRE(editor != nullptr);
            CHECK(host.plugin->getActiveEditor() == editor.get());
            editor->setVisible(true);
            editor->addToDesktop(juce::ComponentPeer::windowAppearsOnTaskbar);
            installLenientXErrorHandler();
            // Audio keeps running while the editor is up.
            for (int i = 0; i < 20; ++i) {
                CHECK(host.passesThrough(256));
                pump(10);
            }
            std::printf("host_validation: %s editor %d x %d, on desktop %d\n", nameOf(kind), editor->getWidth(),
                        editor->getHeight(), editor->isOnDesktop() ? 1 : 0);
            CHECK(editor->getWidth() > 0);
            CHECK(editor->getHeight() > 0);
            CHECK(editor->isOnDesktop());
            editor.reset();
            pump(100);
            CHECK(host.plugin->getActiveEditor() == nullptr);
        }
    }
    std::printf("host_validation: X errors ignored while editors opened and closed: %d\n", ignoredXErrors());
}

TEST_CASE("100 instances share one socket and leave nothing behind") {
    for (const auto kind : kinds()) {
        INFO(nameOf(kind));
        nlohmann::json state = {
            {"schema", 1},
            {"network", {{"bindAddress", "127.0.0.1"}, {"artnetPort", 0}, {"sacnPort", 0}}},
            {"mappings", nlohmann::json::array({{{"universe", "0:0:1"}, {"channel", 1}, {"target", 1}}})},
        };
        // Warm-up: the first instance loads the module and starts what lives as long as it does.
        {
            Hosted warm(kind);
            warm.setPluginJson(state.dump());
            pump(50);
        }
        pump(200);
        const int sockets0 = openSockets(), fds0 = openFds(), threads0 = threadCount();

        std::vector<std::unique_ptr<Hosted>> many;
        // One instance: what it costs (the shared socket, the receive thread, the plugin's own
        // message thread and its queue).
        many.push_back(std::make_unique<Hosted>(kind));
        many.back()->setPluginJson(state.dump());
        pump(100);
        const int sockets1 = openSockets(), threads1 = threadCount();
        for (int i = 1; i < 100; ++i) {
            many.push_back(std::make_unique<Hosted>(kind));
            many.back()->setPluginJson(state.dump());
            if (i % 10 == 0)
                pump(5);
        }
        pump(100);
        const int socketsN = openSockets(), threadsN = threadCount();
        std::printf("host_validation: %s: sockets / threads: none %d / %d, one instance %d / %d, 100 instances %d / %d\n",
                    nameOf(kind), sockets0, threads0, sockets1, threads1, socketsN, threadsN);
        // All 100 listen on 127.0.0.1:0 through one shared ReceiverHub: 100 instances hold the same
        // sockets and threads as one.
        CHECK(socketsN == sockets1);
        CHECK(threadsN == threads1);
        for (auto& h : many) {
            h->prepare(48000.0, 64);
            CHECK(h->passesThrough(64));
        }
        for (int i = 0; i < 100; ++i)
            CHECK(many[static_cast<std::size_t>(i)]->pluginState().at("mappings").size() == 1);

        many.clear();
        // Back where it was: the shared socket is closed and the receive thread has ended.
        CHECK(pumpUntil([&] { return openSockets() == sockets0 && threadCount() == threads0 && openFds() == fds0; }));
        std::printf("host_validation: %s: after destroying them: sockets %d, threads %d, fds %d\n", nameOf(kind),
                    openSockets(), threadCount(), openFds());
    }
}

TEST_CASE("a MIDI-only mapping turns Art-Net into a CC in the host's MidiBuffer") {
    for (const auto kind : kinds()) {
        INFO(nameOf(kind));
        const auto port = freeLoopbackUdpPort();
        Hosted host(kind);
        const nlohmann::json state = {
            {"schema", 1},
            {"network", {{"bindAddress", "127.0.0.1"}, {"artnetPort", port}, {"sacnPort", 0}}},
            {"mappings", nlohmann::json::array({{{"name", "Volume"}, {"universe", "0:0:1"}, {"channel", 1}, {"target", 0},
                                                {"midi", {{"type", "cc"}, {"channel", 1}, {"number", 7}}}}})},
        };
        host.setPluginJson(state.dump());
        for (const auto& setting : {std::pair{48000.0, 64}, std::pair{192000.0, 4096}}) {
            const double rate = setting.first;
            const int block = setting.second;
            INFO("rate " << rate << ", block " << block);
            host.prepare(rate, block);
            for (const auto& step : {std::pair{255, 127}, std::pair{100, 50}, std::pair{0, 0}}) {
                const int dmx = step.first;
                const int cc = step.second;
                INFO("DMX " << dmx << " -> CC value " << cc);
                sendArtDmx(port, {{1, dmx}});
                std::vector<juce::MidiMessage> got;
                bool inRange = true;
                const bool ok = pumpUntil(
                    [&] {
                        for (int i = 0; i < 4; ++i) {
                            juce::MidiBuffer one;
                            REQUIRE(host.passesThrough(block, &one));
                            for (const auto m : one) {
                                got.push_back(m.getMessage());
                                inRange = inRange && m.samplePosition >= 0 && m.samplePosition < block;
                            }
                        }
                        return std::any_of(got.begin(), got.end(), [&](const juce::MidiMessage& m) {
                            return m.isController() && m.getControllerNumber() == 7 && m.getChannel() == 1
                                   && m.getControllerValue() == cc;
                        });
                    },
                    5000);
                std::string seen;
                for (const auto& m : got)
                    seen += m.getDescription().toStdString() + "; ";
                INFO("MIDI seen: " << seen);
                CHECK(ok);
                CHECK(inRange);
                for (const auto& m : got)   // nothing but CC 7 on channel 1
                    CHECK((m.isController() && m.getControllerNumber() == 7 && m.getChannel() == 1));
            }
        }
    }
}

int main(int argc, char* argv[]) {
    std::vector<char*> args;
    for (int i = 0; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--vst3" && i + 1 < argc)
            gOptions.vst3 = argv[++i];
        else if (arg == "--lv2" && i + 1 < argc)
            gOptions.lv2 = argv[++i];
        else if (arg == "--lv2-uri" && i + 1 < argc)
            gOptions.lv2Uri = argv[++i];
        else
            args.push_back(argv[i]);
    }
    if (gOptions.vst3.empty() || !juce::File(gOptions.vst3).exists()) {
        std::fprintf(stderr, "host_validation: give --vst3 /path/to/DMXIn.vst3 (got \"%s\")\n", gOptions.vst3.c_str());
        return 2;
    }
    if (std::getenv("DISPLAY") != nullptr)
        installLenientXErrorHandler();

    int result = 1;
    {
        juce::ScopedJuceInitialiser_GUI juce;
        Formats formats;
        gFormats = &formats;

        juce::OwnedArray<juce::PluginDescription> types;
        formats.vst3.findAllTypesForFile(types, gOptions.vst3);
        if (types.isEmpty()) {
            std::fprintf(stderr, "host_validation: VST3PluginFormat found no plugin in %s\n", gOptions.vst3.c_str());
            return 1;
        }
        formats.vst3Desc = std::make_unique<juce::PluginDescription>(*types[0]);

        if (!gOptions.lv2.empty()) {
            formats.lv2 = std::make_unique<juce::LV2PluginFormat>();
            const juce::File bundle(gOptions.lv2);
            const auto found = formats.lv2->searchPathsForPlugins(juce::FileSearchPath(bundle.getParentDirectory().getFullPathName()),
                                                                  true, false);
            if (!found.contains(gOptions.lv2Uri)) {
                formats.lv2Error = "searching " + bundle.getParentDirectory().getFullPathName().toStdString() + " found "
                                   + found.joinIntoString(", ").toStdString() + ", not " + gOptions.lv2Uri;
            } else {
                juce::OwnedArray<juce::PluginDescription> lv2Types;
                formats.lv2->findAllTypesForFile(lv2Types, gOptions.lv2Uri);
                if (lv2Types.isEmpty())
                    formats.lv2Error = "findAllTypesForFile(" + gOptions.lv2Uri + ") found nothing";
                else
                    formats.lv2Desc = std::make_unique<juce::PluginDescription>(*lv2Types[0]);
            }
        }
        std::printf("host_validation: VST3 %s, LV2 %s\n", gOptions.vst3.c_str(),
                    formats.lv2Desc != nullptr ? gOptions.lv2.c_str() : (gOptions.lv2.empty() ? "not given" : formats.lv2Error.c_str()));

        result = Catch::Session().run(static_cast<int>(args.size()), args.data());
        gFormats = nullptr;
    }
    return result;
}
