// Module unload: a host loads DMX In from disk, creates instances, feeds them Art-Net, destroys
// them and unloads the library, many times over. After every unload the library must be gone from
// the process (dlclose really happened: no mapping of its file is left) and the process's threads,
// fds and sockets must be back where they were before the first load. A thread of the module that
// outlived it would crash here (its code is unmapped) or show up in the thread count.
//
//   dmxin_module_unload [--vst3 DMXIn.vst3] [--lv2 DMXIn.lv2 --lv2-uri URI [--lv2-copy OTHER/DMXIn.lv2]]
//                       [--cycles 200] [--instances 2] [--port 6454] [--editor on|off] [--lv2-editor on|off]
//
// Given both bundles, every cycle holds the VST3 and the LV2 at once (two copies of the module in
// one process) and destroys them in alternating order. The instances use the default network
// (0.0.0.0:port, shared across processes), so what role this process plays (alone, follower of
// another DMX In, leader with followers attached) is set by what else runs in the network
// namespace; module_unload_test.sh runs the cases, each in its own namespace. --editor on also
// opens and closes the first VST3 instance's editor every cycle, --lv2-editor on the first LV2
// instance's (both need a display). --lv2-copy adds a second installed LV2 bundle of the same
// plugin to the host's search path, found first: a lilv host then takes the plugin from one copy
// and may take its editor from the other.
// Only behaviour is asserted, never timing. Exit 0 when every cycle passed.

#include "HostSupport.h"
#include "ProcCounts.h"
#include "LenientXErrors.h"
#include "SendSocket.h"

#include "Core/ArtNetBuilder.h"
#include "Core/PortAddress.h"

#include <juce_audio_processors/juce_audio_processors.h>
#include <juce_events/juce_events.h>
#include <juce_gui_basics/juce_gui_basics.h>

#include <unistd.h>

#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace {

using namespace dmxin::testing;

struct Options {
    std::string vst3, lv2, lv2Uri;
    std::string lv2Copy;      // a second LV2 bundle of the same plugin (two installed copies)
    int cycles = 200;
    int instances = 2;
    int port = 6454;
    bool editor = false;      // open and close the first VST3 instance's editor every cycle
    bool lv2Editor = false;   // the same with the first LV2 instance's editor
} gOptions;

std::string realPath(const std::string& path) {
    char resolved[PATH_MAX] = {};
    return ::realpath(path.c_str(), resolved) != nullptr ? resolved : path;
}

// Lines of /proc/self/maps that map `file`.
int mappingsOf(const std::string& file) {
    std::ifstream maps("/proc/self/maps");
    int n = 0;
    for (std::string line; std::getline(maps, line);)
        if (line.find(file) != std::string::npos)
            ++n;
    return n;
}

// The names of this process's threads ("comm"), to say which thread outlived the module.
std::string threadNames() {
    std::string names;
    for (const auto& task : juce::File("/proc/self/task").findChildFiles(juce::File::findDirectories, false)) {
        std::ifstream comm((task.getFullPathName() + "/comm").toStdString());
        std::string name;
        std::getline(comm, name);
        names += (names.empty() ? "" : ", ") + name;
    }
    return names;
}

void sendChannel1(std::uint8_t value, std::uint8_t sequence) {
    std::vector<std::uint8_t> slots(512, 0);
    slots[0] = value;
    std::uint8_t packet[530];
    const auto size = dmxin::buildArtDmx(packet, *dmxin::PortAddress::parse("0:0:1"), sequence, 0, slots);
    SendSocket("127.0.0.1", static_cast<std::uint16_t>(gOptions.port)).send(packet, size);
}

// A mapping from 0:0:1 channel 1 to slot 1; the network stays at its default (the option's port).
// And an output: slot 1 as Art-Net 0:0:2 channel 1 to 127.0.0.1 on that port, so every cycle also
// starts the module's output thread (and its socket), which must be gone after the unload too.
// The instances' own receiver drops what comes back (own output).
std::string pluginJson() {
    const auto port = std::to_string(gOptions.port);
    return R"({"schema":3,"network":{"artnetPort":)" + port
           + R"(},"mappings":[{"name":"Fader","universe":"0:0:1","channel":1,"target":1}],)"
           + R"("output":{"universes":[{"name":"Loop","protocol":"artnet","universe":"0:0:2","destination":"unicast",)"
           + R"("addresses":["127.0.0.1"],"port":)" + port + R"(,"channels":[{"channel":1,"slot":1}]}]}})";
}

