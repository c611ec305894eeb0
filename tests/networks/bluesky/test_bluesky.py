"""The Bluesky adapter against a real PDS (@atproto/dev-env, no app view) on loopback."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest
from atproto_client.models.string_formats import TID_RE

from newsroom.networks.base import AuthError, RateLimited, RejectedError, TransientError
from newsroom.networks.bluesky.adapter import record_key
from tests.networks.bluesky.pds import BlueskyPDS

from ..conftest import fill_to, make_adapter
from .conftest import BLUESKY_PASSWORD

COLLECTION = "app.bsky.feed.post"


class FaultTransport(httpx.BaseTransport):
    """Real HTTP to the PDS, except for the injected answers (the PDS has no fault plane)."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.faults: list[tuple[str, httpx.Response]] = []

    def fail(self, method: str, status: int, headers: dict[str, str] | None = None) -> None:
        body = {"error": "InternalServerError" if status >= 500 else "RateLimitExceeded"}
        self.faults.append((method, httpx.Response(status, headers=headers, json=body)))

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        for fault in self.faults:
            if request.url.path.endswith(fault[0]):
                self.faults.remove(fault)
                return fault[1]
        return self.inner.handle_request(request)


@pytest.fixture
def sky(pds: BlueskyPDS):
    adapter = make_adapter(
        "bluesky", "aldermoor.test", pds.pds_url, {"app_password": BLUESKY_PASSWORD}
    )
    adapter.transport = FaultTransport()
    yield adapter
    adapter.close()


def stored(pds: BlueskyPDS, uri: str) -> dict:
    """The record as the PDS stores it, read with plain HTTP (not through the SDK)."""
    repo, _, rkey = uri.removeprefix("at://").partition(f"/{COLLECTION}/")
    params = {"repo": repo, "collection": COLLECTION, "rkey": rkey}
    answer = httpx.get(f"{pds.pds_url}/xrpc/com.atproto.repo.getRecord", params=params)
    assert answer.status_code == 200, answer.text
    return answer.json()["value"]


def test_record_keys_are_valid_stable_tids():
    keys = [record_key(f"item{n}:uni-bluesky") for n in range(200)]
    assert all(TID_RE.match(k) for k in keys)
    assert len(set(keys)) == 200
    assert record_key("item1:uni-bluesky") == keys[1]
    # The time part lies in the past, so no derived key claims a future post.
    value = sum(
        "234567abcdefghijklmnopqrstuvwxyz".index(c) << (5 * (12 - i)) for i, c in enumerate(keys[0])
    )
    assert datetime.fromtimestamp((value >> 10) / 1e6, UTC) < datetime.now(UTC)


def test_post_with_facets_and_link_card(sky, pds, make_post):
    link = make_post("bluesky").link
    text = f"Café 😀 日本 עברית {link} #quantum #física"
    post = make_post("bluesky", text, link=link)
    sent = sky.publish(post)
    assert sent.post_id.endswith(f"/{record_key(post.key)}")
    record = stored(pds, sent.post_id)
    assert record["text"] == text and record["langs"] == ["en"]
    encoded = text.encode("utf-8")
    spans = {
        encoded[f["index"]["byteStart"] : f["index"]["byteEnd"]].decode(): f["features"][0]
        for f in record["facets"]
    }
    assert spans[link] == {"$type": "app.bsky.richtext.facet#link", "uri": link}
    assert spans["#quantum"] == {"$type": "app.bsky.richtext.facet#tag", "tag": "quantum"}
    assert spans["#física"]["tag"] == "física"
    card = record["embed"]["external"]
    assert record["embed"]["$type"] == "app.bsky.embed.external"
    assert (card["uri"], card["title"], card["description"]) == (
        post.card.url,
        post.card.title,
        post.card.description,
    )
    assert card["thumb"]["mimeType"] == "image/png"
    assert card["thumb"]["size"] == post.card.image.stat().st_size


def test_facets_are_the_apps_and_mentions_point_at_dids(sky, pds, make_post):
    link = make_post("bluesky").link
    text = (
        f"#हिन्दी with @aldermoor.test and @nobody.test: data at example.org/data. "
        f"＃full #tag🎉 #{'a' * 65} {link}"
    )
    record = stored(pds, sky.publish(make_post("bluesky", text, link=link)).post_id)
    encoded = text.encode("utf-8")
    spans = {
        encoded[f["index"]["byteStart"] : f["index"]["byteEnd"]].decode(): f["features"][0]
        for f in record["facets"]
    }
    assert spans["@aldermoor.test"] == {
        "$type": "app.bsky.richtext.facet#mention",
        "did": sky._did,
    }
    assert spans["example.org/data"]["uri"] == "https://example.org/data"
    assert spans[link]["uri"] == link
    assert [spans[t]["tag"] for t in ("#हिन्दी", "＃full", "#tag🎉")] == ["हिन्दी", "full", "tag🎉"]
    # An unknown handle stays plain text; a tag over 64 characters is no tag, as in the app.
    assert len(spans) == 6


