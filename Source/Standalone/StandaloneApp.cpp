// The standalone DMX In app. JUCE's stock standalone wrapper touches the desktop at start and
// crashes without a display (Debian's JUCE 7.0.5: exit 139 with DISPLAY unset), so this app decides first: with a display it opens the
// editor and plays through the default audio device; without one (or with --headless) it runs the
// processor on its own clock and prints a live view.

#include "CommandLine.h"
#include "HeadlessRunner.h"
#include "MidiBridge.h"
#include "NoMappingHint.h"

#include "Plugin/DmxInProcessor.h"

#include "Core/ProfileFile.h"
#include "Core/StateJson.h"

#include <juce_audio_utils/juce_audio_utils.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>

namespace dmxin {

namespace {
std::atomic<bool> quitRequested{false};
extern "C" void onSignal(int) { quitRequested = true; }

bool haveDisplay() {
    const char* d = std::getenv("DISPLAY");
    const char* w = std::getenv("WAYLAND_DISPLAY");
    return (d != nullptr && *d != '\0') || (w != nullptr && *w != '\0');
}

std::vector<std::string> argumentsOf(const juce::String& commandLine) {
    std::vector<std::string> out;
    for (const auto& a : juce::StringArray::fromTokens(commandLine, true))
        out.push_back(a.unquoted().toStdString());
    return out;
}
} // namespace

class MainWindow final : public juce::DocumentWindow {
public:
    explicit MainWindow(DmxInProcessor& processor)
        : juce::DocumentWindow("DMX In " DMXIN_VERSION_STRING, juce::Colours::black, allButtons) {
        setUsingNativeTitleBar(true);
        setContentOwned(processor.createEditorIfNeeded(), true);
        setResizable(true, false);
        centreWithSize(getWidth(), getHeight());
        setVisible(true);
    }
    void closeButtonPressed() override { juce::JUCEApplication::getInstance()->systemRequestedQuit(); }
};

class StandaloneApp final : public juce::JUCEApplication, private juce::Timer {
public:
    const juce::String getApplicationName() override { return "DMX In"; }
    const juce::String getApplicationVersion() override { return DMXIN_VERSION_STRING; }
    bool moreThanOneInstanceAllowed() override { return true; }

