#pragma once
// The words the Outputs tab shows for output settings and counts, apart from the components so
// the tab and its tests read the same sentences. Universes are named as everywhere else in the
// editor (UniverseId::describe: "Art-Net 0:0:1 (#2)", both notations). Message thread only
// (juce::String).

#include "Core/OutputSettings.h"
#include "Net/OutputSender.h"
#include "Plugin/OutputConnection.h"

#include <juce_core/juce_core.h>

namespace dmxin {

// "unicast -> 127.0.0.1:6454, 10.0.0.9:6454", "broadcast -> 10.0.0.255:6454 (from 10.0.0.2/24)",
// "multicast -> 239.255.0.5:5568": where the packets really go (resolved as the sender does).
juce::String describeDestination(const OutputUniverse& universe);

// One row of the universe list: on/off, universe, rate, channel count, this universe's packets and
// send errors (when the counts know it), and the destination.
juce::String describeOutputUniverse(const OutputUniverse& universe, const OutputStatus& status);

// The sentence above the lists: nothing configured (the empty state), sending off for this run,
// switched off, socket error, or what is sent with the instance's counts and its last send error.
juce::String describeOutputState(const OutputSettings& settings, const OutputStatus& status);

// "DMX 1+2 16-bit <- slot 3 "Pan" 0..65535 inverted | 0.500 -> 32768": one output channel with
// its slot's label and the live value the sender renders from it.
juce::String describeOutputChannel(const OutputChannel& channel, const juce::String& slotLabel, float slotValue);

} // namespace dmxin
