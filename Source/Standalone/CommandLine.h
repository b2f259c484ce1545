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
    bool outputOff = false;         // --output-off  send no DMX output this run (the preset's outputs stay in it)
    std::string exportQxf;          // --export-qxf FILE   write a QLC+ fixture definition and quit
    std::string exportGdtf;         // --export-gdtf FILE  write a GDTF file and quit
    std::string exportCsv;          // --export-csv FILE   write a CSV patch sheet and quit
    std::string model;              // --model NAME  the fixture's model name (default: the preset's file name)
    std::string recordFile;         // --record FILE  record the incoming DMX of the mapped universes
    std::string replayFile;         // --replay FILE  play a recording into the instance instead of the network
    bool loop = false;              // --loop  replay in a loop (default: once, then hold the last frame)
    bool showVersion = false;       // --version
    bool showHelp = false;          // --help
};

// The app's exit status. The manual's "Command line" section lists the same table: keep them equal.
enum ExitCode : int {
    kExitOk = 0,
    kExitBadArgument = 2,      // unknown flag, missing or malformed value (--port 70000, --bind x)
    kExitPresetRefused = 3,    // --preset missing or invalid (every error printed with its field)
    kExitFileError = 4,        // an export, --record or --replay file could not be written or read
    kExitNothingToExport = 5,  // --export-* with no enabled mapping: no file is written
};

// Returns the options, or an error message for an unknown or malformed argument (kExitBadArgument).
std::optional<StandaloneOptions> parseCommandLine(const std::vector<std::string>& args, std::string& error);

bool wantsExport(const StandaloneOptions& options);

// Whether this run may send the preset's DMX output: not with --output-off, and not in a run that
// only exports or lists and quits at once.
bool allowsOutput(const StandaloneOptions& options);

std::string commandLineHelp();

} // namespace dmxin
