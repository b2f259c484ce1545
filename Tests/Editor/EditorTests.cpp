// Editor component tests: the real DmxInEditor on a processor bound to 127.0.0.1 (ephemeral port),
// driven through its components; DMX comes from a real UDP sender on loopback.

#include "Core/ArtNetBuilder.h"
#include "Core/DmxRecording.h"
#include "Core/SteadyClock.h"
#include "Editor/ChannelMonitor.h"
#include "Editor/DmxInEditor.h"
#include "Editor/LearnBar.h"
#include "Editor/MappingDetails.h"
#include "Editor/MappingList.h"
#include "Editor/MappingsPage.h"
#include "Editor/OutputText.h"
#include "Editor/OutputsPage.h"
#include "Editor/PresetPanel.h"
#include "Editor/StatusView.h"
#include "Core/ArtNetParser.h"
#include "Net/OutputSender.h"
#include "Net/Platform/UdpSocket.h"
#include "Plugin/DmxInProcessor.h"
#include "SendSocket.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

using namespace dmxin;

namespace {
const NetworkSettings kLoopback = NetworkSettings::at("127.0.0.1", 0, 0);
PortAddress pa(const char* text) { return *PortAddress::parse(text); }

// Runs the message loop (editor timer, processor fallback clock) until pred() holds; 8 s at most.
template <typename Pred>
bool pumpUntil(Pred pred, int maxMs = 8000) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(maxMs);
    while (!pred() && std::chrono::steady_clock::now() < end)
        juce::MessageManager::getInstance()->runDispatchLoopUntil(20);
    return pred();
}
void pumpFor(int ms) {
    pumpUntil([] { return false; }, ms);
}

// Sends one universe's 512 slots at ~40 Hz from its own thread; set() changes what it sends.
class Sender {
public:
    Sender(std::uint16_t port, PortAddress universe) : socket_("127.0.0.1", port), universe_(universe) {
        thread_ = std::thread([this] {
            std::uint8_t packet[530];
            while (running_) {
                std::vector<std::uint8_t> slots;
                {
                    std::lock_guard l(mutex_);
                    slots.assign(slots_.begin(), slots_.end());
                }
                socket_.send(packet, buildArtDmx(packet, universe_, 0, 0, slots));
                std::this_thread::sleep_for(std::chrono::milliseconds(25));
            }
        });
    }
    ~Sender() {
        running_ = false;
        thread_.join();
    }
    void set(int channel, int value) {
        std::lock_guard l(mutex_);
        slots_[static_cast<std::size_t>(channel - 1)] = static_cast<std::uint8_t>(value);
    }

private:
    testing::SendSocket socket_;
    PortAddress universe_;
    std::mutex mutex_;
    std::array<std::uint8_t, 512> slots_{};
    std::atomic<bool> running_{true};
    std::thread thread_;
};

juce::Component* findById(juce::Component& root, const juce::String& id) {
    if (root.getComponentID() == id)
        return &root;
    for (auto* child : root.getChildren())
        if (auto* found = findById(*child, id))
            return found;
    return nullptr;
}

juce::TextEditor& field(MappingDetails& details, const char* id) {
    auto* editor = dynamic_cast<juce::TextEditor*>(findById(details, id));
    REQUIRE(editor != nullptr);
    return *editor;
}

void type(juce::TextEditor& editor, const juce::String& text) {
    editor.setText(text, juce::dontSendNotification);
    REQUIRE(editor.onReturnKey);
    editor.onReturnKey();
}

std::unique_ptr<DmxInEditor> openEditor(DmxInProcessor& p) {
    auto editor = std::make_unique<DmxInEditor>(p);
    editor->setSize(1200, 780);
    return editor;
}
} // namespace

