// The Windows local link itself: the election across processes (a child process of this test
// runner leads), the leader's pid and user, message boundaries and truncation, end of stream and
// a free name when the leader's process dies (its mutex abandoned), and WaitSet waiting on pipes
// and sockets together, beyond MAXIMUM_WAIT_OBJECTS. Windows backend only (Wine runs it here).

#include "Net/Platform/LocalLink.h"
#include "Net/Platform/UdpSocket.h"
#include "Net/Platform/WaitSet.h"

#include "NetTestUtil.h"

#include <catch2/catch.hpp>

#include <windows.h>

#include <cstdlib>
#include <string>
#include <vector>

using namespace dmxin::net;
using dmxin::nettest::eventually;

namespace {
using Bytes = std::vector<std::uint8_t>;

const char* kChildVariable = "DMXIN_LINK_CHILD_CHANNEL";

std::string uniqueChannel(const char* what) {
    return std::string("dmxin-test/link/") + what + "/" + std::to_string(GetCurrentProcessId());
}

// Runs this test runner again as the leader of `channel` (the hidden test case below).
PROCESS_INFORMATION spawnLeader(const std::string& channel) {
    SetEnvironmentVariableA(kChildVariable, channel.c_str());
    char self[MAX_PATH];
    GetModuleFileNameA(nullptr, self, MAX_PATH);
    std::string command = std::string("\"") + self + "\" \"[.linkchild]\"";
    STARTUPINFOA si{};
    si.cb = sizeof si;
    PROCESS_INFORMATION pi{};
    const BOOL ok = CreateProcessA(nullptr, command.data(), nullptr, nullptr, FALSE, 0, nullptr, nullptr, &si, &pi);
    SetEnvironmentVariableA(kChildVariable, nullptr);
    REQUIRE(ok);
    return pi;
}

Bytes message(std::size_t size, std::uint8_t first) {
    Bytes m(size, 0x5A);
    m[0] = first;
    return m;
}
} // namespace

