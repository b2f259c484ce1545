// The output direction through a real DmxInProcessor, without a host: a parameter set the way a
// host sets it -> processBlock publishes the slot values -> the process's OutputSender -> a UDP
// socket on 127.0.0.1 (the "rig"), parsed with the project's own parsers. Also: a default
// processor opens no output, sACN streams end when the processor goes, and what an instance sends
// never comes back in as another instance's input. Sends only to 127.0.0.1.
//
// No message loop runs in these tests (the fallback timer never fires) except where one says so,
// so a value that reaches the rig after a parameter change was published by processBlock.

#include "AllocationCounter.h"
#include "SendSocket.h"

#include "Core/ArtNetBuilder.h"
#include "Core/ArtNetParser.h"
#include "Core/SacnCid.h"
#include "Core/SacnParser.h"
#include "Core/StateJson.h"
#include "Net/OutputSender.h"
#include "Net/Platform/UdpSocket.h"
#include "Plugin/DmxInProcessor.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

using namespace dmxin;

namespace {

const NetworkSettings kLoopback = NetworkSettings::at("127.0.0.1", 0, 0);

struct Received {
    std::vector<std::uint8_t> bytes;
    std::uint16_t sourcePort = 0;
};

// A plain receiving socket on 127.0.0.1 with an ephemeral port.
class Rig {
public:
    Rig() { REQUIRE(socket_.open("127.0.0.1", 0).ok); }
    std::uint16_t port() const { return socket_.localPort(); }

    // Reads for at most `limit`, calling `step` between reads (runs processBlock), until `done`
    // holds for what arrived so far. The limit only stops a broken test from hanging.
    bool readUntil(const std::function<bool(const std::vector<Received>&)>& done, const std::function<void()>& step = {},
                   std::chrono::milliseconds limit = std::chrono::seconds(10)) {
        const auto until = std::chrono::steady_clock::now() + limit;
        while (!done(received)) {
            if (std::chrono::steady_clock::now() >= until)
                return false;
            if (step)
                step();
            if (socket_.waitReadable(2))
                socket_.receiveBatch([this](const net::Datagram& d) {
                    received.push_back({std::vector<std::uint8_t>(d.data, d.data + d.size), d.sourcePort});
                });
        }
        return true;
    }

    std::vector<Received> received;

private:
    net::UdpSocket socket_;
};

struct Blocks {
    explicit Blocks(DmxInProcessor& p) : processor(p), buffer(2, 128) {
        processor.setRateAndBufferSizeDetails(48000.0, 128);
        processor.prepareToPlay(48000.0, 128);
    }
    void run() {
        buffer.clear();
        processor.processBlock(buffer, midi);
    }
    DmxInProcessor& processor;
    juce::AudioBuffer<float> buffer;
    juce::MidiBuffer midi;
};

OutputUniverse artnetUniverse(const char* portAddress, std::uint16_t port) {
    OutputUniverse u;
    u.name = "Stage";
    u.universe = UniverseId::artnet(*PortAddress::parse(portAddress));
    u.addresses = {"127.0.0.1"};
    u.port = port;
    return u;
}

OutputChannel channelFromSlot(int channel, int slot, bool sixteenBit = false) {
    OutputChannel c;
    c.channel = channel;
    c.slot = slot;
    c.sixteenBit = sixteenBit;
    return c;
}

OutputSettings withUniverse(OutputUniverse u) {
    OutputSettings s;
    s.universes = {std::move(u)};
    return s;
}

// The newest ArtDmx for `address` among `all`, if any.
std::optional<std::vector<std::uint8_t>> lastArtDmx(const std::vector<Received>& all, const char* address) {
    for (auto it = all.rbegin(); it != all.rend(); ++it) {
        const auto parsed = parseArtNet(it->bytes);
        if (parsed.kind == ArtNetKind::Dmx && parsed.dmx.address == *PortAddress::parse(address))
            return std::vector<std::uint8_t>(parsed.dmx.data, parsed.dmx.data + parsed.dmx.length);
    }
    return std::nullopt;
}

void setSlot(DmxInProcessor& p, int slot, float value) {
    p.getParameterBank().slot(slot - 1).setValueNotifyingHost(value);   // the host-facing path
}

} // namespace

