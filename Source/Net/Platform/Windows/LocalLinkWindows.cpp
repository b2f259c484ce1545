// Windows local link (see LocalLink.h): a named mutex is the election, message-mode named pipes
// are the connections, the peer's user is its token's SID.
//
// - Election: Global\dmxin-<hash of the channel name>, held by a small thread of our own for as
//   long as the listener lives. A mutex belongs to the thread that acquired it, not the process:
//   the thread that calls listenOn (a hub's constructor, or its receive thread at a failover) may
//   exit while the listener lives, and a second hub in the same process on the same thread would
//   acquire it again recursively. So a dedicated thread owns it, and releases it when close()
//   asks. When the leader's process dies the mutex is abandoned and WAIT_ABANDONED counts as
//   acquired. Global\: the UDP ports are the machine's, so is the election (mutexes need no
//   privilege there). Another user's mutex refuses us (ERROR_ACCESS_DENIED): someone else leads.
// - Pipes: \\.\pipe\dmxin-<hash>, duplex, overlapped, PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE,
//   remote clients rejected, a DACL that grants only the current user. The leader keeps
//   kPendingInstances instances waiting in ConnectNamedPipe; acceptFrom hands out a connected one
//   and puts a new one in its place. FILE_FLAG_FIRST_PIPE_INSTANCE is not used: on Windows it
//   would refuse a new leader while the old leader's connected instances are still closing, and
//   Wine 8 does not enforce it, so that path could not be tested. Both ends check the peer's SID
//   instead (peerCredentials / sameUser), which also catches another user's pipe squatting the name.
// - Non-blocking like the POSIX backends. Each connection keeps one overlapped read into its own
//   buffer (started by receiveMessage or by the WaitSet); receiveMessage copies a completed one
//   out. A send copies the message and writes it overlapped: a write that cannot complete at once
//   is already in the pipe's queue (Windows and Wine both queue it), so it counts as sent, and
//   while it is pending every further send returns 0 ("would block", dropped by the caller): a
//   stalled peer holds at most the pipe's buffer plus one message, and the sender never waits.

#include "../LocalLink.h"
#include "PipeLink.h"

#include <array>
#include <cstdio>
#include <cstring>
#include <future>
#include <memory>
#include <thread>
#include <vector>

namespace dmxin::net::locallink {

namespace {

constexpr DWORD kOutBuffer = 256 * 1024;   // leader -> follower queue (LocalLeader::kFollowerSendBuffer)
constexpr DWORD kInBuffer = 64 * 1024;     // follower -> leader: Hello and Subscribe (at most ~16 KiB)
constexpr std::size_t kReadBuffer = 32 * 1024;   // larger than any valid message; longer ones are truncated
constexpr std::size_t kPendingInstances = 2;

enum class Kind : std::uint8_t { Connection, Listener };

struct PipeObject {
    explicit PipeObject(Kind k) : kind(k) {}
    Kind kind;
};

HANDLE newEvent() noexcept { return CreateEventW(nullptr, TRUE, FALSE, nullptr); }

struct Connection : PipeObject {
    enum class Read : std::uint8_t { Idle, Pending, Done, Ended, Failed };

    Connection(HANDLE p, bool isServer) : PipeObject(Kind::Connection), pipe(p), server(isServer) {
        readOv.hEvent = newEvent();
        writeOv.hEvent = newEvent();
        writeBuffer.reserve(2048);
    }
    ~Connection() {
        // Pending I/O writes into this object: cancel it and wait for the cancellation to land.
        DWORD n = 0;
        if (read == Read::Pending) {
            CancelIoEx(pipe, &readOv);
            GetOverlappedResult(pipe, &readOv, &n, TRUE);
        }
        if (writing) {
            CancelIoEx(pipe, &writeOv);
            GetOverlappedResult(pipe, &writeOv, &n, TRUE);
        }
        CloseHandle(pipe);   // no DisconnectNamedPipe: the peer may still read what is queued, then EOF
        CloseHandle(readOv.hEvent);
        CloseHandle(writeOv.hEvent);
    }