TEST_CASE("editor: add and edit mappings through the components; undo and redo restore the table") {
    DmxInProcessor p(kLoopback);
    auto editor = openEditor(p);
    auto& page = editor->mappingsPage();
    auto& list = page.list();

    REQUIRE(list.addMapping());
    REQUIRE(list.addMapping());
    auto table = p.getMappings();
    REQUIRE(table.size() == 2);
    CHECK(table[0].targetSlot == 1);
    CHECK(table[1].targetSlot == 2);
    CHECK(table[1].channel == 2);

    // Edit the first mapping in the details panel.
    list.selectIndex(0);
    editor->tick();
    type(field(page.details(), "outMax"), "0.5");
    type(field(page.details(), "channel"), "42");
    type(field(page.details(), "universe"), "0:1:2");
    table = p.getMappings();
    CHECK(table[0].outMax == Approx(0.5f));
    CHECK(table[0].channel == 42);
    CHECK(table[0].universe == UniverseId(pa("0:1:2")));

    // Curve and loss behaviour are menus.
    auto* curve = dynamic_cast<juce::ComboBox*>(findById(page.details(), "curve"));
    REQUIRE(curve != nullptr);
    curve->setSelectedId(4, juce::sendNotificationSync);
    auto* loss = dynamic_cast<juce::ComboBox*>(findById(page.details(), "onLoss"));
    REQUIRE(loss != nullptr);
    loss->setSelectedId(3, juce::sendNotificationSync);
    editor->tick();
    type(field(page.details(), "lossFadeMs"), "2500");
    table = p.getMappings();
    CHECK(table[0].curve == Curve::SCurve);
    CHECK(table[0].onLoss == LossAction::Fade);
    CHECK(table[0].lossFadeMs == 2500);

    // Undo walks back one edit at a time; redo walks forward.
    const auto beforeUndo = p.getMappings();
    list.undo();
    CHECK(p.getMappings()[0].lossFadeMs == 1000);
    list.undo();
    CHECK(p.getMappings()[0].onLoss == LossAction::Hold);
    list.redo();
    list.redo();
    CHECK(p.getMappings()[0].lossFadeMs == 2500);

    // A refused edit names the field, changes nothing and is not an undo step.
    type(field(page.details(), "channel"), "600");
    CHECK(p.getMappings()[0].channel == 42);
    CHECK(list.messageText().contains("channel"));
    type(field(page.details(), "slot"), "2");   // slot 2 belongs to the second mapping
    CHECK(p.getMappings()[0].targetSlot == 1);
    CHECK(list.messageText().contains("mappings"));

    // Duplicate, multi-select delete, undo.
    list.selectIndex(1);
    REQUIRE(list.duplicateSelected());
    REQUIRE(p.getMappings().size() == 3);
    CHECK(p.getMappings()[2].targetSlot == 3);
    CHECK(juce::String(p.getMappings()[2].name).endsWith("copy"));
    editor->tick();
    const auto threeRows = p.getMappings();
    list.selectIndex(0);
    auto& table_ = dynamic_cast<juce::TableListBox&>(*list.getChildren()[0]);
    table_.selectRow(0);
    table_.selectRangeOfRows(0, 2);
    REQUIRE(list.selectedIndices().size() == 3);
    REQUIRE(list.deleteSelected());
    CHECK(p.getMappings().empty());
    list.undo();
    CHECK(p.getMappings().size() == 3);
    CHECK(p.getMappings()[0].outMax == Approx(0.5f));

    // Enable toggles for the selection.
    list.selectIndex(2);
    REQUIRE(list.toggleEnabledSelected());
    CHECK_FALSE(p.getMappings()[2].enabled);

    // A change made elsewhere (host state) is picked up and clears the history.
    std::vector<std::string> errors;
    auto replaced = p.getMappings();
    replaced.pop_back();
    REQUIRE(p.setMappings(replaced, errors));
    editor->tick();
    CHECK(list.mappings().size() == 2);
    list.undo();
    CHECK(p.getMappings().size() == 2);   // nothing to undo across a change made elsewhere
}

TEST_CASE("editor: sorting changes the view, not the stored order") {
    DmxInProcessor p(kLoopback);
    auto editor = openEditor(p);
    auto& list = editor->mappingsPage().list();
    REQUIRE(list.addMapping());
    REQUIRE(list.addMapping());
    REQUIRE(list.addMapping());
    auto table = p.getMappings();
    table[0].channel = 30;
    table[1].channel = 10;
    table[2].channel = 20;
    std::vector<std::string> errors;
    REQUIRE(list.applyList(table, "set channels", -1));
    list.sortBy(MappingList::colChannel, true);
    auto& tableBox = dynamic_cast<juce::TableListBox&>(*list.getChildren()[0]);
    tableBox.selectRow(0);
    CHECK(list.selectedIndex() == 1);   // channel 10 is shown first
    tableBox.selectRow(2);
    CHECK(list.selectedIndex() == 0);
    CHECK(p.getMappings()[0].channel == 30);   // stored order untouched
}

TEST_CASE("editor: DMX learn assigns the channel a sender moves, ignoring a flickering one") {
    DmxInProcessor p(kLoopback);
    auto editor = openEditor(p);
    auto& page = editor->mappingsPage();
    REQUIRE(page.list().addMapping());   // 0:0:0 channel 1 -> slot 1
    const auto port = p.getHubStatus().boundPort;
    REQUIRE(port != 0);

    Sender sender(port, pa("0:0:0"));
    sender.set(37, 10);
    // Let the monitor hear the universe first (it watches mapped universes at once).
    REQUIRE(pumpUntil([&] { const auto* i = editor->monitor().image(UniverseId(pa("0:0:0"))); return i && i->received; }));

    page.list().selectIndex(0);
    page.learn(0, steadyNowNs());
    REQUIRE(page.learnBar().armed());
    // Baseline: channel 7 flickers by itself.
    const auto flickerEnd = std::chrono::steady_clock::now() + std::chrono::milliseconds(600);
    int flip = 0;
    while (std::chrono::steady_clock::now() < flickerEnd) {
        sender.set(7, (flip++ % 2) ? 90 : 160);
        pumpFor(40);
    }
    // The programmer moves channel 37 up and leaves it; channel 7 keeps flickering.
    for (int v = 10; v <= 210; v += 40) {
        sender.set(37, v);
        sender.set(7, (flip++ % 2) ? 90 : 160);
        pumpFor(40);
    }
    REQUIRE(pumpUntil([&] {
        sender.set(7, (flip++ % 2) ? 90 : 160);
        return p.getMappings()[0].channel == 37;
    }));
    CHECK_FALSE(page.learnBar().armed());
    CHECK(p.getMappings()[0].universe == UniverseId(pa("0:0:0")));
    CHECK_FALSE(p.getMappings()[0].sixteenBit);
    // One undo step takes the learned channel back.
    page.list().undo();
    CHECK(p.getMappings()[0].channel == 1);
}