TEST_CASE("A parameter the host sets reaches the rig as its output channel's 8-bit DMX value", "[output]") {
    Rig rig;
    DmxInProcessor p(kLoopback);
    Blocks blocks(p);
    auto u = artnetUniverse("0:1:2", rig.port());
    u.channels = {channelFromSlot(1, 1)};
    std::vector<std::string> errors;
    REQUIRE(p.setOutputSettings(withUniverse(u), errors));
    CHECK(p.getOutputStatus().sending);

    setSlot(p, 1, 51.0f / 255.0f);
    REQUIRE(rig.readUntil([](const auto& all) {
        const auto frame = lastArtDmx(all, "0:1:2");
        return frame && frame->size() == 512 && (*frame)[0] == 51;
    }, [&] { blocks.run(); }));
    CHECK(p.getOutputStatus().packetsSent > 0);

    setSlot(p, 1, 1.0f);
    REQUIRE(rig.readUntil([](const auto& all) {
        const auto frame = lastArtDmx(all, "0:1:2");
        return frame && (*frame)[0] == 255;
    }, [&] { blocks.run(); }));
    const auto frame = lastArtDmx(rig.received, "0:1:2");
    CHECK((*frame)[1] == 0);   // channels no output channel writes stay 0
}

TEST_CASE("A parameter the host sets reaches the rig as a 16-bit coarse/fine pair", "[output]") {
    Rig rig;
    DmxInProcessor p(kLoopback);
    Blocks blocks(p);
    auto u = artnetUniverse("0:0:9", rig.port());
    u.channels = {channelFromSlot(1, 1, true)};   // coarse 1, fine 2
    std::vector<std::string> errors;
    REQUIRE(p.setOutputSettings(withUniverse(u), errors));

    setSlot(p, 1, static_cast<float>(0x1234) / 65535.0f);
    REQUIRE(rig.readUntil([](const auto& all) {
        const auto frame = lastArtDmx(all, "0:0:9");
        return frame && (*frame)[0] == 0x12 && (*frame)[1] == 0x34;
    }, [&] { blocks.run(); }));
}

TEST_CASE("Without audio callbacks the message thread publishes, so the output still follows the parameters", "[output]") {
    Rig rig;
    DmxInProcessor p(kLoopback);   // processBlock is never called
    auto u = artnetUniverse("0:1:3", rig.port());
    u.channels = {channelFromSlot(1, 7)};
    std::vector<std::string> errors;
    REQUIRE(p.setOutputSettings(withUniverse(u), errors));
    setSlot(p, 7, 1.0f);
    REQUIRE(rig.readUntil([](const auto& all) {
        const auto frame = lastArtDmx(all, "0:1:3");
        return frame && (*frame)[0] == 255;
    }, [] { juce::MessageManager::getInstance()->runDispatchLoopUntil(10); }));
    CHECK(p.isUsingFallbackClock());
}

TEST_CASE("A default processor opens no output and sends nothing; removing an output stops it", "[output]") {
    {
        DmxInProcessor p(kLoopback);
        Blocks blocks(p);
        setSlot(p, 1, 0.7f);
        for (int i = 0; i < 20; ++i)
            blocks.run();
        CHECK_FALSE(p.getOutputStatus().sending);
        // No instance holds the process's sender: no output socket, no sender thread.
        CHECK(net::OutputSender::existing() == nullptr);
        // Loading a state without outputs keeps it that way, and assigns no CID.
        std::vector<std::string> errors;
        REQUIRE(p.applyStateJson(p.getStateJson(), errors));
        CHECK(net::OutputSender::existing() == nullptr);
        CHECK(isNilCid(p.getOutputSettings().cid));
    }

    Rig rig;
    DmxInProcessor p(kLoopback);
    Blocks blocks(p);
    auto u = artnetUniverse("0:0:3", rig.port());
    u.channels = {channelFromSlot(1, 1)};
    std::vector<std::string> errors;
    REQUIRE(p.setOutputSettings(withUniverse(u), errors));
    REQUIRE(rig.readUntil([](const auto& all) { return lastArtDmx(all, "0:0:3").has_value(); }, [&] { blocks.run(); }));
    CHECK(net::OutputSender::existing() != nullptr);

    REQUIRE(p.setOutputSettings(OutputSettings{}, errors));
    CHECK_FALSE(p.getOutputStatus().sending);
    CHECK(net::OutputSender::existing() == nullptr);   // the last holder let go: the thread is joined
    rig.received.clear();
    // The parameter keeps moving (a running output would send it within a period or two); a short
    // bounded wait: nothing may arrive at all.
    int step = 0;
    CHECK_FALSE(rig.readUntil([](const auto& all) { return !all.empty(); },
                              [&] { setSlot(p, 1, static_cast<float>(++step % 2)); blocks.run(); },
                              std::chrono::milliseconds(300)));
}

