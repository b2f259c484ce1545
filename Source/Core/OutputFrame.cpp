#include "OutputFrame.h"

#include <algorithm>
#include <cmath>

namespace dmxin {

int outputRawValue(const OutputChannel& channel, float slotValue) noexcept {
    double v = std::isnan(slotValue) ? 0.0 : std::clamp(static_cast<double>(slotValue), 0.0, 1.0);
    if (channel.invert)
        v = 1.0 - v;
    const int lo = channel.dmxMin;
    const int hi = channel.effectiveDmxMax();
    const int raw = lo + static_cast<int>(std::floor(v * static_cast<double>(hi - lo) + 0.5));
    return std::clamp(raw, 0, channel.rawMax());
}

void renderOutputFrame(const OutputUniverse& universe, std::span<const float> slotValues,
                       std::span<std::uint8_t, kDmxSlots> image) noexcept {
    std::fill(image.begin(), image.end(), std::uint8_t{0});
    auto inRange = [](int dmxChannel) { return dmxChannel >= 1 && dmxChannel <= static_cast<int>(kDmxSlots); };
    for (const OutputChannel& c : universe.channels) {
        const auto index = static_cast<std::size_t>(c.slot - 1);
        const float value = c.slot >= 1 && index < slotValues.size() ? slotValues[index] : 0.0f;
        const int raw = outputRawValue(c, value);
        if (!c.sixteenBit) {
            if (inRange(c.channel))
                image[static_cast<std::size_t>(c.channel - 1)] = static_cast<std::uint8_t>(raw);
            continue;
        }
        const int fine = c.effectiveFineChannel();
        if (inRange(c.channel))
            image[static_cast<std::size_t>(c.channel - 1)] = static_cast<std::uint8_t>(raw >> 8);
        if (inRange(fine))
            image[static_cast<std::size_t>(fine - 1)] = static_cast<std::uint8_t>(raw & 0xFF);
    }
}

} // namespace dmxin
