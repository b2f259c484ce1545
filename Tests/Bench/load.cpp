// dmxin-load: end-to-end load tool. Figures, never pass/fail.
//
// One run = two phases with the same traffic pattern (same universes, rate, duration, sender):
//   1. bare:  a plain poll + recvmmsg loop on its own socket that only counts datagrams: the
//             ceiling of what this machine's loopback delivers to one receiving thread.
//   2. hub:   the real ReceiverHub (UdpSocket, parse, source tracking, fan-out) pushing into an
//             instance queue, drained by a simulated audio callback thread (48 kHz, 128-sample
//             blocks: wakes every 2.667 ms with sleep_until, pops everything queued).
// The sender writes full 512-slot ArtDmx with sendmmsg to 127.0.0.1, round-robin over N universes,
// at --rate packets/s (paced per sendmmsg batch) or as fast as it can (--rate 0). Each packet
// carries, in its slot data:
//   slots 0..7   steady_clock nanoseconds taken just before the sendmmsg call that sent it
//   slots 8..15  a per-universe packet counter (exact loss count; the 8-bit Art-Net sequence
//                wraps every 255 packets, too soon at these rates)
// The audio thread computes latency = (time it popped the frame) - (slots 0..7), i.e. sendto to
// "value visible in the audio thread", and counts counter gaps per universe.
// The receive thread's CPU comes from /proc/self/task/<tid> of the thread named "dmxin-receive"
// (schedstat run time in ns; stat utime+stime as a cross-check); the bare loop measures its own
// with CLOCK_THREAD_CPUTIME_ID.
//
// Queue size: DmxPipeline's real queue holds 256 frames (a full queue drops the frame by design:
// the latest state wins). At 300,000 packets/s one 2.667 ms block brings ~800 frames, so to measure
// the receive path rather than that design choice the default --queue is sized to two blocks of the
// offered rate (at least 256). --queue 256 shows the real behaviour; drops then appear as
// "queue-full", never as kernel loss.
//
//   dmxin-load [--seconds S] [--universes N] [--rate PPS|0] [--queue CAP] [--phase both|hub|bare]
// The last lines ("@key=value") are for Builds/bench.sh.

#include "Core/ArtNetBuilder.h"
#include "Core/DmxFrame.h"
#include "Core/SteadyClock.h"
#include "Net/ReceiverHub.h"
#include "Net/Platform/UdpSocket.h"
#include "ThreadCpu.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using namespace dmxin;
using dmxin::bench::findThread;
using dmxin::bench::taskCpu;
using dmxin::bench::TaskCpu;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::size_t kPacketSize = kArtDmxHeaderSize + kDmxSlots;   // 530
constexpr int kSendBatch = 32;
constexpr auto kBlock = std::chrono::nanoseconds(2'666'667);        // 128 samples at 48 kHz

struct Options {
    double seconds = 10.0;
    int universes = 16;
    double rate = 0.0;          // packets/s; 0 = as fast as possible
    std::size_t queue = 0;      // 0 = auto (two blocks of the offered rate, >= 256)
    std::string phase = "both";
};

std::uint64_t nowNs() { return steadyNowNs(); }

std::uint64_t threadCpuNs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000ull + static_cast<std::uint64_t>(ts.tv_nsec);
}

// "Udp: ... RcvbufErrors" from /proc/net/snmp (system-wide): datagrams the kernel dropped because
// a socket's receive buffer was full. A cross-check on sent - received.
std::uint64_t udpRcvbufErrors() {
    std::ifstream in("/proc/net/snmp");
    std::string header, values, line;
    while (std::getline(in, line)) {
        if (line.rfind("Udp:", 0) == 0) {
            if (header.empty()) header = line;
            else { values = line; break; }
        }
    }
    std::istringstream h(header), v(values);
    std::string name, value;
    while (h >> name && v >> value)
        if (name == "RcvbufErrors")
            return std::strtoull(value.c_str(), nullptr, 10);
    return 0;
}