// One format of the module: how the host finds, creates and unloads it.
struct Module {
    bool isVst3 = true;
    std::string name;                 // "VST3" / "LV2"
    std::vector<std::string> files;   // the shared object inside the bundle (LV2: of each copy)
    std::unique_ptr<juce::AudioPluginFormat> format;
    juce::PluginDescription desc;
    bool editorOpened = false;   // an editor of this module was opened on this thread
    int pinnedMappings = -1;     // JUCE 8: the mappings left after the first unload (see runCycle)

    bool find() {
        juce::OwnedArray<juce::PluginDescription> types;
        if (isVst3) {
            format = std::make_unique<juce::VST3PluginFormat>();
            format->findAllTypesForFile(types, gOptions.vst3);
            files.push_back(realPath(gOptions.vst3 + "/Contents/x86_64-linux/DMXIn.so"));
        } else {
            format = std::make_unique<juce::LV2PluginFormat>();
            for (const auto& path : {gOptions.lv2Copy, gOptions.lv2}) {
                if (path.empty())
                    continue;
                const juce::File bundle(path);
                format->searchPathsForPlugins(juce::FileSearchPath(bundle.getParentDirectory().getFullPathName()), true, false);
                // The binary is named by the bundle's manifest (JUCE names it libDMXIn.so): the one .so.
                const auto so = bundle.findChildFiles(juce::File::findFiles, false, "*.so");
                files.push_back(so.size() == 1 ? realPath(so[0].getFullPathName().toStdString()) : path + "/(no single .so)");
            }
            format->findAllTypesForFile(types, gOptions.lv2Uri);
        }
        if (types.isEmpty())
            return false;
        desc = *types[0];
        return true;
    }

    int mapped() const {
        int n = 0;
        for (const auto& f : files)
            n += mappingsOf(f);
        return n;
    }
    std::string fileList() const {
        std::string out;
        for (const auto& f : files)
            out += (out.empty() ? "" : " and ") + f;
        return out;
    }

    std::unique_ptr<juce::AudioPluginInstance> create(juce::String& error) {
        return format->createInstanceFromDescription(desc, 48000.0, 256, error);
    }
};

struct Host {
    std::vector<std::unique_ptr<Module>> modules;

    // After the last instance of every module is gone. LV2: lilv closes the library when its last
    // instance is freed. VST3: JUCE's VST3 host caches every module it opened in a
    // DeletedAtShutdown singleton until the host shuts JUCE down; a host that unloads plug-ins
    // does the same here, ahead of time. That also ends the host's own JUCE singletons (its timer
    // thread, its X display): they are warmed up again, so the host's own threads and fds are
    // what the baseline counted.
    void unloadModules() {
        juce::DeletedAtShutdown::deleteAll();
        warmUp();
    }

    // What the host itself keeps while it has no DMX In loaded: JUCE's timer thread (its LV2 host
    // runs timers) and, with editors, its X display connection. Started before the baseline, so
    // that a thread or fd left over after an unload can only be the module's.
    struct IdleTimer : juce::Timer {
        void timerCallback() override { stopTimer(); }
    } idleTimer;
    void warmUp() {
        idleTimer.startTimer(1);
        if (gOptions.editor || gOptions.lv2Editor) {
            juce::Component window;
            window.setSize(10, 10);
            window.addToDesktop(0);
            installLenientXErrorHandler();
        }
        pump(20);
    }
};

// Slot 1 ("Control 001") of a hosted DMX In: found by its default name, before any label.
juce::AudioProcessorParameter* slotOne(juce::AudioPluginInstance& plugin) {
    for (auto* p : plugin.getParameters())
        if (p->getName(100) == "Control 001")
            return p;
    return nullptr;
}

struct Baseline {
    int threads = 0, fds = 0, sockets = 0;
    static Baseline now() { return {threadCount(), openFds(), openSockets()}; }
    bool operator==(const Baseline& o) const { return threads == o.threads && fds == o.fds && sockets == o.sockets; }
    std::string text() const { return std::to_string(threads) + "/" + std::to_string(fds) + "/" + std::to_string(sockets); }
};

bool fail(int cycle, const std::string& what) {
    std::printf("FAIL: cycle %d: %s\n", cycle, what.c_str());
    return false;
}

struct Hosted {
    Module* module;
    std::unique_ptr<juce::AudioPluginInstance> plugin;
};

