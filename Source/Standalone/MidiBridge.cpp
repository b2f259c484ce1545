#include "MidiBridge.h"

namespace dmxin {

MidiBridgeResult openMidiOutput(const std::string& name) {
    MidiBridgeResult r;
    if (name.empty())
        return r;
    if (name == "virtual") {
#if JUCE_LINUX || JUCE_MAC
        r.output = juce::MidiOutput::createNewDevice("DMX In");
        r.message = r.output != nullptr ? "MIDI out: virtual port \"DMX In\""
                                        : "MIDI out: could not create a virtual port (no ALSA sequencer? /dev/snd/seq)";
#else
        r.message = "MIDI out: virtual ports are not available on this platform";
#endif
        return r;
    }
    const juce::String wanted(name);
    for (const auto& device : juce::MidiOutput::getAvailableDevices()) {
        if (device.name.containsIgnoreCase(wanted)) {
            r.output = juce::MidiOutput::openDevice(device.identifier);
            r.message = r.output != nullptr ? "MIDI out: " + device.name.toStdString()
                                            : "MIDI out: could not open " + device.name.toStdString();
            return r;
        }
    }
    r.message = "MIDI out: no output matches \"" + name + "\" (--midi-out list shows them)";
    return r;
}

std::string listMidiOutputs() {
    std::string text;
    for (const auto& device : juce::MidiOutput::getAvailableDevices())
        text += device.identifier.toStdString() + "  " + device.name.toStdString() + "\n";
    return text.empty() ? "no MIDI outputs\n" : text;
}

} // namespace dmxin
