// Mapping editor helpers (see MappingEdits.h). Message thread only.

#include "MappingEdits.h"

#include "Core/ExactlyEqual.h"
#include "Plugin/ParameterBank.h"

#include <set>

namespace dmxin {

bool sameMapping(const Mapping& a, const Mapping& b) noexcept {
    // Exact on the floats too: this tells whether an edit changed anything at all.
    return a.name == b.name && a.enabled == b.enabled && a.universe == b.universe && a.channel == b.channel
           && a.sixteenBit == b.sixteenBit && a.fineChannel == b.fineChannel && a.inMin == b.inMin
           && a.inMax == b.inMax && exactlyEqual(a.outMin, b.outMin) && exactlyEqual(a.outMax, b.outMax)
           && a.invert == b.invert && a.curve == b.curve && exactlyEqual(a.curveAmount, b.curveAmount)
           && a.targetSlot == b.targetSlot && a.onLoss == b.onLoss && exactlyEqual(a.lossValue, b.lossValue)
           && a.lossFadeMs == b.lossFadeMs && a.smoothingMs == b.smoothingMs && a.deadband == b.deadband
           && a.steps == b.steps && a.mode == b.mode && exactlyEqual(a.threshold, b.threshold)
           && exactlyEqual(a.hysteresis, b.hysteresis) && a.midi == b.midi && a.hostAutomation == b.hostAutomation;
}

bool sameMappings(const std::vector<Mapping>& a, const std::vector<Mapping>& b) noexcept {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!sameMapping(a[i], b[i]))
            return false;
    return true;
}

std::optional<Mapping> makeNextMapping(const std::vector<Mapping>& existing, std::string& error) {
    std::set<int> used;
    for (const auto& m : existing)
        used.insert(m.targetSlot);
    int slot = 1;
    while (slot <= kNumParameterSlots && used.count(slot) > 0)
        ++slot;
    if (slot > kNumParameterSlots) {
        error = "every one of the " + std::to_string(kNumParameterSlots)
                + " parameter slots already has a mapping; delete one first";
        return std::nullopt;
    }
    Mapping m;
    m.targetSlot = slot;
    if (!existing.empty()) {
        const auto& last = existing.back();
        m.universe = last.universe;
        m.channel = (last.sixteenBit ? std::max(last.channel, last.effectiveFineChannel()) : last.channel) + 1;
        if (m.channel > 512) {
            m.channel = 1;
            if (auto next = UniverseId::fromKey(last.universe.key() + 1); next && next->protocol() == last.universe.protocol())
                m.universe = *next;
        }
    }
    m.name = "Channel " + std::to_string(m.channel);
    return m;
}

juce::String describeSlot(int slotNumber, const juce::String& label) {
    auto text = ParameterBank::slotId(slotNumber);
    if (label.isNotEmpty())
        text << " " << label;
    return text;
}

juce::String describeChannels(const Mapping& m) {
    if (!m.sixteenBit)
        return juce::String(m.channel);
    return juce::String(m.channel) + "+" + juce::String(m.effectiveFineChannel());
}

juce::String formatUnit(float value) {
    auto text = juce::String(value, 3);
    while (text.contains(".") && text.endsWithChar('0') && !text.endsWith(".0"))
        text = text.dropLastCharacters(1);
    return text;
}

juce::String describeProtocol(DmxProtocol protocol) {
    return protocol == DmxProtocol::Sacn ? "sACN" : "Art-Net";
}

juce::String describeUniverseNumber(UniverseId universe) {
    if (universe.isSacn())
        return juce::String(universe.number());
    return juce::String(universe.portAddress().describe());
}

juce::String describeRange(const Mapping& m) {
    juce::String text;
    if (m.inMin != 0 || m.effectiveInMax() != m.rawMax())
        text << m.inMin << ".." << m.effectiveInMax() << juce::String(juce::CharPointer_UTF8(" \xe2\x86\x92 "));
    text << formatUnit(m.outMin) << ".." << formatUnit(m.outMax);
    if (m.invert)
        text << " inv";
    return text;
}

juce::String describeCurve(const Mapping& m) {
    juce::String text;
    if (m.mode == OutputMode::Switch) {
        text = "switch " + formatUnit(m.threshold);
    } else {
        switch (m.curve) {
        case Curve::Linear: text = "linear"; break;
        case Curve::Exponential: text = "exp " + formatUnit(m.curveAmount); break;
        case Curve::Logarithmic: text = "log " + formatUnit(m.curveAmount); break;
        case Curve::SCurve: text = "S " + formatUnit(m.curveAmount); break;
        }
        if (m.steps >= 2)
            text << " /" << m.steps;
    }
    if (m.smoothingMs > 0)
        text << " ~" << m.smoothingMs << "ms";
    return text;
}

std::optional<UniverseId> parseUniverseText(const juce::String& typed, DmxProtocol defaultProtocol) {
    // "Art-Net 0:0:1 (#2)", "0:0:1 (#2)", "2", "sACN 5": the prefix picks the protocol and the
    // "(#n)" part is dropped.
    auto text = typed.upToFirstOccurrenceOf("(", false, false).trim();
    DmxProtocol protocol = defaultProtocol;
    if (text.startsWithIgnoreCase("sACN")) {
        protocol = DmxProtocol::Sacn;
        text = text.substring(4).trim();
    } else if (text.startsWithIgnoreCase("Art-Net")) {
        protocol = DmxProtocol::ArtNet;
        text = text.substring(7).trim();
    }
    return UniverseId::parse(protocol, text.toStdString());
}

std::optional<int> parseWholeNumber(const juce::String& text) {
    const auto t = text.trim();
    const auto digits = t.startsWithChar('-') ? t.substring(1) : t;
    if (digits.isEmpty() || digits.length() > 9 || !digits.containsOnly("0123456789"))
        return std::nullopt;
    return t.getIntValue();
}

std::optional<float> parseDecimal(const juce::String& text) {
    const auto t = text.trim();
    const auto body = t.startsWithChar('-') ? t.substring(1) : t;
    if (body.isEmpty() || !body.containsOnly("0123456789.") || body.indexOfChar('.') != body.lastIndexOfChar('.')
        || body == ".")
        return std::nullopt;
    return t.getFloatValue();
}

} // namespace dmxin
