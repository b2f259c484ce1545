#include "../ThreadTraits.h"
#include "Winsock.h"

#include <string>

namespace dmxin::net {

void nameThisThread(const char* name) noexcept {
    // SetThreadDescription exists from Windows 10 1607 (and in Wine), but MinGW's headers lack it:
    // look it up at run time.
    using SetDescription = HRESULT(WINAPI*)(HANDLE, PCWSTR);
    const HMODULE kernel = GetModuleHandleW(L"kernel32.dll");
    if (kernel == nullptr)
        return;
    const auto set = reinterpret_cast<SetDescription>(
        reinterpret_cast<void*>(GetProcAddress(kernel, "SetThreadDescription")));
    if (set == nullptr)
        return;
    wchar_t wide[32] = {};
    for (std::size_t i = 0; i + 1 < std::size(wide) && name[i] != '\0'; ++i)
        wide[i] = static_cast<wchar_t>(static_cast<unsigned char>(name[i]));
    set(GetCurrentThread(), wide);
}

void raiseThisThreadPriority() noexcept {
    SetThreadPriority(GetCurrentThread(), THREAD_PRIORITY_HIGHEST);
}

} // namespace dmxin::net