    HANDLE pipe;
    bool server;
    OVERLAPPED readOv{};
    Read read = Read::Idle;
    DWORD got = 0;
    bool more = false;         // the completed read holds the start of a longer message
    bool discarding = false;   // reading the rest of a truncated message
    std::unique_ptr<std::uint8_t[]> readBuffer{new std::uint8_t[kReadBuffer]};
    OVERLAPPED writeOv{};
    bool writing = false;
    std::vector<std::uint8_t> writeBuffer;
};

bool peerGone(DWORD err) noexcept {
    return err == ERROR_BROKEN_PIPE || err == ERROR_PIPE_NOT_CONNECTED || err == ERROR_NO_DATA;
}

// The outcome of a finished read (synchronously or after pending).
void finishRead(Connection& c, BOOL ok, DWORD n, DWORD err) noexcept {
    if (ok || err == ERROR_MORE_DATA) {
        c.read = Connection::Read::Done;
        c.got = n;
        c.more = !ok;
    } else if (peerGone(err)) {
        c.read = Connection::Read::Ended;
    } else {
        c.read = Connection::Read::Failed;
    }
}

void startRead(Connection& c) noexcept {
    if (c.read != Connection::Read::Idle)
        return;
    c.readOv.Internal = c.readOv.InternalHigh = 0;
    c.readOv.Offset = c.readOv.OffsetHigh = 0;
    DWORD n = 0;
    if (ReadFile(c.pipe, c.readBuffer.get(), static_cast<DWORD>(kReadBuffer), &n, &c.readOv)) {
        finishRead(c, TRUE, n, 0);
        return;
    }
    const DWORD err = GetLastError();
    if (err == ERROR_IO_PENDING)
        c.read = Connection::Read::Pending;
    else if (err == ERROR_MORE_DATA)
        finishRead(c, FALSE, static_cast<DWORD>(kReadBuffer), err);
    else
        finishRead(c, FALSE, 0, err);
}

// Pending -> its outcome once the system has completed it; never waits.
void pollRead(Connection& c) noexcept {
    if (c.read != Connection::Read::Pending || !HasOverlappedIoCompleted(&c.readOv))
        return;
    DWORD n = 0;
    const BOOL ok = GetOverlappedResult(c.pipe, &c.readOv, &n, FALSE);
    finishRead(c, ok, n, ok ? 0 : GetLastError());
}

// ---- the current user ----------------------------------------------------------------------

std::uint32_t hashBytes(const void* data, std::size_t size) noexcept {
    std::uint32_t h = 2166136261u;
    for (std::size_t i = 0; i < size; ++i) {
        h ^= static_cast<const std::uint8_t*>(data)[i];
        h *= 16777619u;
    }
    return h;
}

// A process token's user SID (TOKEN_USER buffer), empty when unknown.
std::vector<std::uint8_t> tokenUser(HANDLE token) {
    DWORD size = 0;
    GetTokenInformation(token, TokenUser, nullptr, 0, &size);
    if (size == 0)
        return {};
    std::vector<std::uint8_t> buffer(size);
    if (!GetTokenInformation(token, TokenUser, buffer.data(), size, &size))
        return {};
    return buffer;
}

PSID sidOf(std::vector<std::uint8_t>& tokenUserBuffer) noexcept {
    return tokenUserBuffer.empty() ? nullptr : reinterpret_cast<TOKEN_USER*>(tokenUserBuffer.data())->User.Sid;
}

struct CurrentUser {
    std::vector<std::uint8_t> tokenUser;
    PSID sid = nullptr;
    std::uint32_t id = 0;   // what peerCredentials reports as uid for a peer with this SID
    // A DACL that allows this user only: the pipe's security.
    std::vector<std::uint8_t> acl;
    SECURITY_DESCRIPTOR descriptor{};
    SECURITY_ATTRIBUTES attributes{};
    bool secured = false;