TEST_CASE("--output-off: an instance with outputs sends nothing while sending is not allowed", "[output]") {
    Rig rig;
    DmxInProcessor p(kLoopback);
    Blocks blocks(p);
    p.setOutputAllowed(false);
    auto u = artnetUniverse("0:0:4", rig.port());
    u.channels = {channelFromSlot(1, 1)};
    std::vector<std::string> errors;
    REQUIRE(p.setOutputSettings(withUniverse(u), errors));
    CHECK_FALSE(p.getOutputStatus().sending);
    CHECK_FALSE(p.getOutputStatus().allowed);
    CHECK(p.getOutputStatus().universes == 1);
    CHECK(net::OutputSender::existing() == nullptr);
    CHECK(p.getOutputSettings().universes.size() == 1);   // kept, and saved with the state

    p.setOutputAllowed(true);
    setSlot(p, 1, 1.0f);
    REQUIRE(rig.readUntil([](const auto& all) {
        const auto frame = lastArtDmx(all, "0:0:4");
        return frame && (*frame)[0] == 255;
    }, [&] { blocks.run(); }));
}

TEST_CASE("An sACN output ends with Stream_Terminated packets from the instance's saved CID when the processor goes", "[output]") {
    Rig rig;
    std::string state;
    SacnCid cid{};
    {
        DmxInProcessor p(kLoopback);
        Blocks blocks(p);
        OutputUniverse u;
        u.name = "Wash";
        u.universe = *UniverseId::sacn(9);
        u.destination = OutputDestination::Unicast;
        u.addresses = {"127.0.0.1"};
        u.port = rig.port();
        u.channels = {channelFromSlot(3, 2)};
        std::vector<std::string> errors;
        REQUIRE(p.setOutputSettings(withUniverse(u), errors));
        cid = p.getOutputSettings().cid;
        REQUIRE_FALSE(isNilCid(cid));   // assigned when the output started

        setSlot(p, 2, 1.0f);
        REQUIRE(rig.readUntil([](const auto& all) {
            for (const auto& r : all) {
                const auto parsed = parseSacn(r.bytes);
                if (parsed.kind == SacnKind::Data && parsed.data.universe == 9 && parsed.data.length >= 3 && parsed.data.data[2] == 255)
                    return true;
            }
            return false;
        }, [&] { blocks.run(); }));
        state = p.getStateJson();
    }
    // The destructor returned: every termination packet has been sent.
    std::size_t terminated = 0;
    REQUIRE(rig.readUntil([&](const auto& all) {
        terminated = 0;
        for (const auto& r : all) {
            const auto parsed = parseSacn(r.bytes);
            if (parsed.kind == SacnKind::Data && parsed.data.terminated) {
                CHECK(parsed.data.cid == cid);
                ++terminated;
            }
        }
        return terminated >= 3;
    }));
    CHECK(terminated == 3);   // E1.31 6.7.1: three packets with Stream_Terminated set
    CHECK(net::OutputSender::existing() == nullptr);

    // The CID is in the saved state, and a reload keeps it.
    const auto loaded = parseState(state);
    REQUIRE(loaded.state);
    CHECK(loaded.state->output.cid == cid);
    DmxInProcessor again(kLoopback);
    std::vector<std::string> errors;
    REQUIRE(again.applyStateJson(state, errors));
    CHECK(again.getOutputSettings().cid == cid);
}

