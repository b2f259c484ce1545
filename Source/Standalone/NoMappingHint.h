#pragma once
// What the standalone says when nothing is mapped. A newcomer who runs `DMXIn --headless` without a
// preset would otherwise see status lines and never a value, with no hint why.
// Message thread (reads the file system, allocates).

#include "Core/Mapping.h"

#include <string>
#include <vector>

namespace dmxin {

// The folder of the factory presets as files: the installed copy beside the app (any prefix), else
// the source tree's Resources/presets for an app run from its build tree, else the package's path.
std::string factoryPresetsFolder();

// One line for a headless run with no enabled mapping ("" when one is enabled): how to load a
// preset (--preset FILE, naming `presetsFolder`) or learn a mapping in the editor.
std::string noMappingHint(const std::vector<Mapping>& mappings, const std::string& presetsFolder);

} // namespace dmxin
