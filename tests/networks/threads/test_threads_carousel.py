"""A gallery on Threads: a carousel post (item containers, then a CAROUSEL container, then
threads_publish), against the loopback fake holding Meta's documented carousel rules."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from newsroom.networks import NETWORKS

from ..conftest import SITE
from .conftest import TOKEN

PHOTOS = f"{SITE}/images/events/night"


def gallery(*names: str) -> dict[str, tuple]:
    """A post's gallery fields: the photos' files, alt texts and URLs on the site."""
    photos = tuple((Path(name), f"Alt text of {name}") for name in names)
    return {"gallery": photos, "gallery_urls": tuple(f"{PHOTOS}/{name}" for name in names)}


def test_the_image_and_gallery_go_as_one_carousel(th, fake_threads, make_post):
    fake_threads.image_polls = 2
    image = f"{SITE}/images/events/night.jpg"
    post = make_post("threads", image_url=image, **gallery("a.jpg", "b.webp", "c.png"))
    sent = th.publish(post)
    [thread] = fake_threads.threads
    assert sent.post_id == thread["id"]
    assert (thread["media_type"], thread["text"]) == ("CAROUSEL_ALBUM", post.text)
    # The item's image first, then the photos Threads takes (no WebP), with their alt texts.
    assert thread["children"] == [
        {"image_url": image, "alt_text": post.image_alt},
        {"image_url": f"{PHOTOS}/a.jpg", "alt_text": "Alt text of a.jpg"},
        {"image_url": f"{PHOTOS}/c.png", "alt_text": "Alt text of c.png"},
    ]
    creations = [r.fields() for r in fake_threads.requests if r.path.endswith("/me/threads")
                 and r.method == "POST"]  # fmt: skip
    kinds = [(c["media_type"], c.get("is_carousel_item")) for c in creations]
    assert kinds == [("IMAGE", "true")] * 3 + [("CAROUSEL", None)]
    assert "text" not in creations[0] and creations[-1]["text"] == post.text


def test_one_photo_alone_is_an_image_post(th, fake_threads, make_post):
    post = make_post("threads", image_url=None, **gallery("a.jpg", "b.webp"))
    th.publish(post)
    [thread] = fake_threads.threads
    assert (thread["media_type"], thread["image_url"]) == ("IMAGE", f"{PHOTOS}/a.jpg")


def test_a_carousel_holds_at_most_the_declared_photos(th, fake_threads, make_post):
    names = [f"p{n:02d}.jpg" for n in range(24)]
    th.publish(make_post("threads", image_url=None, **gallery(*names)))
    [thread] = fake_threads.threads
    most = NETWORKS["threads"].limits.max_media
    assert most == 20 and len(thread["children"]) == most
    assert thread["children"][-1]["image_url"] == f"{PHOTOS}/p19.jpg"


# -- the fake holds Meta's rules: what an adapter doing otherwise would meet --------------------


def call(fake, path: str, **data: str) -> httpx.Response:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    return httpx.post(f"{fake.url}/v1.0/{path}", data=data, headers=headers)


def item(fake, ready: bool = True) -> str:
    """A carousel item container (read once more than needed, so FINISHED, when `ready`)."""
    answer = call(fake, "me/threads", media_type="IMAGE", image_url=f"{PHOTOS}/x.jpg",
                  is_carousel_item="true")  # fmt: skip
    container = answer.json()["id"]
    for _ in range(fake.image_polls + 1 if ready else 0):
        httpx.get(f"{fake.url}/v1.0/{container}", params={"fields": "status"},
                  headers={"Authorization": f"Bearer {TOKEN}"})  # fmt: skip
    return container


@pytest.mark.parametrize(
    "children",
    [
        pytest.param(lambda fake: [item(fake)], id="one-child"),
        pytest.param(lambda fake: [item(fake) for _ in range(21)], id="twenty-one"),
        pytest.param(lambda fake: [item(fake), item(fake, ready=False)], id="not-finished"),
        pytest.param(lambda fake: [item(fake)] * 2, id="the-same-twice"),
    ],
)
def test_the_fake_refuses_a_carousel_meta_refuses(th, fake_threads, children):
    answer = call(fake_threads, "me/threads", media_type="CAROUSEL",
                  children=",".join(children(fake_threads)), text="Hi")  # fmt: skip
    assert answer.status_code == 400 and answer.json()["error"]["code"] == 100


def test_the_fake_uses_a_child_once_and_never_publishes_one_alone(th, fake_threads):
    first, second = item(fake_threads), item(fake_threads)
    made = call(fake_threads, "me/threads", media_type="CAROUSEL", children=f"{first},{second}")
    assert made.status_code == 200, made.text
    again = call(fake_threads, "me/threads", media_type="CAROUSEL",
                 children=f"{first},{item(fake_threads)}")  # fmt: skip
    alone = call(fake_threads, "me/threads_publish", creation_id=item(fake_threads))
    assert [again.status_code, alone.status_code] == [400, 400]
    assert "already used" in again.text and "in its carousel" in alone.text
    assert not fake_threads.threads