// The child: leads the channel, sends three messages to its first follower, then waits to be killed.
TEST_CASE("local link child leader", "[.linkchild]") {
    const char* channel = std::getenv(kChildVariable);
    REQUIRE(channel != nullptr);
    const auto listening = locallink::listenOn(channel);
    REQUIRE(listening.handle != kNoHandle);
    NativeHandle follower = kNoHandle;
    REQUIRE(eventually([&] { return (follower = locallink::acceptFrom(listening.handle)) != kNoHandle; },
                       std::chrono::seconds(20)));
    REQUIRE(locallink::sameUser(locallink::peerCredentials(follower)));
    for (const Bytes& m : {message(1, 1), message(70000, 2), message(1000, 3)})
        REQUIRE(locallink::sendMessage(follower, m.data(), m.size()) == 1);
    Sleep(60'000);   // killed by the parent long before
}

TEST_CASE("Windows local link: another process leads; boundaries, truncation, its pid; its death frees the name") {
    const auto channel = uniqueChannel("election");
    PROCESS_INFORMATION child = spawnLeader(channel);

    // Once the child listens we can connect to it, and cannot take the name.
    NativeHandle link = kNoHandle;
    REQUIRE(eventually([&] { return (link = locallink::connectTo(channel).handle) != kNoHandle; },
                       std::chrono::seconds(20)));
    const auto refused = locallink::listenOn(channel);
    CHECK(refused.error == NetError::AddressInUse);
    locallink::close(refused.handle);
    const auto peer = locallink::peerCredentials(link);
    CHECK(peer.known);
    CHECK(peer.pid == child.dwProcessId);
    CHECK(locallink::sameUser(peer));

    // Three messages, each whole; the long one cut to the buffer and its rest discarded.
    Bytes in(2000);
    std::vector<std::pair<long, bool>> got;
    REQUIRE(eventually([&] {
        bool truncated = false;
        for (long n; (n = locallink::receiveMessage(link, in.data(), in.size(), &truncated)) > 0;)
            got.emplace_back(n * 10 + in[0], truncated);
        return got.size() >= 3;
    }));
    REQUIRE(got.size() == 3);
    CHECK(got[0] == std::make_pair(1L * 10 + 1, false));
    CHECK(got[1] == std::make_pair(2000L * 10 + 2, true));
    CHECK(got[2] == std::make_pair(1000L * 10 + 3, false));
    bool truncated = false;
    CHECK(locallink::receiveMessage(link, in.data(), in.size(), &truncated) == locallink::kNothingReady);

    // The leader's process dies: end of stream, and its mutex (abandoned) is ours to take.
    TerminateProcess(child.hProcess, 9);
    WaitForSingleObject(child.hProcess, 10'000);
    CloseHandle(child.hThread);
    CloseHandle(child.hProcess);
    CHECK(eventually([&] { return locallink::receiveMessage(link, in.data(), in.size(), &truncated) == locallink::kEndOfStream; }));
    locallink::close(link);
    const auto mine = locallink::listenOn(channel);
    CHECK(mine.handle != kNoHandle);
    locallink::close(mine.handle);
}

TEST_CASE("Windows local link: a second listener in this process is refused while the first holds the name") {
    const auto channel = uniqueChannel("same-process");
    const auto first = locallink::listenOn(channel);
    REQUIRE(first.handle != kNoHandle);
    CHECK(locallink::listenOn(channel).error == NetError::AddressInUse);   // same thread: no recursive ownership
    locallink::close(first.handle);
    const auto again = locallink::listenOn(channel);                       // released on close
    CHECK(again.handle != kNoHandle);
    locallink::close(again.handle);
}

TEST_CASE("Windows WaitSet waits on sockets and pipes together, and on more pipes than one wait can hold") {
    const auto channel = uniqueChannel("waitset");
    const auto listening = locallink::listenOn(channel);
    REQUIRE(listening.handle != kNoHandle);
    constexpr std::size_t kLinks = 70;   // more than MAXIMUM_WAIT_OBJECTS events
    std::vector<NativeHandle> clients, servers;
    for (std::size_t i = 0; i < kLinks; ++i) {
        NativeHandle c = kNoHandle, s = kNoHandle;
        REQUIRE(eventually([&] { return (c = locallink::connectTo(channel).handle) != kNoHandle; }));
        REQUIRE(eventually([&] { return (s = locallink::acceptFrom(listening.handle)) != kNoHandle; }));
        clients.push_back(c);
        servers.push_back(s);
    }
    UdpSocket udp;
    REQUIRE(udp.open("127.0.0.1", 0).ok);

    WaitSet waits;
    auto fill = [&] {
        waits.clear();
        waits.add(udp.nativeHandle());            // slot 0
        waits.add(kNoHandle);                     // slot 1: never ready
        waits.add(listening.handle);              // slot 2
        for (NativeHandle c : clients)            // slots 3..
            waits.add(c);
    };
    fill();
    const auto start = GetTickCount64();
    CHECK(waits.wait(50) == 0);
    CHECK(GetTickCount64() - start >= 40);

    // A datagram: the socket's slot only.
    const std::uint8_t byte = 7;
    REQUIRE(udp.sendTo(&byte, 1, 0x7F000001, udp.localPort()));
    fill();
    REQUIRE(waits.wait(2000) >= 1);
    CHECK(waits.readable(0));
    for (std::size_t i = 1; i < waits.size(); ++i)
        CHECK_FALSE(waits.readable(i));
    udp.receiveBatch([](const Datagram&) {});

    // A message to the last client (its event does not fit the first wait): found anyway.
    const Bytes m = message(10, 9);
    REQUIRE(locallink::sendMessage(servers.back(), m.data(), m.size()) == 1);
    fill();
    REQUIRE(waits.wait(2000) == 1);
    CHECK(waits.readable(3 + kLinks - 1));
    CHECK_FALSE(waits.hungUp(3 + kLinks - 1));
    Bytes in(100);
    bool truncated = false;
    CHECK(locallink::receiveMessage(clients.back(), in.data(), in.size(), &truncated) == 10);

    // A waiting client: the listener's slot.
    NativeHandle extra = locallink::connectTo(channel).handle;
    REQUIRE(extra != kNoHandle);
    fill();
    REQUIRE(waits.wait(2000) >= 1);
    CHECK(waits.readable(2));
    const NativeHandle extraServer = locallink::acceptFrom(listening.handle);
    CHECK(extraServer != kNoHandle);

    // The leader's end closes: readable and hung up, then end of stream.
    locallink::close(servers.front());
    fill();
    REQUIRE(waits.wait(2000) >= 1);
    CHECK(waits.readable(3));
    CHECK(waits.hungUp(3));
    CHECK(locallink::receiveMessage(clients.front(), in.data(), in.size(), &truncated) == locallink::kEndOfStream);

    for (std::size_t i = 1; i < kLinks; ++i)
        locallink::close(servers[i]);
    for (NativeHandle c : clients)
        locallink::close(c);
    locallink::close(extra);
    locallink::close(extraServer);
    locallink::close(listening.handle);
}