    void initialise(const juce::String& commandLine) override {
        std::string error;
        auto options = parseCommandLine(argumentsOf(commandLine), error);
        if (!options) {
            std::fprintf(stderr, "DMX In: %s\n%s", error.c_str(), commandLineHelp().c_str());
            setApplicationReturnValue(kExitBadArgument);
            quit();
            return;
        }
        if (options->showHelp || options->showVersion) {
            std::printf("%s", options->showHelp ? commandLineHelp().c_str() : "DMX In " DMXIN_VERSION_STRING "\n");
            quit();
            return;
        }
        std::signal(SIGINT, onSignal);
        std::signal(SIGTERM, onSignal);

        // Settle the state and network first, so the app binds once, where the user asked.
        PluginState state;
        if (!options->presetFile.empty()) {
            const auto file = juce::File::getCurrentWorkingDirectory().getChildFile(options->presetFile);
            auto loaded = file.existsAsFile()
                              ? parseState(file.loadFileAsString().toStdString())
                              : StateLoadResult{std::nullopt, {"preset: " + file.getFullPathName().toStdString() + " does not exist"}};
            if (!loaded.errors.empty()) {
                std::fprintf(stderr, "DMX In: preset %s refused:\n", options->presetFile.c_str());
                for (const auto& e : loaded.errors)
                    std::fprintf(stderr, "  %s\n", e.c_str());
                setApplicationReturnValue(kExitPresetRefused);
                quit();
                return;
            }
            state = *loaded.state;
        }
        if (!options->bindAddress.empty())
            state.network.bindAddress = options->bindAddress;
        if (options->port >= 0)
            state.network.artnetPort = options->port;
        if (options->noShare)
            state.network.shareAcrossProcesses = false;

        processor_ = std::make_unique<DmxInProcessor>(state.network);
        // Before the state: an output that may not send never starts.
        if (!allowsOutput(*options))
            processor_->setOutputAllowed(false);
        std::vector<std::string> errors;
        if (!processor_->applyStateJson(serializeState(state), errors)) {
            std::fprintf(stderr, "DMX In: %s\n", processor_->getLastStateError().toRawUTF8());
            setApplicationReturnValue(kExitPresetRefused);
            processor_.reset();
            quit();
            return;
        }
        std::printf("DMX In %s: %zu mapping(s)%s%s\n", DMXIN_VERSION_STRING, processor_->getMappings().size(),
                    options->presetFile.empty() ? "" : " from ", options->presetFile.c_str());
        for (const auto& m : processor_->getMappings())
            std::printf("  mapping \"%s\": universe %s ch %d%s -> %s%s%s\n", m.name.c_str(), m.universe.describe().c_str(),
                        m.channel, m.sixteenBit ? " 16-bit" : "",
                        m.targetSlot > 0 ? ParameterBank::slotId(m.targetSlot).toRawUTF8() : "",
                        m.targetSlot > 0 && m.midi.kind != MidiKind::None ? " + " : "",
                        m.midi.kind != MidiKind::None
                            ? ("MIDI " + juce::String(toString(m.midi.kind)) + " ch " + juce::String(m.midi.channel)
                               + " #" + juce::String(m.midi.number)).toRawUTF8()
                            : "");
        std::fflush(stdout);

        if (wantsExport(*options)) {
            setApplicationReturnValue(exportProfiles(*options));
            processor_.reset();
            quit();
            return;
        }
        if (!options->recordFile.empty() || !options->replayFile.empty()) {
            std::string error;
            if (!options->replayFile.empty() && !processor_->startReplay(options->replayFile, options->loop, error)) {
                std::fprintf(stderr, "DMX In: %s\n", error.c_str());
                setApplicationReturnValue(kExitFileError);
                processor_.reset();
                quit();
                return;
            }
            if (!options->recordFile.empty() && !processor_->startRecording(options->recordFile, error)) {
                std::fprintf(stderr, "DMX In: %s\n", error.c_str());
                setApplicationReturnValue(kExitFileError);
                processor_.reset();
                quit();
                return;
            }
            const auto rr = processor_->getRecordReplayStatus();
            if (rr.replaying)
                std::printf("replaying %s: %llu frame(s), %.3f s%s%s; the network is paused\n", rr.replayPath.c_str(),
                            static_cast<unsigned long long>(rr.replayFrames), rr.replaySeconds,
                            rr.looping ? ", looped" : ", once", rr.replayTruncated ? ", truncated file (kept the complete records)" : "");
            if (rr.recording)
                std::printf("recording the mapped universes to %s\n", rr.recordPath.c_str());
            std::fflush(stdout);
        }

        if (options->midiOut == "list") {
            std::printf("%s", listMidiOutputs().c_str());
            quit();
            return;
        }
        auto midi = openMidiOutput(options->midiOut);
        if (!midi.message.empty())
            std::printf("%s\n", midi.message.c_str());
        midiOut_ = std::move(midi.output);
        if (options->headless || !haveDisplay()) {
            if (const auto hint = noMappingHint(processor_->getMappings(), factoryPresetsFolder()); !hint.empty()) {
                std::printf("%s\n", hint.c_str());
                std::fflush(stdout);
            }
            headless_ = std::make_unique<HeadlessRunner>(*processor_, options->statusInterval, midiOut_.get(),
                                                         options->printMidi);
        } else {
            // Created only here, where audio is really opened: since JUCE 7.0.6 the device manager's
            // constructor opens the ALSA sequencer, which prints an error on a machine without
            // /dev/snd/seq, and --version, --help, exports and headless runs need no audio at all.
            devices_ = std::make_unique<juce::AudioDeviceManager>();
            const auto deviceError = devices_->initialiseWithDefaultDevices(2, 2);
            if (deviceError.isNotEmpty())
                std::fprintf(stderr, "DMX In: no audio device (%s); DMX still drives the parameters\n",
                             deviceError.toRawUTF8());
            player_.setProcessor(processor_.get());
            player_.setMidiOutput(midiOut_.get());
            devices_->addAudioCallback(&player_);
            window_ = std::make_unique<MainWindow>(*processor_);
        }
        if (options->seconds > 0)
            quitAtMs_ = juce::Time::getMillisecondCounterHiRes() + options->seconds * 1000.0;
        startTimer(50);
    }

