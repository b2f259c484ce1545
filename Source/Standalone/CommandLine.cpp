#include "CommandLine.h"

#include "Core/Ipv4.h"

#include <cstdlib>

namespace dmxin {

static bool toNumber(const std::string& text, double& out) {
    char* end = nullptr;
    out = std::strtod(text.c_str(), &end);
    return !text.empty() && end != nullptr && *end == '\0';
}

std::optional<StandaloneOptions> parseCommandLine(const std::vector<std::string>& args, std::string& error) {
    StandaloneOptions o;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&](std::string& out) {
            if (i + 1 >= args.size()) {
                error = a + " needs a value";
                return false;
            }
            out = args[++i];
            return true;
        };
        std::string v;
        double n = 0;
        if (a == "--headless") o.headless = true;
        else if (a == "--version") o.showVersion = true;
        else if (a == "--help" || a == "-h") o.showHelp = true;
        else if (a == "--preset") { if (!value(o.presetFile)) return std::nullopt; }
        else if (a == "--bind") {
            if (!value(o.bindAddress)) return std::nullopt;
            // Checked here, with the preset's rule, so a typo is a bad argument (exit 2), not a
            // refused preset (exit 3) as it was when the state validation found it.
            if (!parseIpv4(o.bindAddress)) {
                error = "--bind: \"" + o.bindAddress + "\" is not an IPv4 address such as 192.168.1.20 (0.0.0.0: every interface)";
                return std::nullopt;
            }
        }
        else if (a == "--midi-out") { if (!value(o.midiOut)) return std::nullopt; }
        else if (a == "--print-midi") o.printMidi = true;
        else if (a == "--no-share") o.noShare = true;
        else if (a == "--output-off") o.outputOff = true;
        else if (a == "--export-qxf") { if (!value(o.exportQxf)) return std::nullopt; }
        else if (a == "--export-gdtf") { if (!value(o.exportGdtf)) return std::nullopt; }
        else if (a == "--export-csv") { if (!value(o.exportCsv)) return std::nullopt; }
        else if (a == "--model") { if (!value(o.model)) return std::nullopt; }
        else if (a == "--record") { if (!value(o.recordFile)) return std::nullopt; }
        else if (a == "--replay") { if (!value(o.replayFile)) return std::nullopt; }
        else if (a == "--loop") o.loop = true;
        else if (a == "--port" || a == "--seconds" || a == "--status-every") {
            if (!value(v)) return std::nullopt;
            if (!toNumber(v, n) || n < 0) {
                error = a + ": \"" + v + "\" is not a non-negative number";
                return std::nullopt;
            }
            if (a == "--port") {
                if (n > 65535 || n != static_cast<int>(n)) {
                    error = "--port: " + v + " is outside 0..65535";
                    return std::nullopt;
                }
                o.port = static_cast<int>(n);
            } else if (a == "--seconds") o.seconds = n;
            else o.statusInterval = n;
        }
        // JUCE and desktop launchers may pass their own switches (e.g. -NSDocumentRevisionsDebugMode).
        else if (a.rfind("-psn", 0) == 0 || a.rfind("-NS", 0) == 0) continue;
        else {
            error = "unknown argument \"" + a + "\" (see --help)";
            return std::nullopt;
        }
    }
    if (o.loop && o.replayFile.empty()) {
        error = "--loop needs --replay FILE";
        return std::nullopt;
    }
    if (!o.recordFile.empty() && o.recordFile == o.replayFile) {
        error = "--record and --replay name the same file";
        return std::nullopt;
    }
    return o;
}

bool wantsExport(const StandaloneOptions& options) {
    return !options.exportQxf.empty() || !options.exportGdtf.empty() || !options.exportCsv.empty();
}

bool allowsOutput(const StandaloneOptions& options) {
    return !options.outputOff && !wantsExport(options) && options.midiOut != "list";
}

// The manual (Resources/docs/manual.md, "Command line") holds this text verbatim between markers;
// the help_sync test fails when they differ (Tests/Docs/help_sync_test.sh --update rewrites it).
std::string commandLineHelp() {
    return "DMX In - Art-Net and sACN to host parameters and MIDI\n"
           "usage: DMXIn [--headless] [--preset FILE] [--bind ADDR] [--port N]\n"
           "             [--seconds S] [--status-every S] [--midi-out NAME|virtual|list]\n"
           "             [--print-midi] [--no-share] [--output-off] [--version] [--help]\n"
           "             [--export-qxf FILE] [--export-gdtf FILE] [--export-csv FILE] [--model NAME]\n"
           "             [--record FILE] [--replay FILE [--loop]]\n"
           "  --headless       run without a window and print a live view (default without a display)\n"
           "  --preset FILE    load mappings from a JSON preset\n"
           "  --bind ADDR      local IPv4 address to listen on (default 0.0.0.0)\n"
           "  --port N         Art-Net UDP port (default 6454)\n"
           "  --seconds S      quit after S seconds\n"
           "  --status-every S print a status line every S seconds (default 5)\n"
           "  --midi-out NAME  send the mappings' MIDI to the output whose name contains NAME;\n"
           "                   \"virtual\" creates an ALSA port \"DMX In\" other programs connect to;\n"
           "                   \"list\" lists the outputs and quits\n"
           "  --print-midi     print every MIDI message sent (headless)\n"
           "  --no-share       bind the ports on our own instead of sharing one receiver with\n"
           "                   the other DMX In programs on this machine\n"
           "  --output-off     send no DMX output this run (the preset's outputs are kept)\n"
           "  --export-qxf FILE   write the mappings as a QLC+ fixture definition, then quit\n"
           "  --export-gdtf FILE  write the mappings as a GDTF fixture type, then quit\n"
           "  --export-csv FILE   write the mappings as a CSV patch sheet, then quit\n"
           "  --model NAME     the fixture's model name in the exports (default: the preset's file name)\n"
           "  --record FILE    record the incoming DMX of the mapped universes to FILE\n"
           "  --replay FILE    play a recording into DMX In instead of the network (once)\n"
           "  --loop           with --replay FILE: play it in a loop\n"
           "  --version        print \"DMX In <version>\" and quit\n"
           "  --help, -h       print this help and quit\n";
}

} // namespace dmxin
