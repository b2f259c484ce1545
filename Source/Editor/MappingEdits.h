#pragma once
// Small pure helpers behind the mapping editor: comparing mapping lists (to notice changes made
// elsewhere, e.g. a host restoring state), making the next mapping for "Add", and the text shown
// for a mapping's fields. Message thread only (they allocate).

#include "Core/Mapping.h"

#include <juce_core/juce_core.h>

#include <optional>
#include <string>
#include <vector>

namespace dmxin {

bool sameMapping(const Mapping& a, const Mapping& b) noexcept;
bool sameMappings(const std::vector<Mapping>& a, const std::vector<Mapping>& b) noexcept;

// A new mapping on the first free target slot and the channel after the last mapping's
// (the next universe after channel 512). nullopt with `error` set when every slot is taken.
std::optional<Mapping> makeNextMapping(const std::vector<Mapping>& existing, std::string& error);

// "control005" or "control005 Filter cutoff".
juce::String describeSlot(int slotNumber, const juce::String& label);
// "12" or "12+13" for a 16-bit pair.
juce::String describeChannels(const Mapping& m);
// Normalised values as the editor shows them: "0.25".
juce::String formatUnit(float value);

// "Art-Net" / "sACN".
juce::String describeProtocol(DmxProtocol protocol);
// The universe without the protocol: "0:0:1 (#2)" (Art-Net, both notations) or "5" (sACN).
juce::String describeUniverseNumber(UniverseId universe);
// "0..1", "10..200 -> 0.2..0.8 inv".
juce::String describeRange(const Mapping& m);
// "linear", "exp 0.6", "log 0.5", "S 0.7" (short: a table column), "linear /5" with 5 steps,
// "switch 0.5" for a switch at threshold 0.5, " ~150ms" appended with smoothing.
juce::String describeCurve(const Mapping& m);
// What a user types for a universe: "0:0:1", "2", "sACN 5", "Art-Net 0:0:1 (#2)". Without a
// prefix the universe belongs to defaultProtocol.
std::optional<UniverseId> parseUniverseText(const juce::String& text, DmxProtocol defaultProtocol);

// Parses a whole number typed by the user; nullopt on anything else (range checks are the
// processor's: its errors name the field).
std::optional<int> parseWholeNumber(const juce::String& text);
std::optional<float> parseDecimal(const juce::String& text);

} // namespace dmxin
