// Bind and network faults: an address not on the machine, the interface going away and coming
// back, permission denied on a privileged port. Each shows a specific status (the OS reason and
// the next step), the hub keeps running, and it recovers when the cause is fixed.
//
// The cases tagged [.interface] change interfaces with `ip`: interface_test.sh runs them as root in
// a private network namespace with a veth pair (DMXIN_TEST_CREATE creates it again). [.unprivileged] runs as `nobody`
// (permission_test.sh). Untagged cases run in the plain `net` test.

#include "Core/ArtNetBuilder.h"
#include "Core/Ipv4.h"
#include "Core/SacnBuilder.h"
#include "Net/BindErrorText.h"
#include "Net/InterfaceWatch.h"
#include "Net/ReceiverHub.h"
#include "Net/StatusText.h"
#include "Net/Platform/UdpSocket.h"
#include "SendSocket.h"

#include "BackendTexts.h"
#include "NetTestUtil.h"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace dmxin;
using namespace dmxin::net;

using dmxin::nettest::pa;   // (its own eventually below waits longer: the watch looks once a second)

namespace {


std::vector<std::uint8_t> artDmx(PortAddress address, std::vector<std::uint8_t> slots) {
    std::vector<std::uint8_t> p(530);
    p.resize(buildArtDmx(p, address, 0, 0, slots));
    return p;
}

std::vector<std::uint8_t> sacnData(std::uint16_t universe, std::uint8_t value, std::uint8_t seq) {
    SacnCid cid{};
    cid.fill(7);
    const std::uint8_t slots[] = {value};
    std::vector<std::uint8_t> p(kSacnMaxDataPacket);
    p.resize(buildSacnData(p, cid, "fault test", 100, 0, seq, 0, universe, 0x00, slots));
    return p;
}

// Waits (no timing assertion) until pred holds or 10 s pass: the watch looks once a second.
template <typename Pred>
bool eventually(Pred pred) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!pred() && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    return pred();
}

// Sends `bytes` to ip:port until a frame for `universeKey` with slot 0 == `value` comes out of q.
bool deliveredAfterSending(FrameQueue& q, const std::string& ip, std::uint16_t port, PortAddress address,
                           std::uint8_t value) {
    testing::SendSocket tx(ip, port);
    const auto p = artDmx(address, {value});
    bool got = false;
    return eventually([&] {
        if (got)   // eventually() asks once more at the end: no second send
            return true;
        tx.send(p.data(), p.size());
        DmxFrame f;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        while (q.try_pop(f))
            got = got || (f.universeKey == UniverseId::artnet(address).key() && f.slots[0] == value);
        return got;
    });
}

void run(const std::string& command) {
    INFO(command);
    REQUIRE(std::system(command.c_str()) == 0);
}

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v != nullptr ? v : "";
}

const std::string kGoneText = " is no longer on this machine: interface down or address removed; "
                              "waiting for it to come back, or choose another ";

} // namespace

TEST_CASE("isAddressUp: the loopback block is up, an address of no interface is not") {
    CHECK(isAddressUp(0x7F000001));
    CHECK(isAddressUp(0x7F000002));       // 127.0.0.2: local through lo's 127/8 route, not listed by getifaddrs
    CHECK_FALSE(isAddressUp(0x0AFFFF01)); // 10.255.255.1 (the same address the UdpSocket test relies on)
}

TEST_CASE("InterfaceWatch is due at once, then once per period") {
    InterfaceWatch w;
    CHECK(w.due(5));
    CHECK_FALSE(w.due(5 + InterfaceWatch::kPeriodNs - 1));
    CHECK(w.due(5 + InterfaceWatch::kPeriodNs));
    CHECK_FALSE(w.due(5 + InterfaceWatch::kPeriodNs + 1));
}

