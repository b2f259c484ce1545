#include "NoMappingHint.h"

#include <juce_core/juce_core.h>

#include <algorithm>

namespace dmxin {

// Both set by cmake/Install.cmake: the presets' install folder relative to the app's, and the
// source tree's copy (what a developer running Builds/out's app has).
std::string factoryPresetsFolder() {
    const auto appDir = juce::File::getSpecialLocation(juce::File::currentExecutableFile).getParentDirectory();
    for (const auto& dir : {appDir.getChildFile(DMXIN_PRESETS_FROM_APP), juce::File(DMXIN_SOURCE_PRESETS_DIR)})
        if (dir.getChildFile("default.json").existsAsFile())
            return dir.getFullPathName().toStdString();
    return "/usr/share/doc/dmx-in/presets";   // where the .deb puts them (manual, "Where things are")
}

std::string noMappingHint(const std::vector<Mapping>& mappings, const std::string& presetsFolder) {
    if (std::any_of(mappings.begin(), mappings.end(), [](const Mapping& m) { return m.enabled; }))
        return {};
    const std::string what = mappings.empty()
                                 ? "no mappings"
                                 : "no enabled mapping (" + std::to_string(mappings.size()) + " disabled)";
    return what + ": no DMX channel drives anything, so no values will be printed. Load a preset with --preset FILE"
           " (factory presets: " + presetsFolder + "/default.json and others there), or run DMXIn with a"
           " display and learn a mapping in the editor (Mappings tab, Learn new).";
}

} // namespace dmxin
