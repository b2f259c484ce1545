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
// The nothrow forms too (Catch2 uses them): otherwise a sanitizer runtime serves them from its own
// allocator and our operator delete frees them with std::free (ASan: alloc-dealloc-mismatch), and
// they would escape the count.
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
    if (counting)
        ++count;
    return std::malloc(size == 0 ? 1 : size);
}
void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept { return ::operator new(size, tag); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