bool tryRealtime(int priority) {
    sched_param sp{};
    sp.sched_priority = priority;
    return pthread_setschedparam(pthread_self(), SCHED_FIFO, &sp) == 0;
}

// ------------------------------------------------------------------ sender

struct SendResult {
    std::uint64_t sent = 0;
    std::uint64_t errors = 0;
    double seconds = 0;
};

// Sends until `stop`; paced to opts.rate when > 0.
SendResult runSender(const Options& opts, std::uint16_t port, const std::atomic<bool>& stop) {
    SendResult result;
    const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    const int sndbuf = 4 << 20;
    ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(port);
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

    const auto universes = static_cast<std::size_t>(opts.universes);
    std::vector<std::array<std::uint8_t, kPacketSize>> templates(universes);
    std::vector<std::uint8_t> slots(kDmxSlots);
    for (std::size_t i = 0; i < slots.size(); ++i)
        slots[i] = static_cast<std::uint8_t>(i * 13 + 1);
    for (std::size_t u = 0; u < universes; ++u)
        buildArtDmx(templates[u], *PortAddress::fromFlat(static_cast<int>(u)), 1, 0, slots);
    std::vector<std::uint64_t> counter(universes, 0);
    std::vector<std::uint8_t> sequence(universes, 0);

    // Batch size: a full batch at high rates; at low rates small enough that pacing stays smooth
    // (at least ~2,000 sendmmsg calls per second), as a console spreads its frames.
    int batch = kSendBatch;
    if (opts.rate > 0)
        batch = std::clamp(static_cast<int>(opts.rate / 2000.0), 1, kSendBatch);
    const auto interval = opts.rate > 0 ? std::chrono::nanoseconds(static_cast<std::int64_t>(1e9 * batch / opts.rate))
                                        : std::chrono::nanoseconds(0);

    static std::uint8_t buffers[kSendBatch][kPacketSize];
    mmsghdr msgs[kSendBatch]{};
    iovec iov[kSendBatch]{};
    std::size_t next = 0;
    const auto start = Clock::now();
    auto due = start;
    while (!stop.load(std::memory_order_relaxed)) {
        if (opts.rate > 0) {
            due += interval;
            const auto now = Clock::now();
            if (due > now)
                std::this_thread::sleep_until(due);
            else if (now - due > std::chrono::milliseconds(50))
                due = now;   // fell far behind (descheduled): do not burst to catch up
        }
        for (int i = 0; i < batch; ++i) {
            const std::size_t u = next;
            next = next + 1 == universes ? 0 : next + 1;
            std::uint8_t* p = buffers[i];
            std::memcpy(p, templates[u].data(), kPacketSize);
            sequence[u] = static_cast<std::uint8_t>(sequence[u] == 255 ? 1 : sequence[u] + 1);
            p[12] = sequence[u];
            const std::uint64_t n = ++counter[u];
            std::memcpy(p + kArtDmxHeaderSize + 8, &n, 8);
            iov[i] = {p, kPacketSize};
            msgs[i].msg_hdr = {};
            msgs[i].msg_hdr.msg_name = &to;
            msgs[i].msg_hdr.msg_namelen = sizeof to;
            msgs[i].msg_hdr.msg_iov = &iov[i];
            msgs[i].msg_hdr.msg_iovlen = 1;
        }
        const std::uint64_t stamp = nowNs();
        for (int i = 0; i < batch; ++i)
            std::memcpy(buffers[i] + kArtDmxHeaderSize, &stamp, 8);
        int done = 0;
        while (done < batch) {
            const int r = ::sendmmsg(fd, msgs + done, static_cast<unsigned>(batch - done), 0);
            if (r <= 0) { ++result.errors; break; }
            done += r;
        }
        result.sent += static_cast<std::uint64_t>(done);
    }
    result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    ::close(fd);
    return result;
}

// ------------------------------------------------------------------ bare recvmmsg ceiling

struct BareResult {
    std::uint64_t received = 0;
    std::uint64_t cpuNs = 0;
    int rcvbuf = 0;
};

