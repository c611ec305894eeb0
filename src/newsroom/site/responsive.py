"""Responsive images: every published photo also in smaller widths, and in WebP, made once.

A reader on a phone should not download a 1600-pixel photo to see it 400 pixels wide. For
each JPEG, PNG or WebP image the site publishes (an item's image, the images of its body,
its gallery), the build plans *variants*: the widths of `WIDTHS` narrower than the photo,
plus the photo's own width (capped at the largest), each in WebP and in the photo's own
format (the fallback of `<picture>`). Never wider than the original: nothing is upscaled.
GIFs are published as they are (an animation would lose its frames).

Planning reads only the image's header (`images.image_facts`): the pages know every
variant's URL and size without Pillow. A variant is made when its file is first needed,
and kept in `.cache/images/` under the hash of the source's bytes, its width, its format
and `VARIANT_RULES`: a renamed photo, a clean build or the other site folder finds it
there. In the site folder a variant is keyed like any published file (source path, size,
modification time), so a warm build reads no image and opens none.

Variants are encoded afresh by Pillow, which writes no metadata unless asked: only the
orientation (as the one tag of a minimal EXIF block, so a portrait stays upright) and
the colour profile are passed on; GPS position, camera and owner never are.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape, unescape
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import quote

from ..atomic_files import write_atomically
from ..fingerprint import digest
from ..image_metadata import NORMAL, ORIENTATION_TAG, without_metadata
from ..images import ImageFacts

if TYPE_CHECKING:
    from PIL import Image

# The widths (pixels) of the variants: phones, small tablets, laptops, large screens.
WIDTHS = (480, 800, 1200, 1600)
# Part of every variant's key: a change to how variants are made makes them all again.
# 2: WebP with `WEBP_METHOD` 2 (was libwebp's default, 4); JPEGs decoded at a half, a
# quarter or an eighth of their size when that is still as large as their largest variant.
VARIANT_RULES = 2
VARIANTS = "sizes/"  # site folder of the variants: sizes/<published path>-<width>.<ext>
CACHE_FOLDER = Path(".cache/images")
WEBP = "webp"
# The formats whose photos get variants, by media type: their own extension (fallback).
FALLBACKS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
MEDIA_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}
PILLOW_FORMATS = {"jpg": "JPEG", "png": "PNG", "webp": "WEBP"}
# JPEG and WebP quality: photos indistinguishable from the original at screen size.
QUALITY = 82
# WebP's effort, 0 (fastest) to 6 (smallest). 2 encodes in half the time of libwebp's
# default (4) for 4-9 % more bytes, about what Hugo's WebP weighs at the same quality
# (docs/maintainers/benchmarks.md, "Image variants").
WEBP_METHOD = 2
_RGB_LIKE = ("RGB", "RGBA", "L", "LA", "P", "PA")


@dataclass(frozen=True)
class Variant:
    """One file of a photo's variants: where it is published and what it is made from."""

    path: str  # site path
    source: str  # repository path of the original
    width: int
    height: int
    extension: str  # jpg, png or webp


@dataclass(frozen=True)
class ImageSource:
    """A `<source>` of a `<picture>`: a format and its candidates (`srcset`)."""

    media_type: str
    srcset: str


def variant_widths(width: int) -> list[int]:
    """The widths of a photo `width` pixels wide: the narrower `WIDTHS`, then its own
    width (at most the largest of `WIDTHS`)."""
    return sorted({w for w in WIDTHS if w < width} | {min(width, WIDTHS[-1])})


def plan_variants(rel: str, published: str, facts: ImageFacts) -> list[Variant]:
    """The variants of the repository image `rel`, published at `published` (none for a
    GIF or an image whose size cannot be read)."""
    own = FALLBACKS.get(facts.media_type)
    if own is None or not facts.width or not facts.height:
        return []
    stem = PurePosixPath(published).with_suffix("").as_posix()
    extensions = [WEBP] if own == WEBP else [WEBP, own]
    return [
        Variant(
            f"{VARIANTS}{stem}-{width}.{extension}",
            rel,
            width,
            max(1, round(facts.height * width / facts.width)),
            extension,
        )
        for extension in extensions
        for width in variant_widths(facts.width)
    ]


# How wide the networks show a link preview's image: 1200 pixels (the Open Graph image
# size the networks' card validators recommend).
CARD_WIDTH = 1200


def card_variant(variants: list[Variant], facts: ImageFacts) -> Variant | None:
    """The variant a link preview takes (`og:image`): the photo `CARD_WIDTH` pixels wide in
    its own format, when the photo is wider (else the photo itself is the right size)."""
    own = FALLBACKS.get(facts.media_type)
    return next(
        (v for v in variants if v.extension == own and v.width == CARD_WIDTH < (facts.width or 0)),
        None,
    )


