"""Photos are published without their metadata (issue 28): no GPS position, camera serial,
owner, XMP or thumbnail under `output/`, the repository's originals untouched, the pixels,
orientation and colour profile kept, in a fresh build and in an incremental one."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageCms, PngImagePlugin

from newsroom.image_metadata import without_metadata

from ..conftest import VALID_ITEM, VALID_PATH, write

NOW = "2026-12-01T00:00:00+00:00"
SERIAL = "SN-0042-1337"
OWNER = "Amelie Durand, 12 rue des Lilas"
GPS_IFD, EXIF_IFD = 0x8825, 0x8769
ORIENTATION, ARTIST, BODY_SERIAL = 0x0112, 0x013B, 0xA431
ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">GPS 48.8566 2.3522 secret</x:xmpmeta>'
IMAGES = {  # repository path → format, options
    "content/images/climate/shark.jpg": ("JPEG", {"quality": 90}),
    "content/images/climate/reef.jpg": ("JPEG", {"progressive": True}),
    "content/images/climate/map.png": ("PNG", {}),
    "content/images/climate/fish.webp": ("WEBP", {"lossless": True}),
}


def revealing_exif() -> Image.Exif:
    """EXIF as a phone writes it: where, who, with which camera, and which way up."""
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[ARTIST] = OWNER
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 7.0)})
    exif.get_ifd(EXIF_IFD)[BODY_SERIAL] = SERIAL
    return exif


def photo(kind: str, options: dict[str, object]) -> bytes:
    picture = Image.new("RGB", (96, 64))
    picture.putdata([(x * 2, y * 3, (x * y) % 256) for y in range(64) for x in range(96)])
    extra: dict[str, object] = {"exif": revealing_exif(), "icc_profile": ICC, "xmp": XMP}
    if kind == "PNG":
        text = PngImagePlugin.PngInfo()
        text.add_text("Author", OWNER)
        text.add_itxt("XML:com.adobe.xmp", XMP.decode())
        extra["pnginfo"] = text
    if kind == "JPEG":  # a thumbnail in the EXIF's second directory, as cameras write
        thumbnail = io.BytesIO()
        picture.resize((24, 16)).save(thumbnail, "JPEG")
        extra["exif"] = revealing_exif().tobytes() + b"THUMB" + thumbnail.getvalue()
    out = io.BytesIO()
    picture.save(out, kind, **extra, **options)
    return out.getvalue()


def assert_clean(path: Path) -> None:
    data = path.read_bytes()
    for secret in (SERIAL.encode(), OWNER.encode(), b"secret", b"THUMB"):
        assert secret not in data, (path, secret)
    with Image.open(path) as image:
        exif = image.getexif()
        assert dict(exif.get_ifd(GPS_IFD)) == {}, path
        assert BODY_SERIAL not in exif.get_ifd(EXIF_IFD) and ARTIST not in exif, path
        assert "xmp" not in image.info and "XML:com.adobe.xmp" not in image.info, path
        assert exif.get(ORIENTATION) == 6 and image.info.get("icc_profile") == ICC, path


@pytest.fixture
def photographed(newsroom: Path) -> dict[str, bytes]:
    """The newsroom with revealing photos: an item's image, and images in an item's and a
    page's text; returns the originals' bytes."""
    originals = {rel: photo(kind, options) for rel, (kind, options) in IMAGES.items()}
    for rel, data in originals.items():
        write(newsroom, rel, data)
    item = VALID_ITEM.replace("content/images/sensor.png", "content/images/climate/shark.jpg")
    body = "![A reef](content/images/climate/reef.jpg)\n\n![A map](content/images/climate/map.png)"
    write(newsroom, VALID_PATH, item.replace("It was built", f"{body}\n\nIt was built"))
    page = "---\ntitle: About us\n---\n![A fish](content/images/climate/fish.webp)\n"
    write(newsroom, "content/pages/about.md", page)
    return originals


def published_images(output: Path) -> dict[str, bytes]:
    found = {
        path.relative_to(output).as_posix(): path.read_bytes()
        for path in output.rglob("*")
        if path.suffix in (".jpg", ".png", ".webp") and path.is_file()
    }
    return {rel: data for rel, data in found.items() if not rel.startswith("handbook/")}


def test_every_published_photo_has_no_metadata_and_the_originals_are_untouched(
    tmp_path: Path, newsroom: Path, photographed: dict[str, bytes], run: Callable[..., Result]
) -> None:
    before = {rel: hashlib.sha256(data).hexdigest() for rel, data in photographed.items()}
    output = tmp_path / "out"
    built = run(newsroom, "build", "--now", NOW, "--output", str(output))
    assert built.exit_code == 0, built.output
    images = published_images(output)
    published = {f"images/climate/{Path(rel).name}" for rel in IMAGES}
    assert published <= images.keys()
    for rel in images:
        if rel in published:
            assert_clean(output / rel)
    for rel, data in photographed.items():
        assert hashlib.sha256((newsroom / rel).read_bytes()).hexdigest() == before[rel]
        with Image.open(io.BytesIO(data)) as original:
            assert dict(original.getexif().get_ifd(GPS_IFD))  # the test's photos do reveal
            with Image.open(output / rel.removeprefix("content/")) as copy:
                assert copy.tobytes() == original.tobytes()  # the same pixels


def test_jpeg_pixels_are_kept_byte_for_byte(photographed: dict[str, bytes]) -> None:
    """No re-encoding: the compressed picture data (from the first scan on) is unchanged."""
    for rel, data in photographed.items():
        if rel.endswith(".jpg"):
            stripped = without_metadata(data)
            scan = stripped.index(b"\xff\xda")  # (the original's thumbnail has its own)
            assert data.endswith(stripped[scan:]) and len(stripped) < len(data) - 1000


def test_an_incremental_build_publishes_the_same_stripped_files(
    tmp_path: Path, newsroom: Path, photographed: dict[str, bytes], run: Callable[..., Result]
) -> None:
    """The second build links the first one's files, the third renders all again."""
    output = tmp_path / "out"
    builds = []
    for args in ((), (), ("--clean",)):
        built = run(newsroom, "build", "--now", NOW, "--output", str(output), *args)
        assert built.exit_code == 0, built.output
        for rel in IMAGES:
            assert_clean(output / rel.removeprefix("content/"))
        builds.append(published_images(output))
    assert builds[0] == builds[1] == builds[2]


