"""Draw the photos of the example gallery (European Researchers' Night at Aldermoor).

Four small, original pictures at `content/images/events/researchers-night/` (1200x800,
JPEG): simple night scenes drawn with Pillow, no third-party image. The drawing depends
only on the photo's name, so the script is deterministic and can be re-run at any time:

    .venv/bin/python scripts/generate_gallery_photos.py

The item's `gallery:` (`content/news/events/2026/2026-09-15-european-researchers-night-at-
aldermoor.md`) describes what is drawn here in each `alt`: change both together.
"""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "content" / "images" / "events" / "researchers-night"
SIZE = (1200, 800)
NIGHT, DUSK = (28, 20, 58), (92, 52, 110)
GOLD, WARM, PALE = (250, 204, 92), (255, 160, 90), (226, 220, 255)


def sky(draw: ImageDraw.ImageDraw, rng: random.Random, horizon: int) -> None:
    """A night sky fading to dusk at the horizon, with stars."""
    for y in range(horizon):
        t = y / horizon
        colour = tuple(round(a + (b - a) * t) for a, b in zip(NIGHT, DUSK, strict=True))
        draw.line([(0, y), (SIZE[0], y)], fill=colour)
    for _ in range(120):
        x, y = rng.randrange(SIZE[0]), rng.randrange(horizon - 40)
        draw.ellipse([x, y, x + 3, y + 3], fill=PALE)


def telescope(draw: ImageDraw.ImageDraw, rng: random.Random) -> None:
    """Stargazing on the roof: a telescope on its tripod and a crescent moon."""
    sky(draw, rng, 620)
    draw.rectangle([0, 620, SIZE[0], SIZE[1]], fill=(44, 40, 60))
    draw.ellipse([880, 90, 1000, 210], fill=GOLD)
    draw.ellipse([910, 80, 1030, 200], fill=NIGHT)
    draw.polygon([(430, 330), (760, 190), (790, 250), (460, 390)], fill=(190, 196, 214))
    for foot in (470, 600, 730):
        draw.line([(600, 360), (foot, 620)], fill=(160, 166, 184), width=12)


def lemon_battery(draw: ImageDraw.ImageDraw, rng: random.Random) -> None:
    """Science for children: lemons wired in a row light a small bulb."""
    draw.rectangle([0, 0, SIZE[0], SIZE[1]], fill=(246, 238, 214))
    draw.rectangle([0, 560, SIZE[0], SIZE[1]], fill=(170, 120, 80))
    for i in range(4):
        x = 160 + i * 220
        draw.ellipse([x, 420, x + 170, 560], fill=(244, 214, 40), outline=(200, 160, 20), width=6)
        draw.line([(x + 150, 450), (x + 240, 450)], fill=(200, 90, 40), width=8)
    draw.ellipse([1020, 260, 1130, 370], fill=(255, 240, 150))
    draw.rectangle([1050, 370, 1100, 420], fill=(150, 150, 150))


def lab_tour(draw: ImageDraw.ImageDraw, rng: random.Random) -> None:
    """A lab tour: a lit cleanroom window and a queue of visitors in front of it."""
    draw.rectangle([0, 0, SIZE[0], SIZE[1]], fill=(36, 44, 70))
    draw.rectangle([140, 120, 1060, 460], fill=(190, 228, 236), outline=(240, 250, 255), width=10)
    for i in range(9):
        x = 100 + i * 115 + rng.randrange(-10, 10)
        colour = rng.choice([WARM, GOLD, (120, 180, 240), (210, 110, 150)])
        draw.ellipse([x, 520, x + 60, 580], fill=(232, 196, 170))
        draw.rounded_rectangle([x - 15, 585, x + 75, 800], radius=30, fill=colour)


def quiz_night(draw: ImageDraw.ImageDraw, rng: random.Random) -> None:
    """The quiz night: tables under strings of warm lights."""
    draw.rectangle([0, 0, SIZE[0], SIZE[1]], fill=(52, 30, 40))
    for row in range(3):
        y = 80 + row * 70
        for x in range(40, SIZE[0], 60):
            draw.ellipse([x, y + rng.randrange(-6, 6), x + 18, y + 18], fill=GOLD)
    for i in range(4):
        x = 90 + i * 280
        draw.ellipse([x, 520, x + 220, 600], fill=(120, 80, 60))
        draw.rectangle([x + 100, 600, x + 120, 760], fill=(90, 60, 45))


PHOTOS = {
    "stargazing.jpg": telescope,
    "lemon-battery.jpg": lemon_battery,
    "cleanroom-tour.jpg": lab_tour,
    "quiz-night.jpg": quiz_night,
}


def main() -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    for name, scene in PHOTOS.items():
        picture = Image.new("RGB", SIZE)
        scene(ImageDraw.Draw(picture), random.Random(name))
        picture.save(FOLDER / name, "JPEG", quality=70, optimize=True)


if __name__ == "__main__":
    main()
