"""Draw the illustrations of the example news items.

Every news item `content/news/<theme>/<YYYY>/<YYYY-MM-DD>-<slug>.md` gets one original,
abstract picture at `content/images/<theme>/<slug>.jpg` (1200x630, JPEG): a gradient in the
theme's colours and a simple motif that loosely matches the subject (a lattice for a
materials lab, blood cells for a blood test, a bar chart for a ranking...). No text, no
third-party image. The drawing of an item depends only on its theme and slug, so the
script is deterministic and can be re-run at any time:

    .venv/bin/python scripts/generate_example_images.py

Items without a motif of their own get their theme's default motif. The `image_alt` of
each item describes what is drawn here: change both together.
"""

from __future__ import annotations

import hashlib
import math
import random
import re
import sys
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parents[1]
NEWS = ROOT / "content" / "news"
IMAGES = ROOT / "content" / "images"

SIZE = (1200, 630)
SCALE = 2  # drawn at twice the size, then reduced: smooth edges
QUALITY = 70
ITEM_PATH = re.compile(r"^(?P<theme>[a-z0-9-]+)/\d{4}/\d{4}-\d{2}-\d{2}-(?P<slug>[a-z0-9-]+)\.md$")

RGB = tuple[int, int, int]

# dark and mid: the background gradient; main: shapes; light: highlights; accent: contrast.
PALETTES: dict[str, dict[str, RGB]] = {
    "quantum": {
        "dark": (24, 16, 64),
        "mid": (76, 48, 158),
        "main": (150, 120, 240),
        "light": (214, 200, 255),
        "accent": (255, 222, 120),
    },
    "climate": {
        "dark": (8, 52, 46),
        "mid": (34, 128, 102),
        "main": (92, 186, 140),
        "light": (196, 236, 204),
        "accent": (246, 214, 110),
    },
    "health": {
        "dark": (74, 14, 34),
        "mid": (178, 52, 70),
        "main": (222, 92, 96),
        "light": (255, 196, 190),
        "accent": (255, 236, 214),
    },
    "student-life": {
        "dark": (110, 42, 8),
        "mid": (232, 138, 34),
        "main": (250, 176, 64),
        "light": (255, 232, 176),
        "accent": (40, 150, 160),
    },
    "events": {
        "dark": (54, 14, 58),
        "mid": (170, 52, 128),
        "main": (222, 104, 170),
        "light": (255, 206, 232),
        "accent": (255, 214, 120),
    },
    "partnerships": {
        "dark": (8, 32, 78),
        "mid": (34, 98, 188),
        "main": (92, 158, 236),
        "light": (186, 218, 255),
        "accent": (120, 236, 220),
    },
    "institution": {
        "dark": (16, 24, 52),
        "mid": (50, 70, 122),
        "main": (96, 120, 176),
        "light": (196, 208, 236),
        "accent": (228, 188, 92),
    },
}
DEFAULT_PALETTE = PALETTES["institution"]


def rgba(color: RGB, alpha: int) -> tuple[int, int, int, int]:
    return (*color, alpha)


def mix(a: RGB, b: RGB, t: float) -> RGB:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


def background(
    size: tuple[int, int],
    pal: dict[str, RGB],
    angle: float,
    glow: tuple[float, float],
) -> Image.Image:
    """A linear gradient from dark to mid, with a soft light spot at `glow` (fractions)."""
    w, h = size
    ramp = Image.linear_gradient("L").rotate(angle, resample=Image.BICUBIC, expand=False)
    ramp = ramp.crop((40, 40, 216, 216)).resize(size, Image.BICUBIC)
    img = Image.composite(
        Image.new("RGB", size, pal["mid"]), Image.new("RGB", size, pal["dark"]), ramp
    )
    spot = Image.radial_gradient("L").resize((w, w), Image.BICUBIC)
    spot = spot.point(lambda v: max(0, 120 - v) if v < 120 else 0)
    light = Image.new("RGB", size, mix(pal["mid"], pal["light"], 0.35))
    mask = Image.new("L", size, 0)
    mask.paste(spot, (int(glow[0] * w - w / 2), int(glow[1] * h - w / 2)))
    return Image.composite(light, img, mask)


def blur_layer(
    img: Image.Image,
    draw: Callable[[ImageDraw.ImageDraw], None],
    radius: float,
) -> None:
    """Draw on a transparent layer, blur it, and lay it over `img` (for glows)."""
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    draw(ImageDraw.Draw(layer))
    layer = layer.filter(ImageFilter.GaussianBlur(radius))
    img.paste(layer, (0, 0), layer)


def ring(d: ImageDraw.ImageDraw, x: float, y: float, r: float, **kw: object) -> None:
    d.ellipse((x - r, y - r, x + r, y + r), **kw)  # type: ignore[arg-type]


def capsule(
    d: ImageDraw.ImageDraw,
    x: float,
    y: float,
    length: float,
    width: float,
    angle: float,
    fill: tuple[int, ...],
) -> None:
    dx, dy = math.cos(angle) * length / 2, math.sin(angle) * length / 2
    d.line((x - dx, y - dy, x + dx, y + dy), fill=fill, width=int(width))
    ring(d, x - dx, y - dy, width / 2, fill=fill)
    ring(d, x + dx, y + dy, width / 2, fill=fill)


def wave_points(
    x0: float, x1: float, y: float, amp: float, period: float, phase: float = 0, step: float = 8
) -> list[tuple[float, float]]:
    n = max(2, int((x1 - x0) / step))
    return [
        (
            x0 + (x1 - x0) * i / n,
            y + amp * math.sin(2 * math.pi * (x0 + (x1 - x0) * i / n) / period + phase),
        )
        for i in range(n + 1)
    ]


# --- Motifs: each draws on an RGB image of size SIZE*SCALE, coordinates in pixels. ---------