def test_stripping_twice_changes_nothing(photographed: dict[str, bytes]) -> None:
    for data in photographed.values():
        once = without_metadata(data)
        assert without_metadata(once) == once


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(
        [b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"RIFF\x00\x00\x00\x00WEBP", b"GIF89a"]
    ),
    st.binary(max_size=300),
)
def test_a_damaged_image_never_stops_the_build(magic: bytes, rest: bytes) -> None:
    """Truncated or mislabelled files are published without what could be read as metadata."""
    assert isinstance(without_metadata(magic + rest), bytes)


def test_an_animated_gif_keeps_its_frames_and_loop_not_its_comment() -> None:
    frames = [Image.new("RGB", (40, 30), colour) for colour in ("red", "green", "blue")]
    out = io.BytesIO()
    frames[0].save(
        out, "GIF", save_all=True, append_images=frames[1:], loop=0, duration=100,
        comment=OWNER.encode(),
    )  # fmt: skip
    stripped = without_metadata(out.getvalue())
    assert OWNER.encode() in out.getvalue() and OWNER.encode() not in stripped
    with Image.open(out) as original, Image.open(io.BytesIO(stripped)) as published:
        assert published.n_frames == original.n_frames == 3 and published.info["loop"] == 0
        for frame in range(3):
            original.seek(frame)
            published.seek(frame)
            assert published.convert("RGB").tobytes() == original.convert("RGB").tobytes()
