#!/usr/bin/env python3
"""Draws the manual's small plots with ImageMagick: one per curve (Resources/docs/curve-*.png) and
the loss behaviours (Resources/docs/loss.png). The curve formulas are those of applyCurve in
Source/Core/Mapping.cpp; run this again if they change, and commit the pictures."""
import math
import os
import subprocess

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Resources", "docs")
W, H, M = 180, 150, 22          # picture size and margin (room for the axis labels)
BG, AXIS, GRID, TEXT = "#1e2128", "#8a8f99", "#343842", "#d0d4dc"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"   # fonts-dejavu-core (ImageMagick has no default font here)
COLOURS = ["#5fd38a", "#3d8fd1", "#ffb347"]


def smootherstep(t):
    return t * t * t * (t * (t * 6.0 - 15.0) + 10.0)


def curve(name, a, x):   # as applyCurve: x in 0..1, amount a in 0..1
    if name == "linear":
        return x
    if name == "exponential":
        return x ** (1.0 + 4.0 * a)
    if name == "logarithmic":
        return 1.0 - (1.0 - x) ** (1.0 + 4.0 * a)
    return x + (smootherstep(x) - x) * a


def px(x, y):
    return (M + x * (W - M - 8), H - M - y * (H - M - 10))


def frame(title, xlabel):
    x0, y0 = px(0, 0)
    x1, y1 = px(1, 1)
    return ["-size", f"{W}x{H}", f"xc:{BG}", "-font", FONT, "-fill", "none", "-stroke", GRID, "-strokewidth", "1",
            "-draw", f"line {x0},{(y0 + y1) / 2} {x1},{(y0 + y1) / 2}",
            "-draw", f"line {(x0 + x1) / 2},{y0} {(x0 + x1) / 2},{y1}",
            "-stroke", AXIS, "-draw", f"rectangle {x0},{y1} {x1},{y0}",
            "-stroke", "none", "-fill", TEXT, "-pointsize", "11",
            "-draw", f"text {x0},{H - 6} '{xlabel}'", "-draw", f"text {x0 + 4},{y1 + 12} '{title}'"]


def polyline(points, colour):
    return ["-fill", "none", "-stroke", colour, "-strokewidth", "2",
            "-draw", "polyline " + " ".join(f"{x:.1f},{y:.1f}" for x, y in points)]


def save(args, name):
    subprocess.run(["convert", *args, "-strip", os.path.join(OUT, name)], check=True)
    print("wrote", os.path.join("Resources/docs", name))


for name in ["linear", "exponential", "logarithmic", "s-curve"]:
    args = frame(name, "input 0 .. 255")
    amounts = [0.5] if name == "linear" else [0.25, 0.5, 1.0]
    for colour, a in zip(COLOURS, amounts):
        args += polyline([px(i / 64, curve(name, a, i / 64)) for i in range(65)], colour)
    if name != "linear":
        args += ["-stroke", "none", "-pointsize", "10"]
        # the legend goes where this curve family leaves room: bottom right for logarithmic, else top left
        lx, ly = (W - 78, H - M - 32) if name == "logarithmic" else (M + 6, 36)
        for k, (colour, a) in enumerate(zip(COLOURS, amounts)):
            args += ["-fill", colour, "-draw", f"text {lx},{ly + 12 * k} 'amount {a}'"]
    save(args, f"curve-{name}.png")

# Loss: DMX moves until the universe is lost at t = 0.35, comes back at t = 0.9.
# hold keeps the last value, default jumps to lossValue (0.2), fade glides to it over lossFadeMs.
W, H = 300, 150
lost, back, last, loss_value, fade = 0.35, 0.9, 0.7, 0.2, 0.3


def live(t):
    return 0.45 + 0.25 * math.sin(t * 9.0)


def loss_curve(kind, t):
    if t < lost or t >= back:
        return live(t) if t < lost else 0.8
    v0 = live(lost)
    if kind == "hold":
        return v0
    if kind == "default":
        return loss_value
    return v0 + (loss_value - v0) * min(1.0, (t - lost) / fade)


args = frame("lost at the dashed line", "time")
x_lost, _ = px(lost, 0)
x_back, _ = px(back, 0)
args += ["-stroke", AXIS, "-strokewidth", "1", "-draw", f"stroke-dasharray 3 3 line {x_lost},{px(0, 0)[1]} {x_lost},{px(0, 1)[1]}"]
for colour, kind in zip(COLOURS, ["hold", "default", "fade"]):
    pts = []
    for i in range(201):
        t = i / 200
        if abs(t - lost) < 1e-9 or abs(t - back) < 1e-9:
            pts.append(px(t, loss_curve(kind, t - 1e-6)))
        pts.append(px(t, loss_curve(kind, t)))
    args += polyline(pts, colour)
args += ["-stroke", "none", "-pointsize", "10"]
for k, (colour, kind) in enumerate(zip(COLOURS, ["hold", "default (lossValue 0.2)", "fade (lossFadeMs)"])):
    args += ["-fill", colour, "-draw", f"text {px(lost, 0)[0] + 8},{40 + 12 * k} '{kind}'"]
save(args, "loss.png")
