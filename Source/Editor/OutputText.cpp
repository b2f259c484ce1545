// OutputText (see OutputText.h). Message thread only.

#include "OutputText.h"

#include "Core/Ipv4.h"
#include "Core/OutputFrame.h"
#include "Core/OutputTargets.h"

#include <algorithm>

namespace dmxin {

namespace {
juce::String n(std::uint64_t v) { return juce::String(static_cast<juce::int64>(v)); }

const net::OutputSender::UniverseCounts* countsOf(const OutputStatus& status, UniverseId universe) {
    for (const auto& u : status.own.universes)
        if (u.universe == universe)
            return &u;
    return nullptr;
}
} // namespace

juce::String describeDestination(const OutputUniverse& u) {
    juce::StringArray targets;
    for (const auto& t : resolveTargets(u))
        targets.add(juce::String(formatIpv4(t.ip)) + ":" + juce::String(t.port));
    juce::String text = juce::String(toString(u.destination)) + " -> "
                        + (targets.isEmpty() ? juce::String("(no address)") : targets.joinIntoString(", "));
    if (u.destination == OutputDestination::Broadcast)
        text << " (from " << u.interfaceAddress << "/" << u.prefixLength << ")";
    else if (u.destination == OutputDestination::Multicast && u.interfaceAddress != "0.0.0.0")
        text << " (via " << u.interfaceAddress << ")";
    return text;
}

juce::String describeOutputUniverse(const OutputUniverse& u, const OutputStatus& status) {
    juce::String text = juce::String(u.enabled ? "on   " : "off  ") + juce::String(u.universe.describe());
    if (!u.name.empty())
        text << " \"" << juce::String(u.name) << "\"";
    text << "   " << u.rateHz << " Hz   " << static_cast<int>(u.channels.size()) << " ch";
    if (const auto* c = countsOf(status, u.universe); c != nullptr && u.enabled && status.sending)
        text << "   sent " << n(c->packetsSent) << ", errors " << n(c->sendErrors);
    // Last: the longest part, cut first when the row is narrow (the row's tooltip shows it whole).
    return text << "   " << describeDestination(u);
}

juce::String describeOutputState(const OutputSettings& s, const OutputStatus& status) {
    if (s.universes.empty())
        return "Nothing is sent until you add an output: press Add universe, then set its destination and "
               "give it channels.";
    const auto count = static_cast<int>(s.universes.size());
    const juce::String kept = juce::String(count) + (count == 1 ? " output universe is" : " output universes are");
    if (!status.allowed)
        return "Sending is off for this run (--output-off): " + kept + " kept and saved, nothing is sent.";
    if (!s.enabled)
        return "Output is switched off: " + kept + " kept, nothing is sent.";
    if (status.universes == 0)
        return "Every output universe is disabled: nothing is sent.";
    if (!status.error.empty())
        return "The output socket could not be opened: " + juce::String(status.error);
    juce::String text = "Sending " + juce::String(static_cast<int>(status.universes))
                        + (status.universes == 1 ? " universe" : " universes") + " as \"" + juce::String(s.sourceName)
                        + "\": " + n(status.own.packetsSent) + " packets sent, " + n(status.own.sendErrors)
                        + " send errors";
    if (!status.own.lastError.empty())
        text << " (last: " << juce::String(status.own.lastError) << ")";
    return text + ".";
}

juce::String describeOutputChannel(const OutputChannel& c, const juce::String& slotLabel, float slotValue) {
    juce::String text = "DMX " + juce::String(c.channel);
    if (c.sixteenBit)
        text << "+" << c.effectiveFineChannel() << " 16-bit";
    else
        text << " 8-bit";
    text << "  <- slot " << c.slot;
    if (slotLabel.isNotEmpty())
        text << " \"" << slotLabel << "\"";
    text << "  " << c.dmxMin << ".." << c.effectiveDmxMax();
    if (c.invert)
        text << " inverted";
    text << "  |  " << juce::String(std::clamp(slotValue, 0.0f, 1.0f), 3) << " -> " << outputRawValue(c, slotValue);
    return text;
}

} // namespace dmxin
