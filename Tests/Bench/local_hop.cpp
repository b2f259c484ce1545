// dmxin-local-hop: the cost of one receiver per machine. A leader hub in this process and
// a follower hub in a forked process share one channel; ArtDmx is unicast to the leader on
// 127.0.0.1 at a steady pace. Prints:
//  - hop latency: for each frame, the follower's queue-pop time minus the leader's queue-pop time
//    of the same frame (matched by arrival time; steady_clock is system-wide), median and p99;
//  - each side's delivery latency (pop - UDP arrival);
//  - CPU per frame of the receive threads (per-thread CPU clocks): the leader alone, the leader
//    while forwarding to the follower, and the follower's receive thread.
// Consumers spin (yield) on their queues so the pop time is the delivery time.
//   dmxin-local-hop [--frames N] [--interval-us U]

#include "Core/ArtNetBuilder.h"
#include "Core/SteadyClock.h"
#include "Net/ReceiverHub.h"
#include "SendSocket.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <dirent.h>
#include <fstream>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace dmxin;
using namespace dmxin::net;

namespace {

struct Sample {
    std::uint64_t arrivalNs = 0;
    std::uint64_t popNs = 0;
};

// CPU time of this process's thread named "dmxin-receive" (Linux per-thread CPU clock from its tid).
std::uint64_t receiveThreadCpuNs() {
    DIR* dir = ::opendir("/proc/self/task");
    if (dir == nullptr)
        return 0;
    std::uint64_t total = 0;
    while (const dirent* e = ::readdir(dir)) {
        if (e->d_name[0] == '.')
            continue;
        std::ifstream comm(std::string("/proc/self/task/") + e->d_name + "/comm");
        std::string name;
        std::getline(comm, name);
        if (name != "dmxin-receive")
            continue;
        const pid_t tid = static_cast<pid_t>(std::atoi(e->d_name));
        const clockid_t clock = static_cast<clockid_t>((~static_cast<unsigned>(tid) << 3) | 6u);   // CPUCLOCK_SCHED | thread
        timespec ts{};
        if (::clock_gettime(clock, &ts) == 0)
            total += static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000ull + static_cast<std::uint64_t>(ts.tv_nsec);
    }
    ::closedir(dir);
    return total;
}

// Pops `count` frames (or until `stop`), spinning, and returns their arrival and pop times.
std::vector<Sample> consume(FrameQueue& q, std::size_t count, const std::atomic<bool>& stop) {
    std::vector<Sample> out;
    out.reserve(count);
    DmxFrame f;
    while (out.size() < count && !stop.load(std::memory_order_relaxed)) {
        if (q.try_pop(f))
            out.push_back({f.arrivalNs, steadyNowNs()});
        else
            std::this_thread::yield();
    }
    return out;
}

double percentile(std::vector<double> v, double p) {
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5))];
}

std::vector<double> deliveryUs(const std::vector<Sample>& s) {
    std::vector<double> out;
    for (const auto& x : s)
        out.push_back(static_cast<double>(x.popNs - x.arrivalNs) / 1000.0);
    return out;
}

