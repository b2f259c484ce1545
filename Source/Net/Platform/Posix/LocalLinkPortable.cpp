// Portable POSIX local link (macOS, BSD; selectable on Linux): a SOCK_SEQPACKET socket at a path
// in the user's own folder, guarded by a lock file (see LocalLink.h).
#include "../LocalLink.h"
#include "PosixFd.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

namespace dmxin::net::locallink {

namespace {
// The listening socket's lock file stays open (and locked) exactly as long as the socket.
std::mutex& locksMutex() {
    static std::mutex m;
    return m;
}
std::map<int, int>& lockOfListener() {
    static std::map<int, int> locks;
    return locks;
}

// $XDG_RUNTIME_DIR (Linux, BSD) or $TMPDIR (macOS: per user) or /tmp, then a folder of our own
// that only this user may enter, so another user can neither take the name nor read the socket.
std::string userFolder() {
    const char* base = std::getenv("XDG_RUNTIME_DIR");
    if (base == nullptr || *base == '\0')
        base = std::getenv("TMPDIR");
    if (base == nullptr || *base == '\0')
        base = "/tmp";
    std::string dir = std::string(base) + "/dmxin-" + std::to_string(::geteuid());
    ::mkdir(dir.c_str(), 0700);
    return dir;
}

// sun_path holds 104 bytes on macOS: the channel name becomes a 16-digit hash (FNV-1a, 64 bits).
std::string pathFor(const std::string& name, const char* suffix) {
    std::uint64_t h = 1469598103934665603ull;
    for (const char c : name) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ull;
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
    return userFolder() + "/link-" + hex + suffix;
}

bool socketAddress(const std::string& path, sockaddr_un& a) noexcept {
    std::memset(&a, 0, sizeof a);
    a.sun_family = AF_UNIX;
    if (path.size() >= sizeof a.sun_path)
        return false;
    std::memcpy(a.sun_path, path.c_str(), path.size() + 1);
    return true;
}

Opened failed(int err) {
    return Opened{kNoHandle, classifyError(err), errorText(err)};
}

int newSocket() noexcept {
    const int fd = ::socket(AF_UNIX, SOCK_SEQPACKET, 0);
    if (fd < 0)
        return -1;
    if (!posix::makeNonBlockingCloseOnExec(fd)) {
        posix::closeKeepingErrno(fd);
        return -1;
    }
#ifdef SO_NOSIGPIPE
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof one);
#endif
    return fd;
}
} // namespace

Opened listenOn(const std::string& name) {
    // The lock is the election: flock is released by the kernel when its holder exits or crashes.
    const std::string lockPath = pathFor(name, ".lock");
    const int lock = ::open(lockPath.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (lock < 0)
        return failed(errno);
    if (::flock(lock, LOCK_EX | LOCK_NB) != 0) {
        const int err = errno;
        ::close(lock);
        if (err == EWOULDBLOCK)
            return Opened{kNoHandle, NetError::AddressInUse, "another process leads"};
        return failed(err);
    }
    const std::string path = pathFor(name, ".sock");
    sockaddr_un a{};
    if (!socketAddress(path, a)) {
        ::close(lock);
        return Opened{kNoHandle, NetError::Unsupported, "socket path too long: " + path};
    }
    ::unlink(path.c_str());   // left by a holder that crashed: we hold the lock now
    const int fd = newSocket();
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd, 64) != 0) {
        const int err = errno;
        if (fd >= 0)
            ::close(fd);
        ::close(lock);
        return failed(err);
    }
    std::lock_guard guard(locksMutex());
    lockOfListener()[fd] = lock;
    return Opened{fd, NetError::None, {}};
}

Opened connectTo(const std::string& name) {
    sockaddr_un a{};
    if (!socketAddress(pathFor(name, ".sock"), a))
        return Opened{kNoHandle, NetError::Unsupported, "socket path too long"};
    const int fd = newSocket();
    if (fd < 0)
        return failed(errno);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        const int err = errno;
        ::close(fd);
        return failed(err);
    }
    return Opened{fd, NetError::None, {}};
}

NativeHandle acceptFrom(NativeHandle listening) noexcept {
    const int fd = ::accept(posix::fdOf(listening), nullptr, nullptr);
    if (fd < 0)
        return kNoHandle;
    if (!posix::makeNonBlockingCloseOnExec(fd)) {
        ::close(fd);
        return kNoHandle;
    }
#ifdef SO_NOSIGPIPE
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof one);
#endif
    return fd;
}

void close(NativeHandle handle) noexcept {
    if (handle == kNoHandle)
        return;
    const int fd = posix::fdOf(handle);
    int lock = -1;
    {
        std::lock_guard guard(locksMutex());
        auto& locks = lockOfListener();
        if (const auto it = locks.find(fd); it != locks.end()) {
            lock = it->second;
            locks.erase(it);
        }
    }
    ::close(fd);
    if (lock >= 0)
        ::close(lock);   // after the socket: a new leader never finds our socket still listening
}

} // namespace dmxin::net::locallink
