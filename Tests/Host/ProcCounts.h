#pragma once
// This process's threads, fds and sockets, counted from Linux's /proc (the leak checks of the
// validation and module-unload tests). Test threads only.

#include <dirent.h>
#include <unistd.h>

#include <cstring>
#include <string>

namespace dmxin::testing {

// Entries of a /proc directory, optionally only symlinks whose target starts with `prefix`.
inline int countProcEntries(const char* dir, const char* prefix = nullptr) {
    int n = 0;
    if (DIR* d = ::opendir(dir)) {
        while (const dirent* e = ::readdir(d)) {
            if (e->d_name[0] == '.')
                continue;
            if (prefix != nullptr) {
                char target[256] = {};
                const std::string path = std::string(dir) + "/" + e->d_name;
                const auto len = ::readlink(path.c_str(), target, sizeof target - 1);
                if (len <= 0 || std::strncmp(target, prefix, std::strlen(prefix)) != 0)
                    continue;
            }
            ++n;
        }
        ::closedir(d);
    }
    return n;
}
inline int openSockets() { return countProcEntries("/proc/self/fd", "socket:"); }
inline int openFds() { return countProcEntries("/proc/self/fd"); }
inline int threadCount() { return countProcEntries("/proc/self/task"); }

} // namespace dmxin::testing
