#include "Core/PortAddress.h"

#include <catch2/catch.hpp>

#include <string>

using namespace dmxin;

TEST_CASE("every Port-Address round trips through all notations", "[portaddress]") {
    int failures = 0;
    for (int flat = 0; flat <= PortAddress::kMaxFlat; ++flat) {
        const auto a = PortAddress::fromFlat(flat);
        if (!a || a->flat() != flat) {
            ++failures;
            continue;
        }
        const int net = flat >> 8, sub = (flat >> 4) & 0xF, uni = flat & 0xF;
        const auto parts = PortAddress::fromParts(net, sub, uni);
        const auto wire = PortAddress::fromWire(static_cast<std::uint8_t>(flat & 0xFF), static_cast<std::uint8_t>(flat >> 8));
        const std::string nsu = std::to_string(net) + ":" + std::to_string(sub) + ":" + std::to_string(uni);
        const auto viaText = PortAddress::parse(a->netSubUni());
        const auto viaNumber = PortAddress::parse(std::to_string(flat + 1));
        const bool ok = parts && *parts == *a && wire == *a && a->net() == net && a->subNet() == sub
                        && a->universe() == uni && a->oneBased() == flat + 1 && a->subUni() == (flat & 0xFF)
                        && a->netSubUni() == nsu && viaText && *viaText == *a && viaNumber && *viaNumber == *a
                        && a->describe() == nsu + " (#" + std::to_string(flat + 1) + ")";
        if (!ok)
            ++failures;
    }
    CHECK(failures == 0);
}

TEST_CASE("Port-Address text forms", "[portaddress]") {
    PortAddress zero;
    CHECK(zero.netSubUni() == "0:0:0");
    CHECK(zero.describe() == "0:0:0 (#1)");
    CHECK(PortAddress::fromParts(4, 2, 3)->describe() == "4:2:3 (#1060)");
    CHECK(PortAddress::fromParts(127, 15, 15)->describe() == "127:15:15 (#32768)");

    CHECK(PortAddress::parse("0:0:1")->flat() == 1);
    CHECK(PortAddress::parse("1")->flat() == 0);
    CHECK(PortAddress::parse("32768")->flat() == 0x7FFF);
    CHECK(PortAddress::parse("  0:0:1  ")->flat() == 1);
    CHECK(PortAddress::parse(" 17 ")->flat() == 16);
    CHECK(PortAddress::parse("4:2:3")->flat() == 0x0423);
    CHECK(PortAddress::parse("127:15:15")->flat() == 0x7FFF);
}

TEST_CASE("invalid Port-Addresses are refused", "[portaddress]") {
    for (const char* text : {"", " ", "0", "32769", "-1", "+1", "1x", "x1", "1.5", "0x10", "1e3", "99999999999",
                             "1:2", "1:2:3:4", "::", "1::2", ":1:2", "128:0:0", "0:16:0", "0:0:16", "-1:0:0",
                             "a:b:c", "1:2:3x", "1;2;3"}) {
        INFO("text \"" << text << "\"");
        CHECK_FALSE(PortAddress::parse(text).has_value());
    }
    CHECK_FALSE(PortAddress::fromFlat(-1));
    CHECK_FALSE(PortAddress::fromFlat(32768));
    CHECK_FALSE(PortAddress::fromParts(128, 0, 0));
    CHECK_FALSE(PortAddress::fromParts(0, 16, 0));
    CHECK_FALSE(PortAddress::fromParts(0, 0, 16));
    CHECK_FALSE(PortAddress::fromParts(-1, 0, 0));
}

TEST_CASE("Port-Address ordering and equality follow the flat value", "[portaddress]") {
    CHECK(*PortAddress::fromFlat(1) < *PortAddress::fromFlat(2));
    CHECK_FALSE(*PortAddress::fromFlat(2) < *PortAddress::fromFlat(2));
    CHECK(*PortAddress::fromParts(0, 1, 0) == *PortAddress::fromFlat(16));
}