TEST_CASE("editor: learn new offers a 16-bit pair when two adjacent channels move together") {
    DmxInProcessor p(kLoopback);
    auto editor = openEditor(p);
    auto& page = editor->mappingsPage();
    const auto port = p.getHubStatus().boundPort;
    // Nothing mapped: the monitored universe (0:0:0 by default) is watched anyway.
    Sender sender(port, pa("0:0:0"));
    REQUIRE(pumpUntil([&] { const auto* i = editor->monitor().image(UniverseId(pa("0:0:0"))); return i && i->received; }));

    page.learn(-1, steadyNowNs());
    pumpFor(500);
    for (int step = 1; step <= 8; ++step) {
        sender.set(100, step * 4);
        sender.set(101, (step * 97) % 256);
        pumpFor(40);
    }
    REQUIRE(pumpUntil([&] { return page.learnBar().offer().has_value(); }));
    CHECK(page.learnBar().offer()->coarse == 100);
    page.learnBar().acceptPair(true);
    const auto table = p.getMappings();
    REQUIRE(table.size() == 1);
    CHECK(table[0].channel == 100);
    CHECK(table[0].sixteenBit);
    CHECK(table[0].effectiveFineChannel() == 101);
}

TEST_CASE("editor: the channel monitor shows sent values, labels mapped channels, and lists what it hears") {
    DmxInProcessor p(kLoopback);
    auto editor = openEditor(p);
    auto& list = editor->mappingsPage().list();
    REQUIRE(list.addMappingFor(UniverseId(pa("0:0:3")), 5));
    auto& monitor = editor->channelMonitor();
    monitor.setUniverse(UniverseId(pa("0:0:3")));
    editor->showTab(DmxInEditor::tabMonitor);

    const auto port = p.getHubStatus().boundPort;
    Sender sender(port, pa("0:0:3"));
    sender.set(1, 77);
    sender.set(5, 200);
    sender.set(512, 255);
    REQUIRE(pumpUntil([&] { return monitor.shownValue(1) == 77 && monitor.shownValue(512) == 255; }));
    CHECK(monitor.shownValue(5) == 200);
    CHECK(monitor.shownValue(2) == 0);
    CHECK(monitor.shownLabel(5) == juce::String(p.getMappings()[0].name));
    CHECK(monitor.shownLabel(1).isEmpty());

    // The mapping table shows the live input of the mapped channel.
    REQUIRE(pumpUntil([&] { return list.liveInput(0) == 200; }));

    // An unmapped universe on the wire is listed with its source.
    Sender other(port, pa("0:0:9"));
    REQUIRE(pumpUntil([&] {
        for (const auto& h : editor->monitor().heard())
            if (h.universe == UniverseId(pa("0:0:9")) && h.packetsPerSecond > 0.0)
                return true;
        return false;
    }));

    // Clicking an unmapped cell asks for a mapping on it.
    REQUIRE(monitor.onCreateMapping);
    monitor.onCreateMapping(UniverseId(pa("0:0:3")), 1);
    REQUIRE(p.getMappings().size() == 2);
    CHECK(p.getMappings()[1].channel == 1);
    CHECK(p.getMappings()[1].universe == UniverseId(pa("0:0:3")));
}

