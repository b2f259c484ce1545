// dmxin-vst3-drive: a minimal VST3 host for scripts (the OLA peer tests). Built on JUCE's
// VST3PluginFormat like dmxin_vst3_host_test, it loads the built DMXIn.vst3 from disk (it never links
// the plugin's code), gives it a state, prepares it and then runs audio blocks and the message loop
// (a host that plays) until "quit" or the end of stdin. Commands, one per line on stdin:
//   set SLOT VALUE   host automation on controlSLOT (1..128), VALUE 0..1: what a host's automation
//                    lane does (setValueNotifyingHost; JUCE's host passes it to the plugin's process
//                    call as a parameter change)
//   quit             deletes the instance (its output stops: sACN sends its termination packets
//                    before the plugin's destructor returns) and exits 0
// Prints, one line each, flushed: "ready" once prepared; "set SLOT VALUE" once a set is applied;
// "param SLOT VALUE" (4 decimals) whenever the host sees a slot's value change, from automation or
// from DMX the plugin received; "bye" after the instance is gone.
//
//   dmxin-vst3-drive --plugin /path/to/DMXIn.vst3 --state state.json

#include "HostSupport.h"

#include <juce_audio_processors/juce_audio_processors.h>
#include <juce_events/juce_events.h>

#include <cstdio>
#include <deque>
#include <iostream>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr double kSampleRate = 48000.0;
constexpr int kBlockSize = 128;
constexpr int kNumControls = 128;   // host parameter i is controlNNN with NNN = i + 1

int usage(const char* why) {
    std::fprintf(stderr, "dmxin-vst3-drive: %s\nusage: dmxin-vst3-drive --plugin DMXIn.vst3 --state STATE.json\n", why);
    return 2;
}

// stdin lines, read on a thread of their own so the host keeps playing while it waits for them.
struct Commands {
    void start() {
        reader = std::thread([this] {
            std::string line;
            while (std::getline(std::cin, line))
                push(line);
            push("quit");   // end of input: the script is gone
        });
        reader.detach();   // blocked in getline at exit is fine: the process ends
    }
    bool pop(std::string& line) {
        std::lock_guard lock(mutex);
        if (lines.empty())
            return false;
        line = lines.front();
        lines.pop_front();
        return true;
    }

private:
    void push(const std::string& line) {
        std::lock_guard lock(mutex);
        lines.push_back(line);
    }
    std::mutex mutex;
    std::deque<std::string> lines;
    std::thread reader;
};

void say(const std::string& line) {
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
}

int run(const juce::String& pluginPath, const juce::String& statePath) {
    const juce::File stateFile(statePath);
    if (!stateFile.existsAsFile())
        return usage(("state file not found: " + statePath).toRawUTF8());
    juce::VST3PluginFormat format;
    juce::OwnedArray<juce::PluginDescription> types;
    format.findAllTypesForFile(types, pluginPath);
    if (types.isEmpty())
        return usage(("no VST3 plugin in " + pluginPath).toRawUTF8());
    juce::String error;
    auto plugin = format.createInstanceFromDescription(*types[0], kSampleRate, kBlockSize, error);
    if (plugin == nullptr)
        return usage(("could not create an instance: " + error).toRawUTF8());

    const auto json = stateFile.loadFileAsString().toStdString();
    const auto blob = dmxin::testing::vst3HostState(json);
    plugin->setStateInformation(blob.getData(), static_cast<int>(blob.getSize()));
    plugin->setRateAndBufferSizeDetails(kSampleRate, kBlockSize);
    plugin->prepareToPlay(kSampleRate, kBlockSize);
    juce::AudioBuffer<float> buffer(juce::jmax(2, plugin->getTotalNumInputChannels(), plugin->getTotalNumOutputChannels()),
                                    kBlockSize);
    juce::MidiBuffer midi;
    auto& params = plugin->getParameters();
    if (params.size() < kNumControls)
        return usage("the plugin has fewer than 128 parameters");

    std::vector<juce::String> shown(kNumControls);
    Commands commands;
    commands.start();
    say("ready");
    for (;;) {
        std::string line;
        bool quit = false;
        while (commands.pop(line)) {
            std::istringstream in(line);
            std::string word;
            int slot = 0;
            float value = 0.0f;
            in >> word;
            if (word == "quit") {
                quit = true;
                break;
            }
            if (word == "set" && (in >> slot >> value) && slot >= 1 && slot <= kNumControls && value >= 0.0f && value <= 1.0f) {
                params[slot - 1]->setValueNotifyingHost(value);
                say("set " + std::to_string(slot) + " " + juce::String(value, 6).toStdString());
            } else if (!word.empty()) {
                say("error: cannot read command: " + line);
            }
        }
        if (quit)
            break;
        // A few blocks, then ~20 ms of the message loop (where the plugin's edits reach the host).
        for (int i = 0; i < 4; ++i) {
            buffer.clear();
            midi.clear();
            plugin->processBlock(buffer, midi);
        }
        juce::MessageManager::getInstance()->runDispatchLoopUntil(20);
        for (int i = 0; i < kNumControls; ++i) {
            const auto text = juce::String(params[i]->getValue(), 4);
            if (text != shown[static_cast<std::size_t>(i)]) {
                shown[static_cast<std::size_t>(i)] = text;
                say("param " + std::to_string(i + 1) + " " + text.toStdString());
            }
        }
    }
    plugin->releaseResources();
    plugin.reset();
    say("bye");
    return 0;
}

} // namespace

int main(int argc, char* argv[]) {
    juce::String pluginPath, statePath;
    for (int i = 1; i + 1 < argc; i += 2) {
        const juce::String arg = argv[i];
        if (arg == "--plugin")
            pluginPath = argv[i + 1];
        else if (arg == "--state")
            statePath = argv[i + 1];
        else
            return usage(("unknown argument " + arg).toRawUTF8());
    }
    if (pluginPath.isEmpty() || statePath.isEmpty())
        return usage("--plugin and --state are required");
    juce::ScopedJuceInitialiser_GUI juce;
    return run(pluginPath, statePath);
}