TEST_CASE("bindFailureText names the OS reason and the next step for each bind fault") {
    CHECK(bindFailureText({false, NetError::AccessDenied, EACCES, "bind 0.0.0.0:80: Permission denied"}, "0.0.0.0")
          == "bind 0.0.0.0:80: Permission denied. " + testing::accessDeniedAdvice());
    CHECK(bindFailureText({false, NetError::AddressNotAvailable, EADDRNOTAVAIL, "bind 10.1.2.3:6454: Cannot assign requested address"}, "10.1.2.3")
          == "bind 10.1.2.3:6454: Cannot assign requested address. 10.1.2.3 is not an address of this machine: choose "
             "one of its addresses, or 0.0.0.0 for every interface; DMX In binds by itself when the address appears");
    CHECK(bindFailureText({false, NetError::InvalidAddress, EINVAL, "bind x:6454: \"x\" is not an IPv4 address"}, "x")
          == "bind x:6454: \"x\" is not an IPv4 address. Write an IPv4 address such as 0.0.0.0 or 192.168.1.20");
    CHECK(bindFailureText({false, NetError::Other, ENOBUFS, "bind 0.0.0.0:6454: No buffer space available"}, "0.0.0.0")
          == "bind 0.0.0.0:6454: No buffer space available. Choose another bind address or port, then Apply / Retry");
    CHECK(addressGoneText(0x0A4D0102, "bind address") == "address 10.77.1.2" + kGoneText + "bind address");
}

TEST_CASE("A bind address not on the machine: the hub says so, waits for it, and is shared while it waits") {
    auto hub = ReceiverHub::acquire("10.255.255.1", 0, 0);
    CHECK_FALSE(hub->listening());
    CHECK(hub->waitingForAddress());
    const auto st = hub->status();
    CHECK(st.errorKind == NetError::AddressNotAvailable);
    CHECK(st.waitingForAddress);
    CHECK(st.error == "bind 10.255.255.1:0: Cannot assign requested address. 10.255.255.1 is not an address of this "
                      "machine: choose one of its addresses, or 0.0.0.0 for every interface; DMX In binds by itself "
                      "when the address appears");
    // A second instance asking for the same address gets the waiting hub, not a second socket
    // that would later split unicast with the first.
    auto again = ReceiverHub::acquire("10.255.255.1", 0, 0);
    CHECK(again.get() == hub.get());
    // The hub still works for everything else: subscriptions and status while it waits.
    FrameQueue q(8);
    const int id = hub->subscribe(q);
    hub->setUniverses(id, {pa("0:0:1")});
    CHECK(hub->status(id).universes.size() == 1);
    hub->unsubscribe(id);
}

TEST_CASE("Interface going away: Art-Net bound to it says so and binds again when it comes back", "[.interface]") {
    const std::string iface = env("DMXIN_TEST_IFACE"), addr = env("DMXIN_TEST_ADDR");
    REQUIRE_FALSE(iface.empty());
    REQUIRE_FALSE(addr.empty());
    const std::string gone = "address " + addr + kGoneText + "bind address";

    auto hub = ReceiverHub::acquire(addr, 0, 0);
    REQUIRE(hub->listening());
    const std::uint16_t port = hub->boundPort();
    FrameQueue q(64);
    const int id = hub->subscribe(q);
    hub->setUniverses(id, {pa("0:0:1")});
    REQUIRE(deliveredAfterSending(q, addr, port, pa("0:0:1"), 11));

    SECTION("address deleted, then added again") {
        run("ip addr del " + addr + "/24 dev " + iface);
        REQUIRE(eventually([&] { return !hub->listening(); }));
        const auto st = hub->status(id);
        CHECK(st.waitingForAddress);
        CHECK(st.errorKind == NetError::AddressNotAvailable);
        CHECK(st.error == gone);
        run("ip addr add " + addr + "/24 dev " + iface + " && ip route replace 224.0.0.0/4 dev " + iface);
    }
    SECTION("link down, then up") {
        run("ip link set " + iface + " down");
        REQUIRE(eventually([&] { return !hub->listening(); }));
        CHECK(hub->status(id).error == gone);
        run("ip link set " + iface + " up && ip route replace 224.0.0.0/4 dev " + iface);
    }
    SECTION("interface deleted, then created again") {
        run("ip link del " + iface);
        REQUIRE(eventually([&] { return !hub->listening(); }));
        CHECK(hub->status(id).error == gone);
        run(env("DMXIN_TEST_CREATE"));
    }

    REQUIRE(eventually([&] { return hub->listening(); }));
    const auto back = hub->status(id);
    CHECK(back.error.empty());
    CHECK(back.errorKind == NetError::None);
    CHECK(back.errorCode == 0);
    CHECK_FALSE(back.waitingForAddress);
    CHECK(back.boundPort == port);   // the same port, so the console's target stays right
    CHECK(deliveredAfterSending(q, addr, port, pa("0:0:1"), 22));
    hub->unsubscribe(id);
}