// The editor of a VST3 instance, opened and closed the way a user looks at it in a host.
bool openAndCloseEditor(juce::AudioPluginInstance& plugin) {
    std::unique_ptr<juce::AudioProcessorEditor> editor(plugin.createEditorIfNeeded());
    if (editor == nullptr)
        return false;
    installLenientXErrorHandler();   // the plugin's own JUCE may have installed another
    editor->setVisible(true);
    editor->addToDesktop(juce::ComponentPeer::windowAppearsOnTaskbar);
    installLenientXErrorHandler();
    // Long enough for the host's embedding to settle: JUCE 7.0.5's XEmbedComponent (host side)
    // answers a resize with a deferred call that crashes the host if the editor closes before it ran.
    pump(150);
    editor.reset();
    pump(50);
    return true;
}

// One cycle: load, create, feed, destroy, unload; then check the process is back to `base`.
bool runCycle(Host& host, int cycle, const Baseline& base) {
    std::vector<Hosted> hosted;
    for (auto& module : host.modules) {
        for (int i = 0; i < gOptions.instances; ++i) {
            juce::String error;
            auto plugin = module->create(error);
            if (plugin == nullptr)
                return fail(cycle, module->name + " instance " + std::to_string(i) + " not created: " + error.toStdString());
            if (!setPluginJson(*plugin, module->isVst3, pluginJson()))
                return fail(cycle, module->name + ": the host's state has no plugin string to replace");
            plugin->prepareToPlay(48000.0, 256);
            hosted.push_back({module.get(), std::move(plugin)});
        }
        if (module->mapped() == 0)
            return fail(cycle, module->fileList() + " not mapped while its instances live (the host loaded another copy?)");
    }

    // A value that differs from the last cycle's, so a stale parameter cannot pass.
    const auto value = static_cast<std::uint8_t>(20 + (cycle * 37) % 200);
    std::uint8_t sequence = 0;
    juce::AudioBuffer<float> audio(2, 256);
    juce::MidiBuffer midi;
    const bool followed = pumpUntil(
        [&] {
            sequence = static_cast<std::uint8_t>(sequence % 255 + 1);
            sendChannel1(value, sequence);
            bool all = true;
            for (auto& h : hosted) {
                audio.clear();
                midi.clear();
                h.plugin->processBlock(audio, midi);
                const auto* p = slotOne(*h.plugin);
                all = all && p != nullptr && std::abs(p->getValue() - static_cast<float>(value) / 255.0f) < 1.0e-4f;
            }
            return all;
        },
        5000);
    if (!followed)
        return fail(cycle, "slot 1 did not follow channel 1 = " + std::to_string(value) + " in every instance");

    for (const bool vst3 : {true, false}) {
        if (!(vst3 ? gOptions.editor : gOptions.lv2Editor))
            continue;
        for (auto& h : hosted)
            if (h.module->isVst3 == vst3) {
                if (!openAndCloseEditor(*h.plugin))
                    return fail(cycle, "no editor");
                h.module->editorOpened = true;
                break;
            }
    }

    // Destroy: with two formats, the VST3 first on odd cycles and the LV2 first on even ones.
    if (cycle % 2 == 0)
        std::stable_partition(hosted.begin(), hosted.end(), [](const Hosted& h) { return !h.module->isVst3; });
    for (auto& h : hosted) {
        h.plugin->releaseResources();
        h.plugin.reset();
    }
    hosted.clear();
    host.unloadModules();

    for (auto& module : host.modules) {
        const int left = module->mapped();
        if (left == 0)
            continue;
        // JUCE 8 lays out text through juce::Unicode, which keeps a thread_local cache: the first
        // editor that shows text registers the cache's destructor for this thread with
        // __cxa_thread_atexit, and glibc keeps the module loaded until this thread exits. So a
        // module whose editor was opened stays mapped, by JUCE's doing. What must still hold: it
        // stays the one copy (a new load maps nothing more), and threads, fds and sockets come back
        // to the baseline below.
        if (JUCE_MAJOR_VERSION >= 8 && module->editorOpened) {
            if (module->pinnedMappings < 0) {
                module->pinnedMappings = left;
                std::printf("module_unload: %s stays mapped after its editor was opened (JUCE 8's thread_local text cache "
                            "pins it to this thread); checking that it stays one copy\n", module->name.c_str());
            } else if (left != module->pinnedMappings) {
                return fail(cycle, module->fileList() + ": mapped " + std::to_string(left) + " time(s) after unload, "
                                       + std::to_string(module->pinnedMappings) + " after the first cycle");
            }
            continue;
        }
        return fail(cycle, module->fileList() + ": still mapped " + std::to_string(left) + " time(s) after the last instance and unload");
    }
    // A joined thread leaves /proc/self/task a moment after pthread_join returns: wait for that,
    // bounded, then compare.
    Baseline after = Baseline::now();
    for (int i = 0; i < 200 && !(after == base); ++i) {
        ::usleep(5000);
        after = Baseline::now();
    }
    if (!(after == base))
        return fail(cycle, "after unload threads/fds/sockets " + after.text() + ", before the first load " + base.text()
                               + "; threads now: " + threadNames());
    return true;
}

} // namespace

