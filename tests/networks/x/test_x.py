"""The X adapter against the loopback fake X (tweepy over real HTTP)."""

from __future__ import annotations

import hashlib
import io
import time
from datetime import UTC, datetime

import pytest
from PIL import Image

from newsroom.image_metadata import without_metadata
from newsroom.networks.base import AuthError, RateLimited, RejectedError, TransientError
from tests.networks.x.fake import FakeX
from tests.site.test_image_metadata import GPS_IFD, OWNER, SERIAL, photo

from ..conftest import fill_to, make_adapter
from .conftest import X_KEYS


@pytest.fixture
def x(fake_x: FakeX):
    fake_x.reset()
    adapter = make_adapter("x", "@AldermoorUni", fake_x.url, dict(X_KEYS))
    yield adapter
    adapter.close()


def test_posts_text_image_and_alt_text(x, fake_x, make_post):
    post = make_post("x")
    sent = x.publish(post)
    [tweet] = fake_x.tweets
    assert sent.post_id == tweet["id"]
    assert sent.url == f"https://x.com/AldermoorUni/status/{tweet['id']}"
    assert tweet["original_text"] == post.text
    [media_id] = tweet["media_ids"]
    assert fake_x.media[media_id]["alt_text"] == post.image_alt
    assert fake_x.media[media_id]["size"] == post.image.stat().st_size


def test_the_uploaded_photo_carries_no_gps_position_nor_serial(x, fake_x, make_post, tmp_path):
    """Issue 28: what the site publishes without its metadata is uploaded without it too."""
    photo_path = tmp_path / "shark.jpg"
    photo_path.write_bytes(photo("JPEG", {"quality": 90}))
    with Image.open(photo_path) as original:
        assert dict(original.getexif().get_ifd(GPS_IFD)), "the test's photo reveals where"
    x.publish(make_post("x", image=photo_path))
    [tweet] = fake_x.tweets
    [media_id] = tweet["media_ids"]
    sent = without_metadata(photo_path.read_bytes())
    assert fake_x.media[media_id]["sha256"] == hashlib.sha256(sent).hexdigest()
    assert SERIAL.encode() not in sent and OWNER.encode() not in sent
    with Image.open(io.BytesIO(sent)) as uploaded:
        assert dict(uploaded.getexif().get_ifd(GPS_IFD)) == {}


@pytest.mark.parametrize(
    ("unit", "weight"),
    [("a", 1), ("é", 1), ("ש", 1), ("ع", 1), ("日", 2), ("😀", 2), ("👩‍🔬", 2)],
    ids=["ascii", "accent", "hebrew", "arabic", "cjk", "emoji", "zwj-emoji"],
)
def test_exact_limit_is_accepted_and_one_more_is_refused(x, fake_x, make_post, unit, weight):
    post = make_post("x")
    head = f"{post.link} "  # the long tracked link counts 23, whatever its length
    assert x.measure(head) == 24
    assert x.measure(head + unit) == 24 + weight
    text = fill_to(x, head, unit, 280)
    x.publish(make_post("x", text, link=post.link, image=None))
    with pytest.raises(RejectedError, match="too long"):
        x.publish(make_post("x", text + "b", link=post.link, image=None))


def test_same_post_twice_is_one_post_found_again(x, fake_x, make_post):
    post = make_post("x")
    first = x.publish(post)
    assert x.find(post).post_id == first.post_id  # X shows t.co links: found by entities
    again = x.publish(post)  # X answers 403 duplicate content: we look it up
    assert again.post_id == first.post_id
    assert len(fake_x.tweets) == 1
    assert x.find(make_post("x")) is None


def test_rate_limit_reports_the_reset_time(x, fake_x, make_post):
    fake_x.rate_limit = 2
    try:
        start = int(time.time())
        x.publish(make_post("x", image=None))
        x.publish(make_post("x", image=None))
        with pytest.raises(RateLimited) as caught:
            x.publish(make_post("x", image=None))
    finally:
        fake_x.rate_limit = 200
    reset = caught.value.reset_at
    assert reset is not None
    assert start + fake_x.window - 2 <= reset.timestamp() <= start + fake_x.window + 2


def test_injected_429_carries_its_reset(x, fake_x, make_post):
    fake_x.fail(429, headers={"x-rate-limit-reset": "1900000000"}, path="/2/tweets")
    with pytest.raises(RateLimited) as caught:
        x.publish(make_post("x", image=None))
    assert caught.value.reset_at == datetime.fromtimestamp(1900000000, UTC)


@pytest.mark.parametrize("status", [500, 503])
def test_server_errors_are_transient(x, fake_x, make_post, status):
    fake_x.fail(status, path="/2/tweets")
    with pytest.raises(TransientError, match=str(status)):
        x.publish(make_post("x", image=None))


def test_timeout_is_transient_and_find_settles_it(x, fake_x, make_post):
    x.timeout = 0.5
    post = make_post("x", image=None)
    fake_x.delay(1.5, path="/2/tweets")  # the fake still creates the post, too late
    with pytest.raises(TransientError, match="ReadTimeout"):
        x.publish(post)
    time.sleep(1.2)
    assert x.find(post) is not None  # what a retry does before posting again


def test_wrong_secret_is_an_auth_error_without_the_secret(fake_x, make_post):
    keys = {**X_KEYS, "consumer_secret": "wrong-secret-value"}
    adapter = make_adapter("x", "@AldermoorUni", fake_x.url, keys)
    with pytest.raises(AuthError) as caught:
        adapter.publish(make_post("x", image=None))
    message = str(caught.value)
    assert "test-x" in message and "@AldermoorUni" in message
    assert not any(secret in message or secret in repr(caught.value) for secret in keys.values())


def test_missing_credentials_name_the_variables(fake_x, make_post):
    adapter = make_adapter("x", "@AldermoorUni", fake_x.url, {**X_KEYS, "access_token": ""})
    with pytest.raises(AuthError, match="NEWSROOM_TEST_ACCESS_TOKEN"):
        adapter.publish(make_post("x"))


def test_interactions_read_public_metrics(x, fake_x, make_post):
    sent = x.publish(make_post("x", image=None))
    fake_x.tweets[0]["public_metrics"]["like_count"] = 7
    counts = x.interactions(sent).counts
    assert counts["like_count"] == 7 and counts["retweet_count"] == 0
    fake_x.tweets.clear()
    assert x.interactions(sent).deleted


def test_limits(x):
    limits = x.limits()
    assert (limits.max_length, limits.url_length) == (280, 23)


def test_posts_the_image_and_the_gallery_photos_up_to_four(x, fake_x, make_post, tmp_path):
    """Issue 31: an item's gallery adds its first photos to the post, each with its alt."""
    photos = []
    for number in range(3):
        path = tmp_path / f"photo-{number}.jpg"
        path.write_bytes(photo("JPEG", {"quality": 80 + number}))
        photos.append((path, f"Photo {number} of the open day"))
    post = make_post("x", gallery=tuple(photos))
    x.publish(post)
    [tweet] = fake_x.tweets
    alts = [fake_x.media[media_id]["alt_text"] for media_id in tweet["media_ids"]]
    assert alts == [post.image_alt, *(alt for _, alt in photos)]
    too_many = make_post("x", gallery=(*photos, photos[0]))  # 5: X refuses it
    with pytest.raises(RejectedError):
        x.publish(too_many)