TEST_CASE("editor: a refused preset lists every error with its field and changes nothing") {
    DmxInProcessor p(kLoopback);
    auto editor = openEditor(p);
    REQUIRE(editor->mappingsPage().list().addMapping());
    p.setSlotLabel(1, "Keep me");
    const auto before = p.getMappings();

    const auto dir = juce::File::createTempFile("dmxin-presets");
    REQUIRE(dir.createDirectory());
    PresetPanel presets(p, dir);
    const auto bad = dir.getChildFile("bad.json");
    REQUIRE(bad.replaceWithText(R"({"schema": 1, "labels": {"1": "Changed"}, "mappings": [
        {"name": "a", "universe": "0:0:0", "channel": 600, "target": 1},
        {"name": "b", "universe": "0:0:0", "channel": 2, "target": 2, "curve": "wobbly"}]})"));
    CHECK_FALSE(presets.loadFile(bad));
    const auto errors = presets.shownErrors().joinIntoString("\n");
    CHECK(errors.contains("mappings[0].channel"));
    CHECK(errors.contains("mappings[1].curve"));
    CHECK(presets.messageText().contains("2 errors"));
    CHECK(p.getMappings().size() == before.size());
    CHECK(p.getMappings()[0].channel == before[0].channel);
    CHECK(p.getSlotLabel(1) == "Keep me");

    // Save into the folder, load it back, import and export.
    REQUIRE(presets.saveAs("my show"));
    CHECK(dir.getChildFile("my show.json").existsAsFile());
    CHECK(presets.userPresets().size() == 2);
    std::vector<std::string> errs;
    REQUIRE(p.setMappings({}, errs));
    REQUIRE(presets.loadFile(dir.getChildFile("my show.json")));
    CHECK(p.getMappings().size() == 1);
    CHECK(presets.shownErrors().isEmpty());
    const auto exported = dir.getChildFile("sub").getChildFile("out.json");
    REQUIRE(exported.getParentDirectory().createDirectory());
    REQUIRE(presets.exportTo(exported));
    CHECK(exported.existsAsFile());
    const auto outside = juce::File::createTempFile(".json");
    REQUIRE(exported.copyFileTo(outside));
    REQUIRE(presets.importFile(outside));
    CHECK(dir.getChildFile(outside.getFileName()).existsAsFile());
    outside.deleteFile();

    // Every factory preset loads.
    REQUIRE(presets.numFactoryPresets() >= 2);
    for (int i = 0; i < presets.numFactoryPresets(); ++i) {
        INFO("factory preset " << i);
        CHECK(presets.loadFactory(i));
    }
    dir.deleteRecursively();
}

TEST_CASE("editor: the status view names the listening socket and counts rejected packets") {
    DmxInProcessor p(kLoopback);
    auto editor = openEditor(p);
    editor->showTab(DmxInEditor::tabStatus);
    const auto port = p.getHubStatus().boundPort;
    testing::SendSocket("127.0.0.1", port).send(reinterpret_cast<const std::uint8_t*>("Art-Net"), 7);   // too short
    REQUIRE(pumpUntil([&] {
        editor->tick();
        return editor->statusView().lines().joinIntoString("\n").contains("127.0.0.1:" + juce::String(port))
               && editor->statusView().lines().joinIntoString("\n").contains("Rejected packets by reason (1)");
    }));
    const auto text = editor->statusView().lines().joinIntoString("\n");
    CHECK(text.contains("Art-Net too-short: 1"));
    CHECK(text.contains("DMX In " DMXIN_VERSION_STRING ", JUCE"));   // the project version, for bug reports
}

TEST_CASE("editor: every control has a tooltip, and the editor keeps a sensible minimum size") {
    DmxInProcessor p(kLoopback);
    auto editor = openEditor(p);
    REQUIRE(editor->mappingsPage().list().addMapping());
    editor->mappingsPage().list().selectIndex(0);
    editor->tick();
    juce::StringArray missing;
    std::function<void(juce::Component&)> walk = [&](juce::Component& c) {
        const bool control = dynamic_cast<juce::Button*>(&c) != nullptr || dynamic_cast<juce::TextEditor*>(&c) != nullptr
                             || dynamic_cast<juce::ComboBox*>(&c) != nullptr || dynamic_cast<juce::Slider*>(&c) != nullptr;
        const bool insideControl = c.getParentComponent() != nullptr
                                   && (dynamic_cast<juce::ComboBox*>(c.getParentComponent()) != nullptr
                                       || dynamic_cast<juce::Slider*>(c.getParentComponent()) != nullptr
                                       || dynamic_cast<juce::ScrollBar*>(c.getParentComponent()) != nullptr);
        if (control && !insideControl && dynamic_cast<juce::ScrollBar*>(&c) == nullptr)
            if (auto* tip = dynamic_cast<juce::TooltipClient*>(&c); tip == nullptr || tip->getTooltip().isEmpty())
                missing.add(c.getName() + " " + c.getComponentID() + " " + juce::String(typeid(c).name())
                            + (dynamic_cast<juce::Button*>(&c) ? " \"" + dynamic_cast<juce::Button*>(&c)->getButtonText() + "\"" : ""));
        for (auto* child : c.getChildren())
            walk(*child);
    };
    // An output universe with a channel, so every field of the Outputs tab is in use. Sending off:
    // a new universe goes to 127.0.0.1:6454, where a DMX In in the user's DAW may listen.
    p.setOutputAllowed(false);
    REQUIRE(editor->outputsPage().addUniverse());
    REQUIRE(editor->outputsPage().addChannel());
    // A tab's page is a child of the editor only while it shows: walk each one.
    for (auto tab : {DmxInEditor::tabMappings, DmxInEditor::tabMonitor, DmxInEditor::tabParameters, DmxInEditor::tabPresets,
                     DmxInEditor::tabStatus, DmxInEditor::tabOutputs}) {
        editor->showTab(tab);
        editor->tick();
        walk(*editor);
    }
    INFO(missing.joinIntoString("\n"));
    CHECK(missing.isEmpty());

    auto* constrainer = editor->getConstrainer();
    REQUIRE(constrainer != nullptr);
    CHECK(constrainer->getMinimumWidth() >= 1000);
    CHECK(constrainer->getMinimumHeight() >= 640);
    editor->setSize(constrainer->getMinimumWidth(), constrainer->getMinimumHeight());
    CHECK(editor->getWidth() == constrainer->getMinimumWidth());
}