struct BareReceiver {
    int fd = -1;
    std::uint16_t port = 0;
    int rcvbuf = 0;
    std::atomic<bool> stop{false};
    BareResult result;
    std::thread thread;

    BareReceiver() {
        fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        int request = net::UdpSocket::kDefaultReceiveBuffer;   // same request as the hub's socket
        ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &request, sizeof request);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
        socklen_t len = sizeof a;
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
        port = ntohs(a.sin_port);
        len = sizeof rcvbuf;
        ::getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, &len);
        thread = std::thread([this] { run(); });
    }

    void run() {
        pthread_setname_np(pthread_self(), "bare-recvmmsg");
        tryRealtime(10);   // same request as the hub's receive thread
        constexpr unsigned kBatch = 32;
        static std::uint8_t data[kBatch][1472];
        mmsghdr hdr[kBatch]{};
        iovec iov[kBatch]{};
        sockaddr_in from[kBatch]{};
        std::uint64_t n = 0;
        const std::uint64_t cpu0 = threadCpuNs();
        while (!stop.load(std::memory_order_relaxed)) {
            pollfd p{fd, POLLIN, 0};
            if (::poll(&p, 1, 50) <= 0)
                continue;
            for (;;) {
                for (unsigned i = 0; i < kBatch; ++i) {
                    iov[i] = {data[i], sizeof data[i]};
                    hdr[i].msg_hdr = {};
                    hdr[i].msg_hdr.msg_name = &from[i];
                    hdr[i].msg_hdr.msg_namelen = sizeof from[i];
                    hdr[i].msg_hdr.msg_iov = &iov[i];
                    hdr[i].msg_hdr.msg_iovlen = 1;
                }
                const int r = ::recvmmsg(fd, hdr, kBatch, MSG_DONTWAIT, nullptr);
                if (r <= 0) break;
                n += static_cast<std::uint64_t>(r);
                if (static_cast<unsigned>(r) < kBatch) break;
            }
        }
        result.received = n;
        result.cpuNs = threadCpuNs() - cpu0;
        result.rcvbuf = rcvbuf;
    }

    BareResult finish() {
        stop = true;
        thread.join();
        ::close(fd);
        return result;
    }
};

// ------------------------------------------------------------------ simulated audio thread

struct AudioResult {
    std::uint64_t popped = 0;
    std::uint64_t gaps = 0;            // packets missing by per-universe counter
    std::uint64_t blocks = 0;
    std::uint64_t lateWakeups = 0;     // woke more than one block after the deadline
    std::vector<std::uint64_t> histogram;   // 1 us buckets
    std::uint64_t maxNs = 0;
    bool realtime = false;

    double percentileUs(double p) const {
        std::uint64_t total = 0;
        for (auto c : histogram) total += c;
        if (total == 0) return 0;
        const auto want = static_cast<std::uint64_t>(p * static_cast<double>(total - 1)) + 1;
        std::uint64_t seen = 0;
        for (std::size_t i = 0; i < histogram.size(); ++i) {
            seen += histogram[i];
            if (seen >= want) return static_cast<double>(i) + 0.5;
        }
        return static_cast<double>(histogram.size());
    }
};

struct AudioThread {
    net::FrameQueue& queue;
    int universes;
    std::atomic<bool> stop{false};
    AudioResult result;
    std::thread thread;

