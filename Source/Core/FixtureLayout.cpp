#include "FixtureLayout.h"

#include <algorithm>
#include <cstdio>
#include <set>

namespace dmxin {

namespace {
std::string slotText(int slot) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%03d", slot);
    return buf;
}

std::string midiText(const MidiTarget& midi) {
    return std::string("MIDI ") + toString(midi.kind) + " ch " + std::to_string(midi.channel) + " #"
           + std::to_string(midi.number);
}
} // namespace

std::string displayName(const Mapping& mapping, const std::map<int, std::string>& labels) {
    if (mapping.targetSlot > 0)
        if (const auto it = labels.find(mapping.targetSlot); it != labels.end() && !it->second.empty())
            return it->second;
    if (!mapping.name.empty())
        return mapping.name;
    if (mapping.targetSlot > 0)
        return "Control " + slotText(mapping.targetSlot);
    return midiText(mapping.midi);
}

std::string targetText(const Mapping& mapping, const std::map<int, std::string>& labels) {
    std::string out;
    if (mapping.targetSlot > 0) {
        out = "control" + slotText(mapping.targetSlot);
        if (const auto it = labels.find(mapping.targetSlot); it != labels.end() && !it->second.empty())
            out += " (" + it->second + ")";
    }
    if (mapping.midi.kind != MidiKind::None)
        out += (out.empty() ? "" : " + ") + midiText(mapping.midi);
    return out;
}

std::vector<UniverseLayout> buildFixtureLayout(const ProfileInput& input) {
    // universe key -> address -> channel under construction
    std::map<std::uint32_t, std::map<int, LayoutChannel>> byUniverse;
    for (std::size_t i = 0; i < input.mappings.size(); ++i) {
        const Mapping& m = input.mappings[i];
        if (!m.enabled || m.channel < 1 || m.channel > static_cast<int>(kDmxSlots))
            continue;
        auto& channels = byUniverse[m.universe.key()];
        auto add = [&](int address, ChannelRole role) {
            auto [it, inserted] = channels.try_emplace(address);
            if (inserted) {
                it->second.address = address;
                it->second.role = role;
            }
            it->second.mappings.push_back(static_cast<int>(i));
        };
        if (!m.sixteenBit) {
            add(m.channel, ChannelRole::Single);
        } else {
            add(m.channel, ChannelRole::Coarse);
            const int fine = m.effectiveFineChannel();
            if (fine >= 1 && fine <= static_cast<int>(kDmxSlots))
                add(fine, ChannelRole::Fine);
        }
    }

    std::vector<UniverseLayout> out;
    std::set<std::string> used;
    for (int a = 1; a <= static_cast<int>(kDmxSlots); ++a)
        used.insert("Unused " + std::to_string(a));   // the QLC+ export's gap fillers
    auto unique = [&](std::string name) {
        if (name.empty())
            name = "Channel";
        std::string candidate = name;
        for (int n = 2; used.count(candidate) != 0; ++n)
            candidate = name + " (" + std::to_string(n) + ")";
        used.insert(candidate);
        return candidate;
    };
    for (auto& [key, channels] : byUniverse) {
        UniverseLayout layout;
        layout.universe = *UniverseId::fromKey(key);
        for (auto& [address, channel] : channels) {
            std::vector<std::string> parts;
            for (const int index : channel.mappings) {
                std::string part = displayName(input.mappings[static_cast<std::size_t>(index)], input.labels);
                if (std::find(parts.begin(), parts.end(), part) == parts.end())
                    parts.push_back(std::move(part));
            }
            std::string name;
            for (const auto& part : parts)
                name += (name.empty() ? "" : " / ") + part;
            if (channel.role == ChannelRole::Fine)
                name += " fine";
            channel.name = unique(name);
            layout.channels.push_back(std::move(channel));
        }
        layout.startAddress = layout.channels.front().address;
        layout.footprint = layout.channels.back().address - layout.startAddress + 1;
        out.push_back(std::move(layout));
    }
    return out;
}

} // namespace dmxin
