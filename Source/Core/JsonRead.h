#pragma once
// Reading typed fields out of a parsed state document, shared by the state loader (StateJson) and
// the output section's reader (OutputJson) so a field of either says "expected an integer" or
// "\"x\" is not one of artnet, sacn" in the same words. Each reader appends "path: reason" to the
// caller's errors and says whether the key was absent, read, or present but unreadable.
// Any non-audio thread: allocates.

#include "StateWording.h"
#include "UniverseId.h"

#include <nlohmann/json.hpp>

#include <string>

namespace dmxin::jsonread {

enum class Read { Absent, Ok, Bad };

Read readInt(const nlohmann::json& obj, const char* key, const std::string& path, wording::Errors& errors, int& out);
Read readFloat(const nlohmann::json& obj, const char* key, const std::string& path, wording::Errors& errors, float& out);
Read readBool(const nlohmann::json& obj, const char* key, const std::string& path, wording::Errors& errors, bool& out);
Read readString(const nlohmann::json& obj, const char* key, const std::string& path, wording::Errors& errors,
                std::string& out);

// The "protocol" and "universe" keys of the object at path `p` into one UniverseId; false when either
// could not be read (an absent "universe" is "missing"; an absent "protocol" means Art-Net).
bool readUniverse(const nlohmann::json& el, const std::string& p, wording::Errors& errors, UniverseId& universe);

// Writes the two keys readUniverse reads: Art-Net as "N:S:U" text, sACN as a number.
void writeUniverse(nlohmann::ordered_json& j, UniverseId universe);

// A float widened to double would serialise as 0.10000000149011612; going through the float's
// shortest decimal gives "0.1", which still reads back to the identical float.
double cleanDouble(float value);

} // namespace dmxin::jsonread
