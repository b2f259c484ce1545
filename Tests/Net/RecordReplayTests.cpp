// Record and replay: frames a sender pattern produces through the receive path (parse,
// merge, loss) are recorded by a DmxRecorder subscribed beside the instance, read back, replayed
// by a DmxReplayer into a fresh pipeline, and the parameter stream (slot, value, in order) must be
// exactly what the live pipeline produced.

#include "Core/ArtNetBuilder.h"
#include "Core/DmxPipeline.h"
#include "Core/DmxRecorder.h"
#include "Core/DmxReplayer.h"
#include "Core/SacnBuilder.h"
#include "Core/SteadyClock.h"
#include "Net/ReceiverHub.h"

#include "NetTestUtil.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <thread>
#include <unistd.h>

using namespace dmxin;
using namespace dmxin::net;

using namespace dmxin::nettest;

namespace {

struct Output {
    int slot;
    int mapping;
    float value;
    bool operator==(const Output&) const = default;
};

struct RecordingSink final : DmxOutputSink {
    std::vector<Output> outputs;
    void onMappedValue(const Mapping&, int mappingIndex, int slotIndex, float value, std::uint64_t) noexcept override {
        outputs.push_back({slotIndex, mappingIndex, value});
    }
};

std::vector<Mapping> showMappings() {
    std::vector<Mapping> maps(4);
    maps[0].universe = *UniverseId::parse(DmxProtocol::ArtNet, "0:0:1");
    maps[0].channel = 1;
    maps[0].targetSlot = 1;
    maps[0].onLoss = LossAction::Default;
    maps[0].lossValue = 0.5f;
    maps[1].universe = maps[0].universe;
    maps[1].channel = 3;
    maps[1].sixteenBit = true;
    maps[1].targetSlot = 2;
    maps[1].curve = Curve::SCurve;
    maps[2].universe = *UniverseId::sacn(5);
    maps[2].channel = 1;
    maps[2].targetSlot = 3;
    maps[2].outMin = 0.9f;
    maps[2].outMax = 0.1f;
    maps[3].universe = maps[2].universe;
    maps[3].channel = 2;
    maps[3].targetSlot = 0;
    maps[3].midi.kind = MidiKind::Cc7;
    return maps;
}


void process(DmxPipeline& pipeline, RecordingSink& sink) {
    while (!pipeline.tryProcess(true, sink, 1'000'000)) {
    }
}

} // namespace

TEST_CASE("a replayed recording gives the same parameter stream as the live traffic") {
    const auto maps = showMappings();
    std::vector<std::string> errors;
    DmxPipeline live;
    live.setTable(MappingTable::build(maps, errors));
    REQUIRE(errors.empty());

    auto hub = ReceiverHub::createDetached();
    SubscriptionSettings settings;
    settings.universes = {maps[0].universe, maps[2].universe};
    settings.artnetLossNs = 100'000'000ull;   // 100 ms, so the pattern ends with a loss
    const int instance = hub->subscribe(live.queue());
    hub->configure(instance, settings);

    const auto path = (std::filesystem::temp_directory_path() / ("dmxin_replay_" + std::to_string(::getpid()) + ".dmxrec")).string();
    DmxRecorder recorder;
    std::string error;
    REQUIRE(recorder.start(path, error));
    const int tap = hub->subscribe(recorder.queue());
    hub->configure(tap, settings);

    // The pattern: console A ramps channel 1 and a 16-bit pair on 3/4; console B holds channel 1
    // at 100 for a while (HTP merge); an sACN source ramps channel 1 down and toggles channel 2.
    RecordingSink liveSink;
    const std::uint64_t t0 = steadyNowNs();
    const PortAddress u1 = *PortAddress::parse("0:0:1");
    SacnCid cid{};
    cid.fill(7);
    std::uint64_t t = t0;
    for (int i = 0; i < 200; ++i) {
        t = t0 + static_cast<std::uint64_t>(i) * 500'000ull;   // 0.5 ms apart
        std::vector<std::uint8_t> slots(8, 0);
        slots[0] = static_cast<std::uint8_t>(i);
        slots[2] = static_cast<std::uint8_t>(i / 2);
        slots[3] = static_cast<std::uint8_t>(i * 37);
        std::vector<std::uint8_t> packet(530);
        packet.resize(buildArtDmx(packet, u1, static_cast<std::uint8_t>(i % 255 + 1), 0, slots));
        hub->handleDatagram(datagram(packet, 0x0A000001, t));
        if (i >= 50 && i < 120 && i % 2 == 0) {
            std::vector<std::uint8_t> b(8, 0);
            b[0] = 100;
            std::vector<std::uint8_t> pb(530);
            pb.resize(buildArtDmx(pb, u1, 0, 0, b));
            hub->handleDatagram(datagram(pb, 0x0A000002, t + 1));
        }
        if (i % 3 == 0) {
            std::vector<std::uint8_t> s = {static_cast<std::uint8_t>(255 - i), static_cast<std::uint8_t>((i / 9) % 2 ? 127 : 0)};
            std::vector<std::uint8_t> ps(kSacnMaxDataPacket);
            ps.resize(buildSacnData(ps, cid, "pattern", 100, 0, static_cast<std::uint8_t>(i / 3), 0, 5, 0x00, s));
            hub->handleSacnDatagram(datagram(ps, 0x0A000003, t + 2));
        }
        process(live, liveSink);
    }
    hub->runTimers(t + 150'000'000ull);   // both Art-Net consoles gone past the loss timeout
    process(live, liveSink);
    hub->unsubscribe(tap);
    recorder.stop();
    hub->unsubscribe(instance);

    REQUIRE(liveSink.outputs.size() > 200);
    bool sawLoss = false;
    for (const auto& o : liveSink.outputs)
        sawLoss = sawLoss || (o.slot == 0 && o.value == 0.5f);
    CHECK(sawLoss);

    const auto recording = readRecording(path);
    REQUIRE(recording.error.empty());
    CHECK_FALSE(recording.truncated);
    CHECK(recording.frames.size() == recorder.framesRecorded());
    CHECK(recording.frames.size() == live.stats().framesApplied + live.stats().framesUnmapped);
    CHECK(recording.frames.back().frame.lost);

    DmxPipeline replayed;
    replayed.setTable(MappingTable::build(maps, errors));
    RecordingSink replaySink;
    DmxRecordingReader reader;
    REQUIRE(reader.loadFile(path));
    DmxReplayer replayer(std::move(reader), replayed.queue(), false);
    replayer.start();
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!replayer.finished() && std::chrono::steady_clock::now() < until) {
        process(replayed, replaySink);
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    replayer.stop();
    process(replayed, replaySink);
    std::filesystem::remove(path);
    REQUIRE(replayer.finished());

    REQUIRE(replaySink.outputs.size() == liveSink.outputs.size());
    for (std::size_t i = 0; i < liveSink.outputs.size(); ++i) {
        INFO("output " << i);
        CHECK(replaySink.outputs[i] == liveSink.outputs[i]);
    }
}