    AudioThread(net::FrameQueue& q, int u) : queue(q), universes(u) {
        result.histogram.assign(200'000, 0);   // 0..200 ms, preallocated: nothing allocates in the loop
        thread = std::thread([this] { run(); });
    }

    void run() {
        pthread_setname_np(pthread_self(), "sim-audio");
        prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);   // audio threads run with (near) zero timer slack
        result.realtime = tryRealtime(20);
        std::vector<std::uint64_t> last(static_cast<std::size_t>(universes), 0);
        DmxFrame f;
        auto due = Clock::now();
        while (!stop.load(std::memory_order_relaxed)) {
            due += kBlock;
            std::this_thread::sleep_until(due);
            if (Clock::now() - due > kBlock) {
                ++result.lateWakeups;
                due = Clock::now();
            }
            ++result.blocks;
            while (queue.try_pop(f)) {
                const std::uint64_t now = nowNs();
                std::uint64_t sentNs = 0, n = 0;
                std::memcpy(&sentNs, f.slots.data(), 8);
                std::memcpy(&n, f.slots.data() + 8, 8);
                const std::uint64_t lat = now > sentNs ? now - sentNs : 0;
                result.maxNs = std::max(result.maxNs, lat);
                result.histogram[std::min<std::size_t>(lat / 1000, result.histogram.size() - 1)]++;
                if (f.universeKey < last.size()) {
                    auto& l = last[f.universeKey];
                    if (n > l + 1) result.gaps += n - l - 1;
                    l = std::max(l, n);
                }
                ++result.popped;
            }
        }
        // Gaps at the tail (sent but never popped) are counted by the caller from sent - popped.
    }

    AudioResult finish() {
        stop = true;
        thread.join();
        return std::move(result);
    }
};

std::size_t pow2AtLeast(std::size_t n) {
    std::size_t p = 2;
    while (p < n) p <<= 1;
    return p;
}

double pct(std::uint64_t part, std::uint64_t whole) {
    return whole ? 100.0 * static_cast<double>(part) / static_cast<double>(whole) : 0.0;
}

} // namespace

