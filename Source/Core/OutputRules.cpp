#include "OutputRules.h"

#include "DmxFrame.h"
#include "Ipv4.h"
#include "StateRules.h"
#include "StateWording.h"

#include <array>
#include <cstdint>
#include <optional>

namespace dmxin {

namespace {

using namespace wording;

constexpr std::size_t kMaxNameChars = 128;

std::string named(const std::string& path, const std::string& name) {
    return name.empty() ? path : path + " (" + inQuotes(name) + ")";
}

bool isMulticast(std::uint32_t ip) noexcept {
    return (ip >> 28) == 0xE;   // 224.0.0.0/4
}

void checkAddresses(const OutputUniverse& u, const std::string& p, Errors& errors) {
    if (u.addresses.empty()) {
        errors.add(p + ".addresses", "unicast needs at least one address");
        return;
    }
    if (u.addresses.size() > static_cast<std::size_t>(kMaxOutputAddresses)) {
        errors.add(p + ".addresses", std::to_string(u.addresses.size()) + " addresses; at most "
                                         + std::to_string(kMaxOutputAddresses));
        return;
    }
    for (std::size_t k = 0; k < u.addresses.size(); ++k) {
        const std::string path = p + ".addresses[" + std::to_string(k) + "]";
        const std::string& text = u.addresses[k];
        const auto ip = parseIpv4(text);
        if (!ip)
            errors.add(path, inQuotes(text) + " is not a dotted-quad IPv4 address");
        else if (*ip == 0)
            errors.add(path, "0.0.0.0 is not a destination");
        else if (*ip == 0xFFFFFFFFu)
            errors.add(path, "255.255.255.255 (limited broadcast) is not allowed; choose destination "
                             "\"broadcast\" for a subnet's directed broadcast");
        else if (isMulticast(*ip))
            errors.add(path, inQuotes(text) + " is a multicast address, not a unicast destination");
        else
            for (std::size_t first = 0; first < k; ++first)
                if (parseIpv4(u.addresses[first]) == ip) {
                    errors.add(path, inQuotes(text) + " is already listed as addresses[" + std::to_string(first) + "]");
                    break;
                }
    }
}

void checkDestination(const OutputUniverse& u, const std::string& p, Errors& errors) {
    switch (u.destination) {
    case OutputDestination::Unicast: checkAddresses(u, p, errors); break;
    case OutputDestination::Broadcast:
        if (u.universe.isSacn())
            errors.add(p + ".destination", "broadcast is for Art-Net only; sACN sends by multicast or unicast");
        break;
    case OutputDestination::Multicast:
        if (u.universe.isArtNet())
            errors.add(p + ".destination", "multicast is for sACN only; Art-Net sends by unicast or broadcast");
        break;
    default: errors.add(p + ".destination", "unknown destination " + std::to_string(static_cast<unsigned>(u.destination)));
    }

    const auto iface = parseIpv4(u.interfaceAddress);
    if (!iface)
        errors.add(p + ".interface", inQuotes(u.interfaceAddress) + " is not a dotted-quad IPv4 address");
    else if (u.destination == OutputDestination::Broadcast && *iface == 0)
        errors.add(p + ".interface", "broadcast needs the address of the interface whose subnet it reaches, not 0.0.0.0");
    if (u.destination == OutputDestination::Broadcast && (u.prefixLength < 8 || u.prefixLength > 30))
        errors.add(p + ".prefixLength", outside(u.prefixLength, 8, 30) + " (the interface's subnet, e.g. 24 for 255.255.255.0)");
}

void checkChannels(const OutputUniverse& u, const std::string& p, Errors& errors) {
    constexpr int kSlots = static_cast<int>(kDmxSlots);
    if (u.channels.size() > kDmxSlots) {
        errors.add(p + ".channels", std::to_string(u.channels.size()) + " channels; at most 512");
        return;
    }
    std::array<int, kDmxSlots + 1> writer;   // DMX channel -> index of the output channel writing it
    writer.fill(-1);
    auto claim = [&](int dmxChannel, std::size_t j, const std::string& path) {
        int& owner = writer[static_cast<std::size_t>(dmxChannel)];
        if (owner >= 0)
            errors.add(path, "DMX channel " + std::to_string(dmxChannel) + " is already written by " + p
                                 + ".channels[" + std::to_string(owner) + "]");
        else
            owner = static_cast<int>(j);
    };

    for (std::size_t j = 0; j < u.channels.size(); ++j) {
        const OutputChannel& c = u.channels[j];
        const std::string cp = p + ".channels[" + std::to_string(j) + "]";
        const bool channelOk = c.channel >= 1 && c.channel <= kSlots;
        if (!channelOk)
            errors.add(cp + ".channel", outside(c.channel, 1, kSlots));

        // "0" means channel + 1, which is no channel while the channel itself is refused.
        bool fineOk = c.sixteenBit && (c.fineChannel != 0 || channelOk);
        if (c.fineChannel < 0 || c.fineChannel > kSlots) {
            errors.add(cp + ".fineChannel", outside(c.fineChannel, 0, kSlots) + " (0 means channel + 1)");
            fineOk = false;
        } else if (c.sixteenBit && channelOk) {
            if (c.fineChannel == c.channel) {
                errors.add(cp + ".fineChannel", std::to_string(c.fineChannel) + " is the same as channel");
                fineOk = false;
            } else if (c.fineChannel == 0 && c.channel == kSlots) {
                errors.add(cp + ".fineChannel", "0 means channel + 1 = 513, which is outside 1..512; name the fine channel");
                fineOk = false;
            }
        }

        if (c.slot < 1 || c.slot > kNumParameterSlots)
            errors.add(cp + ".slot", outside(c.slot, 1, kNumParameterSlots));

        const int rawMax = c.rawMax();
        const bool minOk = c.dmxMin >= 0 && c.dmxMin <= rawMax;
        if (!minOk)
            errors.add(cp + ".dmxMin", outside(c.dmxMin, 0, rawMax));
        if (c.dmxMax != -1) {
            if (c.dmxMax < 0 || c.dmxMax > rawMax)
                errors.add(cp + ".dmxMax", outside(c.dmxMax, 0, rawMax) + " (-1 means the full range)");
            else if (minOk && c.dmxMax < c.dmxMin)
                errors.add(cp + ".dmxMax", std::to_string(c.dmxMax) + " is below dmxMin (" + std::to_string(c.dmxMin)
                                               + "); use invert to reverse the direction");
        }

        if (channelOk)
            claim(c.channel, j, cp + ".channel");
        if (fineOk)
            claim(c.effectiveFineChannel(), j, cp + ".fineChannel");
    }
}

void checkUniverse(const OutputUniverse& u, const std::string& p, Errors& errors) {
    if (utf8Length(u.name) > kMaxNameChars)
        errors.add(p + ".name", std::to_string(utf8Length(u.name)) + " characters is longer than "
                                    + std::to_string(kMaxNameChars));
    checkDestination(u, p, errors);
    if (u.port < 0 || u.port > 65535)
        errors.add(p + ".port", outside(u.port, 0, 65535) + " (0 means the protocol's port)");
    if (u.rateHz < kMinOutputRateHz || u.rateHz > kMaxOutputRateHz)
        errors.add(p + ".rateHz", outside(u.rateHz, kMinOutputRateHz, kMaxOutputRateHz) + " (frames per second)");
    if (u.priority < 0 || u.priority > kMaxSacnPriority)
        errors.add(p + ".priority", outside(u.priority, 0, kMaxSacnPriority));
    checkChannels(u, p, errors);
}

// The universe key an output reaches on the input side besides its own: with sacnOneIsArtnetZero an
// sACN universe N is also delivered as Art-Net Port-Address N-1 (NetworkSettings).
std::optional<UniverseId> alsoHeardAs(UniverseId sent, bool sacnOneIsArtnetZero) {
    if (!sacnOneIsArtnetZero || !sent.isSacn())
        return std::nullopt;
    const auto address = PortAddress::fromFlat(sent.number() - 1);
    if (!address)
        return std::nullopt;
    return UniverseId::artnet(*address);
}

} // namespace

std::string outputPath(std::size_t index) {
    return "output.universes[" + std::to_string(index) + "]";
}

void checkOutputs(const OutputSettings& output, const std::vector<bool>& skip, std::vector<std::string>& out) {
    Errors errors(out);
    if (output.sourceName.size() > kMaxSacnSourceNameBytes)
        errors.add("output.sourceName", std::to_string(output.sourceName.size()) + " bytes is longer than "
                                            + std::to_string(kMaxSacnSourceNameBytes)
                                            + " (the sACN field holds 63 bytes of UTF-8)");
    if (output.universes.size() > static_cast<std::size_t>(kMaxOutputUniverses))
        errors.add("output.universes", std::to_string(output.universes.size()) + " output universes; at most "
                                           + std::to_string(kMaxOutputUniverses));

    std::vector<std::size_t> enabledSoFar;
    for (std::size_t i = 0; i < output.universes.size(); ++i) {
        if (i < skip.size() && skip[i])
            continue;
        const OutputUniverse& u = output.universes[i];
        const std::string p = outputPath(i);
        checkUniverse(u, p, errors);
        if (!u.enabled)
            continue;
        for (const std::size_t first : enabledSoFar)
            if (output.universes[first].universe == u.universe) {
                errors.add(p + ".universe", u.universe.describe() + " is already sent by "
                                                + named(outputPath(first), output.universes[first].name));
                break;
            }
        enabledSoFar.push_back(i);
    }
}

void checkOutputLoops(const std::vector<Mapping>& mappings, const std::vector<unsigned>& mappingSkip,
                      const OutputSettings& output, const std::vector<bool>& outputSkip, bool sacnOneIsArtnetZero,
                      std::vector<std::string>& out) {
    Errors errors(out);
    for (std::size_t m = 0; m < mappings.size(); ++m) {
        const Mapping& mapping = mappings[m];
        if (!mapping.enabled || (m < mappingSkip.size() && (mappingSkip[m] & (fieldBit::kUniverse | fieldBit::kEnabled))))
            continue;
        for (std::size_t i = 0; i < output.universes.size(); ++i) {
            const OutputUniverse& u = output.universes[i];
            if (!u.enabled || (i < outputSkip.size() && outputSkip[i]))
                continue;
            const auto other = alsoHeardAs(u.universe, sacnOneIsArtnetZero);
            if (u.universe != mapping.universe && !(other && *other == mapping.universe))
                continue;
            std::string how = u.universe == mapping.universe
                                  ? ""
                                  : " (as " + u.universe.describe() + ", because sACN 1 is Art-Net 0:0:0 here)";
            errors.add(mappingPath(m) + ".universe",
                       (mapping.name.empty() ? std::string() : inQuotes(mapping.name) + ": ")
                           + mapping.universe.describe() + " is sent by this instance's "
                           + named(outputPath(i), u.name) + how + "; an instance cannot take its own output as input");
            break;
        }
    }
}

std::vector<std::string> validateOutputs(const OutputSettings& output, const std::vector<Mapping>& mappings,
                                         bool sacnOneIsArtnetZero) {
    std::vector<std::string> errors;
    checkOutputs(output, {}, errors);
    checkOutputLoops(mappings, {}, output, {}, sacnOneIsArtnetZero, errors);
    return errors;
}

} // namespace dmxin
