"""Generate a synthetic newsroom of N valid items, for benchmarks.

Items spread over 12 themes and 5 years, with ~600-word bodies, tags and images, so
the figures reflect a large institution's archive rather than toy files. Each item has a
photo of its own (`photos=True`, the default): an 800x450 JPEG, so a build publishes its
smaller widths and WebP versions as for real photos (site/responsive.py), 4 per item.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PIL import Image, ImageDraw

from newsroom.ids import new_id

THEMES = [
    "quantum",
    "climate",
    "health",
    "student-life",
    "events",
    "partnerships",
    "institution",
    "ai",
    "space",
    "humanities",
    "engineering",
    "international",
]
WORDS = [
    "research",
    "team",
    "university",
    "laboratory",
    "students",
    "climate",
    "quantum",
    "energy",
    "health",
    "data",
    "model",
    "results",
    "campus",
    "partners",
    "innovation",
    "study",
    "professor",
    "doctoral",
    "project",
    "funding",
    "european",
    "network",
    "science",
    "public",
    "lecture",
    "conference",
    "award",
    "measurement",
    "sensor",
    "ocean",
    "cells",
    "brain",
]
# A 1x1 PNG: enough for the image rules, which check paths, not pixels.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)


def _config() -> str:
    themes = "".join(
        f"  - slug: {t}\n    name: {t.title()}\n    description: News about {t}.\n" for t in THEMES
    )
    return (
        "site:\n  name: Synthetic News\n  publisher: Synthetic University\n"
        "  url: https://news.synthetic.example\n  timezone: Europe/Paris\n"
        f"themes:\n{themes}"
        "authors:\n  - id: press-office\n    name: Press Office\n"
        "  - id: amelie-durand\n    name: Amélie Durand\n"
    )


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _body(rng: random.Random, words: int = 600) -> str:
    paragraphs, written = [], 0
    while written < words:
        size = rng.randint(60, 110)
        paragraphs.append(" ".join(_sentence(rng, rng.randint(8, 18)) for _ in range(size // 13)))
        written += size
    paragraphs.insert(2, "## Key findings\n\n- " + _sentence(rng, 8) + "\n- " + _sentence(rng, 9))
    return "\n\n".join(paragraphs) + "\n"


PHOTO_SIZE = (800, 450)


def write_photo(path: Path, rng: random.Random) -> None:
    """A small, cheap, distinct JPEG: a colour field with a few shapes (no two alike)."""
    picture = Image.new("RGB", PHOTO_SIZE, tuple(rng.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(picture)
    for _ in range(4):
        x, y = rng.randrange(PHOTO_SIZE[0]), rng.randrange(PHOTO_SIZE[1])
        colour = tuple(rng.randrange(256) for _ in range(3))
        draw.ellipse([x, y, x + rng.randrange(40, 200), y + rng.randrange(40, 200)], fill=colour)
    path.parent.mkdir(parents=True, exist_ok=True)
    picture.save(path, "JPEG", quality=70)


def write_item(
    root: Path,
    rng: random.Random,
    taken: set[str],
    when: datetime,
    index: int,
    photo: bool = False,
) -> str:
    """Write one valid item dated `when`; return its repository-relative path.

    With `photo`, the item's image is a JPEG of its own, else its theme's shared PNG."""
    theme = THEMES[index % len(THEMES)]
    item_id = new_id(taken)
    taken.add(item_id)
    slug = f"{rng.choice(WORDS)}-{rng.choice(WORDS)}-{index}"
    day = when.date().isoformat()
    rel = f"content/news/{theme}/{day[:4]}/{day}-{slug}.md"
    tags = ", ".join(sorted({rng.choice(WORDS) for _ in range(3)}))
    image = f"content/images/{theme}.png"
    if photo:
        image = f"content/images/{theme}/{day[:4]}/{slug}.jpg"
        write_photo(root / image, rng)
    text = (
        f'---\nid: {item_id}\ntitle: "{_sentence(rng, 7)[:-1]}"\ndate: {when.isoformat()}\n'
        f'summary: "{_sentence(rng, 20)}"\nauthors: [press-office]\n'
        f'image: {image}\nimage_alt: "Illustration for {theme} news"\n'
        f"tags: [{tags}]\n---\n{_body(rng)}"
    )
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return rel


def generate(root: Path, count: int, seed: int = 1, photos: bool = True) -> list[str]:
    """Create a newsroom of `count` items in `root` (which must be empty or absent), each
    with a photo of its own (`photos`) or its theme's shared 1x1 PNG."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    (root / "newsroom.yml").write_text(_config(), encoding="utf-8")
    images = root / "content/images"
    images.mkdir(parents=True, exist_ok=True)
    for theme in THEMES:
        (images / f"{theme}.png").write_bytes(PNG)
    start = datetime(2021, 11, 1, 9, 0, tzinfo=UTC)
    span = timedelta(days=5 * 365)
    taken: set[str] = set()
    return [write_item(root, rng, taken, start + span * i / count, i, photos) for i in range(count)]
