#include "Mapping.h"

#include <algorithm>
#include <cmath>

namespace dmxin {

namespace {

int readSlot(const std::uint8_t* slots, int channel) noexcept {
    if (channel < 1 || channel > static_cast<int>(kDmxSlots))
        return 0;
    return slots[channel - 1];
}

double smootherstep(double t) noexcept {
    return t * t * t * (t * (t * 6.0 - 15.0) + 10.0);
}

} // namespace

const char* toString(Curve curve) noexcept {
    switch (curve) {
    case Curve::Linear: return "linear";
    case Curve::Exponential: return "exponential";
    case Curve::Logarithmic: return "logarithmic";
    case Curve::SCurve: return "s-curve";
    }
    return "linear";
}

bool curveFromString(const std::string& text, Curve& out) noexcept {
    static constexpr Curve all[] = {Curve::Linear, Curve::Exponential, Curve::Logarithmic, Curve::SCurve};
    for (Curve c : all) {
        if (text == toString(c)) {
            out = c;
            return true;
        }
    }
    return false;
}

const char* toString(LossAction action) noexcept {
    switch (action) {
    case LossAction::Hold: return "hold";
    case LossAction::Default: return "default";
    case LossAction::Fade: return "fade";
    }
    return "hold";
}

bool lossActionFromString(const std::string& text, LossAction& out) noexcept {
    static constexpr LossAction all[] = {LossAction::Hold, LossAction::Default, LossAction::Fade};
    for (LossAction a : all) {
        if (text == toString(a)) {
            out = a;
            return true;
        }
    }
    return false;
}

const char* toString(MidiKind kind) noexcept {
    switch (kind) {
    case MidiKind::None: return "none";
    case MidiKind::Cc7: return "cc";
    case MidiKind::Cc14: return "cc14";
    case MidiKind::Nrpn: return "nrpn";
    case MidiKind::Note: return "note";
    }
    return "none";
}

bool midiKindFromString(const std::string& text, MidiKind& out) noexcept {
    static constexpr MidiKind all[] = {MidiKind::None, MidiKind::Cc7, MidiKind::Cc14, MidiKind::Nrpn, MidiKind::Note};
    for (MidiKind k : all) {
        if (text == toString(k)) {
            out = k;
            return true;
        }
    }
    return false;
}

const char* toString(HostAutomation policy) noexcept {
    return policy == HostAutomation::HostWins ? "host-wins" : "dmx-overrides";
}

bool hostAutomationFromString(const std::string& text, HostAutomation& out) noexcept {
    if (text == "dmx-overrides") { out = HostAutomation::DmxOverrides; return true; }
    if (text == "host-wins") { out = HostAutomation::HostWins; return true; }
    return false;
}

const char* toString(OutputMode mode) noexcept {
    return mode == OutputMode::Switch ? "switch" : "continuous";
}

bool outputModeFromString(const std::string& text, OutputMode& out) noexcept {
    if (text == "continuous") { out = OutputMode::Continuous; return true; }
    if (text == "switch") { out = OutputMode::Switch; return true; }
    return false;
}

int readRawValue(const Mapping& m, const std::uint8_t* slots) noexcept {
    const int coarse = readSlot(slots, m.channel);
    if (!m.sixteenBit)
        return coarse;
    return (coarse << 8) | readSlot(slots, m.effectiveFineChannel());
}

float applyCurve(Curve curve, float amount, float t) noexcept {
    // Pinning the ends (and NaN) here is what makes f(0)=0 and f(1)=1 exact for every curve.
    if (!(t > 0.0f))
        return 0.0f;
    if (!(t < 1.0f))
        return 1.0f;
    // Double precision, then one rounding to float: float rounding is monotonic, so the shape stays
    // monotonic as long as the double curve is, and the clamp absorbs overshoot near the ends.
    const double a = std::isfinite(amount) ? std::clamp(static_cast<double>(amount), 0.0, 1.0) : 0.0;
    const double x = t;
    double y = x;
    switch (curve) {
    case Curve::Linear:
        return t;
    case Curve::Exponential:
        y = std::pow(x, 1.0 + 4.0 * a);
        break;
    case Curve::Logarithmic:
        y = 1.0 - std::pow(1.0 - x, 1.0 + 4.0 * a);
        break;
    case Curve::SCurve:
        // A blend of two monotonic functions with non-negative weights stays monotonic.
        y = x + (smootherstep(x) - x) * a;
        break;
    }
    return static_cast<float>(std::clamp(y, 0.0, 1.0));
}

float inputPosition(const Mapping& m, int raw) noexcept {
    const int lo = m.inMin;
    const int hi = m.effectiveInMax();
    float t;
    if (hi <= lo) {
        // A zero-width window is a threshold; an inverted window (refused by validation) degrades to one.
        t = raw >= lo ? 1.0f : 0.0f;
    } else {
        const int clamped = std::clamp(raw, lo, hi);
        t = static_cast<float>(clamped - lo) / static_cast<float>(hi - lo);
    }
    return m.invert ? 1.0f - t : t;
}

int nextSwitchState(const Mapping& m, float t, int previous) noexcept {
    // Double precision so that threshold +- hysteresis/2 is not rounded twice.
    const double x = t;
    const double threshold = m.threshold;
    const double half = static_cast<double>(m.hysteresis) * 0.5;
    if (previous < 0)
        return x >= threshold ? 1 : 0;
    if (previous == 0)
        return x >= threshold + half ? 1 : 0;
    return x <= threshold - half ? 0 : 1;
}

float quantiseSteps(float t, int steps) noexcept {
    if (steps < 2)
        return t;
    const double intervals = static_cast<double>(steps - 1);
    const double index = std::floor(static_cast<double>(std::clamp(t, 0.0f, 1.0f)) * intervals + 0.5);
    return static_cast<float>(index / intervals);
}

namespace {

float toOutput(const Mapping& m, float t) noexcept {
    // std::lerp is exact at both ends and monotonic, also when outMin > outMax.
    const float out = std::lerp(m.outMin, m.outMax, t);
    if (!(out > 0.0f))
        return 0.0f;
    return std::min(out, 1.0f);
}

} // namespace

float mapRawValue(const Mapping& m, int raw, int& switchState) noexcept {
    const float t = inputPosition(m, raw);
    if (m.mode == OutputMode::Switch) {
        switchState = nextSwitchState(m, t, switchState);
        return toOutput(m, switchState == 1 ? 1.0f : 0.0f);
    }
    return toOutput(m, quantiseSteps(applyCurve(m.curve, m.curveAmount, t), m.steps));
}

float mapRawValue(const Mapping& m, int raw) noexcept {
    int unknown = -1;
    return mapRawValue(m, raw, unknown);
}

} // namespace dmxin
