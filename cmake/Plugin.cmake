# The plugin: our JUCE-level code lives in dmxin_plugin (a static library the plugin formats,
# the standalone and the processor tests all link); juce_add_plugin only adds the format wrappers.

set(DMXIN_LV2_URI "https://github.com/dmx-in/dmx-in" CACHE STRING "LV2 URI of the plugin")

add_library(dmxin_plugin STATIC
    Source/Plugin/DmxInProcessor.cpp
    Source/Plugin/ParameterBank.cpp
    Source/Plugin/HostPublisher.cpp
    Source/Plugin/NetworkConnection.cpp
    Source/Plugin/PluginState.cpp
    Source/Plugin/MidiOutCollector.cpp
    Source/Editor/DmxInEditor.cpp
    Source/Editor/StatusBar.cpp
    Source/Editor/MappingList.cpp
    Source/Editor/ParameterView.cpp
    Source/Editor/EditorTheme.cpp
    Source/Editor/PresetButtons.cpp
    Source/Editor/MappingEdits.cpp
    Source/Editor/MappingEditPanel.cpp)
target_include_directories(dmxin_plugin PUBLIC ${CMAKE_SOURCE_DIR}/Source)
target_link_libraries(dmxin_plugin PUBLIC dmxin_juce dmxin_core dmxin_net)
target_compile_definitions(dmxin_plugin PUBLIC
    DMXIN_VERSION_STRING="${PROJECT_VERSION}")

set(DMXIN_FORMATS VST3 LV2 Standalone)
if(APPLE)
    list(APPEND DMXIN_FORMATS AU)
endif()

juce_add_plugin(DmxIn
    PRODUCT_NAME "DMXIn"
    PLUGIN_NAME "DMX In"
    COMPANY_NAME "DMX In"
    COMPANY_WEBSITE "https://github.com/dmx-in"
    BUNDLE_ID "org.dmxin.dmxin"
    PLUGIN_MANUFACTURER_CODE Dmxi
    PLUGIN_CODE DmxI
    FORMATS ${DMXIN_FORMATS}
    VERSION ${PROJECT_VERSION}
    IS_SYNTH FALSE
    NEEDS_MIDI_INPUT FALSE
    NEEDS_MIDI_OUTPUT TRUE
    IS_MIDI_EFFECT FALSE
    EDITOR_WANTS_KEYBOARD_FOCUS TRUE
    COPY_PLUGIN_AFTER_BUILD FALSE
    LV2URI "${DMXIN_LV2_URI}"
    VST3_CATEGORIES Fx Tools Network
    AU_MAIN_TYPE kAudioUnitType_Effect)

target_link_libraries(DmxIn PRIVATE dmxin_plugin)
target_compile_definitions(DmxIn PUBLIC
    JUCE_USE_CUSTOM_PLUGIN_STANDALONE_APP=1)  # our app decides headless vs window before any desktop call

# Debian's JUCE patch replaces LV2URI by the plugin name (a relative URI lilv rejects): set it here.
target_compile_definitions(DmxIn_LV2 PRIVATE JucePlugin_LV2URI="${DMXIN_LV2_URI}")

target_sources(DmxIn_Standalone PRIVATE
    Source/Standalone/StandaloneApp.cpp
    Source/Standalone/HeadlessRunner.cpp
    Source/Standalone/CommandLine.cpp
    Source/Standalone/MidiBridge.cpp)

set(DMXIN_VST3_BUNDLE "${CMAKE_BINARY_DIR}/DmxIn_artefacts/$<CONFIG>/VST3/DMXIn.vst3")
set(DMXIN_LV2_BUNDLE "${CMAKE_BINARY_DIR}/DmxIn_artefacts/$<CONFIG>/LV2/DMXIn.lv2")