def image_sources(
    variants: list[Variant], href: str, facts: ImageFacts, href_of: Callable[[str], str]
) -> tuple[tuple[ImageSource, ...], str]:
    """The `<source>` elements (WebP first) and the `<img>`'s own `srcset`.

    The `<img>`'s candidates are in the original's format; with no variants (a GIF), the
    original alone at its width, so every `<img>` still says how wide its file is.
    """
    by_type: dict[str, list[str]] = {}
    for variant in variants:
        candidate = f"{_candidate_url(href_of(variant.path))} {variant.width}w"
        by_type.setdefault(MEDIA_TYPES[variant.extension], []).append(candidate)
    own = by_type.pop(facts.media_type, None)
    if own is None:
        own = [f"{_candidate_url(href)} {facts.width}w"] if facts.width else []
    sources = tuple(ImageSource(kind, ", ".join(found)) for kind, found in by_type.items())
    return sources, ", ".join(own)


def _candidate_url(url: str) -> str:
    """A URL as a `srcset` candidate: spaces and commas would split it, so they are escaped."""
    return quote(url, safe="/:%@!$&'()*+;=~-._")


def variant_key(source: Path, variant: Variant) -> str:
    """A variant's key in the site folder: its source's path, size and time, its size and
    format, and the rules (the source is not read: a warm build opens no image)."""
    stat = source.stat()
    return digest(
        "variant",
        VARIANT_RULES,
        source.resolve(),
        stat.st_size,
        stat.st_mtime_ns,
        variant.width,
        variant.height,
        variant.extension,
    )


def made_variant(root: Path, variant: Variant) -> bytes:
    """One variant's bytes: from `.cache/images/` (by the source's content), else made."""
    return VariantMaker(root).make(variant)