    void shutdown() override {
        stopTimer();
        if (processor_ != nullptr) {
            const auto rr = processor_->getRecordReplayStatus();
            processor_->stopRecording();   // writes what is queued and closes the file
            processor_->stopReplay();
            if (rr.recording)
                std::printf("recorded %s\n", rr.recordPath.c_str());
        }
        window_.reset();
        if (devices_ != nullptr) {
            devices_->removeAudioCallback(&player_);
            devices_->closeAudioDevice();
        }
        player_.setProcessor(nullptr);
        headless_.reset();
        processor_.reset();
        std::fflush(stdout);
    }

    void systemRequestedQuit() override { quit(); }
    void anotherInstanceStarted(const juce::String&) override {}

private:
    // Writes every export asked for. Refuses (writing nothing) when no mapping is enabled: an empty
    // profile would patch nothing on the desk, and exit 0 would tell a script it worked.
    int exportProfiles(const StandaloneOptions& options) {
        const std::string model = !options.model.empty() ? options.model
                                  : !options.presetFile.empty() ? modelFromFileName(options.presetFile)
                                                                : std::string("DMX In");
        const auto input = processor_->getProfileInput(model);
        if (std::none_of(input.mappings.begin(), input.mappings.end(), [](const Mapping& m) { return m.enabled; })) {
            std::fprintf(stderr, "DMX In: nothing to export: no enabled mapping (load a preset with --preset FILE)\n");
            return kExitNothingToExport;
        }
        int rc = kExitOk;
        const std::pair<const std::string*, ProfileFormat> jobs[] = {
            {&options.exportQxf, ProfileFormat::Qxf}, {&options.exportGdtf, ProfileFormat::Gdtf}, {&options.exportCsv, ProfileFormat::Csv}};
        for (const auto& [path, format] : jobs) {
            if (path->empty())
                continue;
            std::string error;
            if (writeProfile(*path, format, input, error))
                std::printf("exported %s (%s, model \"%s\")\n", path->c_str(), extensionOf(format), model.c_str());
            else {
                std::fprintf(stderr, "DMX In: %s\n", error.c_str());
                rc = kExitFileError;
            }
        }
        std::fflush(stdout);
        return rc;
    }

    void timerCallback() override {
        if (quitRequested || (quitAtMs_ > 0 && juce::Time::getMillisecondCounterHiRes() >= quitAtMs_)) {
            stopTimer();
            quit();
        }
    }

    std::unique_ptr<DmxInProcessor> processor_;
    std::unique_ptr<juce::MidiOutput> midiOut_;   // outlives the runner and the player that use it
    std::unique_ptr<HeadlessRunner> headless_;
    std::unique_ptr<juce::AudioDeviceManager> devices_;   // only with a window (see initialise)
    juce::AudioProcessorPlayer player_;
    std::unique_ptr<MainWindow> window_;
    double quitAtMs_ = 0;
};

} // namespace dmxin

juce::JUCEApplicationBase* juce_CreateApplication();
juce::JUCEApplicationBase* juce_CreateApplication() { return new dmxin::StandaloneApp(); }
