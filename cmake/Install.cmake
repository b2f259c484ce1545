# cmake --install: where each part of DMX In goes, relative to CMAKE_INSTALL_PREFIX unless an
# absolute path is given.
#   prefix /usr (the .deb):    /usr/lib/vst3/DMXIn.vst3, /usr/lib/lv2/DMXIn.lv2, /usr/bin/DMXIn,
#                              /usr/share/applications/..., /usr/share/icons/hicolor/...
#   one user, no root:         cmake --preset default -DCMAKE_INSTALL_PREFIX=$HOME/.local
#                                -DDMXIN_VST3_INSTALL_DIR=$HOME/.vst3 -DDMXIN_LV2_INSTALL_DIR=$HOME/.lv2
#                              (hosts scan ~/.vst3 and ~/.lv2, not ~/.local/lib/...)
# Plugin folders are lib/vst3 and lib/lv2 on purpose, not GNUInstallDirs' multiarch libdir:
# hosts look in /usr/lib/vst3 and /usr/lib/lv2, never /usr/lib/x86_64-linux-gnu/vst3.

# The docs folder is named after the package (Debian policy: /usr/share/doc/<package>).
set(CMAKE_INSTALL_DOCDIR "share/doc/dmx-in" CACHE PATH "Documentation folder (manual, presets)")
include(GNUInstallDirs)

if(APPLE)
    # Prefix / gives the system folders, prefix $HOME the user's.
    set(_vst3_default "Library/Audio/Plug-Ins/VST3")
    set(_au_default "Library/Audio/Plug-Ins/Components")
    set(_app_default "Applications")
elseif(WIN32)
    # VST3's one standard folder is %CommonProgramFiles%\VST3, whatever the prefix.
    file(TO_CMAKE_PATH "$ENV{CommonProgramFiles}/VST3" _vst3_default)
    set(_app_default "${CMAKE_INSTALL_BINDIR}")
else()
    set(_vst3_default "lib/vst3")
    set(_lv2_default "lib/lv2")
    set(_app_default "${CMAKE_INSTALL_BINDIR}")
endif()

set(DMXIN_VST3_INSTALL_DIR "${_vst3_default}" CACHE STRING "Where cmake --install puts DMXIn.vst3 (relative to the prefix, or absolute)")
set(DMXIN_APP_INSTALL_DIR "${_app_default}" CACHE STRING "Where cmake --install puts the standalone app")
if(TARGET DmxIn_LV2)
    set(DMXIN_LV2_INSTALL_DIR "${_lv2_default}" CACHE STRING "Where cmake --install puts DMXIn.lv2 (relative to the prefix, or absolute)")
endif()
if(TARGET DmxIn_AU)
    set(DMXIN_AU_INSTALL_DIR "${_au_default}" CACHE STRING "Where cmake --install puts DMXIn.component")
endif()

# The bundles are directories JUCE assembles after linking; install them whole, keeping the
# executable bit of the shared object. One component per format so a packager can split them.
install(DIRECTORY "${DMXIN_VST3_BUNDLE}"
        DESTINATION "${DMXIN_VST3_INSTALL_DIR}" USE_SOURCE_PERMISSIONS COMPONENT vst3)
if(TARGET DmxIn_LV2)
    install(DIRECTORY "${DMXIN_LV2_BUNDLE}"
            DESTINATION "${DMXIN_LV2_INSTALL_DIR}" USE_SOURCE_PERMISSIONS COMPONENT lv2)
endif()
if(TARGET DmxIn_AU)
    install(DIRECTORY "${CMAKE_BINARY_DIR}/DmxIn_artefacts/$<CONFIG>/AU/DMXIn.component"
            DESTINATION "${DMXIN_AU_INSTALL_DIR}" USE_SOURCE_PERMISSIONS COMPONENT au)
endif()
# cmake --install --strip (and CPack, which strips) strips what install(TARGETS) installs; the
# bundles' shared objects are installed as files, so strip them here too.
if(CMAKE_STRIP AND NOT APPLE AND NOT WIN32)
    foreach(_format IN ITEMS VST3 LV2)
        string(TOLOWER "${_format}" _component)
        set(_bundle_dir "${DMXIN_${_format}_INSTALL_DIR}/DMXIn.${_component}")
        install(CODE "
            if(CMAKE_INSTALL_DO_STRIP)
                set(_dir \"${_bundle_dir}\")
                if(NOT IS_ABSOLUTE \"\${_dir}\")
                    set(_dir \"\${CMAKE_INSTALL_PREFIX}/\${_dir}\")
                endif()
                file(GLOB_RECURSE _objects \"\$ENV{DESTDIR}\${_dir}/*.so\")
                foreach(_so IN LISTS _objects)
                    execute_process(COMMAND \"${CMAKE_STRIP}\" --strip-unneeded \"\${_so}\")
                endforeach()
            endif()" COMPONENT ${_component})
    endforeach()
endif()

install(TARGETS DmxIn_Standalone
        RUNTIME DESTINATION "${DMXIN_APP_INSTALL_DIR}" COMPONENT standalone
        BUNDLE DESTINATION "${DMXIN_APP_INSTALL_DIR}" COMPONENT standalone)

if(UNIX AND NOT APPLE)
    # Desktop entry and icon (freedesktop names: the icon theme looks up "dmxin" by size).
    install(FILES "${CMAKE_SOURCE_DIR}/Resources/linux/org.dmxin.DMXIn.desktop"
            DESTINATION "${CMAKE_INSTALL_DATADIR}/applications" COMPONENT standalone)
    install(FILES "${CMAKE_SOURCE_DIR}/Resources/icons/dmxin.svg"
            DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps" COMPONENT standalone)
    install(FILES "${CMAKE_SOURCE_DIR}/Resources/icons/dmxin-256.png"
            DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/256x256/apps" RENAME dmxin.png COMPONENT standalone)
endif()

# The manual (with its pictures, so its relative links work) and the factory presets as files
# (the app has them built in; these are for reading and copying).
install(FILES "${CMAKE_SOURCE_DIR}/README.md" DESTINATION "${CMAKE_INSTALL_DOCDIR}" COMPONENT docs)
install(DIRECTORY "${CMAKE_SOURCE_DIR}/Resources/docs/" DESTINATION "${CMAKE_INSTALL_DOCDIR}"
        COMPONENT docs FILES_MATCHING PATTERN "*.md" PATTERN "*.png" PATTERN "*.svg")
install(DIRECTORY "${CMAKE_SOURCE_DIR}/Resources/presets/" DESTINATION "${CMAKE_INSTALL_DOCDIR}/presets"
        COMPONENT docs FILES_MATCHING PATTERN "*.json")

# The headless app names the factory presets folder when nothing is mapped (NoMappingHint.cpp):
# the installed copy found from the app's own folder, so it holds for any prefix (and for
# `cmake --install --prefix`, which keeps relative folders), else the source tree's copy.
set(_app_dir "${DMXIN_APP_INSTALL_DIR}")
if(NOT IS_ABSOLUTE "${_app_dir}")
    set(_app_dir "${CMAKE_INSTALL_PREFIX}/${_app_dir}")
endif()
file(RELATIVE_PATH _presets_from_app "${_app_dir}" "${CMAKE_INSTALL_FULL_DOCDIR}/presets")
set_property(SOURCE Source/Standalone/NoMappingHint.cpp APPEND PROPERTY COMPILE_DEFINITIONS
             DMXIN_PRESETS_FROM_APP="${_presets_from_app}"
             DMXIN_SOURCE_PRESETS_DIR="${CMAKE_SOURCE_DIR}/Resources/presets")
