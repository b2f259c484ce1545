#include "AllocationCounter.h"

#include <cstdlib>
#include <new>

namespace {
thread_local bool counting = false;
thread_local std::size_t count = 0;
} // namespace

namespace dmxin::testing {
ScopedAllocationCheck::ScopedAllocationCheck() { count = 0; counting = true; }
ScopedAllocationCheck::~ScopedAllocationCheck() { counting = false; }
std::size_t ScopedAllocationCheck::allocations() const { return count; }
} // namespace dmxin::testing

void* operator new(std::size_t size) {
    if (counting)
        ++count;
    if (void* p = std::malloc(size == 0 ? 1 : size))
        return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return ::operator new(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
