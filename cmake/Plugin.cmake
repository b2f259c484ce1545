# The plugin: our JUCE-level code lives in dmxin_plugin (a static library the plugin formats,
# the standalone and the processor tests all link); juce_add_plugin only adds the format wrappers.

set(DMXIN_LV2_URI "https://github.com/dmx-in/dmx-in" CACHE STRING "LV2 URI of the plugin")

add_library(dmxin_plugin STATIC
    Source/Plugin/DmxInProcessor.cpp
    Source/Plugin/ParameterBank.cpp
    Source/Plugin/HostPublisher.cpp
    Source/Plugin/NetworkConnection.cpp
    Source/Plugin/OutputConnection.cpp
    Source/Plugin/RecordReplay.cpp
    Source/Plugin/StateTransfer.cpp
    Source/Plugin/MidiOutCollector.cpp
    Source/Plugin/DmxMonitor.cpp
    Source/Editor/DmxInEditor.cpp
    Source/Editor/StatusBar.cpp
    Source/Editor/StatusView.cpp
    Source/Editor/OutputsPage.cpp
    Source/Editor/OutputHistory.cpp
    Source/Editor/OutputRowList.cpp
    Source/Editor/OutputText.cpp
    Source/Editor/MappingsPage.cpp
    Source/Editor/MappingList.cpp
    Source/Editor/MappingHistory.cpp
    Source/Editor/MappingDetails.cpp
    Source/Editor/TransferPlot.cpp
    Source/Editor/LearnDetector.cpp
    Source/Editor/LearnBar.cpp
    Source/Editor/ChannelMonitor.cpp
    Source/Editor/ParameterView.cpp
    Source/Editor/EditorTheme.cpp
    Source/Editor/PresetPanel.cpp
    Source/Editor/ShowFilesBar.cpp
    Source/Editor/MappingEdits.cpp)
target_include_directories(dmxin_plugin PUBLIC ${CMAKE_SOURCE_DIR}/Source)

# Factory presets, built in (the Presets tab lists them before the user's own).
file(GLOB DMXIN_FACTORY_PRESETS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/Resources/presets/*.json)
juce_add_binary_data(dmxin_factory_presets
    HEADER_NAME FactoryPresets.h
    NAMESPACE FactoryPresets
    SOURCES ${DMXIN_FACTORY_PRESETS})
set_target_properties(dmxin_factory_presets PROPERTIES POSITION_INDEPENDENT_CODE TRUE)

target_link_libraries(dmxin_plugin PUBLIC dmxin_juce dmxin_core dmxin_net PRIVATE dmxin_factory_presets)
target_compile_definitions(dmxin_plugin PUBLIC
    DMXIN_VERSION_STRING="${PROJECT_VERSION}")

# Formats per platform. Only Linux is built and tested here; the others are configured so a
# checkout with -DDMXIN_JUCE_SOURCE=... has a starting point (see README, Install).
if(APPLE)
    set(DMXIN_FORMATS AU VST3 Standalone)
elseif(WIN32)
    set(DMXIN_FORMATS VST3 Standalone)
else()
    set(DMXIN_FORMATS VST3 LV2 Standalone)
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
    ICON_BIG "${CMAKE_SOURCE_DIR}/Resources/icons/dmxin-256.png"   # app/bundle icon on macOS and Windows
    LV2URI "${DMXIN_LV2_URI}"
    VST3_CATEGORIES Fx Tools Network
    DESCRIPTION "Art-Net and sACN DMX to host parameters and MIDI"
    AU_MAIN_TYPE kAudioUnitType_Effect
    AU_EXPORT_PREFIX DmxInAU)

target_link_libraries(DmxIn PRIVATE dmxin_plugin)
target_compile_definitions(DmxIn PUBLIC
    JUCE_USE_CUSTOM_PLUGIN_STANDALONE_APP=1)  # our app decides headless vs window before any desktop call

# Debian's JUCE patch replaces LV2URI by the plugin name (a relative URI lilv rejects): set it here.
# JUCE's lv2ui_descriptor is renamed and exported through Lv2UiGuard.cpp, whose UI refuses a DSP
# instance of another installed copy of DMX In (see that file).
if(TARGET DmxIn_LV2)
    target_compile_definitions(DmxIn_LV2 PRIVATE JucePlugin_LV2URI="${DMXIN_LV2_URI}"
        lv2ui_descriptor=dmxin_juce_lv2ui_descriptor)
    target_sources(DmxIn_LV2 PRIVATE Source/Plugin/Lv2/Lv2UiGuard.cpp)
    target_link_libraries(DmxIn_LV2 PRIVATE ${CMAKE_DL_LIBS})
endif()

target_sources(DmxIn_Standalone PRIVATE
    Source/Standalone/StandaloneApp.cpp
    Source/Standalone/HeadlessRunner.cpp
    Source/Standalone/CommandLine.cpp
    Source/Standalone/MidiBridge.cpp
    Source/Standalone/NoMappingHint.cpp)

set(DMXIN_VST3_BUNDLE "${CMAKE_BINARY_DIR}/DmxIn_artefacts/$<CONFIG>/VST3/DMXIn.vst3")
set(DMXIN_LV2_BUNDLE "${CMAKE_BINARY_DIR}/DmxIn_artefacts/$<CONFIG>/LV2/DMXIn.lv2")