    CurrentUser() {
        HANDLE token = nullptr;
        if (OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token)) {
            tokenUser = locallink::tokenUser(token);
            CloseHandle(token);
        }
        sid = sidOf(tokenUser);
        if (sid == nullptr || !IsValidSid(sid))
            return;
        id = hashBytes(sid, GetLengthSid(sid));
        acl.resize(sizeof(ACL) + sizeof(ACCESS_ALLOWED_ACE) + GetLengthSid(sid));
        auto* a = reinterpret_cast<ACL*>(acl.data());
        secured = InitializeAcl(a, static_cast<DWORD>(acl.size()), ACL_REVISION)
                  && AddAccessAllowedAce(a, ACL_REVISION, GENERIC_ALL, sid)
                  && InitializeSecurityDescriptor(&descriptor, SECURITY_DESCRIPTOR_REVISION)
                  && SetSecurityDescriptorDacl(&descriptor, TRUE, a, FALSE);
        attributes.nLength = sizeof attributes;
        attributes.lpSecurityDescriptor = &descriptor;
        attributes.bInheritHandle = FALSE;
    }
};

CurrentUser& currentUser() {
    static CurrentUser user;
    return user;
}

// ---- names ---------------------------------------------------------------------------------

std::wstring hashedName(const wchar_t* prefix, const std::string& name) {
    std::uint64_t h = 1469598103934665603ull;
    for (const char ch : name) {
        h ^= static_cast<unsigned char>(ch);
        h *= 1099511628211ull;
    }
    wchar_t hex[17];
    std::swprintf(hex, 17, L"%016llx", static_cast<unsigned long long>(h));
    return std::wstring(prefix) + hex;
}

std::wstring pipeName(const std::string& name) { return hashedName(L"\\\\.\\pipe\\dmxin-", name); }
std::wstring mutexName(const std::string& name) { return hashedName(L"Global\\dmxin-", name); }

// ---- errors --------------------------------------------------------------------------------

std::string systemText(DWORD err) {
    switch (err) {
    case ERROR_FILE_NOT_FOUND: return "nobody holds the local channel (ERROR_FILE_NOT_FOUND)";
    case ERROR_PIPE_BUSY: return "the local leader has no free pipe instance (ERROR_PIPE_BUSY)";
    case ERROR_ACCESS_DENIED: return "access denied (ERROR_ACCESS_DENIED)";
    case ERROR_NOT_SUPPORTED: return "not supported (ERROR_NOT_SUPPORTED)";
    default: return "Windows error " + std::to_string(err);
    }
}

Opened failed(DWORD err) {
    const NetError kind = err == ERROR_NOT_SUPPORTED || err == ERROR_CALL_NOT_IMPLEMENTED ? NetError::Unsupported
                                                                                         : NetError::Other;
    return Opened{kNoHandle, kind, systemText(err)};
}

// ---- the election --------------------------------------------------------------------------

class Election {
public:
    enum class Outcome { Acquired, Busy, Failed };

    // Tries once, without waiting for another holder.
    Outcome acquire(const std::wstring& name, DWORD& error) {
        release_ = newEvent();
        if (release_ == nullptr) {
            error = GetLastError();
            return Outcome::Failed;
        }
        std::promise<std::pair<Outcome, DWORD>> promise;
        auto future = promise.get_future();
        // The promise lives in the thread: set_value may still run there after get() returned.
        thread_ = std::thread([this, name, result = std::move(promise)]() mutable {
            const HANDLE mutex = CreateMutexW(nullptr, FALSE, name.c_str());
            if (mutex == nullptr) {
                const DWORD err = GetLastError();
                // Another user's mutex: somebody else holds the name.
                result.set_value({err == ERROR_ACCESS_DENIED ? Outcome::Busy : Outcome::Failed, err});
                return;
            }
            const DWORD r = WaitForSingleObject(mutex, 0);
            if (r == WAIT_OBJECT_0 || r == WAIT_ABANDONED) {   // abandoned: the last leader died holding it
                result.set_value({Outcome::Acquired, 0});
                WaitForSingleObject(release_, INFINITE);
                ReleaseMutex(mutex);
            } else {
                result.set_value({r == WAIT_TIMEOUT ? Outcome::Busy : Outcome::Failed, GetLastError()});
            }
            CloseHandle(mutex);
        });
        const auto [outcome, err] = future.get();
        error = err;
        if (outcome != Outcome::Acquired)
            stop();
        return outcome;
    }

