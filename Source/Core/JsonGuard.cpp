#include "JsonGuard.h"

#include <algorithm>
#include <functional>
#include <set>

namespace dmxin {

namespace {

using nlohmann::json;

// The deepest nesting of objects/arrays in `text` (outside strings), stopping once it exceeds
// `limit`. Runs before the parser so that a hostile "[[[[..." never reaches it.
int nestingDepth(std::string_view text, int limit) noexcept {
    int depth = 0, deepest = 0;
    bool inString = false, escaped = false;
    for (const char c : text) {
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            deepest = std::max(deepest, ++depth);
            if (deepest > limit)
                break;
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return deepest;
}

// Parser callback that refuses duplicate keys. nlohmann's DOM parser keeps the last of two equal
// keys in one object, so {"channel": 1, "channel": 600} would load as 600 with no word; we name
// the first duplicate with its path instead. Tracks one frame per open object/array (bounded by
// kMaxStateDepth, checked before parsing).
class DuplicateKeyFinder {
public:
    bool operator()(int /*depth*/, json::parse_event_t event, json& parsed) {
        switch (event) {
        case json::parse_event_t::object_start: frames_.push_back({false, 0, {}, {}}); break;
        case json::parse_event_t::array_start: frames_.push_back({true, 0, {}, {}}); break;
        case json::parse_event_t::key:
            if (!frames_.empty()) {
                Frame& f = frames_.back();
                f.key = parsed.get<std::string>();
                if (!f.keys.insert(f.key).second && duplicate_.empty())
                    duplicate_ = path();
            }
            break;
        case json::parse_event_t::object_end:
        case json::parse_event_t::array_end:
            if (!frames_.empty())
                frames_.pop_back();
            valueDone();
            break;
        case json::parse_event_t::value: valueDone(); break;
        }
        return true;
    }
    // The path of the first duplicate key ("network.artnetPort", "mappings[2].channel"), or empty.
    const std::string& duplicate() const noexcept { return duplicate_; }

private:
    struct Frame {
        bool array;
        std::size_t index;
        std::string key;
        std::set<std::string> keys;
    };
    void valueDone() {
        if (!frames_.empty() && frames_.back().array)
            ++frames_.back().index;
    }
    std::string path() const {
        std::string p;
        for (const Frame& f : frames_) {
            if (f.array)
                p += "[" + std::to_string(f.index) + "]";
            else
                p += (p.empty() ? "" : ".") + f.key;
        }
        return p;
    }
    std::vector<Frame> frames_;
    std::string duplicate_;
};

std::string parseErrorText(const json::parse_error& e) {
    // what() is "[json.exception.parse_error.101] parse error at line 1, column 2: <reason>"; keep the reason.
    std::string text = e.what();
    const auto bracket = text.find("] ");
    if (bracket != std::string::npos)
        text.erase(0, bracket + 2);
    const auto colon = text.find(": ");
    if (colon != std::string::npos)
        text.erase(0, colon + 2);
    return "parse error at byte " + std::to_string(e.byte) + ": " + text;
}
} // namespace

std::optional<nlohmann::json> parseUntrusted(std::string_view text, std::size_t maxBytes, int maxDepth,
                                             std::string& error) {
    // Bounds first, so hostile input costs no parsing (and no memory) at all.
    if (text.size() > maxBytes) {
        error = std::to_string(text.size()) + " bytes is larger than the " + std::to_string(maxBytes / (1024 * 1024))
                + " MiB limit";
        return std::nullopt;
    }
    if (nestingDepth(text, maxDepth) > maxDepth) {
        error = "nested deeper than " + std::to_string(maxDepth) + " levels";
        return std::nullopt;
    }
    json root;
    DuplicateKeyFinder duplicates;
    try {
        root = json::parse(text.begin(), text.end(), std::ref(duplicates));
    } catch (const json::parse_error& e) {
        error = parseErrorText(e);
        return std::nullopt;
    } catch (const json::exception& e) {
        // A number beyond a double ("1e309") is out_of_range 406, not a parse_error (found by fuzzing).
        const std::string what = e.what();   // "[json.exception.out_of_range.406] number overflow ..."
        const auto bracket = what.find("] ");
        error = bracket == std::string::npos ? what : what.substr(bracket + 2);
        return std::nullopt;
    }
    if (!duplicates.duplicate().empty()) {
        error = "duplicate key \"" + duplicates.duplicate() + "\"";
        return std::nullopt;
    }
    return root;
}

} // namespace dmxin
