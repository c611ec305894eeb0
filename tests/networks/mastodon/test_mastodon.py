"""The Mastodon adapter against mastodon-mock (Mastodon.py over real HTTP)."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from newsroom.networks import counting
from newsroom.networks.base import AuthError, RateLimited, RejectedError, TransientError
from tests.networks.mastodon.server import MastodonMock

from ..conftest import fill_to, make_adapter

# mastodon-mock counts code points and does not apply the 23-per-URL rule: a 23-character
# link makes its count and Mastodon's agree, so the boundary is tested against the server.
SHORT_LINK = "https://aldermoor.edu/x"


@pytest.fixture
def masto(mastodon_server: MastodonMock):
    mastodon_server.clear_faults()
    adapter = make_adapter(
        "mastodon",
        "@testuser@mock.local",
        mastodon_server.base_url,
        {"access_token": mastodon_server.access_token},
    )
    yield adapter
    adapter.close()


def _status(server: MastodonMock, status_id: str) -> dict:
    code, _headers, body = server.request("GET", f"/api/v1/statuses/{status_id}")
    assert code == 200, body
    return body


def test_limits_come_from_the_instance(masto, mastodon_server):
    statuses = mastodon_server.instance()["configuration"]["statuses"]
    limits = masto.limits()
    assert limits.max_length == statuses["max_characters"]
    assert limits.url_length == statuses["characters_reserved_per_url"]
    assert masto.limits() is limits  # fetched once


def test_posts_text_image_alt_and_language(masto, mastodon_server, make_post):
    post = make_post("mastodon")
    sent = masto.publish(post)
    status = _status(mastodon_server, sent.post_id)
    assert post.link in status["content"].replace("&amp;", "&")
    [media] = status["media_attachments"]
    assert media["description"] == post.image_alt
    assert status["language"] == "en" and status["visibility"] == "public"


def test_posts_the_image_and_the_gallery_photos(masto, mastodon_server, make_post, png):
    """Issue 31: an item's gallery adds its first photos to the status, each with its alt."""
    gallery = tuple((png, f"Photo {number} of the open day") for number in range(3))
    sent = masto.publish(make_post("mastodon", gallery=gallery))
    status = _status(mastodon_server, sent.post_id)
    descriptions = [media["description"] for media in status["media_attachments"]]
    assert descriptions[1:] == [alt for _, alt in gallery] and len(descriptions) == 4


def test_measure_counts_urls_as_reserved():
    long = "https://news.aldermoor.edu/s/abc?utm_source=mastodon&utm_medium=social"
    assert counting.mastodon_length(f"Hi {long}") == 3 + 23
    assert counting.mastodon_length("Hi @alice@example.social") == len("Hi @alice")
    assert counting.mastodon_length("👩‍🔬") == 1


@pytest.mark.parametrize(
    "unit",
    ["a", "é", "ש", "ع", "日", "😀"],
    ids=["ascii", "accent", "hebrew", "arabic", "cjk", "emoji"],
)
def test_exact_limit_is_accepted_and_one_more_is_refused(masto, make_post, unit):
    limit = masto.limits().max_length
    text = fill_to(masto, f"{SHORT_LINK} ", unit, limit)
    masto.publish(make_post("mastodon", text, link=SHORT_LINK, image=None))
    with pytest.raises(RejectedError, match="422"):
        masto.publish(make_post("mastodon", text + "b", link=SHORT_LINK, image=None))


def test_idempotency_key_and_find(masto, make_post):
    post = make_post("mastodon", image=None)
    first = masto.publish(post)
    assert masto.publish(post).post_id == first.post_id  # Idempotency-Key: post.key
    assert masto.find(post).post_id == first.post_id
    assert masto.find(make_post("mastodon")) is None


def test_429_is_rate_limited_with_the_reset_time(masto, mastodon_server, make_post):
    mastodon_server.rate_limit("/api/v1/statuses", reset_in=120)
    started = time.monotonic()
    with pytest.raises(RateLimited) as caught:
        masto.publish(make_post("mastodon", image=None))
    assert time.monotonic() - started < 5  # Mastodon.py did not sleep until the reset
    expected = datetime.now(UTC).timestamp() + 120
    assert caught.value.reset_at is not None
    assert abs(caught.value.reset_at.timestamp() - expected) < 5


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_are_transient(masto, mastodon_server, make_post, status):
    mastodon_server.server_error("/api/v1/statuses", status=status)
    with pytest.raises(TransientError, match=str(status)):
        masto.publish(make_post("mastodon", image=None))


def test_bad_token_is_an_auth_error_without_the_token(mastodon_server, make_post):
    token = "not-a-valid-token-value"
    adapter = make_adapter(
        "mastodon", "@testuser@mock.local", mastodon_server.base_url, {"access_token": token}
    )
    with pytest.raises(AuthError) as caught:
        adapter.publish(make_post("mastodon", image=None))
    message = str(caught.value)
    assert "test-mastodon" in message and "@testuser@mock.local" in message
    assert token not in message and token not in repr(caught.value)


def test_interactions_read_status_counts(masto, make_post):
    sent = masto.publish(make_post("mastodon", image=None))
    counts = masto.interactions(sent).counts
    assert counts == {"favourites_count": 0, "reblogs_count": 0, "replies_count": 0}
