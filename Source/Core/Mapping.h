#pragma once
// The mapping model: which DMX channel(s) drive which parameter slot, and how the value is shaped.
// Plain data, built and edited on the message thread; `mapRawValue` is pure and audio-thread safe.

#include "DmxFrame.h"
#include "UniverseId.h"

#include <cstdint>
#include <string>

namespace dmxin {

enum class Curve : std::uint8_t { Linear = 0, Exponential, Logarithmic, SCurve };

const char* toString(Curve curve) noexcept;          // "linear", "exponential", "logarithmic", "s-curve"
bool curveFromString(const std::string& text, Curve& out) noexcept;

// What a mapped parameter does when its universe is lost (every source gone past the timeout,
// or an sACN source terminated its stream): keep the last value, jump to lossValue, or glide to
// it over lossFadeMs. The next frame takes the parameter back at once.
enum class LossAction : std::uint8_t { Hold = 0, Default, Fade };

const char* toString(LossAction action) noexcept;    // "hold", "default", "fade"
bool lossActionFromString(const std::string& text, LossAction& out) noexcept;

// MIDI a mapping can emit as well as (or instead of) driving a parameter slot.
enum class MidiKind : std::uint8_t { None = 0, Cc7, Cc14, Nrpn, Note };

const char* toString(MidiKind kind) noexcept;        // "none", "cc", "cc14", "nrpn", "note"
bool midiKindFromString(const std::string& text, MidiKind& out) noexcept;

struct MidiTarget {
    MidiKind kind = MidiKind::None;
    int channel = 1;                  // 1..16
    int number = 0;                   // CC 0..127 (Cc14: MSB controller 0..31, LSB = number + 32), NRPN 0..16383, note 0..127
    float threshold = 0.5f;           // Note: on at or above, off below (0..1)
    int velocity = 127;               // Note: 1..127
    bool operator==(const MidiTarget&) const = default;
};

// Who wins when the host plays automation for the parameter a mapping drives:
// DmxOverrides: a DMX move sets the value (the host's next automation point takes it back once
// DMX stops moving); HostWins: DMX is ignored while the host has changed the value recently.
enum class HostAutomation : std::uint8_t { DmxOverrides = 0, HostWins };

const char* toString(HostAutomation policy) noexcept;   // "dmx-overrides", "host-wins"
bool hostAutomationFromString(const std::string& text, HostAutomation& out) noexcept;

// Continuous: the shaped value (curve, then optional steps). Switch: on/off with hysteresis, for
// switch-like targets (bypass, mute, a flash button): the output is outMax when on, outMin when off.
enum class OutputMode : std::uint8_t { Continuous = 0, Switch };

const char* toString(OutputMode mode) noexcept;      // "continuous", "switch"
bool outputModeFromString(const std::string& text, OutputMode& out) noexcept;

// Bounds of the shaping fields (validation refuses values outside them, naming the field).
inline constexpr int kMaxSmoothingMs = 60000;
inline constexpr int kMaxSteps = 1024;

// The most mappings one instance holds (parameter slots plus MIDI-only mappings).
inline constexpr int kMaxMappings = 512;

struct Mapping {
    std::string name;                 // free text shown in the editor
    bool enabled = true;
    UniverseId universe;              // protocol + universe (Art-Net Port-Address or sACN 1..63999)
    int channel = 1;                  // 1..512, the coarse channel
    bool sixteenBit = false;          // coarse + fine pair
    int fineChannel = 0;              // 1..512 when sixteenBit; 0 means "channel + 1"
    int inMin = 0;                    // input window in raw units: 0..255 (8-bit) or 0..65535 (16-bit)
    int inMax = -1;                   // -1 means the full range (255 or 65535)
    float outMin = 0.0f;              // output range, normalised parameter value 0..1
    float outMax = 1.0f;              // outMin > outMax is allowed and inverts the direction
    bool invert = false;
    Curve curve = Curve::Linear;
    float curveAmount = 0.5f;         // 0..1, shape strength for non-linear curves
    int targetSlot = 1;               // 1..kNumParameterSlots (control001 = 1); 0 = no parameter (MIDI only)
    MidiTarget midi;                  // kind None: no MIDI
    HostAutomation hostAutomation = HostAutomation::DmxOverrides;
    LossAction onLoss = LossAction::Hold;
    float lossValue = 0.0f;           // normalised 0..1, for Default and Fade
    int lossFadeMs = 1000;            // 1..600000, for Fade
    // Shaping after the curve (schema 2). Defaults change nothing, so a schema-1 mapping behaves as before.
    int smoothingMs = 0;              // 0 = off; else a full-range move (0 -> 1) glides over this many ms,
                                      // smaller moves proportionally faster (0..kMaxSmoothingMs)
    int deadband = 0;                 // raw input changes smaller than this many steps are ignored (0..rawMax);
                                      // reaching either end of the input window always passes
    int steps = 0;                    // Continuous: quantise the output to this many evenly spaced values
                                      // from outMin to outMax; 0 or 1 = off (0..kMaxSteps)
    OutputMode mode = OutputMode::Continuous;
    float threshold = 0.5f;           // Switch: on at input position >= threshold + hysteresis/2,
    float hysteresis = 0.1f;          // off at <= threshold - hysteresis/2 (position 0..1 in the window, after invert)

    int effectiveFineChannel() const noexcept { return fineChannel > 0 ? fineChannel : channel + 1; }
    int rawMax() const noexcept { return sixteenBit ? 65535 : 255; }
    int effectiveInMax() const noexcept { return inMax < 0 ? rawMax() : inMax; }
};

// Reads the mapping's raw input (0..255 or 0..65535) from a 512-slot universe image.
// Channels outside 1..512 read as 0. Audio-thread safe.
int readRawValue(const Mapping& m, const std::uint8_t* slots) noexcept;

// The raw input's position in the input window, 0..1, after invert (before the curve). Pure.
float inputPosition(const Mapping& m, int raw) noexcept;

// Switch mode: the on/off state for input position t given the previous state (-1: unknown, as
// after a load or an edit, when t >= threshold decides; 0 off; 1 on). Pure.
int nextSwitchState(const Mapping& m, float t, int previous) noexcept;

// Quantises t in 0..1 to `steps` evenly spaced values (nearest, halves up); steps < 2 returns t. Pure.
float quantiseSteps(float t, int steps) noexcept;

// Scales a raw input to the normalised output 0..1: clamp to the input window, normalise,
// invert, then Continuous: apply the curve and the steps; Switch: on/off from nextSwitchState
// (this overload has no history: the threshold decides). Then map onto outMin..outMax.
// Smoothing and deadband are time/history behaviour of MappingEngine, not part of this shape.
// Audio-thread safe, pure.
float mapRawValue(const Mapping& m, int raw) noexcept;
// The same with switch memory: `switchState` (-1 unknown, 0 off, 1 on) is read and updated.
float mapRawValue(const Mapping& m, int raw, int& switchState) noexcept;

// Applies a curve to t in 0..1 (returns 0..1, monotonic, f(0)=0, f(1)=1).
float applyCurve(Curve curve, float amount, float t) noexcept;

} // namespace dmxin