TEST_CASE("Two live instances never send under one CID, even from a duplicated state", "[output]") {
    Rig rig;
    DmxInProcessor a(kLoopback);
    auto u = *UniverseId::sacn(11);
    OutputUniverse out;
    out.universe = u;
    out.destination = OutputDestination::Unicast;
    out.addresses = {"127.0.0.1"};
    out.port = rig.port();
    out.channels = {channelFromSlot(1, 1)};
    std::vector<std::string> errors;
    REQUIRE(a.setOutputSettings(withUniverse(out), errors));
    const auto state = a.getStateJson();   // what a host copies when it duplicates the track

    DmxInProcessor b(kLoopback);
    REQUIRE(b.applyStateJson(state, errors));
    CHECK_FALSE(isNilCid(b.getOutputSettings().cid));
    CHECK(b.getOutputSettings().cid != a.getOutputSettings().cid);
    CHECK(a.getOutputSettings().cid == parseState(state).state->output.cid);   // the original keeps its own
}

TEST_CASE("A mapping on a universe the instance sends is refused, naming both", "[output]") {
    Rig rig;
    DmxInProcessor p(kLoopback);
    auto u = artnetUniverse("0:0:5", rig.port());
    u.channels = {channelFromSlot(1, 1)};
    std::vector<std::string> errors;
    REQUIRE(p.setOutputSettings(withUniverse(u), errors));

    Mapping m;
    m.name = "Fader";
    m.universe = *PortAddress::parse("0:0:5");
    m.channel = 1;
    m.targetSlot = 2;
    CHECK_FALSE(p.setMappings({m}, errors));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].find("Fader") != std::string::npos);
    CHECK(errors[0].find("Stage") != std::string::npos);
    CHECK(p.getMappings().empty());

    // And the other way round: an output on a mapped universe.
    errors.clear();
    m.universe = *PortAddress::parse("0:0:6");
    REQUIRE(p.setMappings({m}, errors));
    CHECK_FALSE(p.setOutputSettings(withUniverse(artnetUniverse("0:0:6", rig.port())), errors));
    CHECK_FALSE(errors.empty());
    CHECK(p.getOutputSettings().universes.front().universe == UniverseId::artnet(*PortAddress::parse("0:0:5")));
}