    void stop() noexcept {
        if (release_ != nullptr)
            SetEvent(release_);
        if (thread_.joinable())
            thread_.join();
        if (release_ != nullptr)
            CloseHandle(release_);
        release_ = nullptr;
    }

    ~Election() { stop(); }

private:
    HANDLE release_ = nullptr;
    std::thread thread_;
};

// ---- the listener --------------------------------------------------------------------------

struct Listener : PipeObject {
    struct Instance {
        HANDLE pipe = INVALID_HANDLE_VALUE;
        OVERLAPPED ov{};
        bool pending = false;
        bool connected = false;
    };

    Listener() : PipeObject(Kind::Listener) {
        for (auto& i : instances)
            i.ov.hEvent = newEvent();
    }
    ~Listener() {
        // The pipe before the name: a new leader never finds this one still listening.
        for (auto& i : instances) {
            if (i.pending) {
                DWORD n = 0;
                CancelIoEx(i.pipe, &i.ov);
                GetOverlappedResult(i.pipe, &i.ov, &n, TRUE);
            }
            if (i.pipe != INVALID_HANDLE_VALUE)
                CloseHandle(i.pipe);
            CloseHandle(i.ov.hEvent);
        }
        election.stop();
    }

    // Waits for the next client on this instance's pipe.
    void listen(Instance& i) noexcept {
        for (int attempt = 0; attempt < 2; ++attempt) {
            i.pending = i.connected = false;
            i.ov.Internal = i.ov.InternalHigh = 0;
            if (ConnectNamedPipe(i.pipe, &i.ov)) {
                i.connected = true;
                return;
            }
            const DWORD err = GetLastError();
            if (err == ERROR_IO_PENDING) {
                i.pending = true;
                return;
            }
            if (err == ERROR_PIPE_CONNECTED) {   // a client came between create and connect
                i.connected = true;
                return;
            }
            DisconnectNamedPipe(i.pipe);   // ERROR_NO_DATA: a client came and went: listen again
        }
    }

    // True when the instance holds a connected client.
    bool ready(Instance& i) noexcept {
        if (i.connected)
            return true;
        if (!i.pending || !HasOverlappedIoCompleted(&i.ov))
            return false;
        i.pending = false;
        DWORD n = 0;
        if (GetOverlappedResult(i.pipe, &i.ov, &n, FALSE)) {
            i.connected = true;
            return true;
        }
        DisconnectNamedPipe(i.pipe);
        listen(i);
        return i.connected;
    }

    DWORD create(Instance& i) noexcept {
        CurrentUser& user = currentUser();
        i.pipe = CreateNamedPipeW(name.c_str(), PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED,
                                  PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE | PIPE_WAIT | PIPE_REJECT_REMOTE_CLIENTS,
                                  PIPE_UNLIMITED_INSTANCES, kOutBuffer, kInBuffer, 0,
                                  user.secured ? &user.attributes : nullptr);
        if (i.pipe == INVALID_HANDLE_VALUE)
            return GetLastError();
        listen(i);
        return 0;
    }

    std::wstring name;
    Election election;
    std::array<Instance, kPendingInstances> instances{};
};

NativeHandle tag(PipeObject* object) noexcept { return reinterpret_cast<NativeHandle>(object) | 1; }

PipeObject* objectOf(NativeHandle h) noexcept {
    return win::isPipeHandle(h) ? reinterpret_cast<PipeObject*>(h & ~NativeHandle{1}) : nullptr;
}

Connection* connectionOf(NativeHandle h) noexcept {
    PipeObject* o = objectOf(h);
    return o != nullptr && o->kind == Kind::Connection ? static_cast<Connection*>(o) : nullptr;
}

Listener* listenerOf(NativeHandle h) noexcept {
    PipeObject* o = objectOf(h);
    return o != nullptr && o->kind == Kind::Listener ? static_cast<Listener*>(o) : nullptr;
}

} // namespace

