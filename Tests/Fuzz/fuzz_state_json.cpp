// libFuzzer harness: dmxin::parseState on arbitrary text.
// parseState must never throw or crash, must return either a state or errors (never both, never
// neither), and a state it accepts must survive serializeState -> parseState with an identical
// second serialisation (StateJson.h: "the output parses back to an equal state"). Abort otherwise.

#include "Core/StateJson.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

[[noreturn]] void fail(const char* what, const std::string& detail) {
    std::fprintf(stderr, "fuzz_state_json: %s\n%s\n", what, detail.c_str());
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace dmxin;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const StateLoadResult first = parseState(text);

    if (!first.state) {
        if (first.errors.empty())
            fail("rejected without an error message", std::string(text));
        return 0;
    }
    if (!first.errors.empty())
        fail("accepted with errors", first.errors.front());

    const std::string once = serializeState(*first.state);
    const StateLoadResult second = parseState(once);
    if (!second.state)
        fail("serializeState output does not parse back", once + "\n" + second.errors.front());
    const std::string twice = serializeState(*second.state);
    if (twice != once)
        fail("serialisation is not stable", once + "\n----\n" + twice);
    return 0;
}
