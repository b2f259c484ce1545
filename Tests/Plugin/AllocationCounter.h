#pragma once
// Counts heap allocations made by the current thread while a ScopedAllocationCheck is alive
// (global operator new is replaced in AllocationCounter.cpp). Used to prove processBlock
// never allocates.

#include <cstddef>

namespace dmxin::testing {

struct ScopedAllocationCheck {
    ScopedAllocationCheck();
    ~ScopedAllocationCheck();
    std::size_t allocations() const;
};

} // namespace dmxin::testing
