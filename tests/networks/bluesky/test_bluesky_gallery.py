"""A gallery on Bluesky: its photos embedded as `app.bsky.embed.images`, read back from the
real PDS (@atproto/dev-env) on loopback — the blobs, alt texts, aspect ratios and the link's
facet."""

from __future__ import annotations

import io
from pathlib import Path

import httpx
import pytest
from PIL import Image

from newsroom.image_metadata import ORIENTATION_TAG, published_image
from tests.networks.bluesky.pds import BlueskyPDS

from ..conftest import make_adapter
from .conftest import BLUESKY_PASSWORD
from .test_bluesky import stored


@pytest.fixture
def sky(pds: BlueskyPDS):
    adapter = make_adapter(
        "bluesky", "aldermoor.test", pds.pds_url, {"app_password": BLUESKY_PASSWORD}
    )
    yield adapter
    adapter.close()


def photo(path: Path, size: tuple[int, int], colour: tuple[int, int, int], turn: int = 1) -> Path:
    """A JPEG of `size` pixels, with EXIF orientation `turn` (6: shown a quarter turned)."""
    exif = Image.Exif()
    exif[ORIENTATION_TAG] = turn
    Image.new("RGB", size, colour).save(path, "JPEG", exif=exif.tobytes())
    return path


def blob(pds: BlueskyPDS, did: str, embedded: dict) -> bytes:
    """The bytes the PDS keeps for an embedded image (`com.atproto.sync.getBlob`)."""
    cid = embedded["image"]["ref"]["$link"]
    answer = httpx.get(
        f"{pds.pds_url}/xrpc/com.atproto.sync.getBlob", params={"did": did, "cid": cid}
    )
    assert answer.status_code == 200, answer.text
    return answer.content


def test_gallery_photos_are_embedded_with_alt_texts_and_aspect_ratios(
    sky, pds, make_post, tmp_path
):
    wide = photo(tmp_path / "wide.jpg", (120, 40), (200, 40, 40))
    upright = photo(tmp_path / "upright.jpg", (90, 30), (40, 200, 40), turn=6)
    gallery = ((wide, "A red strip of bunting."), (upright, "A green banner, hung upright."))
    link = make_post("bluesky").link
    text = f"Researchers' Night in photos → {link} #events"
    post = make_post("bluesky", text, link=link, gallery=gallery)
    sent = sky.publish(post)
    record = stored(pds, sent.post_id)

    embed = record["embed"]
    assert embed["$type"] == "app.bsky.embed.images"
    images = embed["images"]
    assert [i["alt"] for i in images] == [post.image_alt, *(alt for _, alt in gallery)]
    # The item's image (64 by 48), then the photos; the upright one as it is shown: 30 wide.
    assert [(i["aspectRatio"]["width"], i["aspectRatio"]["height"]) for i in images] == [
        (64, 48),
        (120, 40),
        (30, 90),
    ]
    did = sent.post_id.removeprefix("at://").split("/")[0]
    sources = [post.image, wide, upright]
    assert [blob(pds, did, i) for i in images] == [published_image(p) for p in sources]
    # No link card beside the photos; the link is clickable through its facet.
    assert "external" not in embed
    start = len(text.encode("utf-8")) - len(f"{link} #events".encode())
    link_facets = [f for f in record["facets"] if f["features"][0].get("uri") == link]
    assert [(f["index"]["byteStart"], f["index"]["byteEnd"]) for f in link_facets] == [
        (start, start + len(link.encode()))
    ]


def test_at_most_four_photos_and_each_within_the_blob_limit(
    sky, pds, make_post, tmp_path, big_jpeg
):
    colours = [(10 * n, 80, 160) for n in range(5)]
    many = tuple((photo(tmp_path / f"p{n}.jpg", (50, 50), c), f"Photo {n}") for n, c in
                 enumerate(colours))  # fmt: skip
    gallery = ((big_jpeg, "Static on a screen."), *many)
    sent = sky.publish(make_post("bluesky", image=None, gallery=gallery))
    record, did = stored(pds, sent.post_id), sent.post_id.removeprefix("at://").split("/")[0]
    images = record["embed"]["images"]
    assert len(images) == 4  # app.bsky.embed.images: "maxLength": 4
    assert [i["alt"] for i in images] == ["Static on a screen.", "Photo 0", "Photo 1", "Photo 2"]
    oversized = images[0]["image"]
    assert oversized["mimeType"] == "image/jpeg" and oversized["size"] <= 1_000_000
    ratio = images[0]["aspectRatio"]
    assert (ratio["width"], ratio["height"]) == (1400, 1000)  # the original's
    with Image.open(io.BytesIO(blob(pds, did, images[0]))) as shrunk:
        assert abs(shrunk.width / shrunk.height - 1.4) < 0.01  # smaller, same proportions


def test_without_a_gallery_the_post_keeps_its_link_card(sky, pds, make_post):
    record = stored(pds, sky.publish(make_post("bluesky")).post_id)
    assert record["embed"]["$type"] == "app.bsky.embed.external"
