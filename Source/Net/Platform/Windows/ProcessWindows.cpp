#include "../Process.h"
#include "Winsock.h"

namespace dmxin::net {

std::uint32_t currentProcessId() noexcept {
    return static_cast<std::uint32_t>(GetCurrentProcessId());
}

std::string hostName() {
    char buffer[MAX_COMPUTERNAME_LENGTH + 1] = {};
    DWORD size = sizeof buffer;
    if (!GetComputerNameA(buffer, &size) || buffer[0] == '\0')
        return "this machine";
    return buffer;
}

bool runningUnderWine() noexcept {
    // Wine's ntdll exports wine_get_version; Windows' does not.
    const HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    return ntdll != nullptr && GetProcAddress(ntdll, "wine_get_version") != nullptr;
}

} // namespace dmxin::net