TEST_CASE("Address not there at start: the hub binds by itself when it appears", "[.interface]") {
    const std::string iface = env("DMXIN_TEST_IFACE");
    REQUIRE_FALSE(iface.empty());
    const std::string later = "10.77.9.9";   // on no interface yet
    auto hub = ReceiverHub::acquire(later, 6454, 0);
    REQUIRE_FALSE(hub->listening());
    CHECK(hub->status().errorKind == NetError::AddressNotAvailable);
    CHECK(hub->status().error.find("DMX In binds by itself when the address appears") != std::string::npos);
    FrameQueue q(64);
    const int id = hub->subscribe(q);
    hub->setUniverses(id, {pa("0:0:3")});

    run("ip addr add " + later + "/32 dev " + iface);
    REQUIRE(eventually([&] { return hub->listening(); }));
    CHECK(hub->status().error.empty());
    CHECK(hub->boundPort() == 6454);
    CHECK(deliveredAfterSending(q, later, 6454, pa("0:0:3"), 33));
    hub->unsubscribe(id);
    run("ip addr del " + later + "/32 dev " + iface);
}

TEST_CASE("Interface going away: sACN groups joined on it are reported and joined again", "[.interface]") {
    const std::string iface = env("DMXIN_TEST_IFACE"), addr = env("DMXIN_TEST_ADDR");
    REQUIRE_FALSE(iface.empty());
    const auto parsed = parseIpv4(addr);
    REQUIRE(parsed);
    const std::uint32_t ip = *parsed;
    const std::string gone = "address " + addr + kGoneText + "sACN interface";

    auto hub = ReceiverHub::acquire("0.0.0.0", 0, 0);
    REQUIRE(hub->listening());
    FrameQueue q(64);
    const int id = hub->subscribe(q);
    SubscriptionSettings settings;
    settings.universes = {*UniverseId::sacn(3)};
    settings.sacnInterfaceIp = ip;
    hub->configure(id, settings);
    REQUIRE(hub->status(id).sacnError.empty());
    REQUIRE(hub->status(id).sacnMemberships == 1);

    // The console: multicast out of the test interface, looped back to local members.
    const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    std::uint8_t seq = 0;
    auto deliveredByMulticast = [&](std::uint8_t value) {
        bool got = false;
        return eventually([&] {
            if (got)
                return true;
            in_addr out{};
            out.s_addr = htonl(ip);
            ::setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &out, sizeof out);   // again: the interface may be new
            const auto p = sacnData(3, value, ++seq);
            sockaddr_in to{};
            to.sin_family = AF_INET;
            to.sin_port = htons(hub->sacnBoundPort());
            to.sin_addr.s_addr = htonl(sacnMulticastGroup(3));
            ::sendto(fd, p.data(), p.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            DmxFrame f;
            while (q.try_pop(f))
                got = got || (f.universeKey == UniverseId::sacn(3)->key() && f.slots[0] == value);
            return got;
        });
    };
    REQUIRE(deliveredByMulticast(44));

    SECTION("address deleted, then added again") {
        run("ip addr del " + addr + "/24 dev " + iface);
        REQUIRE(eventually([&] { return !hub->status(id).sacnError.empty(); }));
        CHECK(hub->status(id).sacnError == gone);
        CHECK(hub->listening());   // Art-Net on 0.0.0.0 is not affected
        run("ip addr add " + addr + "/24 dev " + iface + " && ip route replace 224.0.0.0/4 dev " + iface);
    }
    SECTION("interface deleted (the kernel drops its memberships), then created again") {
        run("ip link del " + iface);
        REQUIRE(eventually([&] { return !hub->status(id).sacnError.empty(); }));
        CHECK(hub->status(id).sacnError == gone);
        run(env("DMXIN_TEST_CREATE"));
    }

    REQUIRE(eventually([&] { return hub->status(id).sacnError.empty(); }));
    CHECK(hub->status(id).sacnMemberships == 1);
    CHECK(deliveredByMulticast(55));
    ::close(fd);
    hub->unsubscribe(id);
}

