# Cross build for 64-bit Windows with Debian's MinGW-w64 (g++-mingw-w64-x86-64-posix: GCC 12 with the
# posix thread model, so std::thread and std::mutex work). Tests run under Wine. See WINDOWS.md.
#   cmake --preset windows          (Builds/build-windows.sh builds the libraries it needs first)
# Extra places to look for Windows packages (libpng, libjpeg-turbo built with MinGW, the header-only
# nlohmann_json and Catch2 copied into a prefix of their own): DMXIN_WINDOWS_PREFIXES, a list.

set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

set(_dmxin_triple x86_64-w64-mingw32)
set(CMAKE_C_COMPILER   ${_dmxin_triple}-gcc-posix)
set(CMAKE_CXX_COMPILER ${_dmxin_triple}-g++-posix)
set(CMAKE_RC_COMPILER  ${_dmxin_triple}-windres)
set(CMAKE_AR           /usr/bin/${_dmxin_triple}-ar CACHE FILEPATH "")
set(CMAKE_RANLIB       /usr/bin/${_dmxin_triple}-ranlib CACHE FILEPATH "")

# try_compile re-reads this file in a fresh project: pass the prefixes on.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES DMXIN_WINDOWS_PREFIXES)

# Search only the MinGW sysroot and our own Windows prefixes for libraries, headers and packages:
# never the build machine's /usr (glibc headers and Linux libraries must not reach a MinGW build).
# Programs (juceaide, pkg-config, ...) are the build machine's.
set(CMAKE_FIND_ROOT_PATH /usr/${_dmxin_triple} ${DMXIN_WINDOWS_PREFIXES})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# Debian's mingw zlib ships libz.a and libz.dll.a: take the static one (no zlib1.dll beside the .exe).
set(ZLIB_USE_STATIC_LIBS ON)

# Static C and C++ runtimes and winpthread: the .exe / .vst3 needs no MinGW DLL beside it.
set(CMAKE_EXE_LINKER_FLAGS_INIT    "-static -static-libgcc -static-libstdc++")
set(CMAKE_SHARED_LINKER_FLAGS_INIT "-static -static-libgcc -static-libstdc++")
set(CMAKE_MODULE_LINKER_FLAGS_INIT "-static -static-libgcc -static-libstdc++")

# ctest (and add_test with a target as COMMAND) runs every Windows executable through Wine.
# Debian's /usr/bin/wine runs PE32+ (64-bit) programs; the caller sets WINEPREFIX and WINEDEBUG.
find_program(DMXIN_WINE wine PATHS /usr/bin NO_CMAKE_FIND_ROOT_PATH)
if(DMXIN_WINE)
    set(CMAKE_CROSSCOMPILING_EMULATOR ${DMXIN_WINE})
endif()
