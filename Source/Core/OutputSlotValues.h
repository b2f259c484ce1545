#pragma once
// The parameter slot values an instance's output reads: written by the audio thread (wait-free, one
// relaxed atomic store per slot), read by the sender thread once per tick. Each slot is independent,
// so relaxed order is enough: a tick may see one slot from this block and another from the last one,
// and the next tick, at most one period later, sends the settled values.
// publish: audio thread (or the message thread when there are no audio callbacks). read: sender thread.

#include "DmxFrame.h"

#include <array>
#include <atomic>
#include <span>

namespace dmxin {

class OutputSlotValues {
public:
    OutputSlotValues() noexcept {
        for (auto& v : values_)
            v.store(0.0f, std::memory_order_relaxed);
    }

    // slot 1..kNumParameterSlots; others are ignored. Never blocks or allocates.
    void publish(int slot, float value) noexcept {
        if (slot >= 1 && slot <= kNumParameterSlots)
            values_[static_cast<std::size_t>(slot - 1)].store(value, std::memory_order_relaxed);
    }

    // Copies every slot into out (out[i] is slot i + 1); copies min(out.size(), kNumParameterSlots).
    void read(std::span<float> out) const noexcept {
        for (std::size_t i = 0; i < out.size() && i < values_.size(); ++i)
            out[i] = values_[i].load(std::memory_order_relaxed);
    }

private:
    std::array<std::atomic<float>, kNumParameterSlots> values_;
    static_assert(std::atomic<float>::is_always_lock_free, "the audio thread must not take a lock");
};

} // namespace dmxin
