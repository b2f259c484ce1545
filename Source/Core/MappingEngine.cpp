#include "MappingEngine.h"

#include "StateRules.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <map>

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
    auto& universes = table->universes_;
    std::sort(universes.begin(), universes.end());
    universes.erase(std::unique(universes.begin(), universes.end()), universes.end());

    // Validation has bounded channels, targets and the universe count, so every narrowing below fits.
    table->compiled_.reserve(mappings.size());
    std::map<std::array<std::uint32_t, 256>, std::uint16_t> lutIndexByBits;
    for (std::size_t i = 0; i < mappings.size(); ++i) {
        const Mapping& m = mappings[i];
        if (!m.enabled)
            continue;
        Compiled c{};
        c.mappingIndex = static_cast<std::uint16_t>(i);
        c.universeIndex = static_cast<std::uint16_t>(table->universeIndex(m.universe));
        c.coarse = static_cast<std::uint16_t>(m.channel - 1);
        c.fine = static_cast<std::uint16_t>(m.sixteenBit ? m.effectiveFineChannel() - 1 : m.channel - 1);
        c.targetIndex = m.targetSlot >= 1 ? static_cast<std::uint16_t>(m.targetSlot - 1) : kNoTarget;
        c.lutIndex = kNoLut;
        c.flags = static_cast<std::uint8_t>((m.sixteenBit ? kFlagSixteenBit : 0) | (m.deadband > 1 ? kFlagDeadband : 0)
                                            | (m.mode == OutputMode::Switch || m.steps >= 2 ? kFlagQuantised : 0)
                                            | (m.smoothingMs > 0 ? kFlagSmoothing : 0));
        // Switch mode keeps hysteresis state per mapping, so only continuous mappings are pure
        // functions of the input and can be tabled.
        if (!m.sixteenBit && m.mode == OutputMode::Continuous) {
            std::array<float, 256> lut;
            for (int raw = 0; raw < 256; ++raw)
                lut[static_cast<std::size_t>(raw)] = mapRawValue(m, raw);
            // One table per distinct content, not per mapping: mappings that share curve, amount,
            // window, range and steps share 1 KiB, so 384 mappings touch a few KiB that stay in
            // L1 instead of 384 KiB that fall out of L2 (the per-mapping cost rose with the count).
            // Compared as bit patterns, so only bit-identical tables are shared.
            std::array<std::uint32_t, 256> bits;
            std::memcpy(bits.data(), lut.data(), sizeof bits);
            const auto [it, inserted] = lutIndexByBits.try_emplace(bits, static_cast<std::uint16_t>(table->luts_.size()));
            if (inserted)
                table->luts_.push_back(lut);
            c.lutIndex = it->second;
        }
        table->compiled_.push_back(c);
    }
    // Group by universe (stable: mapping order is kept inside a universe, so outputs of one frame
    // come in table order) and note each universe's range, so a frame costs only its own mappings.
    auto& compiled = table->compiled_;
    std::stable_sort(compiled.begin(), compiled.end(),
                     [](const Compiled& a, const Compiled& b) { return a.universeIndex < b.universeIndex; });
    table->ranges_.assign(table->universes_.size(), {0, 0});
    std::size_t begin = 0;
    for (std::size_t u = 0; u < table->universes_.size(); ++u) {
        std::size_t end = begin;
        while (end < compiled.size() && compiled[end].universeIndex == u)
            ++end;
        table->ranges_[u] = {static_cast<std::uint16_t>(begin), static_cast<std::uint16_t>(end)};
        begin = end;
    }
    return table;
}

int MappingTable::universeIndex(std::uint32_t key) const noexcept {
    const auto it = std::lower_bound(universes_.begin(), universes_.end(), key,
                                     [](UniverseId u, std::uint32_t k) { return u.key() < k; });
    if (it == universes_.end() || it->key() != key)
        return -1;
    return static_cast<int>(it - universes_.begin());
}

UniverseImages::UniverseImages() = default;