int main(int argc, char** argv) {
    Options opts;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--seconds") opts.seconds = std::atof(argv[i + 1]);
        else if (a == "--universes") opts.universes = std::max(1, std::atoi(argv[i + 1]));
        else if (a == "--rate") opts.rate = std::atof(argv[i + 1]);
        else if (a == "--queue") opts.queue = static_cast<std::size_t>(std::atol(argv[i + 1]));
        else if (a == "--phase") opts.phase = argv[i + 1];
        else { std::fprintf(stderr, "unknown option %s\n", argv[i]); return 2; }
    }
    const bool runBare = opts.phase != "hub", runHub = opts.phase != "bare";
    const double blocksPerSecond = 1e9 / static_cast<double>(kBlock.count());
    if (opts.queue == 0) {
        const double perBlock = (opts.rate > 0 ? opts.rate : 600'000.0) / blocksPerSecond;
        opts.queue = std::max<std::size_t>(256, pow2AtLeast(static_cast<std::size_t>(2 * perBlock)));
    }
    opts.queue = pow2AtLeast(opts.queue);

    std::printf("dmxin-load: %d universes x 512 slots, %s, %.1f s per phase, instance queue %zu frames\n",
                opts.universes, opts.rate > 0 ? (std::to_string(static_cast<long>(opts.rate)) + " packets/s").c_str()
                                              : "as fast as possible", opts.seconds, opts.queue);
    const auto sleepFor = std::chrono::duration<double>(opts.seconds);

    // ---- phase 1: bare recvmmsg
    BareResult bare;
    SendResult bareSent;
    std::uint64_t bareKernelDrops = 0;
    if (runBare) {
        BareReceiver rx;
        std::atomic<bool> stop{false};
        const std::uint64_t drops0 = udpRcvbufErrors();
        std::thread sender([&] { bareSent = runSender(opts, rx.port, stop); });
        std::this_thread::sleep_for(sleepFor);
        stop = true;
        sender.join();
        std::this_thread::sleep_for(std::chrono::milliseconds(200));   // drain the socket buffer
        bare = rx.finish();
        bareKernelDrops = udpRcvbufErrors() - drops0;
        std::printf("\nbare recvmmsg loop (receive buffer %d bytes read back)\n", bare.rcvbuf);
        std::printf("  sent       %12llu  %10.0f packets/s  (send errors %llu)\n", (unsigned long long)bareSent.sent,
                    static_cast<double>(bareSent.sent) / bareSent.seconds, (unsigned long long)bareSent.errors);
        std::printf("  received   %12llu  %10.0f packets/s  lost %llu (%.3f%%), kernel RcvbufErrors %llu\n",
                    (unsigned long long)bare.received, static_cast<double>(bare.received) / bareSent.seconds,
                    (unsigned long long)(bareSent.sent - bare.received), pct(bareSent.sent - bare.received, bareSent.sent),
                    (unsigned long long)bareKernelDrops);
        std::printf("  CPU        %.1f%% of a core, %.0f ns per packet\n", 100.0 * static_cast<double>(bare.cpuNs) / 1e9 / bareSent.seconds,
                    bare.received ? static_cast<double>(bare.cpuNs) / static_cast<double>(bare.received) : 0.0);
    }

    // ---- phase 2: ReceiverHub -> queue -> simulated audio thread
    SendResult hubSent;
    net::HubStatus st;
    AudioResult audio;
    std::uint64_t hubKernelDrops = 0;
    TaskCpu cpu0, cpu1;
    int tid = 0;
    if (runHub) {
        auto hub = net::ReceiverHub::acquire("127.0.0.1", 0);
        if (!hub->listening()) {
            std::fprintf(stderr, "bind failed: %s\n", hub->status().error.c_str());
            return 1;
        }
        for (int i = 0; i < 100 && tid == 0; ++i) {
            tid = findThread("dmxin-receive");
            if (tid == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        net::FrameQueue queue(opts.queue);
        const int sub = hub->subscribe(queue);
        std::vector<UniverseId> list;
        for (int u = 0; u < opts.universes; ++u)
            list.push_back(*PortAddress::fromFlat(u));
        hub->setUniverses(sub, list);

        AudioThread audioThread(queue, opts.universes);
        std::atomic<bool> stop{false};
        const std::uint64_t drops0 = udpRcvbufErrors();
        cpu0 = taskCpu(tid);
        std::thread sender([&] { hubSent = runSender(opts, hub->boundPort(), stop); });
        std::this_thread::sleep_for(sleepFor);
        stop = true;
        sender.join();
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        cpu1 = taskCpu(tid);
        audio = audioThread.finish();
        hubKernelDrops = udpRcvbufErrors() - drops0;
        st = hub->status();
        hub->unsubscribe(sub);
    }

    const double hubSeconds = hubSent.seconds > 0 ? hubSent.seconds : 1;
    const double hubRate = static_cast<double>(st.dmxFrames) / hubSeconds;
    const double bareRate = bareSent.seconds > 0 ? static_cast<double>(bare.received) / bareSent.seconds : 0;
    const std::uint64_t hubLost = hubSent.sent > st.datagrams ? hubSent.sent - st.datagrams : 0;
    const double cpuNs = static_cast<double>(cpu1.runNs - cpu0.runNs);
    const double ticksHz = static_cast<double>(sysconf(_SC_CLK_TCK));
    const double cpuTicksS = static_cast<double>(cpu1.ticks - cpu0.ticks) / ticksHz;
    if (runHub) {
        std::printf("\nReceiverHub -> queue -> audio thread (receive buffer %d bytes read back; tid %d)\n",
                    st.receiveBufferBytes, tid);
        std::printf("  sent       %12llu  %10.0f packets/s  (send errors %llu)\n", (unsigned long long)hubSent.sent,
                    static_cast<double>(hubSent.sent) / hubSeconds, (unsigned long long)hubSent.errors);
        std::printf("  received   %12llu  %10.0f packets/s parsed (datagrams %llu, rejected %llu)\n",
                    (unsigned long long)st.dmxFrames, hubRate, (unsigned long long)st.datagrams,
                    (unsigned long long)st.totalRejected());
        std::printf("  lost in kernel %8llu  (%.3f%%; RcvbufErrors %llu)\n", (unsigned long long)hubLost, pct(hubLost, hubSent.sent),
                    (unsigned long long)hubKernelDrops);
        std::printf("  delivered  %12llu  queue-full %llu, popped by audio thread %llu, counter gaps %llu\n",
                    (unsigned long long)st.delivered, (unsigned long long)st.queueFull, (unsigned long long)audio.popped,
                    (unsigned long long)audio.gaps);
        std::printf("  latency    p50 %.0f us, p99 %.0f us, p99.9 %.0f us, max %.0f us (sendmmsg -> popped in the audio thread)\n",
                    audio.percentileUs(0.5), audio.percentileUs(0.99), audio.percentileUs(0.999),
                    static_cast<double>(audio.maxNs) / 1000.0);
        std::printf("  audio      %llu blocks, %llu late wake-ups, SCHED_FIFO %s\n", (unsigned long long)audio.blocks,
                    (unsigned long long)audio.lateWakeups, audio.realtime ? "granted" : "refused");
        std::printf("  recv CPU   %.1f%% of a core (schedstat), %.1f%% (stat utime+stime), %.0f ns per packet\n",
                    100.0 * cpuNs / 1e9 / hubSeconds, 100.0 * cpuTicksS / hubSeconds,
                    st.datagrams ? cpuNs / static_cast<double>(st.datagrams) : 0.0);
    }
    if (runHub && runBare)
        std::printf("\nhub / bare received rate: %.3f   (CPU per packet hub / bare: %.2f)\n",
                    bareRate > 0 ? hubRate / bareRate : 0.0,
                    (bare.received && st.datagrams && bare.cpuNs)
                        ? (cpuNs / static_cast<double>(st.datagrams)) / (static_cast<double>(bare.cpuNs) / static_cast<double>(bare.received))
                        : 0.0);

    // Machine-readable summary for Builds/bench.sh.
    std::printf("@universes=%d\n@rate_requested=%.0f\n@seconds=%.2f\n@queue=%zu\n", opts.universes, opts.rate, opts.seconds, opts.queue);
    if (runBare)
        std::printf("@bare_sent_pps=%.0f\n@bare_rx_pps=%.0f\n@bare_lost=%llu\n@bare_cpu_ns_per_pkt=%.0f\n@bare_rcvbuf=%d\n",
                    static_cast<double>(bareSent.sent) / bareSent.seconds, bareRate,
                    (unsigned long long)(bareSent.sent - bare.received),
                    bare.received ? static_cast<double>(bare.cpuNs) / static_cast<double>(bare.received) : 0.0, bare.rcvbuf);
    if (runHub) {
        std::printf("@hub_sent_pps=%.0f\n@hub_rx_pps=%.0f\n@hub_sent=%llu\n@hub_kernel_lost=%llu\n@hub_queue_full=%llu\n"
                    "@hub_gaps=%llu\n@hub_popped=%llu\n@hub_rcvbuf=%d\n",
                    static_cast<double>(hubSent.sent) / hubSeconds, hubRate, (unsigned long long)hubSent.sent,
                    (unsigned long long)hubLost, (unsigned long long)st.queueFull, (unsigned long long)audio.gaps,
                    (unsigned long long)audio.popped, st.receiveBufferBytes);
        std::printf("@lat_p50_us=%.0f\n@lat_p99_us=%.0f\n@lat_max_us=%.0f\n@recv_cpu_pct=%.1f\n@recv_cpu_ns_per_pkt=%.0f\n@audio_rt=%d\n",
                    audio.percentileUs(0.5), audio.percentileUs(0.99), static_cast<double>(audio.maxNs) / 1000.0,
                    100.0 * cpuNs / 1e9 / hubSeconds, st.datagrams ? cpuNs / static_cast<double>(st.datagrams) : 0.0,
                    audio.realtime ? 1 : 0);
    }
    if (runHub && runBare) {
        // Two ratios. rate: received/s hub over bare; only a capacity ratio when both receivers,
        // not the sender, were the limit. capacity: receive-thread CPU per packet, bare over hub:
        // the fraction of the bare loop's packet rate the hub sustains on a fully busy core.
        std::printf("@ratio=%.3f\n", bareRate > 0 ? hubRate / bareRate : 0.0);
        std::printf("@capacity_ratio=%.3f\n", (bare.received && st.datagrams && cpuNs > 0)
                        ? (static_cast<double>(bare.cpuNs) / static_cast<double>(bare.received)) / (cpuNs / static_cast<double>(st.datagrams))
                        : 0.0);
    }
    return 0;
}
