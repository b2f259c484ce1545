#pragma once
// The model of one instance's saved state: its mappings, network settings, labels, parameter
// values and outputs (OutputSettings.h). Plain data with no JSON: StateJson reads and writes it, StateRules says what is valid.
// Built and copied on the message thread (or any non-audio thread): these types allocate.

#include "Mapping.h"
#include "OutputSettings.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace dmxin {

// The network side of one instance. Instances with the same bind address and ports share one
// receiver; per-instance choices (universes, allowlist, numbering) apply to what that instance gets.
struct NetworkSettings {
    std::string bindAddress = "0.0.0.0";   // IPv4 dotted quad of the local interface, or 0.0.0.0
    int artnetPort = 6454;                 // 1..65535; 0 is allowed only in tests (ephemeral)
    int sacnPort = 5568;                   // sACN (E1.31) port, opened once a mapping uses sACN; 0 only in tests
    std::string sacnInterface = "0.0.0.0"; // interface address for multicast joins; 0.0.0.0 = the kernel's choice
    bool sacnOneIsArtnetZero = false;      // deliver sACN universe N as Art-Net Port-Address N-1
    bool answerPolls = true;               // reply to ArtPoll (unicast to the poller) so consoles find this node
    bool shareAcrossProcesses = true;      // one receiver per machine shared by every DMX In process (Net/LocalShare.h)
    int artnetLossMs = 6000;               // Art-Net universe counts as lost after this long without data
    std::vector<std::string> ltpUniverses; // Art-Net universes ("N:S:U") merged LTP instead of HTP
    std::string allowlist;                 // "10.0.0.0/8, 192.168.1.20"; empty accepts every sender
    bool operator==(const NetworkSettings&) const = default;

    // Defaults with another address and ports (tests pass "127.0.0.1", 0, 0: ephemeral ports).
    static NetworkSettings at(std::string address, int artnet, int sacn = 5568) {
        NetworkSettings n;
        n.bindAddress = std::move(address);
        n.artnetPort = artnet;
        n.sacnPort = sacn;
        return n;
    }
};

struct PluginState {
    std::vector<Mapping> mappings;
    NetworkSettings network;
    std::map<int, std::string> labels;          // parameter slot (1-based) -> user label
    std::map<int, float> parameterValues;       // parameter slot (1-based) -> normalised value
    bool dmxEnabled = true;
    bool sendToHost = true;                     // record-arm: DMX moves reach the host as edits with gestures
    int gestureIdleMs = 250;                    // a gesture ends this long after the last DMX move (50..5000)
    OutputSettings output;                      // host -> rig (schema 3); no universes = nothing is sent
};

} // namespace dmxin
