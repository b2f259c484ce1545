#pragma once
// Wait-free single-producer single-consumer ring of trivially copyable items.
// Capacity is a power of two fixed at construction; the only allocation happens in the constructor.
// Producer thread: try_push. Consumer thread: try_pop, or front + pop. Either thread: capacity(), sizeApprox().

#include <atomic>
#include <cstddef>
#include <memory>
#include <new>
#include <stdexcept>
#include <type_traits>

namespace dmxin {

template <typename T>
class SpscQueue {
    static_assert(std::is_trivially_copyable_v<T>, "SpscQueue holds trivially copyable items only");

public:
    // capacity must be a power of two >= 2; throws std::invalid_argument otherwise.
    explicit SpscQueue(std::size_t capacity)
        : mask_(checkedCapacity(capacity) - 1), items_(std::make_unique<T[]>(capacity)) {}

    SpscQueue(const SpscQueue&) = delete;
    SpscQueue& operator=(const SpscQueue&) = delete;

    // Producer only. Returns false (and changes nothing) when full.
    bool try_push(const T& item) noexcept {
        const std::size_t head = head_.load(std::memory_order_relaxed);  // only the producer writes head_
        if (head - cachedTail_ > mask_) {
            // acquire: the consumer's reads of the slot we are about to overwrite happened before.
            cachedTail_ = tail_.load(std::memory_order_acquire);
            if (head - cachedTail_ > mask_)
                return false;
        }
        items_[head & mask_] = item;
        head_.store(head + 1, std::memory_order_release);  // publishes the item to the consumer
        return true;
    }

    // Consumer only. Returns false (and leaves `out` untouched) when empty.
    bool try_pop(T& out) noexcept {
        const std::size_t tail = tail_.load(std::memory_order_relaxed);  // only the consumer writes tail_
        if (tail == cachedHead_) {
            cachedHead_ = head_.load(std::memory_order_acquire);  // see the producer's item writes
            if (tail == cachedHead_)
                return false;
        }
        out = items_[tail & mask_];
        tail_.store(tail + 1, std::memory_order_release);  // hands the slot back to the producer
        return true;
    }

    // Consumer only: the oldest item in place, or nullptr when empty. The producer does not touch
    // that slot until pop(), so a large item (a 536-byte DmxFrame) can be used where it lies
    // instead of being copied out first.
    const T* front() noexcept {
        const std::size_t tail = tail_.load(std::memory_order_relaxed);
        if (tail == cachedHead_) {
            cachedHead_ = head_.load(std::memory_order_acquire);
            if (tail == cachedHead_)
                return nullptr;
        }
        return &items_[tail & mask_];
    }
    // Consumer only, after front() returned an item: hands its slot back to the producer.
    void pop() noexcept {
        tail_.store(tail_.load(std::memory_order_relaxed) + 1, std::memory_order_release);
    }

    std::size_t capacity() const noexcept { return mask_ + 1; }

    std::size_t sizeApprox() const noexcept {
        return head_.load(std::memory_order_acquire) - tail_.load(std::memory_order_acquire);
    }

private:
    static std::size_t checkedCapacity(std::size_t capacity) {
        if (capacity < 2 || (capacity & (capacity - 1)) != 0)
            throw std::invalid_argument("SpscQueue capacity must be a power of two >= 2");
        return capacity;
    }

    static constexpr std::size_t kLine = 64;
    const std::size_t mask_;
    std::unique_ptr<T[]> items_;
    alignas(kLine) std::atomic<std::size_t> head_{0};
    alignas(kLine) std::size_t cachedTail_ = 0;   // producer's private copy of tail_
    alignas(kLine) std::atomic<std::size_t> tail_{0};
    alignas(kLine) std::size_t cachedHead_ = 0;   // consumer's private copy of head_
};

} // namespace dmxin