TEST_CASE("Permission denied on a privileged port: named with the next step, and another port recovers", "[.unprivileged]") {
    REQUIRE(::geteuid() != 0);   // permission_test.sh runs this as nobody
    auto denied = ReceiverHub::acquire("127.0.0.1", 1000, 0);
    CHECK_FALSE(denied->listening());
    CHECK_FALSE(denied->waitingForAddress());
    const auto st = denied->status();
    CHECK(st.errorKind == NetError::AccessDenied);
    CHECK(st.error == "bind 127.0.0.1:1000: Permission denied. " + testing::accessDeniedAdvice());

    // The same for an sACN port below 1024, while Art-Net on an allowed port works.
    auto sacnDenied = ReceiverHub::acquire("127.0.0.1", 0, 568);
    REQUIRE(sacnDenied->listening());
    FrameQueue q(64);
    const int id = sacnDenied->subscribe(q);
    SubscriptionSettings settings;
    settings.universes = {*UniverseId::sacn(1), pa("0:0:1")};
    sacnDenied->configure(id, settings);
    CHECK(sacnDenied->status(id).sacnError == "bind 0.0.0.0:568: Permission denied. " + testing::accessDeniedAdvice());
    CHECK(deliveredAfterSending(q, "127.0.0.1", sacnDenied->boundPort(), pa("0:0:1"), 66));
    sacnDenied->unsubscribe(id);

    // Retry on an allowed port (what Apply does after the user picks one) recovers: an ephemeral
    // port, so the test cannot collide with another program's.
    auto allowed = ReceiverHub::acquire("127.0.0.1", 0, 0);
    REQUIRE(allowed->listening());
    CHECK(allowed->status().error.empty());
    FrameQueue q2(64);
    const int id2 = allowed->subscribe(q2);
    allowed->setUniverses(id2, {pa("0:0:2")});
    CHECK(allowed->boundPort() >= 1024);
    CHECK(deliveredAfterSending(q2, "127.0.0.1", allowed->boundPort(), pa("0:0:2"), 77));
    allowed->unsubscribe(id2);
}

TEST_CASE("A port held by another process without address reuse: named with the next step; Retry after it exits binds") {
    // The other process binds 127.0.0.1 on an ephemeral port without SO_REUSEADDR/SO_REUSEPORT,
    // reports the port through a pipe, and holds it until the pipe to it closes.
    int toParent[2], toChild[2];
    REQUIRE(::pipe(toParent) == 0);
    REQUIRE(::pipe(toChild) == 0);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        ::close(toParent[0]);
        ::close(toChild[1]);   // or the read below never sees the parent's end close
        const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(0x7F000001);
        socklen_t len = sizeof addr;
        std::uint16_t port = 0;
        if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0
            && ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
            port = ntohs(addr.sin_port);
        [[maybe_unused]] auto w = ::write(toParent[1], &port, sizeof port);
        char c;
        [[maybe_unused]] auto r = ::read(toChild[0], &c, 1);   // returns when the parent closes its end
        ::_exit(0);
    }
    ::close(toParent[1]);
    ::close(toChild[0]);
    std::uint16_t port = 0;
    REQUIRE(::read(toParent[0], &port, sizeof port) == static_cast<ssize_t>(sizeof port));
    REQUIRE(port != 0);

    auto held = ReceiverHub::acquire("127.0.0.1", port, 0);
    CHECK_FALSE(held->listening());
    CHECK_FALSE(held->waitingForAddress());   // nothing to wait for: the user closes the program or moves
    CHECK(held->status().errorKind == NetError::AddressInUse);
    CHECK(held->status().error == "bind 127.0.0.1:" + std::to_string(port) + ": Address already in use. Another "
                                  "program holds the port without sharing it (no SO_REUSEADDR/SO_REUSEPORT): close it, "
                                  "or choose another port or bind address, then Apply / Retry");

    ::close(toChild[1]);   // the other program exits
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    ::close(toParent[0]);
    auto retried = ReceiverHub::acquire("127.0.0.1", port, 0);   // the editor's Retry
    REQUIRE(retried->listening());
    FrameQueue q(64);
    const int id = retried->subscribe(q);
    retried->setUniverses(id, {pa("0:0:4")});
    CHECK(deliveredAfterSending(q, "127.0.0.1", port, pa("0:0:4"), 88));
    retried->unsubscribe(id);
}