Motif = Callable[[Image.Image, ImageDraw.ImageDraw, random.Random, dict[str, RGB]], None]


def m_sensor(img, d, rng, pal):
    """Concentric rings spreading from a bright point over a grid of dots."""
    w, h = img.size
    step = w // 20
    for gx in range(step // 2, w, step):
        for gy in range(step // 2, h, step):
            ring(d, gx, gy, 3.5 * SCALE, fill=rgba(pal["light"], 70))
    cx, cy = w * 0.66, h * 0.5
    for i in range(1, 10):
        r = i * w * 0.05
        d.ellipse(
            (cx - r, cy - r, cx + r, cy + r),
            outline=rgba(pal["light"], 200 - i * 16),
            width=(3 if i % 2 else 2) * SCALE,
        )
    blur_layer(img, lambda g: ring(g, cx, cy, w * 0.05, fill=rgba(pal["accent"], 230)), 18 * SCALE)
    ring(d, cx, cy, w * 0.012, fill=pal["accent"])


def m_honeycomb(img, d, rng, pal):
    """A honeycomb of hexagons, a few filled."""
    w, h = img.size
    r = w * 0.07
    dx, dy = r * math.sqrt(3), r * 1.5
    row = 0
    y = -r
    while y < h + r:
        x = -r + (dx / 2 if row % 2 else 0)
        while x < w + r:
            pts = [
                (
                    x + r * math.cos(math.pi / 6 + k * math.pi / 3),
                    y + r * math.sin(math.pi / 6 + k * math.pi / 3),
                )
                for k in range(6)
            ]
            fade = max(0.0, 1 - x / w * 0.7)
            if rng.random() < 0.12:
                d.polygon(pts, fill=rgba(pal["main"], int(150 * fade) + 40))
            d.polygon(pts, outline=rgba(pal["light"], int(170 * fade) + 30), width=3 * SCALE)
            x += dx
        y += dy
        row += 1


def m_bloch(img, d, rng, pal):
    """A sphere in thin lines, its equator, axis and a state arrow."""
    w, h = img.size
    cx, cy, r = w * 0.5, h * 0.5, h * 0.36
    blur_layer(img, lambda g: ring(g, cx, cy, r, fill=rgba(pal["main"], 90)), 30 * SCALE)
    ring(d, cx, cy, r, outline=rgba(pal["light"], 230), width=4 * SCALE)
    d.ellipse(
        (cx - r, cy - r * 0.28, cx + r, cy + r * 0.28),
        outline=rgba(pal["light"], 160),
        width=3 * SCALE,
    )
    for y in range(int(cy - r * 1.15), int(cy + r * 1.15), 14 * SCALE):
        d.line((cx, y, cx, y + 7 * SCALE), fill=rgba(pal["light"], 150), width=2 * SCALE)
    tx, ty = cx + r * 0.62 * math.cos(-0.9), cy + r * 0.75 * math.sin(-0.9)
    d.line((cx, cy, tx, ty), fill=pal["accent"], width=6 * SCALE)
    blur_layer(
        img, lambda g: ring(g, tx, ty, 26 * SCALE, fill=rgba(pal["accent"], 220)), 10 * SCALE
    )
    ring(d, tx, ty, 10 * SCALE, fill=pal["accent"])
    ring(d, cx, cy, 6 * SCALE, fill=pal["light"])


def m_waveguides(img, d, rng, pal):
    """Parallel curved channels across the image, with dots of light along them."""
    w, h = img.size
    for i in range(7):
        y = h * (0.2 + i * 0.1)
        pts = wave_points(-20, w + 20, y, h * 0.06, w * 0.9, phase=i * 0.25)
        d.line(pts, fill=rgba(pal["light"], 150), width=4 * SCALE, joint="curve")
        for _ in range(3):
            px, py = pts[rng.randrange(len(pts))]
            blur_layer(
                img,
                lambda g, px=px, py=py: ring(g, px, py, 18 * SCALE, fill=rgba(pal["accent"], 200)),
                8 * SCALE,
            )
            ring(d, px, py, 6 * SCALE, fill=pal["accent"])


def m_lake(img, d, rng, pal):
    """Layered mountains with snowy tops above a lake of wavy lines, a pale sun."""
    w, h = img.size
    ring(d, w * 0.78, h * 0.24, h * 0.1, fill=rgba(pal["accent"], 200))
    horizon = h * 0.62
    for layer, (shade, top) in enumerate(((0.55, 0.22), (0.2, 0.34))):
        color = mix(pal["dark"], pal["main"], shade)
        x, peaks = -w * 0.05, []
        while x < w * 1.05:
            peaks.append((x, h * top + rng.random() * h * 0.12))
            x += w * (0.16 + rng.random() * 0.08)
        pts = [(-10, horizon)]
        for px, py in peaks:
            pts += [(px - w * 0.09, horizon), (px, py), (px + w * 0.09, horizon)]
        pts.append((w + 10, horizon))
        d.polygon(pts, fill=color)
        if layer == 0:
            for px, py in peaks:
                cap = (horizon - py) * 0.22
                d.polygon(
                    [
                        (px, py),
                        (px - w * 0.09 * cap / (horizon - py), py + cap),
                        (px + w * 0.09 * cap / (horizon - py), py + cap),
                    ],
                    fill=rgba(pal["light"], 240),
                )
    d.rectangle((0, horizon, w, h), fill=mix(pal["dark"], pal["mid"], 0.6))
    for i in range(6):
        y = horizon + (h - horizon) * (i + 0.6) / 6
        d.line(
            wave_points(-10, w + 10, y, 6 * SCALE, w * 0.12, phase=i),
            width=3 * SCALE,
            fill=rgba(pal["light"], 110 + i * 10),
        )


def m_geothermal(img, d, rng, pal):
    """Ground strata in cross-section, heat rising from a warm glow to small buildings."""
    w, h = img.size
    surface = h * 0.3
    earth = [
        mix(pal["mid"], (120, 90, 50), 0.3),
        mix(pal["dark"], (100, 70, 40), 0.4),
        mix(pal["dark"], (80, 50, 30), 0.55),
        mix(pal["dark"], (60, 30, 20), 0.7),
    ]
    for i, color in enumerate(earth):
        top = surface + i * (h - surface) / 4
        pts = [
            (-10, h + 10),
            *wave_points(-10, w + 10, top, 10 * SCALE, w * 0.5, phase=i),
            (w + 10, h + 10),
        ]
        d.polygon(pts, fill=color)
    blur_layer(
        img,
        lambda g: g.ellipse((w * 0.2, h * 0.86, w * 0.8, h * 1.2), fill=(255, 140, 60, 230)),
        40 * SCALE,
    )
    for i in range(6):
        x = w * (0.3 + i * 0.08)
        pts = [
            (x + 14 * SCALE * math.sin(y / (40 * SCALE) + i), y)
            for y in range(int(h * 0.95), int(surface), -6)
        ]
        d.line(pts, fill=(255, 200, 120, 190), width=4 * SCALE, joint="curve")
    for i in range(5):
        bw, bh = w * 0.07, h * (0.08 + 0.04 * (i % 3))
        x = w * (0.27 + i * 0.1)
        d.rectangle((x, surface - bh, x + bw, surface), fill=rgba(pal["light"], 230))
        for k in range(3):
            d.rectangle(
                (
                    x + bw * (0.15 + k * 0.28),
                    surface - bh * 0.7,
                    x + bw * (0.3 + k * 0.28),
                    surface - bh * 0.5,
                ),
                fill=pal["accent"],
            )


def m_seagrass(img, d, rng, pal):
    """Tall curving blades of seagrass rising from the bottom, with bubbles."""
    w, h = img.size
    for i in range(26):
        x0 = w * (i + rng.random()) / 26
        height = h * (0.45 + rng.random() * 0.45)
        width = (10 + rng.random() * 10) * SCALE
        phase = rng.random() * 6
        left, right = [], []
        for k in range(31):
            t = k / 30
            x = x0 + 40 * SCALE * t * t * math.sin(phase + t * 3)
            half = width * (1 - t * 0.85) / 2
            left.append((x - half, h - height * t))
            right.append((x + half, h - height * t))
        color = mix(pal["main"], pal["light"], rng.random() * 0.5)
        d.polygon(left + right[::-1], fill=rgba(color, 200))
    for _ in range(18):
        ring(
            d,
            rng.random() * w,
            rng.random() * h * 0.6,
            (4 + rng.random() * 8) * SCALE,
            outline=rgba(pal["light"], 170),
            width=2 * SCALE,
        )


def m_flowers(img, d, rng, pal):
    """Five-petalled flowers scattered on green, small dark ovals hovering between them."""
    w, h = img.size
    placed: list[tuple[float, float, float]] = []
    for _ in range(400):
        if len(placed) >= 16:
            break
        r = (28 + rng.random() * 40) * SCALE
        x, y = rng.random() * w, rng.random() * h
        if any(math.hypot(x - a, y - b) < r + c + 10 * SCALE for a, b, c in placed):
            continue
        placed.append((x, y, r))
        petal = mix(pal["light"], (255, 250, 235), rng.random())
        turn = rng.random() * math.pi
        for k in range(5):
            a = turn + k * 2 * math.pi / 5
            px, py = x + math.cos(a) * r * 0.55, y + math.sin(a) * r * 0.55
            ring(d, px, py, r * 0.45, fill=rgba(petal, 235))
        ring(d, x, y, r * 0.3, fill=pal["accent"])
    for _ in range(9):
        x, y = rng.random() * w, rng.random() * h
        d.ellipse(
            (x - 12 * SCALE, y - 7 * SCALE, x + 12 * SCALE, y + 7 * SCALE),
            fill=rgba(pal["dark"], 230),
        )
        d.ellipse(
            (x - 8 * SCALE, y - 16 * SCALE, x + 4 * SCALE, y - 5 * SCALE),
            fill=rgba(pal["light"], 150),
        )


def m_cells(img, d, rng, pal):
    """Red discs with pale centres, like blood cells, of different sizes."""
    w, h = img.size
    for _ in range(34):
        r = (30 + rng.random() * 60) * SCALE
        x, y = rng.random() * w, rng.random() * h
        ring(d, x, y, r, fill=rgba(mix(pal["main"], pal["mid"], rng.random()), 230))
        ring(d, x, y, r * 0.8, outline=rgba(pal["dark"], 60), width=3 * SCALE)
        ring(d, x, y, r * 0.45, fill=rgba(pal["light"], 110))


def m_heartbeat(img, d, rng, pal):
    """A heartbeat line with regular spikes over a faint grid."""
    w, h = img.size
    for x in range(0, w, 60 * SCALE):
        d.line((x, 0, x, h), fill=rgba(pal["light"], 40), width=SCALE)
    for y in range(0, h, 60 * SCALE):
        d.line((0, y, w, y), fill=rgba(pal["light"], 40), width=SCALE)
    base, pts, x = h * 0.55, [], 0.0
    beat = w / 3.2
    while x < w + beat:
        pts += [
            (x, base),
            (x + beat * 0.35, base),
            (x + beat * 0.4, base - h * 0.05),
            (x + beat * 0.45, base),
            (x + beat * 0.5, base + h * 0.06),
            (x + beat * 0.55, base - h * 0.36),
            (x + beat * 0.61, base + h * 0.14),
            (x + beat * 0.66, base),
            (x + beat * 0.8, base - h * 0.07),
            (x + beat * 0.9, base),
        ]
        x += beat
    blur_layer(
        img,
        lambda g: g.line(pts, fill=rgba(pal["light"], 255), width=18 * SCALE, joint="curve"),
        14 * SCALE,
    )
    d.line(pts, fill=pal["accent"], width=6 * SCALE, joint="curve")


def m_bacteria(img, d, rng, pal):
    """Capsules at random angles, some with thin tails."""
    w, h = img.size
    for _ in range(26):
        x, y = rng.random() * w, rng.random() * h
        length, width = (60 + rng.random() * 90) * SCALE, (26 + rng.random() * 18) * SCALE
        angle = rng.random() * math.pi
        color = rgba(mix(pal["main"], pal["light"], rng.random() * 0.6), 220)
        if rng.random() < 0.4:
            ex, ey = x - math.cos(angle) * length * 0.5, y - math.sin(angle) * length * 0.5
            tail = [
                (
                    ex
                    - math.cos(angle) * t * SCALE
                    + 8 * SCALE * math.sin(t / 9) * -math.sin(angle),
                    ey
                    - math.sin(angle) * t * SCALE
                    + 8 * SCALE * math.sin(t / 9) * math.cos(angle),
                )
                for t in range(0, 90, 3)
            ]
            d.line(tail, fill=rgba(pal["light"], 150), width=2 * SCALE)
        capsule(d, x, y, length, width, angle, color)


def m_helix(img, d, rng, pal):
    """A double helix with rungs, running diagonally."""
    w, h = img.size
    n, tilt = 90, -0.25
    cx, cy = w / 2, h / 2
    strands: list[list[tuple[float, float]]] = [[], []]
    for i in range(n + 1):
        t = -0.6 + 1.2 * i / n
        along = t * w
        for s in range(2):
            off = h * 0.2 * math.sin(t * 14 + s * math.pi)
            x = cx + along * math.cos(tilt) - off * math.sin(tilt)
            y = cy + along * math.sin(tilt) + off * math.cos(tilt)
            strands[s].append((x, y))
    for i in range(0, n + 1, 3):
        d.line((strands[0][i], strands[1][i]), fill=rgba(pal["light"], 120), width=4 * SCALE)
    d.line(strands[0], fill=pal["light"], width=9 * SCALE, joint="curve")
    d.line(strands[1], fill=pal["accent"], width=9 * SCALE, joint="curve")


def m_code(img, d, rng, pal):
    """Rows of rounded bars like lines of code on a dark panel, and a water drop."""
    w, h = img.size
    d.rounded_rectangle(
        (w * 0.06, h * 0.12, w * 0.6, h * 0.88), radius=24 * SCALE, fill=rgba(pal["dark"], 220)
    )
    y = h * 0.2
    while y < h * 0.8:
        x = w * 0.1 + (rng.randrange(3) * 30 * SCALE)
        for _ in range(rng.randrange(1, 4)):
            bw = (40 + rng.random() * 130) * SCALE
            if x + bw > w * 0.56:
                break
            color = rng.choice((pal["light"], pal["main"], pal["accent"]))
            d.rounded_rectangle(
                (x, y, x + bw, y + 16 * SCALE), radius=8 * SCALE, fill=rgba(color, 220)
            )
            x += bw + 14 * SCALE
        y += 34 * SCALE
    cx, cy, r = w * 0.79, h * 0.6, h * 0.2
    drop = [
        (cx + r * math.cos(a), cy + r * math.sin(a))
        for a in [math.pi * (-0.25 + 1.5 * k / 40) for k in range(41)]
    ]
    drop.append((cx, cy - r * 2.1))
    d.polygon(drop, fill=(120, 200, 240))
    ring(d, cx - r * 0.4, cy - r * 0.1, r * 0.16, fill=(220, 244, 255))


def m_rowing(img, d, rng, pal):
    """A slim boat with eight oars dipping into wavy water."""
    w, h = img.size
    water = h * 0.58
    d.rectangle((0, water, w, h), fill=mix(pal["accent"], pal["dark"], 0.45))
    for i in range(8):
        y = water + (h - water) * (i + 0.5) / 8
        d.line(
            wave_points(-10, w + 10, y, 5 * SCALE, w * 0.1, phase=i * 1.3),
            width=3 * SCALE,
            fill=rgba(pal["light"], 120),
        )
    bx0, bx1, by = w * 0.12, w * 0.88, water - 6 * SCALE
    d.polygon(
        [
            (bx0, by),
            (bx1, by),
            (bx1 - w * 0.05, by + 18 * SCALE),
            (bx0 + w * 0.05, by + 18 * SCALE),
        ],
        fill=pal["light"],
    )
    for k in range(8):
        x = bx0 + (bx1 - bx0) * (k + 1) / 9.5
        d.line(
            (x, by - 30 * SCALE, x - w * 0.06, water + 40 * SCALE),
            fill=pal["dark"],
            width=5 * SCALE,
        )
        d.ellipse(
            (x - w * 0.075, water + 30 * SCALE, x - w * 0.045, water + 50 * SCALE), fill=pal["dark"]
        )
        ring(d, x, by - 36 * SCALE, 12 * SCALE, fill=pal["dark"])


def m_confetti(img, d, rng, pal):
    """Circles, triangles and small squares scattered in festive colours."""
    w, h = img.size
    colors = (pal["light"], pal["accent"], (255, 255, 255), pal["dark"], (255, 214, 70))
    for _ in range(120):
        x, y, s = rng.random() * w, rng.random() * h, (8 + rng.random() * 22) * SCALE
        color = rgba(rng.choice(colors), 220)
        kind, a = rng.randrange(3), rng.random() * math.tau
        if kind == 0:
            ring(d, x, y, s * 0.6, fill=color)
        else:
            sides = 3 if kind == 1 else 4
            d.polygon(
                [
                    (
                        x + s * math.cos(a + k * math.tau / sides),
                        y + s * math.sin(a + k * math.tau / sides),
                    )
                    for k in range(sides)
                ],
                fill=color,
            )


def m_pantry(img, d, rng, pal):
    """Shelves with jars, and a basket of round fruit."""
    w, h = img.size
    for shelf in (0.36, 0.62):
        y = h * shelf
        d.rectangle((w * 0.05, y, w * 0.58, y + 12 * SCALE), fill=pal["dark"])
        x = w * 0.07
        while x < w * 0.52:
            jw, jh = (50 + rng.random() * 30) * SCALE, (70 + rng.random() * 60) * SCALE
            d.rounded_rectangle(
                (x, y - jh, x + jw, y), radius=12 * SCALE, fill=rgba(pal["light"], 220)
            )
            d.rectangle(
                (x + jw * 0.15, y - jh - 12 * SCALE, x + jw * 0.85, y - jh + 4 * SCALE),
                fill=rng.choice((pal["accent"], pal["dark"])),
            )
            d.rectangle(
                (x, y - jh * 0.6, x + jw, y - jh * 0.35),
                fill=rgba(rng.choice((pal["mid"], pal["main"])), 230),
            )
            x += jw + 20 * SCALE
    bx, by, bw = w * 0.64, h * 0.78, w * 0.3
    for _ in range(9):
        ring(
            d,
            bx + bw * (0.15 + rng.random() * 0.7),
            by - rng.random() * h * 0.1,
            (34 + rng.random() * 12) * SCALE,
            fill=rng.choice(((214, 70, 50), (250, 200, 60), (120, 170, 60), (240, 130, 40))),
        )
    d.polygon(
        [(bx, by), (bx + bw, by), (bx + bw * 0.88, by + h * 0.17), (bx + bw * 0.12, by + h * 0.17)],
        fill=pal["dark"],
    )
    for k in range(1, 4):
        y = by + h * 0.17 * k / 4
        d.line(
            (bx + bw * 0.03 * k, y, bx + bw - bw * 0.03 * k, y),
            fill=rgba(pal["mid"], 200),
            width=3 * SCALE,
        )


def m_radio(img, d, rng, pal):
    """A radio mast at the bottom left sending concentric arcs."""
    w, h = img.size
    mx, top = w * 0.16, h * 0.42
    d.line((mx - w * 0.06, h, mx, top), fill=pal["dark"], width=8 * SCALE)
    d.line((mx + w * 0.06, h, mx, top), fill=pal["dark"], width=8 * SCALE)
    for k in range(1, 6):
        y = top + (h - top) * k / 6
        half = w * 0.06 * k / 6
        d.line((mx - half, y, mx + half, y), fill=pal["dark"], width=5 * SCALE)
    for i in range(1, 9):
        r = i * w * 0.07
        d.arc(
            (mx - r, top - r, mx + r, top + r),
            start=-80,
            end=20,
            fill=rgba(pal["light"], 240 - i * 22),
            width=7 * SCALE,
        )
    ring(d, mx, top, 14 * SCALE, fill=pal["accent"])


def m_night(img, d, rng, pal):
    """A night sky with stars and a crescent moon over buildings with lit windows."""
    w, h = img.size
    for _ in range(90):
        ring(
            d,
            rng.random() * w,
            rng.random() * h * 0.6,
            (1.5 + rng.random() * 3) * SCALE,
            fill=rgba((255, 255, 240), 160 + rng.randrange(90)),
        )
    mx, my, mr = w * 0.8, h * 0.2, h * 0.1
    ring(d, mx, my, mr, fill=pal["accent"])
    ring(d, mx + mr * 0.45, my - mr * 0.2, mr * 0.9, fill=mix(pal["dark"], pal["mid"], 0.25))
    x = -10.0
    while x < w:
        bw, bh = (120 + rng.random() * 160) * SCALE, h * (0.18 + rng.random() * 0.22)
        d.rectangle((x, h - bh, x + bw, h), fill=(24, 8, 28))
        for wx in range(int(x + 16 * SCALE), int(x + bw - 30 * SCALE), 34 * SCALE):
            for wy in range(int(h - bh + 20 * SCALE), int(h - 20 * SCALE), 40 * SCALE):
                if rng.random() < 0.45:
                    d.rectangle((wx, wy, wx + 16 * SCALE, wy + 20 * SCALE), fill=pal["accent"])
        x += bw + 6 * SCALE


def m_doors(img, d, rng, pal):
    """A row of arched doorways; the middle one open with light spilling out."""
    w, h = img.size
    ground = h * 0.82
    d.rectangle((0, ground, w, h), fill=pal["dark"])
    n, dw = 5, w * 0.12
    gap = (w - n * dw) / (n + 1)
    for k in range(n):
        x = gap + k * (dw + gap)
        top = h * 0.22
        d.rectangle((x, top + dw / 2, x + dw, ground), fill=mix(pal["dark"], pal["mid"], 0.3))
        d.pieslice((x, top, x + dw, top + dw), 180, 360, fill=mix(pal["dark"], pal["mid"], 0.3))
        if k == n // 2:
            blur_layer(
                img,
                lambda g, x=x: g.polygon(
                    [(x, ground), (x + dw, ground), (x + dw * 2.2, h), (x - dw * 1.2, h)],
                    fill=rgba(pal["accent"], 200),
                ),
                12 * SCALE,
            )
            inner = 10 * SCALE
            d.rectangle((x + inner, top + dw / 2, x + dw - inner, ground), fill=pal["accent"])
            d.pieslice(
                (x + inner, top + inner, x + dw - inner, top + dw - inner),
                180,
                360,
                fill=pal["accent"],
            )
        else:
            d.line(
                (x + dw / 2, top + dw * 0.3, x + dw / 2, ground),
                fill=rgba(pal["main"], 160),
                width=3 * SCALE,
            )


def m_screen(img, d, rng, pal):
    """A laptop whose screen shows a play button and a soft wave."""
    w, h = img.size
    sx0, sy0, sx1, sy1 = w * 0.27, h * 0.14, w * 0.73, h * 0.72
    d.rounded_rectangle(
        (sx0, sy0, sx1, sy1),
        radius=18 * SCALE,
        fill=pal["dark"],
        outline=pal["light"],
        width=6 * SCALE,
    )
    d.line(
        wave_points(sx0 + 30 * SCALE, sx1 - 30 * SCALE, sy1 - h * 0.12, 16 * SCALE, w * 0.12),
        fill=rgba(pal["main"], 230),
        width=5 * SCALE,
        joint="curve",
    )
    cx, cy, r = (sx0 + sx1) / 2, (sy0 + sy1) / 2 - h * 0.05, h * 0.1
    ring(d, cx, cy, r * 1.3, fill=rgba(pal["light"], 60))
    d.polygon(
        [(cx - r * 0.45, cy - r * 0.7), (cx - r * 0.45, cy + r * 0.7), (cx + r * 0.75, cy)],
        fill=pal["accent"],
    )
    d.polygon(
        [
            (sx0 - w * 0.06, sy1 + 14 * SCALE),
            (sx1 + w * 0.06, sy1 + 14 * SCALE),
            (sx1 + w * 0.09, sy1 + 50 * SCALE),
            (sx0 - w * 0.09, sy1 + 50 * SCALE),
        ],
        fill=pal["light"],
    )


def m_caps(img, d, rng, pal):
    """Graduation caps tossed at different heights, each with a tassel."""
    w, h = img.size
    for k in range(9):
        x = w * (k + 0.5) / 9 + (rng.random() - 0.5) * w * 0.05
        y = h * (0.2 + rng.random() * 0.6)
        s = (48 + rng.random() * 40) * SCALE
        a = (rng.random() - 0.5) * 0.7

        def rot(px: float, py: float, x=x, y=y, a=a) -> tuple[float, float]:
            return (
                x + px * math.cos(a) - py * math.sin(a),
                y + px * math.sin(a) + py * math.cos(a),
            )

        d.polygon(
            [
                rot(-s * 0.55, s * 0.1),
                rot(s * 0.55, s * 0.1),
                rot(s * 0.5, s * 0.55),
                rot(-s * 0.5, s * 0.55),
            ],
            fill=(30, 10, 34),
        )
        d.polygon(
            [rot(-s * 1.2, 0), rot(0, -s * 0.45), rot(s * 1.2, 0), rot(0, s * 0.45)],
            fill=(40, 14, 46),
            outline=rgba(pal["light"], 200),
            width=2 * SCALE,
        )
        d.line(
            [rot(0, 0), rot(s * 0.9, s * 0.15), rot(s * 0.95, s * 0.75)],
            fill=pal["accent"],
            width=3 * SCALE,
        )
        ring(d, *rot(s * 0.95, s * 0.8), 7 * SCALE, fill=pal["accent"])


def m_battery(img, d, rng, pal):
    """A row of upright battery cells, each charged to a different level."""
    w, h = img.size
    n = 6
    bw, gap = w * 0.1, w * 0.04
    x0 = (w - n * bw - (n - 1) * gap) / 2
    top, bottom = h * 0.28, h * 0.82
    for k in range(n):
        x = x0 + k * (bw + gap)
        level = 0.25 + 0.7 * ((k * 37) % 11) / 10 if k != 3 else 0.95
        d.rounded_rectangle(
            (x + bw * 0.3, top - 24 * SCALE, x + bw * 0.7, top + 4 * SCALE),
            radius=6 * SCALE,
            fill=pal["light"],
        )
        d.rounded_rectangle(
            (x, top, x + bw, bottom),
            radius=16 * SCALE,
            outline=pal["light"],
            width=6 * SCALE,
            fill=rgba(pal["dark"], 200),
        )
        inner = 16 * SCALE
        fill_top = bottom - inner - (bottom - top - 2 * inner) * level
        d.rounded_rectangle(
            (x + inner, fill_top, x + bw - inner, bottom - inner),
            radius=8 * SCALE,
            fill=pal["accent"] if level > 0.9 else pal["main"],
        )


def m_beams(img, d, rng, pal):
    """Light rays fanning from a small source on the left towards a cloud of dots."""
    w, h = img.size
    sx, sy = w * 0.08, h * 0.55
    for k in range(15):
        a = -0.45 + 0.9 * k / 14
        ex, ey = w * 0.62, sy + math.tan(a) * (w * 0.62 - sx)
        d.line((sx, sy, ex, ey), fill=rgba(pal["accent"], 120), width=2 * SCALE)
        ring(d, ex, ey, 5 * SCALE, fill=pal["accent"])
    for _ in range(170):
        x = w * (0.64 + rng.random() * 0.32)
        y = h * (0.5 + 0.35 * math.sin((x / w) * 9)) * (0.6 + rng.random() * 0.5)
        ring(d, x, y, (2 + rng.random() * 4) * SCALE, fill=rgba(pal["light"], 200))
    blur_layer(
        img, lambda g: ring(g, sx, sy, 40 * SCALE, fill=rgba((255, 255, 255), 220)), 14 * SCALE
    )
    ring(d, sx, sy, 12 * SCALE, fill=(255, 255, 255))


def m_alliance(img, d, rng, pal):
    """Nine circles in a ring, linked to each other by thin lines."""
    w, h = img.size
    cx, cy, r, n = w / 2, h / 2, h * 0.36, 9
    pts = [
        (
            cx + r * math.cos(-math.pi / 2 + k * math.tau / n),
            cy + r * math.sin(-math.pi / 2 + k * math.tau / n),
        )
        for k in range(n)
    ]
    for i in range(n):
        for j in range(i + 1, n):
            d.line((pts[i], pts[j]), fill=rgba(pal["light"], 70), width=2 * SCALE)
    for k, (x, y) in enumerate(pts):
        ring(d, x, y, 30 * SCALE, fill=pal["accent"] if k == 0 else pal["light"])
        ring(d, x, y, 14 * SCALE, fill=pal["mid"])


def m_network(img, d, rng, pal):
    """Small dots joined to their neighbours, a few larger nodes highlighted."""
    w, h = img.size
    nodes = [(rng.random() * w, rng.random() * h) for _ in range(48)]
    for x, y in nodes:
        near = sorted(nodes, key=lambda p: math.hypot(p[0] - x, p[1] - y))[1:4]
        for p in near:
            d.line(((x, y), p), fill=rgba(pal["light"], 110), width=2 * SCALE)
    for i, (x, y) in enumerate(nodes):
        big = i % 8 == 0
        ring(d, x, y, (22 if big else 8) * SCALE, fill=pal["accent"] if big else pal["light"])


def m_pillars(img, d, rng, pal):
    """A classical building front: pediment, six columns, three steps, in gold lines."""
    w, h = img.size
    gold, lw = pal["accent"], 6 * SCALE
    x0, x1 = w * 0.24, w * 0.76
    d.polygon(
        [(x0 - w * 0.03, h * 0.34), (w / 2, h * 0.12), (x1 + w * 0.03, h * 0.34)],
        outline=gold,
        width=lw,
    )
    d.rectangle((x0 - w * 0.03, h * 0.34, x1 + w * 0.03, h * 0.4), outline=gold, width=lw)
    for k in range(6):
        cx = x0 + (x1 - x0) * (k + 0.5) / 6
        d.rectangle((cx - w * 0.02, h * 0.42, cx + w * 0.02, h * 0.74), outline=gold, width=lw)
        for f in (-0.007, 0.007):
            d.line(
                (cx + w * f, h * 0.45, cx + w * f, h * 0.71), fill=rgba(gold, 140), width=2 * SCALE
            )
    for k in range(3):
        inset = w * (0.06 - k * 0.02)
        y = h * (0.76 + k * 0.05)
        d.rectangle(
            (
                x0 - w * 0.03 - (w * 0.06 - inset),
                y,
                x1 + w * 0.03 + (w * 0.06 - inset),
                y + h * 0.04,
            ),
            outline=gold,
            width=lw,
        )


def m_bars(img, d, rng, pal):
    """Five bars rising from left to right with a gold arrow climbing over them."""
    w, h = img.size
    base, n = h * 0.85, 5
    bw = w * 0.1
    tops = []
    for k in range(n):
        x = w * 0.16 + k * bw * 1.45
        top = base - h * (0.15 + 0.13 * k)
        d.rectangle((x, top, x + bw, base), fill=mix(pal["main"], pal["light"], k / n))
        tops.append((x + bw / 2, top - 40 * SCALE))
    d.line((w * 0.1, base, w * 0.92, base), fill=pal["light"], width=4 * SCALE)
    d.line(tops, fill=pal["accent"], width=10 * SCALE, joint="curve")
    (ax, ay), (px, py) = tops[-1], tops[-2]
    a = math.atan2(ay - py, ax - px)
    tip = (ax + math.cos(a) * 50 * SCALE, ay + math.sin(a) * 50 * SCALE)
    d.polygon(
        [
            tip,
            (ax + math.cos(a + 2.3) * 36 * SCALE, ay + math.sin(a + 2.3) * 36 * SCALE),
            (ax + math.cos(a - 2.3) * 36 * SCALE, ay + math.sin(a - 2.3) * 36 * SCALE),
        ],
        fill=pal["accent"],
    )


def m_books(img, d, rng, pal):
    """A shelf of book spines, one leaning, under a soft round light."""
    w, h = img.size
    blur_layer(
        img,
        lambda g: ring(g, w * 0.5, h * 0.05, h * 0.3, fill=rgba(pal["accent"], 170)),
        50 * SCALE,
    )
    shelf = h * 0.8
    d.rectangle((w * 0.06, shelf, w * 0.94, shelf + 18 * SCALE), fill=pal["light"])
    x, k = w * 0.1, 0
    while x < w * 0.86:
        bw, bh = (34 + rng.random() * 40) * SCALE, h * (0.32 + rng.random() * 0.25)
        color = rng.choice(
            (pal["accent"], pal["main"], pal["light"], mix(pal["mid"], pal["accent"], 0.5))
        )
        if k == 9:
            a = 0.28
            pts = [
                (x, shelf),
                (x + bw, shelf),
                (x + bw + bh * math.sin(a), shelf - bh * math.cos(a)),
                (x + bh * math.sin(a), shelf - bh * math.cos(a)),
            ]
            d.polygon(pts, fill=color)
            x += bh * math.sin(a) + bw + 4 * SCALE
        else:
            d.rectangle((x, shelf - bh, x + bw, shelf), fill=color)
            d.rectangle(
                (x + bw * 0.2, shelf - bh * 0.8, x + bw * 0.8, shelf - bh * 0.74),
                fill=rgba(pal["dark"], 160),
            )
            x += bw + 4 * SCALE
        k += 1


def m_path(img, d, rng, pal):
    """Oval stepping stones narrowing towards the horizon, a gold half-sun rising."""
    w, h = img.size
    horizon = h * 0.45
    ring(d, w * 0.5, horizon, h * 0.16, fill=pal["accent"])
    d.rectangle((0, horizon, w, h), fill=mix(pal["dark"], pal["mid"], 0.5))
    for k in range(10):
        t = k / 10
        depth = (1 - t) ** 1.6
        y = horizon + (h - horizon) * depth * 0.95
        x = w * 0.5 + math.sin(k * 0.9) * w * 0.12 * depth
        rw, rh = w * 0.11 * depth + 6 * SCALE, h * 0.035 * depth + 3 * SCALE
        d.ellipse((x - rw, y - rh, x + rw, y + rh), fill=mix(pal["light"], pal["accent"], t * 0.6))


MOTIFS: dict[str, Motif] = {
    "sensor": m_sensor,
    "honeycomb": m_honeycomb,
    "bloch": m_bloch,
    "waveguides": m_waveguides,
    "lake": m_lake,
    "geothermal": m_geothermal,
    "seagrass": m_seagrass,
    "flowers": m_flowers,
    "cells": m_cells,
    "heartbeat": m_heartbeat,
    "bacteria": m_bacteria,
    "helix": m_helix,
    "code": m_code,
    "rowing": m_rowing,
    "confetti": m_confetti,
    "pantry": m_pantry,
    "radio": m_radio,
    "night": m_night,
    "doors": m_doors,
    "screen": m_screen,
    "caps": m_caps,
    "battery": m_battery,
    "beams": m_beams,
    "alliance": m_alliance,
    "network": m_network,
    "pillars": m_pillars,
    "bars": m_bars,
    "books": m_books,
    "path": m_path,
}

# The motif of each example item (by slug); others get their theme's default.
ITEM_MOTIFS: dict[str, str] = {
    "quantum-sensor-maps-brain-activity-without-a-scanner": "sensor",
    "cleanroom-for-two-dimensional-materials-opens": "honeycomb",
    "silicon-spin-qubits-hold-their-state-ten-times-longer": "bloch",
    "photonics-team-wins-erc-consolidator-grant": "waveguides",
    "alpine-lakes-are-warming-faster-than-the-air-above-them": "lake",
    "campus-heating-goes-geothermal": "geothermal",
    "seagrass-meadows-store-more-carbon-than-thought": "seagrass",
    "citizen-scientists-count-40000-pollinators": "flowers",
    "blood-test-flags-sepsis-risk-hours-earlier": "cells",
    "regular-sleep-linked-to-healthier-hearts": "heartbeat",
    "aldermoor-joins-european-network-on-antimicrobial-resistance": "bacteria",
    "rare-gene-variant-linked-to-early-hearing-loss": "helix",
    "students-build-flood-warning-app-in-48-hour-hackathon": "code",
    "aldermoor-eight-wins-national-university-rowing-title": "rowing",
    "welcome-week-6000-new-students-start-at-aldermoor": "confetti",
    "student-run-food-pantry-opens-on-main-campus": "pantry",
    "campus-radio-returns-after-two-year-break": "radio",
    "graduation-ceremony-celebrates-the-class-of-2026": "caps",
    "european-researchers-night-at-aldermoor": "night",
    "open-day-on-5-december-meet-our-teams-and-visit-the-labs": "doors",
    "online-lecture-what-quantum-computers-will-not-do": "screen",
    "aldermoor-and-veltrix-energy-open-joint-battery-lab": "battery",
    "spin-off-lumora-raises-4-million-for-low-power-lidar-chips": "beams",
    "aldermoor-joins-the-arcus-european-university-alliance": "alliance",
    "industry-phd-programme-opens-20-positions": "network",
    "hanna-lindqvist-appointed-president-of-aldermoor": "pillars",
    "aldermoor-climbs-to-112th-in-global-research-ranking": "bars",
    "library-learning-centre-opens-around-the-clock-for-exams": "books",
    "aldermoor-2032-university-adopts-its-new-strategic-plan": "path",
}

THEME_MOTIFS: dict[str, str] = {
    "quantum": "honeycomb",
    "climate": "seagrass",
    "health": "cells",
    "student-life": "confetti",
    "events": "doors",
    "partnerships": "network",
    "institution": "pillars",
}


def seed_for(theme: str, slug: str) -> int:
    """A stable seed (Python's hash() changes between runs)."""
    return int.from_bytes(hashlib.sha256(f"{theme}/{slug}".encode()).digest()[:8], "big")


def draw(theme: str, slug: str) -> Image.Image:
    rng = random.Random(seed_for(theme, slug))
    pal = PALETTES.get(theme, DEFAULT_PALETTE)
    motif = MOTIFS[ITEM_MOTIFS.get(slug) or THEME_MOTIFS.get(theme, "network")]
    big = (SIZE[0] * SCALE, SIZE[1] * SCALE)
    img = background(
        big, pal, angle=rng.uniform(20, 160), glow=(rng.uniform(0.2, 0.8), rng.uniform(0.2, 0.6))
    )
    motif(img, ImageDraw.Draw(img, "RGBA"), rng, pal)
    return img.resize(SIZE, Image.LANCZOS)


def news_items(news: Path = NEWS) -> list[tuple[str, str]]:
    """(theme, slug) of every news file, from its path; duplicates once."""
    found: dict[tuple[str, str], None] = {}
    for path in sorted(news.glob("*/*/*.md")):
        match = ITEM_PATH.match(path.relative_to(news).as_posix())
        if match:
            found[(match["theme"], match["slug"])] = None
        else:
            print(
                f"skipped {path.relative_to(ROOT)}: not <theme>/<YYYY>/<date>-<slug>.md",
                file=sys.stderr,
            )
    return list(found)


def main() -> int:
    items = news_items()
    if not items:
        print(f"no news items under {NEWS.relative_to(ROOT)}", file=sys.stderr)
        return 1
    total = 0
    for theme, slug in items:
        target = IMAGES / theme / f"{slug}.jpg"
        target.parent.mkdir(parents=True, exist_ok=True)
        draw(theme, slug).save(target, "JPEG", quality=QUALITY, optimize=True)
        size = target.stat().st_size
        total += size
        motif = ITEM_MOTIFS.get(slug) or f"{THEME_MOTIFS.get(theme, 'network')} (theme default)"
        print(f"{target.relative_to(ROOT)}  {size / 1024:5.1f} KB  {motif}")
    print(f"{len(items)} images, {total / 1024:.0f} KB in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
