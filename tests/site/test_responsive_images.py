"""Responsive images (issue 31, item 3): every `<img>` of an item page says which smaller
widths and formats exist (`srcset`, WebP `<source>`s), how large it is (`width`, `height`,
read from the file) and whether it may wait (`loading="lazy"`, never the lead image); no
variant keeps a photo's location; a warm build opens no image."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from lxml import html as lxml_html
from PIL import Image

from newsroom.image_metadata import without_metadata
from newsroom.images import image_facts
from newsroom.site import responsive

from ..conftest import PROJECT, VALID_ITEM, VALID_PATH, write
from ..link_preview import card, preview_meta
from .test_image_metadata import GPS_IFD, ORIENTATION, OWNER, SERIAL, revealing_exif

NOW = "2026-12-01T00:00:00+00:00"
BENCHMARKS = PROJECT / "benchmarks"
PAGE = "news/quantum/2026/quantum-sensor/index.html"
LEAD = "content/images/quantum/lab.jpg"  # 2000 pixels wide: every width of WIDTHS
BODY = {  # repository path → Pillow format, size
    "content/images/quantum/chart.png": ("PNG", (900, 600)),
    "content/images/quantum/team.webp": ("WEBP", (640, 480)),
    "content/images/quantum/loop.gif": ("GIF", (120, 80)),
}


# An alt text with an `&` HTML escapes, and a `>` the sanitiser leaves as it is.
ALT = "Figure {} & its 3 > 2 bars"


def photo(kind: str, size: tuple[int, int]) -> bytes:
    """A picture with a phone's EXIF (GPS, owner, serial) where the format holds one."""
    width, height = size
    picture = Image.new("RGB", size)
    picture.putdata(
        [(x % 256, y % 256, (x + y) % 256) for y in range(height) for x in range(width)]
    )
    out = io.BytesIO()
    extra = {"exif": revealing_exif()} if kind in ("JPEG", "PNG", "WEBP") else {}
    picture.save(out, kind, **extra)
    return out.getvalue()


@pytest.fixture
def illustrated(newsroom: Path) -> Path:
    """The newsroom's item with a 2000-pixel lead photo and three images in its text."""
    write(newsroom, LEAD, photo("JPEG", (2000, 1000)))
    for rel, (kind, size) in BODY.items():
        write(newsroom, rel, photo(kind, size))
    body = "\n\n".join(f"![{ALT.format(i)}]({rel})" for i, rel in enumerate(BODY, 1))
    item = VALID_ITEM.replace("content/images/sensor.png", LEAD)
    write(newsroom, VALID_PATH, item.replace("It was built", f"{body}\n\nIt was built"))
    return newsroom


def build(run: Callable[..., Result], root: Path, output: Path, *args: str) -> None:
    built = run(root, "build", "--now", NOW, "--output", str(output), *args)
    assert built.exit_code == 0, built.output


def candidates(srcset: str) -> list[tuple[str, int]]:
    """A `srcset`'s URLs and widths (`url 480w, …`)."""
    pairs = [candidate.strip().rsplit(" ", 1) for candidate in srcset.split(",")]
    return [(url, int(width.removesuffix("w"))) for url, width in pairs]


def test_every_img_has_srcset_and_its_files_size(
    tmp_path: Path, illustrated: Path, run: Callable[..., Result]
) -> None:
    output = tmp_path / "out"
    build(run, illustrated, output)
    page = lxml_html.fromstring((output / PAGE).read_bytes())
    images = page.xpath("//main//img")
    assert len(images) == 1 + len(BODY)
    for img in images:
        assert img.get("srcset") and img.get("sizes"), lxml_html.tostring(img)
        with Image.open(output / img.get("src").lstrip("/")) as original:
            assert (int(img.get("width")), int(img.get("height"))) == original.size
        sources = img.xpath("ancestor::picture[1]//source")  # (libxml2 nests <img> in it)
        for srcset in [img.get("srcset"), *(source.get("srcset") for source in sources)]:
            for url, width in candidates(srcset):
                with Image.open(output / url.lstrip("/")) as variant:
                    assert variant.width == width <= original.width  # never upscaled
                    assert abs(variant.height / width - original.height / original.width) < 0.01
    lead, *body = images
    assert lead.get("fetchpriority") == "high" and lead.get("loading") is None
    assert all(img.get("loading") == "lazy" for img in body)
    assert [img.get("alt") for img in body] == [ALT.format(i) for i in range(1, 4)]
    webp = lead.xpath("ancestor::picture[1]//source[@type='image/webp']/@srcset")[0]
    assert [width for _, width in candidates(webp)] == [480, 800, 1200, 1600]
    assert [width for _, width in candidates(lead.get("srcset"))] == [480, 800, 1200, 1600]
    # The link preview of a 2000-pixel photo is its 1200-pixel variant, as networks show it.
    meta = preview_meta(page)
    shown_card = meta["og:image"].removeprefix("https://news.aldermoor.example/")
    assert (
        shown_card == "sizes/images/quantum/lab-1200.jpg"
        and card(meta)["image"] == meta["og:image"]
    )
    with Image.open(output / shown_card) as shown:
        assert (
            shown.size
            == (int(meta["og:image:width"]), int(meta["og:image:height"]))
            == (
                1200,
                600,
            )
        )


