#pragma once
// DelayMeter: how long DMX frames waited between arriving on the socket and the audio block that
// used them, as median and worst over the last few seconds, for the status panel.
//
// The audio thread records one figure per frame; any other thread reads a summary. Lock-free and
// allocation-free: one histogram of atomics per second (kSeconds + 1 of them, a ring), so the
// reader never needs the writer to stop and old seconds fall out by themselves. The median is
// resolved to kBinNs (0.1 ms); the worst is exact. A reader racing the writer's turn to a new
// second may miss that second's first few samples: a display figure, not an accounting one.

#include <array>
#include <atomic>
#include <cstdint>

namespace dmxin {

class DelayMeter {
public:
    static constexpr int kSeconds = 5;                        // the window: the last 5 whole seconds + this one
    static constexpr std::uint64_t kBinNs = 100'000;          // 0.1 ms
    static constexpr int kBins = 1000;                        // 0..100 ms; later frames count in the last bin

    struct Summary {
        std::uint64_t count = 0;         // frames in the window
        std::uint64_t medianNs = 0;      // upper edge of the median's 0.1 ms bin, at most worstNs
        std::uint64_t worstNs = 0;
    };

    DelayMeter();

    // Audio thread (one writer): a frame that arrived delayNs before the block at nowNs used it.
    // nowNs is any monotonic clock in ns (the same one summary() is given). Never allocates or locks.
    void record(std::uint64_t nowNs, std::uint64_t delayNs) noexcept;

    // Any non-audio thread: the frames recorded in the window ending at nowNs.
    Summary summary(std::uint64_t nowNs) const noexcept;

private:
    static constexpr int kSlots = kSeconds + 1;
    struct Second {
        std::atomic<std::uint64_t> stamp{0};                  // second number + 1; 0 = empty
        std::atomic<std::uint64_t> worstNs{0};
        std::array<std::atomic<std::uint32_t>, kBins> bins{};
    };
    std::array<Second, kSlots> seconds_;
};

} // namespace dmxin
