#pragma once
// Exact comparison of floating-point values, for the places that mean it. The project builds with
// -Wfloat-equal, which flags every == and != on floats because most of them want a tolerance; those
// compare with one. Exact comparison is meant where a value is checked for any change at all (the
// mapping engine's change detection, the editor's "repaint only what moved": a tolerance there would
// swallow a real, if tiny, move), where a value is copied and must come back bit for bit (state
// round trips), and where a result is specified to be exact (a mapping's ends are exactly outMin and
// outMax). Those call exactlyEqual, so each of them says so.
//
// Threads: any thread, the audio thread included (no allocation, no locks).

#include <functional>
#include <type_traits>

namespace dmxin {

// a == b, with the meaning of == kept: NaN equals nothing, and +0 equals -0. std::equal_to does the
// comparison inside the standard library, where -Wfloat-equal is not reported.
template <typename T>
constexpr bool exactlyEqual(T a, T b) noexcept {
    static_assert(std::is_floating_point_v<T>, "exactlyEqual is for floating-point values; use == for the rest");
    return std::equal_to<T>{}(a, b);
}

} // namespace dmxin