class VariantMaker:
    """Makes variants one after another: a photo is read, hashed and decoded once for the
    variants of it that come one after the other (the build schedules them so, in one
    rendering process: `OutputCache.put`'s `group`).

    Only the last photo is kept (its pixels, and each size made of them), so memory does
    not grow with the site.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._photo: _Photo | None = None

    def make(self, variant: Variant) -> bytes:
        """The variant's bytes: from `.cache/images/` (by the source's content), else made."""
        photo = self._photo_of(variant.source)
        kept = digest(
            photo.content, variant.width, variant.height, variant.extension, VARIANT_RULES
        )
        cached = self.root / CACHE_FOLDER / f"{kept[:40]}.{variant.extension}"
        try:
            return cached.read_bytes()
        except OSError:
            pass
        try:
            made = encode_variant(photo.decoded(), variant.width, variant.height, variant.extension)
        except Exception:  # pixels Pillow cannot decode (truncated), or an animation
            return without_metadata(photo.data)  # the original, as published: the page shows it
        cached.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(cached, made, durable=False)
        return made

    def _photo_of(self, source: str) -> _Photo:
        if self._photo is None or self._photo.source != source:
            self._photo = None  # the previous photo's pixels go before the next are read
            data = (self.root / source).read_bytes()
            self._photo = _Photo(source, data, hashlib.sha256(data).hexdigest())
        return self._photo


@dataclass
class _Photo:
    """A source photo: its bytes, their hash (the variants' cache name), its pixels once
    decoded (or the error that decoding raised, raised again for each variant)."""

    source: str
    data: bytes
    content: str
    _decoded: Decoded | Exception | None = None

    def decoded(self) -> Decoded:
        if self._decoded is None:
            try:
                self._decoded = decode(self.data)
            except Exception as error:
                self._decoded = error
        if isinstance(self._decoded, Exception):
            raise self._decoded
        return self._decoded


class Decoded:
    """A photo's pixels, decoded once for all its variants, and the metadata they keep."""

    def __init__(self, pixels: Image.Image, orientation: int, icc: bytes | None) -> None:
        self.orientation = orientation
        self.icc = icc
        self.transparent = "A" in pixels.getbands() or "transparency" in pixels.info
        self._pixels = pixels
        self._made: dict[tuple[str, int, int], Image.Image] = {}

    def sized(self, mode: str, width: int, height: int) -> Image.Image:
        """The pixels in `mode` at `width` by `height` (a WebP and a JPEG variant of the same
        width share them; a variant of the photo's own size is not resampled)."""
        wanted = (mode, width, height)
        if wanted not in self._made:
            from PIL import Image

            picture = self._pixels
            if picture.mode != mode:
                picture = picture.convert(mode)
            if picture.size != (width, height):
                picture = picture.resize((width, height), Image.Resampling.LANCZOS)
            self._made[wanted] = picture
        return self._made[wanted]


def decode(data: bytes) -> Decoded:
    """The photo `data` decoded (Pillow), with the orientation and colour profile its
    variants keep; ValueError for an animation (published as it is)."""
    from PIL import Image  # only when a variant is made: a warm build never imports it

    original = Image.open(io.BytesIO(data))
    if getattr(original, "n_frames", 1) > 1:  # an animated WebP would keep one frame
        raise ValueError("animated: published as it is")
    orientation = original.getexif().get(ORIENTATION_TAG, NORMAL)
    # A CMYK profile would mislabel the RGB pixels written: kept for RGB-like photos only.
    icc = original.info.get("icc_profile") if original.mode in _RGB_LIKE else None
    # A JPEG twice as wide as its largest variant is decoded smaller by its own decoder
    # (a half, a quarter, an eighth): a third of the time, no visible difference.
    largest = min(original.width, WIDTHS[-1])
    original.draft(None, (largest, max(1, round(original.height * largest / original.width))))
    original.load()
    return Decoded(original, orientation, icc)


def encode_variant(photo: Decoded, width: int, height: int, extension: str) -> bytes:
    """The decoded `photo` at `width` by `height` in `extension`'s format, with no metadata
    but its orientation and colour profile."""
    from PIL import Image

    picture = photo.sized(_mode(photo.transparent, extension), width, height)
    options: dict[str, object] = {}
    if extension in ("jpg", WEBP):
        options["quality"] = QUALITY
    if extension == WEBP:
        options["method"] = WEBP_METHOD
    if extension == "png":
        options["optimize"] = True
    if photo.icc:
        options["icc_profile"] = photo.icc
    if photo.orientation != NORMAL:
        exif = Image.Exif()
        exif[ORIENTATION_TAG] = photo.orientation
        options["exif"] = exif.tobytes()
    out = io.BytesIO()
    # Nothing of the original's metadata rides along; its info stays for the next
    # conversion (a palette's transparency).
    info, picture.info = picture.info, {}
    try:
        picture.save(out, PILLOW_FORMATS[extension], **options)
    finally:
        picture.info = info
    return out.getvalue()


def _mode(transparent: bool, extension: str) -> str:
    """The colour mode to encode in: JPEG has no transparency; the others keep it."""
    return "RGBA" if transparent and extension != "jpg" else "RGB"


# Where the photos of a story's text are shown: the width of its column (`.item`, 46rem).
BODY_SIZES = "(min-width: 48rem) 46rem, 100vw"
# The sanitiser writes every attribute in double quotes, where a `>` may stand unescaped.
_IMG = re.compile(r'<img\b((?:[^>"]|"[^"]*")*?)/?>')
_ATTRIBUTE = re.compile(r'([A-Za-z-]+)="([^"]*)"')


@dataclass(frozen=True)
class Responsive:
    """What a body's `<img>` gains: its variants, and the original's size."""

    sources: tuple[ImageSource, ...]
    srcset: str
    width: int | None
    height: int | None


def responsive_images(
    html: str, describe: Callable[[str], Responsive | None], lazy_from: int = 0
) -> str:
    """The sanitised body `html` with each `<img>` of a published image in a `<picture>`:
    WebP variants, its `srcset`, `sizes`, `width` and `height`; lazily loaded from the
    `lazy_from`-th image on (0: all of them, below the item's own image)."""
    if "<img" not in html:
        return html
    seen = 0

    def rewrite(match: re.Match[str]) -> str:
        nonlocal seen
        attributes = dict(_ATTRIBUTE.findall(match.group(1)))
        found = describe(unescape(attributes.get("src", "")))
        if found is None or "srcset" in attributes:
            return match.group(0)
        seen += 1
        if found.width and found.height and "width" not in attributes:
            attributes.update(width=str(found.width), height=str(found.height))
        if found.srcset:
            attributes.update(srcset=escape(found.srcset), sizes=BODY_SIZES)
        if seen > lazy_from:
            attributes.update(loading="lazy", decoding="async")
        img = "<img " + " ".join(f'{name}="{value}"' for name, value in attributes.items()) + ">"
        if not found.sources:
            return img
        sources = "".join(
            f'<source type="{source.media_type}" srcset="{escape(source.srcset)}" '
            f'sizes="{BODY_SIZES}">'
            for source in found.sources
        )
        return f"<picture>{sources}{img}</picture>"

    return _IMG.sub(rewrite, html)
