"""An item's gallery (issue 31, item 4): `check` refuses each wrong photo at its line; the
site shows the photos as a grid without JavaScript, each linking to its full size, and
describes them in JSON-LD as Google's image metadata asks."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from lxml import html as lxml_html
from PIL import Image

from .conftest import VALID_ITEM, VALID_PATH, write

NOW = "2026-12-01T00:00:00+00:00"
PAGE = "news/quantum/2026/quantum-sensor/index.html"
LICENCE = "https://creativecommons.org/licenses/by/4.0/"


def jpeg(size: tuple[int, int] = (900, 600)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (40, 90, 160)).save(out, "JPEG")
    return out.getvalue()


def photo(image: str, *, alt: bool = True, caption: bool = True, credit: bool = True) -> str:
    lines = [f"  - image: {image}"]
    lines += ['    alt: "Two researchers at the sensor in the clean room"'] if alt else []
    lines += ["    caption: The sensor in the campus clean room."] if caption else []
    lines += ['    credit: "Photo: Jane Doe / Aldermoor University"'] if credit else []
    lines += ["    copyright: © 2026 Aldermoor University", f"    license: {LICENCE}"]
    return "\n".join(lines) + "\n"


def with_gallery(root: Path, *photos: str) -> None:
    """The valid item with a gallery of `photos`, right after its `id:` (line 3 on)."""
    write(root, VALID_PATH, VALID_ITEM.replace("---\n", "---\ngallery:\n" + "".join(photos), 1))


def lines_of(root: Path, text: str) -> list[int]:
    source = (root / VALID_PATH).read_text().splitlines()
    return [number for number, line in enumerate(source, 1) if text in line]


def test_check_refuses_each_wrong_photo_at_its_line(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    write(newsroom, "content/images/good.jpg", jpeg())
    write(newsroom, "content/images/renamed.jpg", b"<html>not a photo</html>")
    with_gallery(
        newsroom,
        photo("content/images/good.jpg"),
        photo("content/images/missing.jpg"),
        photo("content/images/brochure.pdf"),
        photo("content/images/renamed.jpg"),
        photo("content/images/good.jpg", alt=False),
        photo("content/images/good.jpg", caption=False),
        photo("content/images/good.jpg", credit=False),
    )
    checked = run(newsroom, "check")
    assert checked.exit_code == 1
    out = checked.output
    starts = lines_of(newsroom, "  - image:")
    assert f"{VALID_PATH}:{starts[1]}: gallery: no file at 'content/images/missing.jpg'" in out
    assert (
        f"{VALID_PATH}:{starts[2]}: gallery: 'content/images/brochure.pdf' is not an image" in out
    )
    assert (
        f"{VALID_PATH}:{starts[3]}: gallery: 'content/images/renamed.jpg' is not a complete" in out
    )
    for position, key in ((4, "alt"), (5, "caption"), (6, "credit")):
        assert f"{VALID_PATH}:{starts[position]}: gallery[{position}].{key}: required" in out
    assert out.count(VALID_PATH + ":") == 6, out  # the first photo is right
    assert "Traceback" not in out


def test_the_gallery_is_a_grid_of_figures_linking_to_each_photo(
    tmp_path: Path, newsroom: Path, run: Callable[..., Result]
) -> None:
    names = ("one", "two", "three")
    for name in names:
        write(newsroom, f"content/images/gallery/{name}.jpg", jpeg())
    with_gallery(newsroom, *(photo(f"content/images/gallery/{name}.jpg") for name in names))
    output = tmp_path / "out"
    built = run(newsroom, "build", "--now", NOW, "--output", str(output))
    assert built.exit_code == 0, built.output
    page = lxml_html.fromstring((output / PAGE).read_bytes())
    figures = page.xpath("//section[@class='gallery']//li/figure")
    assert len(figures) == len(names)
    for figure, name in zip(figures, names, strict=True):
        link = figure.xpath("a")[0]
        assert link.get("href") == f"/images/gallery/{name}.jpg"  # the full size, no script
        assert (output / link.get("href").lstrip("/")).read_bytes()[:3] == b"\xff\xd8\xff"
        img = link.xpath(".//img")[0]
        assert img.get("alt") == "Two researchers at the sensor in the clean room"
        assert img.get("srcset") and img.get("width") == "900" and img.get("loading") == "lazy"
        caption = figure.xpath("figcaption")[0].text_content()
        assert "The sensor in the campus clean room." in caption and "Jane Doe" in caption
    assert not page.xpath("//section[@class='gallery']//script")
    scripts = page.xpath("//script[@type='application/ld+json']/text()")
    article = next(json.loads(s) for s in scripts if '"NewsArticle"' in s)
    photos = [i for i in article["image"] if "/gallery/" in i.get("contentUrl", "")]
    assert [p["contentUrl"].rsplit("/", 1)[1] for p in photos] == [f"{n}.jpg" for n in names]
    for found in photos:
        assert found["@type"] == "ImageObject"
        assert found["creditText"] == "Photo: Jane Doe / Aldermoor University"
        assert found["copyrightNotice"] == "© 2026 Aldermoor University"
        assert found["license"] == LICENCE


def test_the_handbook_says_how_many_photos_each_network_carries() -> None:
    """docs/galleries.md's table agrees with the declarations (`limits.max_media`), for
    every network, and its generated twin (the network limits' image column) says the same."""
    from newsroom.handbook.reference import network_limits_table
    from newsroom.networks import NETWORKS

    page = (Path(__file__).parent.parent / "docs/galleries.md").read_text(encoding="utf-8")
    section = page.split("## On social networks", 1)[1].split("\n## ", 1)[0]
    said = {}
    for row in section.splitlines():
        cells = row.split("|")[1:-1]
        if len(cells) == 3 and "**" in cells[0]:
            for label in cells[0].split("**")[1::2]:
                said[label] = int(cells[1].split()[0].rstrip(","))
    labels = {network.label: network for network in NETWORKS.values()}
    assert said == {label: n.limits.max_media for label, n in labels.items()}
    table = network_limits_table()
    for network in NETWORKS.values():
        row = next(line for line in table.splitlines() if f"(`{network.name}`)" in line)
        several = f"up to {network.limits.max_media} photos in all"
        assert (several in row) == (network.limits.max_media > 1), network.name