TEST_CASE("One instance's output never feeds another instance of the same process as input; it is counted", "[output]") {
    // a sends Art-Net 0:0:8 to the receiver that b (same process, same hub) listens on, mapping 0:0:8.
    DmxInProcessor a(kLoopback);
    DmxInProcessor b(kLoopback);
    Blocks blocksA(a), blocksB(b);
    Mapping m;
    m.name = "From the other instance";
    m.universe = *PortAddress::parse("0:0:8");
    m.channel = 1;
    m.targetSlot = 3;
    std::vector<std::string> errors;
    REQUIRE(b.setMappings({m}, errors));
    const auto hubPort = b.getHubStatus().boundPort;
    REQUIRE(hubPort != 0);

    setSlot(a, 1, 1.0f);
    auto u = artnetUniverse("0:0:8", hubPort);
    u.channels = {channelFromSlot(1, 1)};
    REQUIRE(a.setOutputSettings(withUniverse(u), errors));

    // a's frames arrive at the hub (counted as own output) and never reach b.
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (b.getHubStatus().ownOutput < 3 && std::chrono::steady_clock::now() < end) {
        blocksA.run();
        blocksB.run();
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    REQUIRE(b.getHubStatus().ownOutput >= 3);
    blocksB.run();
    CHECK(b.getSlotValue(2) < 0.5f / 255.0f);
    CHECK(b.getHubStatus().dmxFrames == 0);

    // Positive control: the same universe from another sender does reach b.
    std::vector<std::uint8_t> slots(512, 0);
    slots[0] = 128;
    std::uint8_t packet[530];
    const auto size = buildArtDmx(packet, *PortAddress::parse("0:0:8"), 0, 0, slots);
    testing::SendSocket("127.0.0.1", hubPort).send(packet, size);
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (b.getSlotValue(2) < 0.25f && std::chrono::steady_clock::now() < until) {
        blocksB.run();
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    CHECK(b.getSlotValue(2) == Approx(128.0f / 255.0f));
}

TEST_CASE("With an output sending, processBlock still never allocates, locks or makes a syscall", "[output]") {
    Rig rig;
    DmxInProcessor p(kLoopback);
    Blocks blocks(p);
    OutputSettings settings;
    for (int n = 0; n < 4; ++n) {
        auto u = artnetUniverse(n == 0 ? "0:0:1" : n == 1 ? "0:0:2" : n == 2 ? "0:0:3" : "0:0:4", rig.port());
        for (int ch = 1; ch <= 32; ++ch)
            u.channels.push_back(channelFromSlot(ch, n * 32 + ch));
        settings.universes.push_back(u);
    }
    std::vector<std::string> errors;
    REQUIRE(p.setOutputSettings(settings, errors));
    blocks.run();

    testing::CheckTotals totals;
    for (int round = 0; round < 20; ++round) {
        setSlot(p, 1 + round, static_cast<float>(round) / 20.0f);
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        testing::ScopedAllocationCheck check;
        blocks.run();
        totals.add(check);
    }
    CHECK(totals.allocations == 0);
    INFO("first lock or syscall: " << totals.firstViolation);
    CHECK(totals.locks == 0);
    CHECK(totals.syscalls == 0);
    // And the published values did go out.
    REQUIRE(rig.readUntil([](const auto& all) {
        const auto frame = lastArtDmx(all, "0:0:1");
        return frame && (*frame)[19] == 242;   // slot 20 = 19/20 -> floor(0.95 * 255 + 0.5)
    }, [&] { blocks.run(); }));
}

TEST_CASE("Each instance counts its own packets, per universe, apart from the process's total", "[output]") {
    Rig rig;
    DmxInProcessor a(kLoopback), b(kLoopback);
    Blocks blocksA(a), blocksB(b);
    std::vector<std::string> errors;
    auto ua = artnetUniverse("0:0:5", rig.port());
    ua.channels = {channelFromSlot(1, 1)};
    auto ub = artnetUniverse("0:0:6", rig.port());
    ub.channels = {channelFromSlot(1, 1)};
    REQUIRE(a.setOutputSettings(withUniverse(ua), errors));
    REQUIRE(b.setOutputSettings(withUniverse(ub), errors));

    const auto countOf = [](const std::vector<Received>& all, const char* address) {
        std::uint64_t n = 0;
        for (const auto& r : all) {
            const auto parsed = parseArtNet(r.bytes);
            if (parsed.kind == ArtNetKind::Dmx && parsed.dmx.address == *PortAddress::parse(address))
                ++n;
        }
        return n;
    };
    int step = 0;
    REQUIRE(rig.readUntil([&](const auto& all) { return countOf(all, "0:0:5") >= 5 && countOf(all, "0:0:6") >= 5; },
                          [&] {
                              setSlot(a, 1, static_cast<float>(++step % 2));   // a changing value: a frame per period
                              blocksA.run();
                              blocksB.run();
                          }));
    const auto sa = a.getOutputStatus(), sb = b.getOutputStatus();
    // Every packet that arrived was counted by its own instance (more may be under way).
    CHECK(sa.own.packetsSent >= countOf(rig.received, "0:0:5"));
    CHECK(sb.own.packetsSent >= countOf(rig.received, "0:0:6"));
    CHECK(sa.own.sendErrors == 0);
    CHECK(sa.own.lastError.empty());
    REQUIRE(sa.own.universes.size() == 1);
    CHECK(sa.own.universes[0].universe == UniverseId::artnet(*PortAddress::parse("0:0:5")));
    CHECK(sa.own.universes[0].packetsSent == sa.own.packetsSent);
    REQUIRE(sb.own.universes.size() == 1);
    CHECK(sb.own.universes[0].universe == UniverseId::artnet(*PortAddress::parse("0:0:6")));
    // The process's total holds both instances' packets; each instance's own count is only its share.
    const auto total = b.getOutputStatus().packetsSent;
    CHECK(total >= sa.own.packetsSent + sb.own.packetsSent);
    CHECK(sa.own.packetsSent < total);

    // An instance that stops sending shows zeros again.
    REQUIRE(b.setOutputSettings(OutputSettings{}, errors));
    CHECK(b.getOutputStatus().own.packetsSent == 0);
}