void UniverseImages::rebind(const std::vector<UniverseId>& oldUniverses,
                            const std::vector<UniverseId>& newUniverses) noexcept {
    const std::size_t oldCount = std::min(oldUniverses.size(), kMaxUniversesPerInstance);
    const std::size_t newCount = std::min(newUniverses.size(), kMaxUniversesPerInstance);
    // Staged through scratch_ because a kept universe may move to an index another one still occupies.
    std::array<bool, kMaxUniversesPerInstance> hadData{};
    std::array<bool, kMaxUniversesPerInstance> wasLost{};
    for (std::size_t n = 0; n < newCount; ++n) {
        const std::size_t o = static_cast<std::size_t>(
            std::find(oldUniverses.begin(), oldUniverses.begin() + static_cast<std::ptrdiff_t>(oldCount), newUniverses[n])
            - oldUniverses.begin());
        if (o < oldCount) {
            scratch_[n] = images_[o];
            hadData[n] = hasData_[o];
            wasLost[n] = lost_[o];
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
    lost_ = wasLost;
    markAllChanged();
}

void UniverseImages::apply(int index, const DmxFrame& frame) noexcept {
    if (index < 0 || static_cast<std::size_t>(index) >= kMaxUniversesPerInstance)
        return;
    const std::size_t i = static_cast<std::size_t>(index);
    if (frame.lost) {
        if (hasData_[i] && !lost_[i]) {
            lost_[i] = true;
            changed_[i] = true;
        }
        return;
    }
    lost_[i] = false;
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
    const auto n = static_cast<std::ptrdiff_t>(std::min(touched_, static_cast<std::size_t>(kMaxMappings)));
    std::fill(lastRaw_.begin(), lastRaw_.begin() + n, -1);
    std::fill(loss_.begin(), loss_.begin() + n, LossState{});
    std::fill(glide_.begin(), glide_.begin() + n, Glide{});
    std::fill(switch_.begin(), switch_.begin() + n, -1);
    gliding_.fill(false);
    forceAll_ = true;
    touched_ = 0;
}

float MappingEngine::glideValue(const Mapping& m, Glide& glide) noexcept {
    // A constant rate (full range per smoothingMs) from the total elapsed time (integer ns), never
    // accumulated step by step, so the value at a given time is the same whatever the block size.
    const double travelled = static_cast<double>(glide.elapsedNs) / (static_cast<double>(m.smoothingMs) * 1.0e6);
    const double from = glide.from;
    const double distance = std::fabs(static_cast<double>(glide.to) - from);
    if (travelled >= distance) {
        glide.active = false;
        return glide.to;
    }
    return static_cast<float>(glide.to > glide.from ? from + travelled : from - travelled);
}

bool MappingEngine::passesDeadband(const Mapping& m, int last, int raw) noexcept {
    if (m.deadband <= 1 || last < 0)
        return true;
    const int lo = m.inMin;
    const int hi = m.effectiveInMax();
    // A fader pulled fully down or up must reach the end value, however small the last step.
    if ((raw <= lo && last > lo) || (raw >= hi && last < hi))
        return true;
    return std::abs(raw - last) >= m.deadband;
}

bool MappingEngine::lossStep(const Mapping& m, LossState& loss, float last, std::uint64_t elapsedNs, float& value) noexcept {
    switch (m.onLoss) {
    case LossAction::Hold:
        return false;
    case LossAction::Default:
        if (loss.phase == LossPhase::Done)
            return false;
        loss.phase = LossPhase::Done;
        value = m.lossValue;
        return true;
    case LossAction::Fade: {
        if (loss.phase == LossPhase::Done)
            return false;
        if (loss.phase == LossPhase::Live) {
            loss.phase = LossPhase::Fading;
            loss.from = last;
            loss.elapsedNs = 0;
        } else {
            loss.elapsedNs += elapsedNs;
        }
        const double duration = static_cast<double>(m.lossFadeMs) * 1.0e6;
        const double t = std::min(1.0, static_cast<double>(loss.elapsedNs) / duration);
        value = static_cast<float>(loss.from + (m.lossValue - loss.from) * t);
        if (t >= 1.0)
            loss.phase = LossPhase::Done;
        return true;
    }
    }
    return false;
}

} // namespace dmxin
