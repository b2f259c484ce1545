#pragma once
// The rules a state must satisfy, on the model types alone (no JSON): ranges, fields that depend on
// each other, one mapping per parameter slot, the instance's limits, and the network settings.
// The loader (StateJson) applies them after reading, MappingTable::build before compiling (so every
// mapping edit) and the editor before rebinding the network, so a value is refused with the same
// message however it arrives.
// Errors name the field and the reason, e.g. "mappings[3].channel: 600 is outside 1..512".
// Any non-audio thread: these functions allocate.

#include "PluginState.h"

#include <string>
#include <vector>

namespace dmxin {

// One bit per field of a mapping, for the loader to say which fields failed to read from JSON.
// The rules skip those, so one bad field yields one message instead of a second, misleading one
// about the default it kept.
namespace fieldBit {
enum : unsigned {
    kName = 1u << 0,
    kEnabled = 1u << 1,
    kUniverse = 1u << 2,   // protocol and universe, read as one UniverseId
    kChannel = 1u << 3,
    kSixteenBit = 1u << 4,
    kFineChannel = 1u << 5,
    kInMin = 1u << 6,
    kInMax = 1u << 7,
    kOutMin = 1u << 8,
    kOutMax = 1u << 9,
    kInvert = 1u << 10,
    kCurve = 1u << 11,
    kCurveAmount = 1u << 12,
    kTarget = 1u << 13,
    kLoss = 1u << 14,
    kLossValue = 1u << 15,
    kLossFade = 1u << 16,
    kMidi = 1u << 17,
    kHostAutomation = 1u << 18,
    kSmoothing = 1u << 19,
    kDeadband = 1u << 20,
    kSteps = 1u << 21,
    kMode = 1u << 22,
    kThreshold = 1u << 23,
    kHysteresis = 1u << 24,
    kAllFields = (1u << 25) - 1,
};
} // namespace fieldBit

// Validates a mapping list on its own (MappingTable::build, so every edit the editor applies).
// Errors name the field ("mappings[2].target: ...") and, for two mappings onto one slot, both mappings.
std::vector<std::string> validateMappings(const std::vector<Mapping>& mappings);

// The same rules for the loader: skip[i] holds the fieldBit mask of mapping i's fields that failed
// to read (a shorter `skip` skips nothing for the rest). Appends to `errors`.
void checkMappings(const std::vector<Mapping>& mappings, const std::vector<unsigned>& skip,
                   std::vector<std::string>& errors);

// The network settings that have a rule, in the order the state file lists them.
enum class NetworkField { BindAddress, ArtnetPort, SacnPort, SacnInterface, ArtnetLossMs, LtpUniverses, Allowlist };

// Appends the errors of one field ("network.artnetPort: 70000 is outside 0..65535"). The loader
// checks each field right after reading it, so its messages keep the order of the file.
// Ports 0..65535: 0 (an ephemeral port) is allowed for tests; the editor refuses it on top.
void checkNetworkField(const NetworkSettings& network, NetworkField field, std::vector<std::string>& errors);

// Every network rule, in NetworkField order; empty when the settings are valid.
std::vector<std::string> validateNetwork(const NetworkSettings& network);

} // namespace dmxin
