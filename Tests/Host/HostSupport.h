#pragma once
// What the test hosts share: the message-loop pump, and the plugin's JSON wrapped the way JUCE's
// VST3 and LV2 hosts carry a plugin's state. Test threads only; the JUCE message thread for pump().
// (Counts of threads, fds and sockets are Linux's /proc: ProcCounts.h.)

#include <juce_audio_processors/juce_audio_processors.h>
#include <juce_events/juce_events.h>

#include <cstring>
#include <optional>
#include <string>
#include <utility>

namespace dmxin::testing {

inline void pump(int ms) { juce::MessageManager::getInstance()->runDispatchLoopUntil(ms); }

// Pumps the message loop until pred() holds (bounded).
template <typename Pred>
bool pumpUntil(Pred pred, int timeoutMs = 5000) {
    const auto end = juce::Time::getMillisecondCounter() + static_cast<juce::uint32>(timeoutMs);
    while (!pred() && juce::Time::getMillisecondCounter() < end)
        pump(10);
    return pred();
}

// JUCE's VST3 host keeps its state as <VST3PluginState> XML with the IComponent stream in base64;
// that stream is the plugin's JSON, followed by JUCE's private data after a NUL.
inline juce::MemoryBlock vst3HostState(const std::string& pluginJson) {
    juce::XmlElement state("VST3PluginState");
    const juce::MemoryBlock component(pluginJson.data(), pluginJson.size());
    state.createNewChildElement("IComponent")->addTextElement(component.toBase64Encoding());
    juce::MemoryBlock out;
    juce::AudioProcessor::copyXmlToBinary(state, out);
    return out;
}

// The plugin's own state (JSON) from JUCE's VST3 host state. JUCE's VST3 wrapper appends its private
// data after the plugin's bytes (8 zero bytes, a ValueTree, its size, "JUCEPrivateData"): cut at the
// NUL. Nothing when the blob is not such XML.
inline std::optional<std::string> vst3PluginJson(const juce::MemoryBlock& hostState) {
    const auto xml = juce::AudioProcessor::getXmlFromBinary(hostState.getData(), static_cast<int>(hostState.getSize()));
    const auto* component = xml != nullptr ? xml->getChildByName("IComponent") : nullptr;
    juce::MemoryBlock bytes;
    if (component == nullptr || !bytes.fromBase64Encoding(component->getAllSubText()))
        return std::nullopt;
    const std::string raw(static_cast<const char*>(bytes.getData()), bytes.getSize());
    return raw.substr(0, raw.find('\0'));
}

// JUCE's LV2 host keeps its state as a lilv state in Turtle. JUCE's LV2 client stores the plugin's
// state there as one string property, <URI#StateString>, holding JUCE's base64 of the plugin's JSON.
// Returns the [begin, end) of that literal's content, or nothing when the Turtle has none.
inline std::optional<std::pair<std::size_t, std::size_t>> lv2StateLiteral(const std::string& turtle) {
    const auto key = turtle.find("StateString>");
    if (key == std::string::npos)
        return std::nullopt;
    const auto open = turtle.find('"', key);
    if (open == std::string::npos)
        return std::nullopt;
    const auto close = turtle.find('"', open + 1);
    if (close == std::string::npos)
        return std::nullopt;
    return std::pair{open + 1, close};
}

// Gives a hosted DMX In this JSON as its state, wrapped the way its format carries it (LV2: the
// host's current state with the plugin's string replaced). False when the LV2 state has no string.
inline bool setPluginJson(juce::AudioPluginInstance& plugin, bool isVst3, const std::string& json) {
    if (isVst3) {
        const auto blob = vst3HostState(json);
        plugin.setStateInformation(blob.getData(), static_cast<int>(blob.getSize()));
        return true;
    }
    juce::MemoryBlock current;
    plugin.getStateInformation(current);
    std::string turtle(static_cast<const char*>(current.getData()), current.getSize());
    const auto literal = lv2StateLiteral(turtle);
    if (!literal)
        return false;
    const juce::MemoryBlock bytes(json.data(), json.size());
    turtle.replace(literal->first, literal->second - literal->first, bytes.toBase64Encoding().toStdString());
    plugin.setStateInformation(turtle.data(), static_cast<int>(turtle.size()));
    return true;
}

} // namespace dmxin::testing
