#pragma once
// The standalone app as a DMX -> MIDI bridge: opens the MIDI output the user named (or a virtual
// ALSA port "DMX In" that other programs connect to). Message thread: open/list. The opened
// juce::MidiOutput is then used by the audio (or headless clock) thread to send each block's MIDI.

#include <juce_audio_devices/juce_audio_devices.h>

#include <memory>
#include <string>

namespace dmxin {

struct MidiBridgeResult {
    std::unique_ptr<juce::MidiOutput> output;   // null when none was asked for or it failed
    std::string message;                         // what was opened, or why not
};

// name: "" (none), "virtual", or a substring of an output's name (case-insensitive).
MidiBridgeResult openMidiOutput(const std::string& name);

// One line per available output: "identifier  name".
std::string listMidiOutputs();

} // namespace dmxin
