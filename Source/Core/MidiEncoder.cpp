#include "MidiEncoder.h"

#include <algorithm>
#include <cmath>

namespace dmxin {

namespace {
struct Out {
    MidiShortMessage* messages;
    int count = 0;
};
void add(Out& out, std::uint8_t status, std::uint8_t data1, std::uint8_t data2) noexcept {
    auto& m = out.messages[out.count++];
    m.bytes[0] = status;
    m.bytes[1] = data1;
    m.bytes[2] = data2;
    m.size = 3;
}
std::uint8_t u7(int v) noexcept { return static_cast<std::uint8_t>(v & 0x7F); }
// std::lround for 0 <= x < 2^23, without the libm call (one per MIDI value on the audio thread).
// x - trunc(x) is exact in binary floating point, so comparing it with 0.5 rounds half away from
// zero exactly as lround does: the same integer for every such x.
int roundNonNegative(float x) noexcept {
    const int whole = static_cast<int>(x);
    return whole + (x - static_cast<float>(whole) >= 0.5f ? 1 : 0);
}
} // namespace

MidiMessages encodeMidi(const MidiTarget& target, float value, MidiSendState& state) noexcept {
    MidiMessages out;
    out.count = encodeMidiInto(target, value, state, out.messages.data());
    return out;
}

int encodeMidiInto(const MidiTarget& target, float value, MidiSendState& state, MidiShortMessage* messages) noexcept {
    Out out{messages};
    const float v = std::clamp(std::isfinite(value) ? value : 0.0f, 0.0f, 1.0f);
    const auto channel = static_cast<std::uint8_t>(std::clamp(target.channel, 1, 16) - 1);
    const std::uint8_t cc = static_cast<std::uint8_t>(0xB0 | channel);
    switch (target.kind) {
    case MidiKind::None:
        break;
    case MidiKind::Cc7: {
        const int v7 = roundNonNegative(v * 127.0f);   // v is clamped to 0..1 above
        if (state.last14 == v7 << 7)
            break;
        state.last14 = v7 << 7;
        add(out, cc, u7(target.number), u7(v7));
        break;
    }
    case MidiKind::Cc14: {
        const int v14 = roundNonNegative(v * 16383.0f);
        if (state.last14 == v14)
            break;
        // Always MSB then LSB: receivers reset the LSB when an MSB arrives (MIDI 1.0), so an
        // LSB-only update would be misread by some, and the pair keeps the order unambiguous.
        add(out, cc, u7(target.number), u7(v14 >> 7));
        add(out, cc, u7(target.number + 32), u7(v14));
        state.last14 = v14;
        break;
    }
    case MidiKind::Nrpn: {
        const int v14 = roundNonNegative(v * 16383.0f);
        if (state.last14 == v14 && state.lastNrpnNumber == target.number)
            break;
        if (state.lastNrpnNumber != target.number) {
            add(out, cc, 99, u7(target.number >> 7));
            add(out, cc, 98, u7(target.number));
            state.lastNrpnNumber = target.number;
        }
        add(out, cc, 6, u7(v14 >> 7));
        add(out, cc, 38, u7(v14));
        state.last14 = v14;
        break;
    }
    case MidiKind::Note: {
        const bool on = v >= target.threshold;
        if (on == state.noteOn)
            break;
        state.noteOn = on;
        if (on)
            add(out, static_cast<std::uint8_t>(0x90 | channel), u7(target.number), u7(std::clamp(target.velocity, 1, 127)));
        else
            add(out, static_cast<std::uint8_t>(0x80 | channel), u7(target.number), 0);
        break;
    }
    }
    return out.count;
}

int sampleOffsetFor(std::uint64_t arrivalNs, std::uint64_t blockStartNs, double sampleRate, int numSamples) noexcept {
    if (numSamples <= 1 || sampleRate <= 0.0)
        return 0;
    const double duration = numSamples / sampleRate * 1e9;
    const double windowStart = static_cast<double>(blockStartNs) - duration;
    const double position = (static_cast<double>(arrivalNs) - windowStart) / duration;
    const int offset = static_cast<int>(position * numSamples);
    return std::clamp(offset, 0, numSamples - 1);
}

} // namespace dmxin