TEST_CASE("editor: smoothing, deadband, steps and switch are edited in the details; undo restores") {
    DmxInProcessor p(kLoopback);
    auto editor = openEditor(p);
    auto& page = editor->mappingsPage();
    auto& list = page.list();
    REQUIRE(list.addMapping());
    list.selectIndex(0);
    editor->tick();
    auto& details = page.details();

    type(field(details, "smoothingMs"), "250");
    type(field(details, "deadband"), "3");
    type(field(details, "steps"), "4");
    auto m = p.getMappings()[0];
    CHECK(m.smoothingMs == 250);
    CHECK(m.deadband == 3);
    CHECK(m.steps == 4);
    CHECK(m.mode == OutputMode::Continuous);
    // Threshold and hysteresis only mean something to a switch.
    CHECK_FALSE(field(details, "threshold").isEnabled());

    auto* mode = dynamic_cast<juce::ComboBox*>(findById(details, "mode"));
    REQUIRE(mode != nullptr);
    mode->setSelectedId(2, juce::sendNotificationSync);
    editor->tick();
    CHECK(p.getMappings()[0].mode == OutputMode::Switch);
    CHECK(field(details, "threshold").isEnabled());
    CHECK_FALSE(field(details, "steps").isEnabled());   // a switch has no steps
    type(field(details, "threshold"), "0.3");
    type(field(details, "hysteresis"), "0.2");
    m = p.getMappings()[0];
    CHECK(m.threshold == Approx(0.3f));
    CHECK(m.hysteresis == Approx(0.2f));
    CHECK(m.steps == 4);   // kept for when the mapping is continuous again

    // Out of range: refused naming the field, nothing changes, no undo step.
    type(field(details, "deadband"), "300");
    CHECK(p.getMappings()[0].deadband == 3);
    CHECK(list.messageText().contains("deadband"));
    type(field(details, "smoothingMs"), "70000");
    CHECK(p.getMappings()[0].smoothingMs == 250);
    CHECK(list.messageText().contains("smoothingMs"));
    editor->tick();

    // Each edit is one undo step, back to the defaults; redo walks forward again.
    list.undo();
    CHECK(p.getMappings()[0].hysteresis == Approx(0.1f));
    list.undo();
    CHECK(p.getMappings()[0].threshold == Approx(0.5f));
    list.undo();
    CHECK(p.getMappings()[0].mode == OutputMode::Continuous);
    list.undo();
    list.undo();
    list.undo();
    m = p.getMappings()[0];
    CHECK(m.smoothingMs == 0);
    CHECK(m.deadband == 0);
    CHECK(m.steps == 0);
    list.redo();
    CHECK(p.getMappings()[0].smoothingMs == 250);
    // The details panel follows the undo/redo.
    editor->tick();
    CHECK(field(details, "smoothingMs").getText() == "250");
    CHECK(field(details, "deadband").getText() == "0");
}

TEST_CASE("editor: the status view lists each universe's senders and the packet-to-block delay") {
    DmxInProcessor p(kLoopback);
    std::vector<std::string> errors;
    Mapping m;
    m.universe = pa("0:0:1");
    m.channel = 1;
    m.targetSlot = 1;
    REQUIRE(p.setMappings({m}, errors));
    p.setRateAndBufferSizeDetails(48000.0, 256);
    p.prepareToPlay(48000.0, 256);
    auto editor = openEditor(p);
    editor->showTab(DmxInEditor::tabStatus);
    Sender sender(p.getHubStatus().boundPort, pa("0:0:1"));
    juce::AudioBuffer<float> buffer(2, 256);
    juce::MidiBuffer midi;
    int value = 0;
    auto text = [&] { return editor->statusView().lines().joinIntoString("\n"); };
    REQUIRE(pumpUntil([&] {
        sender.set(1, ++value % 256);   // a moving fader: every frame changes the mapped value
        p.processBlock(buffer, midi);   // the audio thread's part, here on the test thread
        editor->tick();
        return text().contains("from Art-Net 127.0.0.1") && text().contains("Delay packet -> audio block: median");
    }));
    INFO(text());
    CHECK(text().contains("Art-Net 0:0:1 (#2): live"));
    CHECK(p.getDelaySummary().count > 0);
}

