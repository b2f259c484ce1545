#include "StateRules.h"

#include "Ipv4.h"
#include "PortAddress.h"
#include "SourceAllowlist.h"
#include "StateWording.h"

#include <array>
#include <cmath>
#include <cstdint>
#include <set>

namespace dmxin {

namespace {

using namespace wording;

constexpr std::size_t kMaxNameChars = 128;
constexpr std::size_t kMaxLtpUniverses = 512;
constexpr std::size_t kMaxAllowlistChars = 4096;

// `field` is appended to `path` only for an error: a valid value costs no string (the loader
// checks every mapping, and the fuzzers check hostile tables at speed).
void checkUnitRange(float value, const std::string& path, const char* field, Errors& errors) {
    if (!std::isfinite(value))
        errors.add(path + field, formatNumber(value) + " is not a finite number");
    else if (value < 0.0f || value > 1.0f)
        errors.add(path + field, formatNumber(value) + " is outside 0..1");
}

void checkMappingRules(const std::vector<Mapping>& mappings, const std::vector<unsigned>& skip, Errors& errors) {
    constexpr int kSlots = static_cast<int>(kDmxSlots);
    std::array<int, kNumParameterSlots + 1> driver;   // target slot -> index of the enabled mapping driving it
    driver.fill(-1);
    std::set<std::uint32_t> universes;

    for (std::size_t i = 0; i < mappings.size(); ++i) {
        const Mapping& m = mappings[i];
        const unsigned bad = i < skip.size() ? skip[i] : 0u;
        const std::string p = mappingPath(i);
        auto ok = [bad](unsigned field) { return (bad & field) == 0; };

        if (ok(fieldBit::kName) && utf8Length(m.name) > kMaxNameChars)
            errors.add(p + ".name", std::to_string(utf8Length(m.name)) + " characters is longer than "
                                        + std::to_string(kMaxNameChars));

        const bool channelOk = ok(fieldBit::kChannel) && m.channel >= 1 && m.channel <= kSlots;
        if (ok(fieldBit::kChannel) && !channelOk)
            errors.add(p + ".channel", outside(m.channel, 1, kSlots));

        if (ok(fieldBit::kFineChannel)) {
            if (m.fineChannel < 0 || m.fineChannel > kSlots)
                errors.add(p + ".fineChannel", outside(m.fineChannel, 0, kSlots) + " (0 means channel + 1)");
            else if (m.sixteenBit && ok(fieldBit::kSixteenBit) && channelOk) {
                if (m.fineChannel == m.channel)
                    errors.add(p + ".fineChannel", std::to_string(m.fineChannel) + " is the same as channel");
                else if (m.fineChannel == 0 && m.channel == kSlots)
                    errors.add(p + ".fineChannel",
                               "0 means channel + 1 = 513, which is outside 1..512; name the fine channel");
            }
        }

        const bool rawMaxKnown = ok(fieldBit::kSixteenBit);
        const int rawMax = m.rawMax();
        const bool inMinOk = ok(fieldBit::kInMin) && m.inMin >= 0 && m.inMin <= rawMax;
        if (ok(fieldBit::kInMin) && rawMaxKnown && !inMinOk)
            errors.add(p + ".inMin", outside(m.inMin, 0, rawMax));
        if (ok(fieldBit::kInMax) && rawMaxKnown && m.inMax != -1) {
            if (m.inMax < 0 || m.inMax > rawMax)
                errors.add(p + ".inMax", outside(m.inMax, 0, rawMax) + " (-1 means the full range)");
            else if (inMinOk && m.inMax < m.inMin)
                errors.add(p + ".inMax", std::to_string(m.inMax) + " is below inMin (" + std::to_string(m.inMin) + ")");
        }

        if (ok(fieldBit::kOutMin))
            checkUnitRange(m.outMin, p, ".outMin", errors);
        if (ok(fieldBit::kOutMax))
            checkUnitRange(m.outMax, p, ".outMax", errors);
        if (ok(fieldBit::kCurve) && static_cast<unsigned>(m.curve) > static_cast<unsigned>(Curve::SCurve))
            errors.add(p + ".curve", "unknown curve " + std::to_string(static_cast<unsigned>(m.curve)));
        if (ok(fieldBit::kCurveAmount))
            checkUnitRange(m.curveAmount, p, ".curveAmount", errors);

        if (ok(fieldBit::kLossValue))
            checkUnitRange(m.lossValue, p, ".lossValue", errors);
        if (ok(fieldBit::kLossFade) && (m.lossFadeMs < 1 || m.lossFadeMs > 600000))
            errors.add(p + ".lossFadeMs", outside(m.lossFadeMs, 1, 600000));

        if (ok(fieldBit::kSmoothing) && (m.smoothingMs < 0 || m.smoothingMs > kMaxSmoothingMs))
            errors.add(p + ".smoothingMs", outside(m.smoothingMs, 0, kMaxSmoothingMs) + " (0 means off)");
        if (ok(fieldBit::kDeadband) && rawMaxKnown && (m.deadband < 0 || m.deadband > rawMax))
            errors.add(p + ".deadband", outside(m.deadband, 0, rawMax) + " (raw DMX steps; 0 means off)");
        if (ok(fieldBit::kSteps) && (m.steps < 0 || m.steps > kMaxSteps))
            errors.add(p + ".steps", outside(m.steps, 0, kMaxSteps) + " (0 or 1 means off)");
        if (ok(fieldBit::kMode) && static_cast<unsigned>(m.mode) > static_cast<unsigned>(OutputMode::Switch))
            errors.add(p + ".mode", "unknown mode " + std::to_string(static_cast<unsigned>(m.mode)));
        if (ok(fieldBit::kThreshold))
            checkUnitRange(m.threshold, p, ".threshold", errors);
        if (ok(fieldBit::kHysteresis))
            checkUnitRange(m.hysteresis, p, ".hysteresis", errors);

        if (ok(fieldBit::kMidi)) {
            const MidiTarget& t = m.midi;
            if (t.kind != MidiKind::None) {
                if (t.channel < 1 || t.channel > 16)
                    errors.add(p + ".midi.channel", outside(t.channel, 1, 16));
                const int maxNumber = t.kind == MidiKind::Cc14 ? 31 : t.kind == MidiKind::Nrpn ? 16383 : 127;
                if (t.number < 0 || t.number > maxNumber)
                    errors.add(p + ".midi.number", outside(t.number, 0, maxNumber)
                                                       + (t.kind == MidiKind::Cc14 ? " (the MSB controller; LSB is number + 32)" : ""));
                if (t.kind == MidiKind::Note) {
                    checkUnitRange(t.threshold, p, ".midi.threshold", errors);
                    if (t.velocity < 1 || t.velocity > 127)
                        errors.add(p + ".midi.velocity", outside(t.velocity, 1, 127));
                }
            }
        }

        const bool targetOk = ok(fieldBit::kTarget) && m.targetSlot >= 0 && m.targetSlot <= kNumParameterSlots;
        if (ok(fieldBit::kTarget) && !targetOk)
            errors.add(p + ".target", outside(m.targetSlot, 0, kNumParameterSlots) + " (0 means MIDI only)");
        else if (ok(fieldBit::kTarget) && ok(fieldBit::kMidi) && m.targetSlot == 0 && m.midi.kind == MidiKind::None)
            errors.add(p + ".target", "0 (no parameter) needs a \"midi\" target, or the mapping does nothing");

        if (!m.enabled || !ok(fieldBit::kEnabled))
            continue;
        if (targetOk && m.targetSlot >= 1) {
            int& owner = driver[static_cast<std::size_t>(m.targetSlot)];
            if (owner >= 0) {
                const Mapping& first = mappings[static_cast<std::size_t>(owner)];
                std::string who = mappingPath(static_cast<std::size_t>(owner));
                if (!first.name.empty())
                    who += " (" + inQuotes(first.name) + ")";
                errors.add(p + ".target", "slot " + std::to_string(m.targetSlot) + " is already driven by " + who);
            } else {
                owner = static_cast<int>(i);
            }
        }
        if (ok(fieldBit::kUniverse))
            universes.insert(m.universe.key());
    }

    if (mappings.size() > static_cast<std::size_t>(kMaxMappings))
        errors.add("mappings", std::to_string(mappings.size()) + " mappings; at most " + std::to_string(kMaxMappings));
    if (universes.size() > kMaxUniversesPerInstance)
        errors.add("mappings", std::to_string(universes.size()) + " distinct universes among enabled mappings; at most "
                                   + std::to_string(kMaxUniversesPerInstance) + " are allowed");
}

void checkPort(int port, const char* path, Errors& errors) {
    if (port < 0 || port > 65535)
        errors.add(path, outside(port, 0, 65535));
}

void checkIpv4(const std::string& address, const char* path, Errors& errors) {
    if (!parseIpv4(address))
        errors.add(path, inQuotes(address) + " is not a dotted-quad IPv4 address");
}

// "N:S:U" only: PortAddress::parse also takes a bare 1-based number, which a setting must not be.
bool isPortAddressText(const std::string& text) {
    return text.find(':') != std::string::npos && PortAddress::parse(text).has_value();
}

} // namespace

std::vector<std::string> validateMappings(const std::vector<Mapping>& mappings) {
    std::vector<std::string> out;
    Errors errors(out);
    checkMappingRules(mappings, {}, errors);
    return out;
}

void checkMappings(const std::vector<Mapping>& mappings, const std::vector<unsigned>& skip,
                   std::vector<std::string>& errors) {
    Errors out(errors);
    checkMappingRules(mappings, skip, out);
}

void checkNetworkField(const NetworkSettings& network, NetworkField field, std::vector<std::string>& out) {
    Errors errors(out);
    switch (field) {
    case NetworkField::BindAddress: checkIpv4(network.bindAddress, "network.bindAddress", errors); break;
    case NetworkField::ArtnetPort: checkPort(network.artnetPort, "network.artnetPort", errors); break;
    case NetworkField::SacnPort: checkPort(network.sacnPort, "network.sacnPort", errors); break;
    case NetworkField::SacnInterface: checkIpv4(network.sacnInterface, "network.sacnInterface", errors); break;
    case NetworkField::ArtnetLossMs:
        if (network.artnetLossMs < 500 || network.artnetLossMs > 600000)
            errors.add("network.artnetLossMs", outside(network.artnetLossMs, 500, 600000));
        break;
    case NetworkField::LtpUniverses:
        for (std::size_t i = 0; i < network.ltpUniverses.size(); ++i)
            if (!isPortAddressText(network.ltpUniverses[i]))
                errors.add("network.ltpUniverses[" + std::to_string(i) + "]", "expected a \"Net:Sub:Uni\" Port-Address string");
        if (network.ltpUniverses.size() > kMaxLtpUniverses)
            errors.add("network.ltpUniverses", std::to_string(network.ltpUniverses.size()) + " entries; at most "
                                                   + std::to_string(kMaxLtpUniverses));
        break;
    case NetworkField::Allowlist:
        if (network.allowlist.size() > kMaxAllowlistChars)
            errors.add("network.allowlist", std::to_string(network.allowlist.size()) + " characters; at most "
                                                + std::to_string(kMaxAllowlistChars));
        else
            for (const auto& e : SourceAllowlist::parse(network.allowlist).errors)
                errors.add("network.allowlist", e);
        break;
    }
}

std::vector<std::string> validateNetwork(const NetworkSettings& network) {
    std::vector<std::string> errors;
    for (const auto field : {NetworkField::BindAddress, NetworkField::ArtnetPort, NetworkField::SacnPort,
                             NetworkField::SacnInterface, NetworkField::ArtnetLossMs, NetworkField::LtpUniverses,
                             NetworkField::Allowlist})
        checkNetworkField(network, field, errors);
    return errors;
}

} // namespace dmxin