Opened listenOn(const std::string& name) {
    auto listener = std::make_unique<Listener>();
    DWORD err = 0;
    switch (listener->election.acquire(mutexName(name), err)) {
    case Election::Outcome::Acquired: break;
    case Election::Outcome::Busy: return Opened{kNoHandle, NetError::AddressInUse, "another process leads"};
    case Election::Outcome::Failed: return failed(err);
    }
    listener->name = pipeName(name);
    for (auto& i : listener->instances) {
        err = listener->create(i);
        if (err == ERROR_ACCESS_DENIED || err == ERROR_PIPE_BUSY)   // another user's pipe holds the name
            return Opened{kNoHandle, NetError::AddressInUse, "the pipe name is held: " + systemText(err)};
        if (err != 0)
            return failed(err);
    }
    return Opened{tag(listener.release()), NetError::None, {}};
}

Opened connectTo(const std::string& name) {
    // Identification only: the leader may learn who we are but cannot act as us.
    const HANDLE pipe = CreateFileW(pipeName(name).c_str(), GENERIC_READ | GENERIC_WRITE, 0, nullptr, OPEN_EXISTING,
                                    FILE_FLAG_OVERLAPPED | SECURITY_SQOS_PRESENT | SECURITY_IDENTIFICATION, nullptr);
    if (pipe == INVALID_HANDLE_VALUE)
        return failed(GetLastError());
    DWORD mode = PIPE_READMODE_MESSAGE;
    if (!SetNamedPipeHandleState(pipe, &mode, nullptr, nullptr)) {
        const DWORD err = GetLastError();
        CloseHandle(pipe);
        return failed(err);
    }
    return Opened{tag(new Connection(pipe, false)), NetError::None, {}};
}

NativeHandle acceptFrom(NativeHandle listening) noexcept {
    Listener* l = listenerOf(listening);
    if (l == nullptr)
        return kNoHandle;
    for (auto& i : l->instances) {
        if (!l->ready(i))
            continue;
        Connection* c = nullptr;
        try {
            c = new Connection(i.pipe, true);
        } catch (...) {
            return kNoHandle;
        }
        i.pipe = INVALID_HANDLE_VALUE;
        i.connected = i.pending = false;
        l->create(i);   // on failure the slot stays empty: the other instances still listen
        return tag(c);
    }
    return kNoHandle;
}

void close(NativeHandle handle) noexcept {
    if (Connection* c = connectionOf(handle))
        delete c;
    else if (Listener* l = listenerOf(handle))
        delete l;
}

PeerCredentials peerCredentials(NativeHandle connection) noexcept {
    PeerCredentials p;
    Connection* c = connectionOf(connection);
    if (c == nullptr)
        return p;
    ULONG pid = 0;
    if (!(c->server ? GetNamedPipeClientProcessId(c->pipe, &pid) : GetNamedPipeServerProcessId(c->pipe, &pid)))
        return p;
    p.pid = pid;
    const HANDLE process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid);
    if (process == nullptr)
        return p;
    HANDLE token = nullptr;
    std::vector<std::uint8_t> user;
    if (OpenProcessToken(process, TOKEN_QUERY, &token)) {
        try {
            user = tokenUser(token);
        } catch (...) {
        }
        CloseHandle(token);
    }
    CloseHandle(process);
    const PSID sid = sidOf(user);
    const CurrentUser& me = currentUser();
    if (sid == nullptr || !IsValidSid(sid) || me.sid == nullptr)
        return p;
    // uid: our own id exactly when the SIDs are equal, so sameUser's comparison is the SID's.
    p.known = true;
    if (EqualSid(sid, me.sid)) {
        p.uid = me.id;
    } else {
        p.uid = hashBytes(sid, GetLengthSid(sid));
        if (p.uid == me.id)
            p.uid ^= 1;
    }
    return p;
}

bool sameUser(const PeerCredentials& peer) noexcept {
    const CurrentUser& me = currentUser();
    return peer.known && me.sid != nullptr && peer.uid == me.id;
}