TEST_CASE("editor: the Presets tab exports fixture profiles, records DMX and replays it without the network") {
    DmxInProcessor p(kLoopback);
    Mapping m;
    m.name = "ch 1";
    m.universe = pa("0:0:0");
    m.channel = 1;
    m.targetSlot = 1;
    std::vector<std::string> errors;
    REQUIRE(p.setMappings({m}, errors));
    p.setSlotLabel(1, "Cutoff");
    const auto dir = juce::File::createTempFile("dmxin-show");
    REQUIRE(dir.createDirectory());
    PresetPanel presets(p, dir);
    auto& bar = presets.showFiles();

    REQUIRE(bar.exportProfile(dir.getChildFile("Rig.qxf")));
    const auto qxf = dir.getChildFile("Rig.qxf").loadFileAsString();
    CHECK(qxf.contains("<Model>Rig</Model>"));
    CHECK(qxf.contains("<Channel Name=\"Cutoff\">"));
    CHECK(qxf.contains("<Mode Name=\"Art-Net 0:0:0 (#1) @ 1\">"));
    REQUIRE(bar.exportProfile(dir.getChildFile("Rig.gdtf")));
    CHECK(dir.getChildFile("Rig.gdtf").loadFileAsString().startsWith("PK"));
    REQUIRE(bar.exportProfile(dir.getChildFile("Rig.csv")));
    CHECK(dir.getChildFile("Rig.csv").loadFileAsString().contains(",1,,8,Cutoff,control001 (Cutoff),"));
    REQUIRE(bar.exportProfile(dir.getChildFile("plain")));   // no known extension: .qxf
    CHECK(dir.getChildFile("plain.qxf").existsAsFile());
    CHECK(bar.messageText().startsWith("Exported"));

    const auto port = p.getHubStatus().boundPort;
    REQUIRE(port != 0);
    const auto recording = dir.getChildFile("show.dmxrec");
    REQUIRE(bar.startRecording(dir.getChildFile("show")));
    CHECK(p.getRecordReplayStatus().recording);
    {
        Sender sender(port, pa("0:0:0"));
        sender.set(1, 200);
        REQUIRE(pumpUntil([&] { return std::abs(p.getSlotValue(0) - 200.0f / 255.0f) < 1e-6f; }));
        bar.stopRecording();
        CHECK_FALSE(p.getRecordReplayStatus().recording);
        CHECK(bar.messageText().startsWith("Recorded"));
        sender.set(1, 50);   // live traffic moves on after the recording
        REQUIRE(pumpUntil([&] { return std::abs(p.getSlotValue(0) - 50.0f / 255.0f) < 1e-6f; }));
    }
    const auto read = readRecording(recording.getFullPathName().toStdString());
    REQUIRE(read.error.empty());
    REQUIRE_FALSE(read.frames.empty());
    CHECK(read.frames.back().frame.slots[0] == 200);

    REQUIRE(bar.startReplay(recording, false));
    CHECK(p.getHubStatus().error == "replaying a recording (network paused)");
    REQUIRE(pumpUntil([&] { return p.getRecordReplayStatus().replayFinished; }));
    REQUIRE(pumpUntil([&] { return std::abs(p.getSlotValue(0) - 200.0f / 255.0f) < 1e-6f; }));
    REQUIRE(pumpUntil([&] { return bar.statusText().contains("finished"); }));
    bar.stopReplay();
    CHECK_FALSE(p.getRecordReplayStatus().replaying);
    CHECK(p.getHubStatus().listening);

    CHECK_FALSE(bar.startReplay(dir.getChildFile("Rig.csv"), false));
    CHECK(bar.messageText().contains("not a DMX In recording"));
    dir.deleteRecursively();
}

namespace {
juce::TextEditor& outputField(OutputsPage& page, const char* id) {
    auto* editor = dynamic_cast<juce::TextEditor*>(findById(page, id));
    REQUIRE(editor != nullptr);
    return *editor;
}

// Clicks the selected universe's on/off switch to `on`, as a user does once the destination is set.
void switchUniverse(OutputsPage& page, bool on) {
    auto* toggle = dynamic_cast<juce::ToggleButton*>(findById(page, "outEnabled"));
    REQUIRE(toggle != nullptr);
    toggle->setToggleState(on, juce::sendNotificationSync);
}

// A socket on 127.0.0.1 the Outputs tab sends to (the "rig"); counts the ArtDmx it reads per universe.
class OutputRig {
public:
    OutputRig() { REQUIRE(socket_.open("127.0.0.1", 0).ok); }
    std::uint16_t port() const { return socket_.localPort(); }
    // Reads what is ready; returns the last channel-1 value of `universe`, -1 if none arrived yet.
    int poll(PortAddress universe) {
        while (socket_.waitReadable(1) && socket_.receiveBatch([&](const net::Datagram& d) {
            const auto parsed = parseArtNet(std::span<const std::uint8_t>(d.data, d.size));
            if (parsed.kind == ArtNetKind::Dmx && parsed.dmx.address == universe) {
                ++packets;
                last = parsed.dmx.data[0];
            }
        }) > 0) {
        }
        return last;
    }
    int packets = 0;
    int last = -1;

private:
    net::UdpSocket socket_;
};
} // namespace

