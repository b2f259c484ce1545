#pragma once
// Writes a fixture-profile export to a file: the one entry point the editor's Export button and
// the standalone's --export-* options share. Message thread (file I/O, allocates).

#include "FixtureLayout.h"

#include <optional>
#include <string>
#include <string_view>

namespace dmxin {

enum class ProfileFormat { Qxf, Gdtf, Csv };

const char* extensionOf(ProfileFormat format) noexcept;      // "qxf", "gdtf", "csv"
std::optional<ProfileFormat> profileFormatFromExtension(std::string_view extension) noexcept;   // with or without '.'

// The model name a file name suggests: "Synth rack.qxf" -> "Synth rack".
std::string modelFromFileName(const std::string& path);

// Writes the export; false with "export: cannot write PATH: reason" on failure.
bool writeProfile(const std::string& path, ProfileFormat format, const ProfileInput& input, std::string& error);

} // namespace dmxin
