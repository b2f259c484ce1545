#pragma once
// This process's id, as the local channel reports it ("local leader pid 1234").
#include <cstdint>

namespace dmxin::net {

std::uint32_t currentProcessId() noexcept;

} // namespace dmxin::net
