"""A gallery on Instagram: a carousel post (item containers, then a CAROUSEL container with
the caption, then media_publish), against the loopback fake holding Meta's carousel rules."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from newsroom.networks import NETWORKS
from newsroom.networks.instagram import adapter as instagram
from tests.networks.instagram.fake import FakeInstagram

from ..conftest import SITE
from .test_instagram import IMAGE, TOKEN, USER, adapter_for

PHOTOS = f"{SITE}/images/events/night"
CAPTION = "Researchers' Night in photos\n\n#events\n\nLink in bio"


@pytest.fixture
def ig(fake_instagram: FakeInstagram) -> Iterator[instagram.Adapter]:
    fake_instagram.reset()
    fake_instagram.tokens.clear()
    fake_instagram.add_token(TOKEN, USER)
    fake_instagram.in_progress_polls = 2
    adapter = adapter_for(fake_instagram)
    yield adapter
    adapter.close()


def gallery(*names: str) -> dict[str, tuple]:
    """A post's gallery fields: the photos' files, alt texts and URLs on the site."""
    photos = tuple((Path(name), f"Alt text of {name}") for name in names)
    return {"gallery": photos, "gallery_urls": tuple(f"{PHOTOS}/{name}" for name in names)}


def test_the_image_and_gallery_go_as_one_carousel(ig, fake_instagram, make_post):
    post = make_post("instagram", CAPTION, image_url=IMAGE, **gallery("a.jpg", "b.png", "c.jpeg"))
    sent = ig.publish(post)
    [media] = fake_instagram.media
    assert sent.post_id == media["id"]
    assert (media["media_type"], media["caption"]) == ("CAROUSEL_ALBUM", CAPTION)
    # The item's image first, then the gallery's JPEG photos, each with its alt text.
    assert media["children"] == [
        {"image_url": IMAGE, "alt_text": post.image_alt},
        {"image_url": f"{PHOTOS}/a.jpg", "alt_text": "Alt text of a.jpg"},
        {"image_url": f"{PHOTOS}/c.jpeg", "alt_text": "Alt text of c.jpeg"},
    ]
    # One post against the daily limit, as Meta counts a carousel.
    assert ig._call("GET", f"{USER}/content_publishing_limit", "reading",
                    params={"fields": "quota_usage"}).json()["data"][0]["quota_usage"] == 1  # fmt: skip


def test_a_gallery_without_another_jpeg_is_an_image_post(ig, fake_instagram, make_post):
    ig.publish(make_post("instagram", CAPTION, image_url=IMAGE, **gallery("b.png")))
    [media] = fake_instagram.media
    assert (media["media_type"], media["image_url"], media["children"]) == ("IMAGE", IMAGE, [])


def test_a_carousel_holds_at_most_the_declared_photos(ig, fake_instagram, make_post):
    names = [f"p{n:02d}.jpg" for n in range(12)]
    ig.publish(make_post("instagram", CAPTION, image_url=IMAGE, **gallery(*names)))
    [media] = fake_instagram.media
    most = NETWORKS["instagram"].limits.max_media
    assert most == 10 and len(media["children"]) == most
    assert media["children"][-1]["image_url"] == f"{PHOTOS}/p08.jpg"


# -- the fake holds Meta's rules: what an adapter doing otherwise would meet --------------------


def call(fake: FakeInstagram, path: str, **data: str) -> httpx.Response:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    return httpx.post(f"{fake.url}/v23.0/{path}", data=data, headers=headers)


def item(fake: FakeInstagram, ready: bool = True) -> str:
    """A carousel item container (its status read until FINISHED, when `ready`)."""
    answer = call(fake, f"{USER}/media", image_url=f"{PHOTOS}/x.jpg", is_carousel_item="true")
    container = answer.json()["id"]
    for _ in range(fake.in_progress_polls if ready else 0):
        httpx.get(f"{fake.url}/v23.0/{container}", params={"fields": "status_code"},
                  headers={"Authorization": f"Bearer {TOKEN}"})  # fmt: skip
    return container


@pytest.mark.parametrize(
    "children",
    [
        pytest.param(lambda fake: [item(fake)], id="one-child"),
        pytest.param(lambda fake: [item(fake) for _ in range(11)], id="eleven"),
        pytest.param(lambda fake: [item(fake), item(fake, ready=False)], id="not-finished"),
        pytest.param(lambda fake: [item(fake)] * 2, id="the-same-twice"),
    ],
)
def test_the_fake_refuses_a_carousel_meta_refuses(ig, fake_instagram, children):
    answer = call(fake_instagram, f"{USER}/media", media_type="CAROUSEL",
                  children=",".join(children(fake_instagram)), caption="Hi")  # fmt: skip
    assert answer.status_code == 400 and answer.json()["error"]["code"] == 100


def test_the_fake_uses_a_child_once_and_never_publishes_one_alone(ig, fake_instagram):
    first, second = item(fake_instagram), item(fake_instagram)
    made = call(fake_instagram, f"{USER}/media", media_type="CAROUSEL",
                children=f"{first},{second}")  # fmt: skip
    assert made.status_code == 200, made.text
    again = call(fake_instagram, f"{USER}/media", media_type="CAROUSEL",
                 children=f"{first},{item(fake_instagram)}")  # fmt: skip
    alone = call(fake_instagram, f"{USER}/media_publish", creation_id=item(fake_instagram))
    assert [again.status_code, alone.status_code] == [400, 400]
    assert "already used" in again.text and "in its carousel" in alone.text
    assert not fake_instagram.media
