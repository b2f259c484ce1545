#pragma once
// Command-line options of the standalone app. Pure parsing, no side effects.

#include <optional>
#include <string>
#include <vector>

namespace dmxin {

struct StandaloneOptions {
    bool headless = false;          // --headless (also implied when there is no display)
    std::string presetFile;         // --preset FILE
    std::string bindAddress;        // --bind ADDR   (empty: from the preset, else 0.0.0.0)
    int port = -1;                  // --port N      (-1: from the preset, else 6454)
    double seconds = 0.0;           // --seconds S   quit after S seconds (0: run until Ctrl-C)
    double statusInterval = 5.0;    // --status-every S
    std::string midiOut;            // --midi-out NAME|virtual|list  send the mappings' MIDI to a device
    bool printMidi = false;         // --print-midi  print each MIDI message (headless)
    bool noShare = false;           // --no-share    bind on our own instead of sharing one receiver per machine
    bool showVersion = false;       // --version
    bool showHelp = false;          // --help
};

// Returns the options, or an error message for an unknown or malformed argument.
std::optional<StandaloneOptions> parseCommandLine(const std::vector<std::string>& args, std::string& error);

std::string commandLineHelp();

} // namespace dmxin
