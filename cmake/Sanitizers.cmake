# Sanitizer builds, applied to every target (ours, JUCE's, Catch2's main) so that no object in a
# sanitized executable is left uninstrumented. Included from the top CMakeLists.txt before any
# target exists, because add_compile_options only reaches targets created after it.
#   DMXIN_SANITIZE=address  ASan + UBSan; any UB report aborts the test (no silent "recover")
#   DMXIN_SANITIZE=thread   TSan
#   DMXIN_BUILD_FUZZERS=ON  with clang: adds libFuzzer coverage instrumentation on top of
#                           DMXIN_SANITIZE=address (implied when DMXIN_SANITIZE is empty) and builds
#                           Tests/Fuzz. With another compiler it only warns: libFuzzer is clang's.
# Presets: asan, tsan, fuzz (CMakePresets.json).

set(DMXIN_SANITIZE "" CACHE STRING "Sanitizer build: empty, address (ASan+UBSan) or thread (TSan)")
set_property(CACHE DMXIN_SANITIZE PROPERTY STRINGS "" address thread)
option(DMXIN_BUILD_FUZZERS "Build the libFuzzer harnesses in Tests/Fuzz (clang only)" OFF)

set(_dmxin_sanitize "${DMXIN_SANITIZE}")
set(DMXIN_FUZZERS_ENABLED OFF)
if(DMXIN_BUILD_FUZZERS AND NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(WARNING "DMXIN_BUILD_FUZZERS needs clang (libFuzzer), not ${CMAKE_CXX_COMPILER_ID}: "
                    "the fuzzers are not built. Use the 'fuzz' preset (clang-14).")
elseif(DMXIN_BUILD_FUZZERS)
    set(DMXIN_FUZZERS_ENABLED ON)
    if(_dmxin_sanitize STREQUAL "")
        set(_dmxin_sanitize address)
    elseif(NOT _dmxin_sanitize STREQUAL "address")
        message(FATAL_ERROR "DMXIN_BUILD_FUZZERS runs under ASan+UBSan; DMXIN_SANITIZE=${DMXIN_SANITIZE} cannot be combined")
    endif()
endif()

if(_dmxin_sanitize STREQUAL "address")
    set(_dmxin_sanitize_flags -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
elseif(_dmxin_sanitize STREQUAL "thread")
    set(_dmxin_sanitize_flags -fsanitize=thread)
elseif(NOT _dmxin_sanitize STREQUAL "")
    message(FATAL_ERROR "DMXIN_SANITIZE must be empty, address or thread (got '${DMXIN_SANITIZE}')")
endif()

if(_dmxin_sanitize_flags)
    message(STATUS "DMX In: sanitizer build: ${_dmxin_sanitize_flags}")
    add_compile_options(${_dmxin_sanitize_flags})
    add_link_options(${_dmxin_sanitize_flags})
endif()

if(DMXIN_FUZZERS_ENABLED)
    # Coverage feedback for libFuzzer in every object; only the harness executables link the
    # libFuzzer main (-fsanitize=fuzzer, added in Tests/Fuzz/CMakeLists.txt).
    add_compile_options(-fsanitize=fuzzer-no-link)
endif()
