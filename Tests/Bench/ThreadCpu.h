#pragma once
// CPU time of one named thread of this process, read from /proc (Linux only, as are the load
// benchmarks): the library's threads name themselves ("dmxin-receive", "dmxin-output"), so a
// benchmark can charge CPU to exactly the thread it measures.

#include <dirent.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

namespace dmxin::bench {

// The tid of the first thread of this process with this name, or 0.
inline int findThread(const char* name) {
    DIR* dir = opendir("/proc/self/task");
    if (!dir) return 0;
    int found = 0;
    while (dirent* e = readdir(dir)) {
        if (e->d_name[0] == '.') continue;
        std::ifstream comm(std::string("/proc/self/task/") + e->d_name + "/comm");
        std::string c;
        std::getline(comm, c);
        if (c == name) { found = std::atoi(e->d_name); break; }
    }
    closedir(dir);
    return found;
}

struct TaskCpu {
    std::uint64_t runNs = 0;      // schedstat field 1
    std::uint64_t ticks = 0;      // stat utime + stime
};

inline TaskCpu taskCpu(int tid) {
    TaskCpu c;
    if (tid <= 0) return c;
    const std::string base = "/proc/self/task/" + std::to_string(tid);
    std::ifstream ss(base + "/schedstat");
    ss >> c.runNs;
    std::ifstream st(base + "/stat");
    std::string all((std::istreambuf_iterator<char>(st)), std::istreambuf_iterator<char>());
    const auto close = all.rfind(')');
    if (close != std::string::npos) {
        std::istringstream rest(all.substr(close + 2));
        std::string field;
        // After "pid (comm) ": state is field 3; utime and stime are fields 14 and 15.
        for (int i = 3; i <= 15 && rest >> field; ++i) {
            if (i == 14 || i == 15) c.ticks += std::strtoull(field.c_str(), nullptr, 10);
        }
    }
    return c;
}

} // namespace dmxin::bench