def test_no_published_image_keeps_a_location(
    tmp_path: Path, illustrated: Path, run: Callable[..., Result]
) -> None:
    output = tmp_path / "out"
    build(run, illustrated, output)
    published = [
        path
        for path in output.rglob("*")
        if path.suffix in (".jpg", ".png", ".webp", ".gif") and "handbook" not in path.parts
    ]
    assert len([path for path in published if "sizes" in path.parts]) >= 12
    # The photos this test wrote (all in content/images/quantum/), with their phone's EXIF:
    # other images of the example (a podcast's artwork) have no orientation to keep.
    ours = {Path(rel).parent.name for rel in (LEAD, *BODY)}
    for path in published:
        data = path.read_bytes()
        assert OWNER.encode() not in data and SERIAL.encode() not in data, path
        with Image.open(path) as image:
            assert dict(image.getexif().get_ifd(GPS_IFD)) == {}, path
            if path.suffix != ".gif" and path.parent.name in ours:  # kept upright
                assert image.getexif().get(ORIENTATION) == 6, path


class ImageWork:
    """Counts the variants a build makes (Pillow), those it reads back from the cache, and
    the images Pillow opens (each decoded photo), in a file: the pages may be rendered by
    a forked process."""

    def __init__(self, log: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.log = log
        resize, made, opened = responsive.encode_variant, responsive.VariantMaker.make, Image.open

        def counted_resize(*args: object) -> bytes:
            self._note("resize")
            return resize(*args)  # type: ignore[arg-type]

        def counted_made(*args: object) -> bytes:
            self._note("read")
            return made(*args)  # type: ignore[arg-type]

        def counted_open(*args: object, **named: object) -> Image.Image:
            self._note("decode")
            return opened(*args, **named)  # type: ignore[arg-type]

        monkeypatch.setattr(responsive, "encode_variant", counted_resize)
        monkeypatch.setattr(responsive.VariantMaker, "make", counted_made)
        monkeypatch.setattr(Image, "open", counted_open)

    def _note(self, what: str) -> None:
        with self.log.open("a") as file:
            file.write(json.dumps(what) + "\n")

    def take(self) -> dict[str, int]:
        """What was done since the last call."""
        lines = self.log.read_text().splitlines() if self.log.exists() else []
        self.log.unlink(missing_ok=True)
        return {what: lines.count(json.dumps(what)) for what in ("resize", "read", "decode")}


def test_a_warm_build_does_no_image_work(
    tmp_path: Path, illustrated: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    work = ImageWork(tmp_path / "work.log", monkeypatch)
    output = tmp_path / "out"
    build(run, illustrated, output)
    first = work.take()
    assert first["resize"] == first["read"] >= 12
    # A changed title: every page asks again, but no image changed.
    item = illustrated / VALID_PATH
    item.write_text(item.read_text().replace('title: "', 'title: "New: ', 1))
    build(run, illustrated, output)
    assert work.take() == {"resize": 0, "read": 0, "decode": 0}
    # A clean build writes every file again, from the variants kept in .cache/images.
    build(run, illustrated, output, "--clean")
    assert work.take() == {"resize": 0, "read": first["read"], "decode": 0}
    # Another photo under the same name: its variants are made again, only them, from
    # one decoding of it.
    write(illustrated, LEAD, photo("JPEG", (1000, 500)))
    build(run, illustrated, output)
    assert work.take() == {"resize": 6, "read": 6, "decode": 1}  # 480, 800, 1000; WebP, JPEG


def test_the_benchmark_newsroom_rebuilt_warm_opens_no_image(
    tmp_path: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The synthetic newsroom of the benchmarks (each item with its own photo), small: a
    warm rebuild with one item edited makes and reads no variant."""
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    from synthetic import generate

    root = tmp_path / "synthetic"
    paths = generate(root, 24)
    work = ImageWork(tmp_path / "work.log", monkeypatch)
    build(run, root, root / "output")
    assert work.take()["resize"] == 24 * 4  # 480 and 800 pixels wide, JPEG and WebP
    edited = root / paths[5]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    build(run, root, root / "output")
    assert work.take() == {"resize": 0, "read": 0, "decode": 0}


def test_a_warm_rebuild_of_the_benchmark_newsroom_opens_no_image_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The benchmark's own measure (benchmarks/bench_images.py): `newsroom build` in its own
    process under an audit hook on every `open` of the newsroom's images. A rebuild after
    a body edit opens none: not a variant, nor a photo's header (the page needs its size:
    kept by the file's identity), nor the edited item's photo (checked again)."""
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    from bench_images import measure
    from synthetic import generate

    root = tmp_path / "synthetic"
    found = measure(root, generate(root, 12))
    cold = found["cold build"]
    assert cold.made == 12 * 4 and cold.decoded == 12
    assert cold.opened["repository image read"] >= 12
    assert cold.opened["image written"] >= 12 * 5  # the 4 variants and the photo itself
    for rebuild in ("first rebuild: 1 edited", "warm: 1 edited"):
        assert found[rebuild].files == 0, (rebuild, found[rebuild].opened)
        assert found[rebuild].made == 0


def test_an_animation_or_a_damaged_photo_is_published_as_it_is_in_its_variants_places(
    tmp_path: Path,
) -> None:
    frames = [Image.new("RGB", (900, 450), colour) for colour in ("red", "blue")]
    animated = io.BytesIO()
    frames[0].save(animated, "WEBP", save_all=True, append_images=frames[1:], duration=100)
    damaged = photo("JPEG", (900, 450))[:-400]  # its header reads, its pixels do not
    for name, data in (("moving.webp", animated.getvalue()), ("cut.jpg", damaged)):
        write(tmp_path, f"content/{name}", data)
        facts = image_facts(tmp_path / f"content/{name}")
        for variant in responsive.plan_variants(f"content/{name}", name, facts):
            assert responsive.made_variant(tmp_path, variant) == without_metadata(data)
    with Image.open(io.BytesIO(without_metadata(animated.getvalue()))) as published:
        assert published.n_frames == 2


def test_each_photo_is_decoded_once_for_its_variants_in_either_rendering_process(
    tmp_path: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cold build of the benchmark's newsroom decodes each photo once for its 4 variants
    (each variant read and decoded it again before), and both rendering processes make
    variants: a photo's variants go to one of them."""
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    from synthetic import generate

    root = tmp_path / "synthetic"
    generate(root, 40)
    log, opened = tmp_path / "opened.log", Image.open

    def noted_open(*args: object, **named: object) -> Image.Image:
        with log.open("a") as file:  # the forked rendering process appends its own
            file.write(f"{os.getpid()}\n")
        return opened(*args, **named)  # type: ignore[arg-type]

    monkeypatch.setattr(Image, "open", noted_open)
    # Built in a forked child, which runs nothing else at the same time, like a `newsroom`
    # process: the build splits its work over two processes only then (forking.can_fork),
    # and this worker may still serve earlier tests' sites in the background.
    said = tmp_path / "build.log"  # what the child's build printed, for the assertion
    child = os.fork()
    if child == 0:
        code = 1
        try:
            built = run(root, "build", "--now", NOW, "--output", str(root / "output"))
            said.write_text(built.output, encoding="utf-8")
            code = built.exit_code
        finally:
            os._exit(code)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0, said.read_text() if said.exists() else ""
    variants = list((root / "output/sizes").rglob("*.*"))
    decoders = log.read_text().split()
    assert len(variants) == 40 * 4  # 480 and 800 pixels wide, JPEG and WebP
    assert len(decoders) == 40
    assert len(set(decoders)) == 2, "the variants are made in both rendering processes"
