"""Size and media type of the images items publish (OpenGraph and feed enclosures need them).

Reads only the few header bytes of PNG, JPEG, GIF and WebP files, so the site needs no
imaging library and a 10,000-item build reads kilobytes, not the images. What a header
said is kept by the file's identity (path, device, inode, size, modification time) in a
`HeaderStore` a build keeps across runs (`keep_headers_in`): a warm build opens no image.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

# Above these, a photo is heavier than any screen needs (readers download all of it): `check`
# warns, and the handbook gives the same figures ("Add an image and describe it").
MAX_IMAGE_BYTES = 5_000_000
MAX_IMAGE_SIDE = 4000
SIZE_ADVICE = (
    "export it again under 5 MB and at most 4000 pixels on a side (2400 is plenty for the "
    "site), e.g. as JPEG at quality 80–85"
)

MEDIA_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".pdf": "application/pdf",
}


@dataclass(frozen=True)
class ImageFacts:
    """What a preview needs to know about an image file."""

    width: int | None
    height: int | None
    media_type: str
    length: int


def media_type(path: Path) -> str:
    """The media type of a file, from its name."""
    return MEDIA_TYPES.get(path.suffix.lower(), "application/octet-stream")


class HeaderStore(Protocol):
    """Where headers are kept across runs (`build_cache.BuildCache` is one)."""

    def get(self, key: str) -> Any | None: ...
    def add(self, key: str, result: Any) -> None: ...


@dataclass(frozen=True)
class Header:
    """What an image file's first 64 KB say: its pixel size, and whether it is complete."""

    size: tuple[int, int] | None
    complete: bool


_store: HeaderStore | None = None


@contextmanager
def keep_headers_in(store: HeaderStore | None) -> Iterator[None]:
    """Within the block, headers are looked up in `store` before any file is opened."""
    global _store
    before, _store = _store, store
    try:
        yield
    finally:
        _store = before


def header(path: Path) -> tuple[Header, os.stat_result]:
    """The header of an image file and its `stat`: kept, or read (64 KB) and kept."""
    stat = path.stat()
    key = f"{os.fspath(path)}\0{stat.st_dev}\0{stat.st_ino}\0{stat.st_size}\0{stat.st_mtime_ns}"
    found = _store.get(key) if _store is not None else None
    if isinstance(found, Header):
        return found, stat
    with path.open("rb") as file:
        head = file.read(64 * 1024)
    size = _png(head) or _gif(head) or _webp(head) or _jpeg(head)
    complete = bool(_png(head) or _gif(head) or _webp(head) or _jpeg_start(head))
    read = Header(size, complete)
    if _store is not None:
        _store.add(key, read)
    return read, stat


def image_facts(path: Path) -> ImageFacts:
    """Pixel size (when readable), media type and byte length of an image file."""
    read, stat = header(path)
    width, height = read.size if read.size else (None, None)
    return ImageFacts(width, height, media_type(path), stat.st_size)


def image_problem(path: Path) -> str | None:
    """What is wrong with an item's image file, or None when its header is readable.

    A truncated or mislabelled file would reach every reader and every network broken:
    `check` refuses it (the size is read from the header, as for the site).
    """
    try:
        read, _ = header(path)
    except OSError as error:
        return f"cannot be read ({error.strerror})"
    if read.complete:
        return None
    return (
        "is not a complete PNG, JPEG, GIF or WebP image (empty, truncated or another kind "
        "of file) — export the image again"
    )


def image_size_advice(path: Path) -> str | None:
    """Why an image is too large to publish as it is, with the fix, or None."""
    try:
        facts = image_facts(path)
    except OSError:
        return None  # an unreadable file is reported by the rules that need it
    sides = [side for side in (facts.width, facts.height) if side is not None]
    if facts.length <= MAX_IMAGE_BYTES and all(side <= MAX_IMAGE_SIDE for side in sides):
        return None
    pixels = f", {facts.width}×{facts.height} pixels" if len(sides) == 2 else ""
    return (
        f"is {facts.length / 1_000_000:.1f} MB{pixels}: over the site's limits "
        f"({MAX_IMAGE_BYTES // 1_000_000} MB, {MAX_IMAGE_SIDE} pixels on a side) — {SIZE_ADVICE}"
    )


def _jpeg_start(head: bytes) -> bool:
    # A JPEG's size may lie past the first 64 KB (a large EXIF block): its start suffices.
    return head[:3] == b"\xff\xd8\xff" and len(head) > 4


def _png(head: bytes) -> tuple[int, int] | None:
    # Every check reads only bytes it has: a truncated file gives None, never an error.
    if len(head) >= 24 and head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR":
        return struct.unpack(">II", head[16:24])
    return None


def _gif(head: bytes) -> tuple[int, int] | None:
    if len(head) >= 10 and head[:6] in (b"GIF87a", b"GIF89a"):
        return struct.unpack("<HH", head[6:10])
    return None


def _webp(head: bytes) -> tuple[int, int] | None:
    if head[:4] != b"RIFF" or head[8:12] != b"WEBP":
        return None
    chunk = head[12:16]
    if chunk == b"VP8 " and len(head) >= 30:
        width, height = struct.unpack("<HH", head[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L" and len(head) >= 25:
        bits = int.from_bytes(head[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X" and len(head) >= 30:
        return int.from_bytes(head[24:27], "little") + 1, int.from_bytes(head[27:30], "little") + 1
    return None


# JPEG start-of-frame markers carry the size (all SOFn except DHT, JPG and DAC).
_SOF_MARKERS = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def _jpeg(head: bytes) -> tuple[int, int] | None:
    if head[:2] != b"\xff\xd8":
        return None
    position = 2
    while position + 9 < len(head):
        if head[position] != 0xFF:
            return None
        marker = head[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        length = struct.unpack(">H", head[position + 2 : position + 4])[0]
        if length < 2:  # a damaged segment: its size would loop or read nothing
            return None
        if marker in _SOF_MARKERS:
            height, width = struct.unpack(">HH", head[position + 5 : position + 9])
            return width, height
        position += 2 + length
    return None
