#pragma once
// Parsing JSON text that may be hostile (a state from a host, a preset from anywhere): size and
// nesting are bounded before the parser runs, a key that appears twice in one object is refused
// rather than letting the last one silently win, and nothing throws.
// Any non-audio thread: allocates.

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace dmxin {

// The parsed document, or nullopt with `error` set to the reason: "N bytes is larger than the
// 16 MiB limit", "nested deeper than 32 levels", "parse error at byte 7: ...", "number overflow
// ...", or "duplicate key \"mappings[0].channel\"".
std::optional<nlohmann::json> parseUntrusted(std::string_view text, std::size_t maxBytes, int maxDepth,
                                             std::string& error);

} // namespace dmxin
