# CPack: a Debian package of what cmake --install installs (Builds/package.sh runs it).
# Version, name and description come from the project; the shared libraries the binaries link are
# found by dpkg-shlibdeps (dpkg-dev) and become Depends. JUCE opens X11 and JACK at run time with
# dlopen, which dpkg-shlibdeps cannot see, so those are listed here by hand.

set(CPACK_PACKAGE_NAME "dmx-in")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_VENDOR "DMX In")
set(CPACK_PACKAGE_CONTACT "DMX In <dmx-in@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Art-Net and sACN DMX to host parameters and MIDI (VST3, LV2, standalone)")
set(CPACK_PACKAGE_DESCRIPTION
    "DMX In receives DMX512 from lighting consoles over Art-Net and sACN (E1.31) and turns DMX\n"
    "channels into host-automatable parameters and MIDI. It contains a VST3 plugin, an LV2 plugin\n"
    "and a standalone app (a DMX to MIDI bridge).")
string(REPLACE ";" "" CPACK_PACKAGE_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION}")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://github.com/dmx-in/dmx-in")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)   # RelWithDebInfo objects carry debug info the package does not need

if(UNIX AND NOT APPLE)
    set(CPACK_GENERATOR "DEB")
else()
    set(CPACK_GENERATOR "ZIP")   # macOS / Windows: an archive of the install tree (untested here)
endif()
set(CPACK_DEBIAN_PACKAGE_NAME "${CPACK_PACKAGE_NAME}")
set(CPACK_DEBIAN_FILE_NAME "DEB-DEFAULT")   # dmx-in_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION "sound")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libx11-6, libxext6, libxrandr2, libxinerama1, libxcursor1")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libjack-jackd2-0 | libjack0")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "ardour")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

include(CPack)