int main(int argc, char* argv[]) {
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i], v = argv[i + 1];
        if (a == "--vst3") gOptions.vst3 = v;
        else if (a == "--lv2") gOptions.lv2 = v;
        else if (a == "--lv2-uri") gOptions.lv2Uri = v;
        else if (a == "--lv2-copy") gOptions.lv2Copy = v;
        else if (a == "--cycles") gOptions.cycles = std::atoi(v.c_str());
        else if (a == "--instances") gOptions.instances = std::atoi(v.c_str());
        else if (a == "--port") gOptions.port = std::atoi(v.c_str());
        else if (a == "--editor") gOptions.editor = v == "on";
        else if (a == "--lv2-editor") gOptions.lv2Editor = v == "on";
        else { std::fprintf(stderr, "module_unload: unknown argument %s\n", a.c_str()); return 2; }
    }
    if ((gOptions.vst3.empty() && gOptions.lv2.empty()) || (!gOptions.lv2.empty() && gOptions.lv2Uri.empty())) {
        std::fprintf(stderr, "module_unload: give --vst3 BUNDLE and/or --lv2 BUNDLE --lv2-uri URI\n");
        return 2;
    }
    if ((gOptions.editor || gOptions.lv2Editor) && std::getenv("DISPLAY") == nullptr) {
        std::fprintf(stderr, "module_unload: --editor on needs a display (DISPLAY is not set)\n");
        return 2;
    }
    if (gOptions.editor || gOptions.lv2Editor)
        installLenientXErrorHandler();
    int failures = 0;
    {
        juce::ScopedJuceInitialiser_GUI juce;
        Host host;
        std::string kinds;
        for (const bool vst3 : {true, false}) {
            if ((vst3 ? gOptions.vst3 : gOptions.lv2).empty())
                continue;
            auto module = std::make_unique<Module>();
            module->isVst3 = vst3;
            module->name = vst3 ? "VST3" : "LV2";
            if (!module->find()) {
                std::printf("FAIL: %s: no plugin found in %s\n", module->name.c_str(), (vst3 ? gOptions.vst3 : gOptions.lv2).c_str());
                return 1;
            }
            kinds += (kinds.empty() ? "" : " + ") + module->name;
            host.modules.push_back(std::move(module));
        }
        // Scanning loaded the modules (JUCE's VST3 scan creates a throwaway instance): unload
        // them, then take the baseline of a host that has no DMX In in it.
        host.unloadModules();
        pump(50);
        for (auto& module : host.modules)
            if (module->mapped() != 0) {
                std::printf("FAIL: %s: %s still mapped after the scan's unload\n", module->name.c_str(), module->fileList().c_str());
                return 1;
            }
        const Baseline base = Baseline::now();
        std::printf("module_unload: %s, pid %d, %d cycle(s) of %d instance(s) each on port %d%s; baseline threads/fds/sockets %s\n",
                    kinds.c_str(), static_cast<int>(::getpid()), gOptions.cycles, gOptions.instances, gOptions.port,
                    gOptions.editor ? ", the VST3 editor opened each cycle" : (gOptions.lv2Editor ? ", the LV2 editor opened each cycle" : ""),
                    base.text().c_str());
        for (int cycle = 1; cycle <= gOptions.cycles && failures == 0; ++cycle)
            if (!runCycle(host, cycle, base))
                ++failures;
        if (failures == 0)
            std::printf("module_unload: %s: %d cycle(s), 0 crashes, 0 failures; every library unmapped and threads/fds/sockets back to %s after each\n",
                        kinds.c_str(), gOptions.cycles, base.text().c_str());
    }
    return failures == 0 ? 0 : 1;
}
