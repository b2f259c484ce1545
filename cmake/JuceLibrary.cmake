# JUCE is compiled exactly once, into dmxin_juce (a static, position-independent library).
# Every plugin format, the standalone app and every JUCE-level test links it, so a change to our
# own sources never recompiles JUCE (2-core machines: a JUCE build costs minutes).
# Pattern from BYOD modules/CMakeLists.txt (juce_plugin_modules STATIC).

add_library(dmxin_juce STATIC)
target_link_libraries(dmxin_juce
    PRIVATE
        juce::juce_audio_utils
        juce::juce_audio_processors
        juce::juce_audio_devices
        juce::juce_audio_formats
        juce::juce_gui_basics
        juce::juce_gui_extra
    PUBLIC
        juce::juce_recommended_config_flags
        juce::juce_recommended_warning_flags)

# JUCE 8 has neither a splash screen nor app usage reporting: it ignores JUCE_DISPLAY_SPLASH_SCREEN
# with a compiler note and no longer knows JUCE_REPORT_APP_USAGE. JUCE 7 needs both turned off.
set(DMXIN_JUCE7_ONLY_DEFINITIONS "")
if(JUCE_VERSION VERSION_LESS 8)
    set(DMXIN_JUCE7_ONLY_DEFINITIONS JUCE_DISPLAY_SPLASH_SCREEN=0 JUCE_REPORT_APP_USAGE=0)
endif()

target_compile_definitions(dmxin_juce
    PUBLIC
        ${DMXIN_JUCE7_ONLY_DEFINITIONS}
        JUCE_USE_FLAC=0            # Debian strips FLAC and Ogg sources from juce-modules-source
        JUCE_USE_OGGVORBIS=0
        JUCE_WEB_BROWSER=0
        JUCE_USE_CURL=0
        JUCE_USE_MP3AUDIOFORMAT=0
        JUCE_PLUGINHOST_VST3=1     # the host tests load the built .vst3 through VST3PluginFormat
        JUCE_PLUGINHOST_LV2=1     # the host validation test also loads the built .lv2 through LV2PluginFormat
        JUCE_MODAL_LOOPS_PERMITTED=1  # test hosts pump the message loop with runDispatchLoopUntil
        JUCE_VST3_CAN_REPLACE_VST2=0
        $<$<PLATFORM_ID:Linux>:JUCE_JACK=1>   # the standalone's audio backends on Linux
        $<$<PLATFORM_ID:Linux>:JUCE_ALSA=1>   # (CoreAudio / WASAPI are JUCE's defaults elsewhere)
        JUCE_STRICT_REFCOUNTEDPOINTER=1
    INTERFACE
        $<TARGET_PROPERTY:dmxin_juce,COMPILE_DEFINITIONS>)

# JUCE 7.0.5's own headers compare floats with == (JUCE cleaned them up in 7.0.6, when it added
# -Wfloat-equal to its recommended flags): our code includes them as system headers there, so the
# warnings a build prints are our own. Deprecation warnings are reported where our code makes the
# call, so they still show.
if(JUCE_VERSION VERSION_LESS 7.0.6)
    set(DMXIN_JUCE_HEADERS_AS_SYSTEM SYSTEM)
else()
    set(DMXIN_JUCE_HEADERS_AS_SYSTEM "")
endif()
target_include_directories(dmxin_juce ${DMXIN_JUCE_HEADERS_AS_SYSTEM}
    INTERFACE
        $<TARGET_PROPERTY:dmxin_juce,INCLUDE_DIRECTORIES>)

set_target_properties(dmxin_juce PROPERTIES
    POSITION_INDEPENDENT_CODE TRUE
    VISIBILITY_INLINES_HIDDEN TRUE
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden)

# JUCE's own sources are not ours to warn about.
# Our JUCE-level code gets JUCE's recommended warning flags through dmxin_juce; JUCE added
# -Wfloat-equal to them only in 7.0.6, so ask for it here too, so that a build against Debian's
# JUCE 7.0.5 catches what a JUCE 8 build would. INTERFACE: JUCE's own compile lines stay unchanged.
if(MSVC)
    target_compile_options(dmxin_juce PRIVATE /w)
else()
    target_compile_options(dmxin_juce PRIVATE -w INTERFACE -Wfloat-equal)
endif()

# Debian's JUCE uses the system libpng and libjpeg instead of its bundled copies; JUCE links them
# only into targets it initialises itself, so a static JUCE library must pass them on.
if(TARGET juce::pkgconfig_JUCE_IMG_LINUX_DEPS)
    target_link_libraries(dmxin_juce PUBLIC juce::pkgconfig_JUCE_IMG_LINUX_DEPS)
endif()
# Elsewhere Debian's JUCE (a Windows cross build, WINDOWS.md) has no such target and still lacks the
# bundled copies: zlib from libz-mingw-w64-dev, libpng and libjpeg-turbo built with MinGW by
# Builds/build-windows.sh. A JUCE source tree (DMXIN_JUCE_SOURCE) compiles its bundled copies instead.
if(WIN32 AND NOT DMXIN_JUCE_SOURCE)
    find_package(ZLIB REQUIRED)
    find_package(PNG REQUIRED)
    find_package(JPEG REQUIRED)
    target_link_libraries(dmxin_juce PUBLIC PNG::PNG JPEG::JPEG ZLIB::ZLIB)
endif()