TEST_CASE("editor: the Outputs tab says nothing is sent on a default instance, and shows --output-off") {
    DmxInProcessor p(kLoopback);
    auto editor = openEditor(p);
    editor->showTab(DmxInEditor::tabOutputs);
    editor->tick();
    auto& page = editor->outputsPage();
    CHECK(page.stateText().startsWith("Nothing is sent until you add an output"));
    CHECK(page.universeRows().isEmpty());
    CHECK(page.channelRows().isEmpty());
    pumpFor(200);
    CHECK_FALSE(p.getOutputStatus().sending);
    CHECK(net::OutputSender::existing() == nullptr);   // no output socket, no sender thread

    // Sending off for this run (--output-off): an added universe is kept, and the tab says nothing goes out.
    p.setOutputAllowed(false);
    REQUIRE(page.addUniverse());
    editor->tick();
    CHECK(page.stateText().contains("--output-off"));
    CHECK(page.universeRows().size() == 1);
    CHECK_FALSE(p.getOutputStatus().sending);
    CHECK(net::OutputSender::existing() == nullptr);
}

TEST_CASE("editor: an output added in the Outputs tab reaches a loopback socket, and its counts rise") {
    OutputRig rig;
    DmxInProcessor p(kLoopback);   // no audio callbacks: the message thread publishes the parameters
    auto editor = openEditor(p);
    editor->showTab(DmxInEditor::tabOutputs);
    auto& page = editor->outputsPage();

    // A new universe is switched off: its placeholder destination, 127.0.0.1:6454, is where a DMX In
    // in the user's DAW may listen, and nothing goes out until the user switches it on.
    REQUIRE(page.addUniverse());
    CHECK_FALSE(p.getOutputSettings().universes.at(0).enabled);
    CHECK_FALSE(p.getOutputStatus().sending);
    CHECK(net::OutputSender::existing() == nullptr);
    type(outputField(page, "outPort"), juce::String(rig.port()));
    REQUIRE(page.addChannel());
    type(outputField(page, "outSlot"), "3");
    CHECK_FALSE(p.getOutputStatus().sending);
    switchUniverse(page, true);
    CHECK(p.getOutputStatus().sending);
    auto settings = p.getOutputSettings();
    REQUIRE(settings.universes.size() == 1);
    const auto& u = settings.universes[0];
    CHECK(u.universe == UniverseId(pa("0:0:1")));
    CHECK(u.destination == OutputDestination::Unicast);
    CHECK(u.addresses == std::vector<std::string>{"127.0.0.1"});
    CHECK(u.port == rig.port());
    REQUIRE(u.channels.size() == 1);
    CHECK(u.channels[0].channel == 1);
    CHECK(u.channels[0].slot == 3);

    p.getParameterBank().slot(2).setValueNotifyingHost(1.0f);
    REQUIRE(pumpUntil([&] { return rig.poll(pa("0:0:1")) == 255; }));
    REQUIRE(pumpUntil([&] {
        editor->tick();
        rig.poll(pa("0:0:1"));
        return p.getOutputStatus().own.packetsSent >= 3;
    }));
    editor->tick();
    const auto status = p.getOutputStatus();
    CHECK(status.own.packetsSent >= static_cast<std::uint64_t>(rig.packets));
    CHECK(status.own.sendErrors == 0);
    INFO(page.stateText());
    CHECK(page.stateText().contains("packets sent"));
    CHECK(page.stateText().contains("0 send errors"));
    REQUIRE(page.universeRows().size() == 1);
    INFO(page.universeRows()[0]);
    CHECK(page.universeRows()[0].contains("Art-Net 0:0:1 (#2)"));   // both notations
    CHECK(page.universeRows()[0].contains("unicast -> 127.0.0.1:" + juce::String(rig.port())));
    CHECK(page.universeRows()[0].contains("44 Hz"));
    CHECK(page.universeRows()[0].contains("sent "));
    REQUIRE(page.channelRows().size() == 1);
    INFO(page.channelRows()[0]);
    CHECK(page.channelRows()[0].contains("DMX 1 8-bit"));
    CHECK(page.channelRows()[0].contains("slot 3"));
    CHECK(page.channelRows()[0].contains("-> 255"));   // the live value from the parameter

    // The counts keep rising while it sends; removing the universe stops it.
    const auto before = p.getOutputStatus().own.packetsSent;
    p.getParameterBank().slot(2).setValueNotifyingHost(0.0f);
    REQUIRE(pumpUntil([&] { return rig.poll(pa("0:0:1")) == 0 && p.getOutputStatus().own.packetsSent > before; }));
    REQUIRE(page.removeSelectedUniverse());
    CHECK(p.getOutputSettings().universes.empty());
    CHECK_FALSE(p.getOutputStatus().sending);
    CHECK(page.stateText().startsWith("Nothing is sent until you add an output"));
}