int sendMessage(NativeHandle connection, const std::uint8_t* data, std::size_t size) noexcept {
    Connection* c = connectionOf(connection);
    if (c == nullptr || size > 0xFFFF'FFFFu)
        return -1;
    if (c->writing) {
        if (!HasOverlappedIoCompleted(&c->writeOv))
            return 0;   // the last message still waits for room: this one is dropped
        DWORD n = 0;
        c->writing = false;
        if (!GetOverlappedResult(c->pipe, &c->writeOv, &n, FALSE))
            return -1;
    }
    try {
        c->writeBuffer.assign(data, data + size);   // the write may outlive the caller's buffer
    } catch (...) {
        return 0;
    }
    c->writeOv.Internal = c->writeOv.InternalHigh = 0;
    c->writeOv.Offset = c->writeOv.OffsetHigh = 0;
    DWORD n = 0;
    if (WriteFile(c->pipe, c->writeBuffer.data(), static_cast<DWORD>(size), &n, &c->writeOv))
        return 1;
    if (GetLastError() == ERROR_IO_PENDING) {
        c->writing = true;   // queued: it completes when the peer reads
        return 1;
    }
    return -1;
}

long receiveMessage(NativeHandle connection, std::uint8_t* buffer, std::size_t capacity, bool* truncated) noexcept {
    if (truncated != nullptr)
        *truncated = false;
    Connection* c = connectionOf(connection);
    if (c == nullptr)
        return kBroken;
    for (;;) {
        startRead(*c);
        pollRead(*c);
        switch (c->read) {
        case Connection::Read::Idle:
        case Connection::Read::Pending: return kNothingReady;
        case Connection::Read::Ended: return kEndOfStream;
        case Connection::Read::Failed: return kBroken;
        case Connection::Read::Done: break;
        }
        c->read = Connection::Read::Idle;
        if (c->discarding) {   // the rest of a message already reported truncated
            c->discarding = c->more;
            continue;
        }
        const std::size_t n = std::min<std::size_t>(c->got, capacity);
        std::memcpy(buffer, c->readBuffer.get(), n);
        c->discarding = c->more;
        if (truncated != nullptr)
            *truncated = c->more || c->got > capacity;
        return static_cast<long>(n);
    }
}

int setSendBuffer(NativeHandle connection, int) noexcept {
    // A pipe's quotas are set when the leader creates it (kOutBuffer toward followers).
    const Connection* c = connectionOf(connection);
    if (c == nullptr)
        return 0;
    return static_cast<int>(c->server ? kOutBuffer : kInBuffer);
}

} // namespace dmxin::net::locallink

namespace dmxin::net::win {

using locallink::Connection;
using locallink::Listener;

bool preparePipeWait(NativeHandle h, PipeReady& ready, HANDLE* events, std::size_t& count, std::size_t capacity,
                     bool& overflow) noexcept {
    auto push = [&](HANDLE e) {
        if (count < capacity)
            events[count++] = e;
        else
            overflow = true;
    };
    if (Connection* c = locallink::connectionOf(h)) {
        locallink::startRead(*c);
        ready = pipeReadiness(h);
        if (ready.readable || ready.hungUp)
            return true;
        push(c->readOv.hEvent);
        return false;
    }
    if (Listener* l = locallink::listenerOf(h)) {
        ready = pipeReadiness(h);
        if (ready.readable)
            return true;
        for (auto& i : l->instances)
            if (i.pending)
                push(i.ov.hEvent);
        return false;
    }
    ready = PipeReady{};
    return false;
}

PipeReady pipeReadiness(NativeHandle h) noexcept {
    PipeReady r;
    if (Connection* c = locallink::connectionOf(h)) {
        locallink::pollRead(*c);
        switch (c->read) {
        case Connection::Read::Done: r.readable = true; break;
        case Connection::Read::Ended:
        case Connection::Read::Failed: r.readable = r.hungUp = true; break;
        default: break;
        }
    } else if (Listener* l = locallink::listenerOf(h)) {
        for (auto& i : l->instances)
            r.readable = r.readable || l->ready(i);
    }
    return r;
}

} // namespace dmxin::net::win
