// A port held by another program that does not share it. POSIX only: on Windows a socket with
// SO_REUSEADDR takes the port over from such a holder (and Wine refuses it with WSAEACCES), so the
// case means something else there.

#include "Net/ReceiverHub.h"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace dmxin;
using namespace dmxin::net;

TEST_CASE("A port held by a program without address reuse is reported with the port and the OS reason") {
    // The "other program": binds without SO_REUSEADDR/SO_REUSEPORT, which blocks everyone else.
    const int holder = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(0x7F000001);
    REQUIRE(::bind(holder, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    socklen_t len = sizeof addr;
    ::getsockname(holder, reinterpret_cast<sockaddr*>(&addr), &len);
    const auto port = ntohs(addr.sin_port);

    auto hub = ReceiverHub::acquire("127.0.0.1", port, 0);
    CHECK_FALSE(hub->listening());
    const auto st = hub->status();
    CHECK(st.errorKind == NetError::AddressInUse);
    CHECK_FALSE(st.waitingForAddress);
    CHECK(st.error == "bind 127.0.0.1:" + std::to_string(port) + ": Address already in use. Another program holds the "
                      "port without sharing it (no SO_REUSEADDR/SO_REUSEPORT): close it, or choose another port or "
                      "bind address, then Apply / Retry");
    ::close(holder);
    // The cause is gone: asking again (the editor's Retry) binds.
    auto again = ReceiverHub::acquire("127.0.0.1", port, 0);
    CHECK(again->listening());
}