TEST_CASE("editor: the Outputs tab refuses a bad destination, universe or rate with the field and reason, and keeps the outputs; undo") {
    DmxInProcessor p(kLoopback);
    p.setOutputAllowed(false);   // nothing needs to go out here
    auto editor = openEditor(p);
    editor->showTab(DmxInEditor::tabOutputs);
    auto& page = editor->outputsPage();
    REQUIRE(page.addUniverse());
    switchUniverse(page, true);
    REQUIRE(page.addChannel());
    const auto before = p.getOutputSettings();

    type(outputField(page, "outAddresses"), "10.0.0.300");
    INFO(page.messageText());
    CHECK(page.messageText().contains("Refused"));
    CHECK(page.messageText().contains("output.universes[0].addresses[0]"));
    CHECK(page.messageText().contains("not a dotted-quad IPv4 address"));
    CHECK(p.getOutputSettings() == before);
    CHECK(outputField(page, "outAddresses").getText() == "127.0.0.1");   // the field shows what is kept

    type(outputField(page, "outUniverse"), "0:0:99");
    CHECK(page.messageText().contains("output.universes[0].universe"));
    CHECK(p.getOutputSettings() == before);

    type(outputField(page, "outRate"), "100");
    CHECK(page.messageText().contains("output.universes[0].rateHz: 100 is outside 1..44"));
    CHECK(p.getOutputSettings() == before);

    type(outputField(page, "outChannel"), "600");
    CHECK(page.messageText().contains("output.universes[0].channels[0].channel"));
    CHECK(p.getOutputSettings() == before);

    // A second universe may not send what the first already sends.
    REQUIRE(page.addUniverse());
    page.selectUniverse(1);
    switchUniverse(page, true);
    const auto two = p.getOutputSettings();
    REQUIRE(two.universes.size() == 2);
    type(outputField(page, "outUniverse"), "0:0:1");
    CHECK(page.messageText().contains("output.universes[1].universe"));
    CHECK(page.messageText().contains("is already sent by output.universes[0]"));
    CHECK(p.getOutputSettings() == two);

    // A good edit goes through, and is undone and redone as one step; the refused ones left no step.
    type(outputField(page, "outUniverse"), "0:1:0");
    CHECK(p.getOutputSettings().universes[1].universe == UniverseId(pa("0:1:0")));
    CHECK(page.messageText().startsWith("Done"));
    REQUIRE(page.undo());
    CHECK(p.getOutputSettings() == two);
    REQUIRE(page.redo());
    CHECK(p.getOutputSettings().universes[1].universe == UniverseId(pa("0:1:0")));
    REQUIRE(page.undo());   // the universe edit
    REQUIRE(page.undo());   // switching the second universe on
    REQUIRE(page.undo());   // the second universe
    CHECK(p.getOutputSettings() == before);
    REQUIRE(page.redo());   // the second universe, switched off
    CHECK_FALSE(p.getOutputSettings().universes.at(1).enabled);
    REQUIRE(page.redo());
    CHECK(p.getOutputSettings() == two);

    // The master switch and the sACN source name; a name too long for the sACN field is refused.
    auto* master = dynamic_cast<juce::ToggleButton*>(findById(page, "outMasterEnabled"));
    REQUIRE(master != nullptr);
    master->setToggleState(false, juce::sendNotificationSync);
    CHECK_FALSE(p.getOutputSettings().enabled);
    {
        OutputStatus allowed;   // what the tab would say were sending allowed in this run
        CHECK(describeOutputState(p.getOutputSettings(), allowed).startsWith("Output is switched off"));
    }
    master->setToggleState(true, juce::sendNotificationSync);
    CHECK(p.getOutputSettings().enabled);
    type(outputField(page, "outSourceName"), "Stage left");
    CHECK(p.getOutputSettings().sourceName == "Stage left");
    type(outputField(page, "outSourceName"), juce::String::repeatedString("x", 64));
    CHECK(page.messageText().contains("output.sourceName: 64 bytes is longer than 63"));
    CHECK(p.getOutputSettings().sourceName == "Stage left");

    // Outputs changed elsewhere (a preset, the host) clear the history: undo would throw them away.
    std::vector<std::string> errors;
    REQUIRE(p.setOutputSettings(OutputSettings{}, errors));
    editor->tick();
    CHECK_FALSE(page.undo());
    CHECK(p.getOutputSettings().universes.empty());
    CHECK(page.stateText().startsWith("Nothing is sent until you add an output"));
}