def test_oversized_thumbnail_is_recompressed(sky, pds, make_post, big_jpeg):
    post = make_post("bluesky")
    post = make_post("bluesky", card=type(post.card)(post.link, "T", "D", big_jpeg))
    record = stored(pds, sky.publish(post).post_id)
    thumb = record["embed"]["external"]["thumb"]
    assert thumb["mimeType"] == "image/jpeg" and thumb["size"] <= 1_000_000


@pytest.mark.parametrize(
    "unit",
    ["a", "é", "ש", "ع", "日", "😀", "👩‍🔬"],
    ids=["ascii", "accent", "hebrew", "arabic", "cjk", "emoji", "zwj-emoji"],
)
def test_exact_grapheme_limit_is_accepted_and_one_more_is_refused(sky, make_post, unit):
    link = make_post("bluesky").link
    text = fill_to(sky, f"{link} ", unit, 300)
    sky.publish(make_post("bluesky", text, link=link))
    with pytest.raises(RejectedError, match=r"maximum 300, got 301"):
        sky.publish(make_post("bluesky", text + "b", link=link))


def test_byte_limit_applies_below_300_graphemes(sky, make_post):
    family = "👨‍👩‍👧"  # one grapheme, 18 bytes
    fits = family * 166  # 2,988 bytes
    assert sky.measure(fits) == 166 and len(fits.encode()) <= sky.limits().max_bytes
    link = make_post("bluesky").link
    sky.publish(make_post("bluesky", fits, link=link))
    with pytest.raises(RejectedError, match=r"maximum 3000"):
        sky.publish(make_post("bluesky", fits + family, link=link))


def test_same_key_twice_is_one_record(sky, pds, make_post):
    post = make_post("bluesky")
    first = sky.publish(post)
    assert sky.find(post).post_id == first.post_id
    assert sky.publish(post).post_id == first.post_id
    assert sky.find(make_post("bluesky")) is None


def test_refused_duplicate_rkey_is_confirmed_with_get_record(sky, make_post, monkeypatch):
    post = make_post("bluesky", image=None)
    first = sky.publish(post)
    real_find, calls = sky.find, []

    def find_misses_once(p):  # as if the record had appeared between our look and our write
        calls.append(p)
        return None if len(calls) == 1 else real_find(p)

    monkeypatch.setattr(sky, "find", find_misses_once)
    assert sky.publish(post).post_id == first.post_id  # the PDS's 500, then getRecord
    assert len(calls) == 2


def test_429_is_rate_limited_with_the_reset_time(sky, make_post):
    sky.find(make_post("bluesky"))  # open the session first
    sky.transport.fail("createRecord", 429, {"ratelimit-reset": "1900000000"})
    with pytest.raises(RateLimited) as caught:
        sky.publish(make_post("bluesky", image=None))
    assert caught.value.reset_at == datetime.fromtimestamp(1900000000, UTC)


@pytest.mark.parametrize("status", [500, 503])
def test_server_errors_are_transient(sky, make_post, status):
    sky.transport.fail("createRecord", status)
    with pytest.raises(TransientError, match=str(status)):
        sky.publish(make_post("bluesky", image=None))


def test_wrong_password_is_an_auth_error_without_the_password(pds, make_post):
    password = "wrong-app-password-value"
    adapter = make_adapter("bluesky", "aldermoor.test", pds.pds_url, {"app_password": password})
    with pytest.raises(AuthError) as caught:
        adapter.publish(make_post("bluesky"))
    message = str(caught.value)
    assert "test-bluesky" in message and "aldermoor.test" in message
    assert password not in message and password not in repr(caught.value)


def test_one_session_per_adapter(sky, make_post):
    for _ in range(3):
        sky.publish(make_post("bluesky", image=None))
    client = sky._client
    sky.find(make_post("bluesky"))
    assert sky._client is client


def test_interactions_need_an_app_view(sky, make_post):
    sent = sky.publish(make_post("bluesky", image=None))
    # The test PDS has no app view: counts cannot be read locally (they can on bsky.social).
    with pytest.raises(TransientError):
        sky.interactions(sent)
