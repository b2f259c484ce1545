#pragma once
// The rules the output section of a state must satisfy (OutputSettings.h), on the model alone: ranges,
// destinations that suit the protocol, one writer per DMX channel, one output per universe, and no
// loop: a mapping may not take as input a universe the same instance sends. The loader (StateJson)
// applies them after reading; the editor applies validateOutputs before it sends anything, so a value
// is refused with the same message however it arrives.
// Errors name the field and the reason, e.g. "output.universes[1].rateHz: 100 is outside 1..44".
// Any non-audio thread: these functions allocate.

#include "Mapping.h"
#include "OutputSettings.h"

#include <string>
#include <vector>

namespace dmxin {

// "output.universes[3]", the path errors use for an output universe.
std::string outputPath(std::size_t index);

// Appends the errors of the output settings. skip[i] true: output universe i had a field that failed
// to read (already reported), so its rules are skipped rather than judging a default it kept; a
// shorter `skip` skips nothing for the rest.
void checkOutputs(const OutputSettings& output, const std::vector<bool>& skip, std::vector<std::string>& errors);

// Appends one error per enabled mapping whose input universe an enabled output universe of the same
// instance sends, naming both: "mappings[0].universe: \"Fader\": Art-Net 0:0:1 (#2) is sent by this
// instance's output.universes[1] (\"Stage\"); an instance cannot take its own output as input". With
// sacnOneIsArtnetZero an sACN output N also reaches an Art-Net mapping on Port-Address N-1.
// mappingSkip / outputSkip: entries whose universe failed to read (fieldBit::kUniverse, or true).
void checkOutputLoops(const std::vector<Mapping>& mappings, const std::vector<unsigned>& mappingSkip,
                      const OutputSettings& output, const std::vector<bool>& outputSkip, bool sacnOneIsArtnetZero,
                      std::vector<std::string>& errors);

// Both of the above for a state built in memory (the editor's path); empty when valid.
std::vector<std::string> validateOutputs(const OutputSettings& output, const std::vector<Mapping>& mappings,
                                         bool sacnOneIsArtnetZero);

} // namespace dmxin