bool writeAll(int fd, const void* data, std::size_t size) {
    const auto* p = static_cast<const std::uint8_t*>(data);
    while (size > 0) {
        const ssize_t n = ::write(fd, p, size);
        if (n <= 0)
            return false;
        p += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}
bool readAll(int fd, void* data, std::size_t size) {
    auto* p = static_cast<std::uint8_t*>(data);
    while (size > 0) {
        const ssize_t n = ::read(fd, p, size);
        if (n <= 0)
            return false;
        p += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

SubscriptionSettings universe1() {
    SubscriptionSettings s;
    s.universes = {UniverseId(*PortAddress::parse("0:0:1"))};
    s.answerPolls = false;
    return s;
}

// The follower process: waits for "go", follows, reports ready, records `frames` frames, sends back
// its samples and its receive thread's CPU time.
int follower(const std::string& channel, std::size_t frames, int goFd, int resultFd) {
    char go = 0;
    if (!readAll(goFd, &go, 1))
        return 1;
    auto hub = ReceiverHub::createShared("127.0.0.1", 0, 0, channel);
    FrameQueue q(4096);
    const int id = hub->subscribe(q);
    hub->configure(id, universe1());
    // Probes until the subscription has reached the leader.
    DmxFrame f;
    while (!q.try_pop(f))
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    while (q.try_pop(f)) {}
    const char ready = 'r';
    writeAll(resultFd, &ready, 1);
    char start = 0;
    readAll(goFd, &start, 1);
    const std::uint64_t cpu0 = receiveThreadCpuNs();
    std::atomic<bool> stop{false};
    std::thread watchdog([&] {
        std::this_thread::sleep_for(std::chrono::seconds(30));
        stop = true;
    });
    watchdog.detach();
    const auto samples = consume(q, frames, stop);
    const std::uint64_t cpu = receiveThreadCpuNs() - cpu0;
    const std::uint64_t n = samples.size();
    writeAll(resultFd, &n, sizeof n);
    writeAll(resultFd, samples.data(), samples.size() * sizeof(Sample));
    writeAll(resultFd, &cpu, sizeof cpu);
    hub->unsubscribe(id);
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    std::size_t frames = 3000;
    int intervalUs = 1000;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--frames") frames = static_cast<std::size_t>(std::atoi(argv[i + 1]));
        else if (a == "--interval-us") intervalUs = std::atoi(argv[i + 1]);
        else { std::fprintf(stderr, "unknown argument %s\n", a.c_str()); return 2; }
    }
    const std::string channel = "dmxin-bench/" + std::to_string(::getpid());
    int go[2], result[2];
    if (::pipe(go) != 0 || ::pipe(result) != 0)
        return 1;
    // Fork before any thread exists; the child makes its hub when told to.
    const pid_t child = ::fork();
    if (child == 0) {
        ::close(go[1]);
        ::close(result[0]);
        std::_Exit(follower(channel, frames, go[0], result[1]));
    }
    ::close(go[0]);
    ::close(result[1]);

    auto leader = ReceiverHub::createShared("127.0.0.1", 0, 0, channel);
    FrameQueue q(4096);
    const int id = leader->subscribe(q);
    leader->configure(id, universe1());
    testing::SendSocket tx("127.0.0.1", leader->boundPort());
    std::vector<std::uint8_t> packet(530);
    std::uint8_t slots[512] = {};
    std::uint8_t seq = 1;
    auto sendOne = [&] {
        slots[0] = static_cast<std::uint8_t>(slots[0] + 1);
        const auto size = buildArtDmx(packet, *PortAddress::parse("0:0:1"), seq, 0, slots);
        seq = static_cast<std::uint8_t>(seq == 255 ? 1 : seq + 1);
        tx.send(packet.data(), size);
    };
    auto run = [&](std::vector<Sample>& samples, std::uint64_t& cpu) {
        std::atomic<bool> stop{false};
        const std::uint64_t cpu0 = receiveThreadCpuNs();
        std::thread consumer([&] { samples = consume(q, frames, stop); });
        for (std::size_t i = 0; i < frames; ++i) {
            sendOne();
            std::this_thread::sleep_for(std::chrono::microseconds(intervalUs));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        stop = true;
        consumer.join();
        cpu = receiveThreadCpuNs() - cpu0;
    };

    // Phase 1: the leader alone.
    std::vector<Sample> alone;
    std::uint64_t aloneCpu = 0;
    run(alone, aloneCpu);

    // Phase 2: the same with a follower in another process.
    const char goByte = 'g';
    writeAll(go[1], &goByte, 1);
    char ready = 0;
    std::atomic<bool> probing{true};
    std::thread prober([&] {
        while (probing) {
            sendOne();
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
    });
    readAll(result[0], &ready, 1);
    probing = false;
    prober.join();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    DmxFrame f;
    while (q.try_pop(f)) {}
    writeAll(go[1], &goByte, 1);
    std::vector<Sample> shared;
    std::uint64_t sharedCpu = 0;
    run(shared, sharedCpu);

    std::uint64_t n = 0;
    readAll(result[0], &n, sizeof n);
    std::vector<Sample> theirs(n);
    readAll(result[0], theirs.data(), n * sizeof(Sample));
    std::uint64_t followerCpu = 0;
    readAll(result[0], &followerCpu, sizeof followerCpu);
    int status = 0;
    ::waitpid(child, &status, 0);
    const auto st = leader->status().sharing;

    std::vector<double> hop;
    std::size_t j = 0;
    for (const auto& mine : shared) {
        while (j < theirs.size() && theirs[j].arrivalNs < mine.arrivalNs)
            ++j;
        if (j < theirs.size() && theirs[j].arrivalNs == mine.arrivalNs)
            hop.push_back((static_cast<double>(theirs[j].popNs) - static_cast<double>(mine.popNs)) / 1000.0);
    }
    const auto perFrame = [](std::uint64_t ns, std::size_t count) { return count == 0 ? 0.0 : static_cast<double>(ns) / 1000.0 / static_cast<double>(count); };
    std::printf("frames %zu at one per %d us (leader alone: %zu delivered; shared: leader %zu, follower %zu, %zu matched)\n",
                frames, intervalUs, alone.size(), shared.size(), theirs.size(), hop.size());
    std::printf("hop latency (follower pop - leader pop, same frame): median %.1f us, p99 %.1f us\n",
                percentile(hop, 0.5), percentile(hop, 0.99));
    std::printf("delivery (pop - UDP arrival): leader alone median %.1f us; shared: leader %.1f us, follower %.1f us\n",
                percentile(deliveryUs(alone), 0.5), percentile(deliveryUs(shared), 0.5), percentile(deliveryUs(theirs), 0.5));
    std::printf("receive-thread CPU per frame: leader alone %.2f us, leader forwarding %.2f us, follower %.2f us\n",
                perFrame(aloneCpu, alone.size()), perFrame(sharedCpu, shared.size()), perFrame(followerCpu, theirs.size()));
    std::printf("leader: %llu forwarded, %llu dropped\n", static_cast<unsigned long long>(st.leader.forwarded),
                static_cast<unsigned long long>(st.leader.dropped));
    leader->unsubscribe(id);
    return 0;
}
