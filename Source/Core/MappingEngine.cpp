#include "MappingEngine.h"

#include "StateJson.h"

#include <algorithm>
#include <cstring>

namespace dmxin {

std::unique_ptr<MappingTable> MappingTable::build(const std::vector<Mapping>& mappings,
                                                  std::vector<std::string>& errors) {
    errors = validateMappings(mappings);
    if (!errors.empty())
        return nullptr;

    std::unique_ptr<MappingTable> table(new MappingTable());
    table->mappings_ = mappings;

    for (const auto& m : mappings)
        if (m.enabled)
            table->universes_.push_back(m.universe);
    auto& u = table->universes_;
    std::sort(u.begin(), u.end());
    u.erase(std::unique(u.begin(), u.end()), u.end());

    // Validation has bounded channels, targets and the universe count, so every narrowing below fits.
    table->compiled_.reserve(mappings.size());
    for (std::size_t i = 0; i < mappings.size(); ++i) {
        const Mapping& m = mappings[i];
        if (!m.enabled)
            continue;
        Compiled c{};
        c.mappingIndex = static_cast<std::uint16_t>(i);
        c.universeIndex = static_cast<std::uint16_t>(table->universeIndex(m.universe));
        c.coarse = static_cast<std::uint16_t>(m.channel - 1);
        c.fine = static_cast<std::uint16_t>(m.sixteenBit ? m.effectiveFineChannel() - 1 : m.channel - 1);
        c.targetIndex = static_cast<std::uint16_t>(m.targetSlot - 1);
        table->compiled_.push_back(c);
    }
    return table;
}

int MappingTable::universeIndex(PortAddress address) const noexcept {
    const auto it = std::lower_bound(universes_.begin(), universes_.end(), address);
    if (it == universes_.end() || !(*it == address))
        return -1;
    return static_cast<int>(it - universes_.begin());
}

UniverseImages::UniverseImages() = default;

void UniverseImages::rebind(const std::vector<PortAddress>& oldUniverses,
                            const std::vector<PortAddress>& newUniverses) noexcept {
    const std::size_t oldCount = std::min(oldUniverses.size(), kMaxUniversesPerInstance);
    const std::size_t newCount = std::min(newUniverses.size(), kMaxUniversesPerInstance);
    // Staged through scratch_ because a kept universe may move to an index another one still occupies.
    std::array<bool, kMaxUniversesPerInstance> hadData{};
    for (std::size_t n = 0; n < newCount; ++n) {
        const std::size_t o = static_cast<std::size_t>(
            std::find(oldUniverses.begin(), oldUniverses.begin() + static_cast<std::ptrdiff_t>(oldCount), newUniverses[n])
            - oldUniverses.begin());
        if (o < oldCount) {
            scratch_[n] = images_[o];
            hadData[n] = hasData_[o];
        } else {
            scratch_[n].fill(0);
        }
    }
    for (std::size_t n = 0; n < kMaxUniversesPerInstance; ++n) {
        if (n < newCount)
            images_[n] = scratch_[n];
        else
            images_[n].fill(0);
    }
    hasData_ = hadData;
    markAllChanged();
}

void UniverseImages::apply(int index, const DmxFrame& frame) noexcept {
    if (index < 0 || static_cast<std::size_t>(index) >= kMaxUniversesPerInstance)
        return;
    const std::size_t i = static_cast<std::size_t>(index);
    // Slots past the frame's length keep their last value, as a DMX receiver holds a short frame.
    const std::size_t n = std::min<std::size_t>(frame.length, kDmxSlots);
    std::memcpy(images_[i].data(), frame.slots.data(), n);
    changed_[i] = true;
    hasData_[i] = true;
}

void UniverseImages::markAllChanged() noexcept {
    // Only universes that have received a frame: an image nobody sent is not "all zeros" to apply,
    // it is unknown, and applying it would overwrite restored parameter values with 0.
    changed_ = hasData_;
}

void UniverseImages::clearChanged() noexcept {
    changed_.fill(false);
}

MappingEngine::MappingEngine() {
    reset();
}

void MappingEngine::reset() noexcept {
    // Universes with data are re-evaluated on the next pass (forceAll_); universes that receive
    // their first frame later still produce, because no raw value equals -1.
    lastRaw_.fill(-1);
    forceAll_ = true;
}

} // namespace dmxin
