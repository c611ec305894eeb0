"""The Instagram adapter against the loopback fake Graph API (httpx over real HTTP)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from newsroom.networks import NETWORKS
from newsroom.networks.base import AuthError, RateLimited, RejectedError, TransientError
from newsroom.networks.instagram import adapter as instagram
from tests.networks.instagram.fake import READ, FakeInstagram

from ..conftest import SITE, make_adapter
from .conftest import USER

TOKEN = "ig-user-token+secret/value="
APP_ID, APP_SECRET = "990001112223334", "ig-app-secret+value"
IMAGE = f"{SITE}/images/quantum/sensor.jpg"


def adapter_for(fake: FakeInstagram, **secrets: str) -> instagram.Adapter:
    adapter = make_adapter("instagram", USER, fake.url, {"access_token": TOKEN, **secrets})
    assert isinstance(adapter, instagram.Adapter)
    adapter.poll_waits = (0.0, 0.01)  # the fake counts status reads, not seconds
    return adapter


@pytest.fixture
def ig(fake_instagram: FakeInstagram) -> Iterator[instagram.Adapter]:
    fake_instagram.reset()
    fake_instagram.tokens.clear()
    fake_instagram.add_token(TOKEN, USER)
    fake_instagram.in_progress_polls, fake_instagram.expire_after = 2, 24 * 3600.0
    fake_instagram.quota_total = 50
    adapter = adapter_for(fake_instagram)
    yield adapter
    adapter.close()


@pytest.fixture
def caption_post(make_post):
    """A post as the composer makes it for Instagram: no link in the caption, a JPEG URL."""

    def build(text: str | None = None, **overrides: object):
        text = (
            text if text is not None else "Quantum sensor maps the brain\n\n#quantum\n\nLink in bio"
        )
        return make_post("instagram", text, **{"image_url": IMAGE, **overrides})

    return build


def test_container_polled_until_finished_then_published(ig, fake_instagram, caption_post):
    post = caption_post()
    sent = ig.publish(post)
    [media] = fake_instagram.media
    assert (media["caption"], media["image_url"]) == (post.text, IMAGE)
    assert media["alt_text"] == post.image_alt
    assert sent.post_id == media["id"] and sent.url == media["permalink"]
    paths = [(r.method, r.path.split("/", 2)[2]) for r in fake_instagram.requests]
    container = next(iter(fake_instagram.containers))
    assert paths == [
        ("GET", f"{USER}/content_publishing_limit"),
        ("POST", f"{USER}/media"),
        *[("GET", container)] * 3,  # IN_PROGRESS twice, then FINISHED
        ("POST", f"{USER}/media_publish"),
        ("GET", media["id"]),
    ]
    assert all(TOKEN not in r.raw_query for r in fake_instagram.requests)


def test_a_container_still_in_progress_past_the_budget_is_transient(
    ig, fake_instagram, caption_post
):
    fake_instagram.in_progress_polls = 10_000
    ig.poll_waits, ig.poll_budget = (0.0, 0.05), 0.3
    started = time.monotonic()
    with pytest.raises(TransientError, match="still preparing"):
        ig.publish(caption_post())
    assert time.monotonic() - started < 2
    assert fake_instagram.media == []


def test_an_image_instagram_cannot_use_is_rejected(ig, fake_instagram, caption_post):
    fake_instagram.broken = 1
    with pytest.raises(RejectedError, match=r"could not prepare the image.*JPEG"):
        ig.publish(caption_post())
    assert fake_instagram.media == []


def test_an_expired_container_is_transient_and_never_published(ig, fake_instagram, caption_post):
    fake_instagram.expire_after = 0.0
    with pytest.raises(TransientError, match="EXPIRED"):
        ig.publish(caption_post())
    assert fake_instagram.media == []


def test_exact_caption_limits(ig, fake_instagram, caption_post):
    tail = "\n\nLink in bio"
    text = "a" * (2200 - len(tail)) + tail
    assert NETWORKS["instagram"].fits(text)
    ig.publish(caption_post(text))
    assert fake_instagram.media[0]["caption"] == text
    assert not NETWORKS["instagram"].fits("b" + text)
    with pytest.raises(RejectedError, match="2200 characters"):
        ig.publish(caption_post("b" + text))


def test_five_hashtags_pass_six_are_refused_by_both(ig, fake_instagram, caption_post):
    # Since 19 Dec 2025 a caption carries at most 5 hashtags (the declaration said 30).
    five = " ".join(f"#tag{n}x" for n in range(5)) + "\n\nLink in bio"
    assert NETWORKS["instagram"].fits(five)
    ig.publish(caption_post(five))
    more = five + " #one_more"
    assert NETWORKS["instagram"].too_many(more) == "6/5 hashtags"
    with pytest.raises(RejectedError, match="5 hashtags"):
        ig.publish(caption_post(more))
    assert len(fake_instagram.media) == 1


def test_only_jpeg_images_are_taken(ig, fake_instagram, caption_post):
    with pytest.raises(RejectedError, match=r"9004.*JPEG"):
        ig.publish(caption_post(image_url=f"{SITE}/images/quantum/sensor.png"))
    with pytest.raises(RejectedError, match="needs the item's image"):
        ig.publish(caption_post(image_url=None))
    assert fake_instagram.media == []


def test_publishing_limit_is_read_before_posting(ig, fake_instagram, caption_post):
    fake_instagram.quota_total = 2
    ig.publish(caption_post())
    ig.publish(caption_post("Second caption\n\nLink in bio"))
    requests_before = len(fake_instagram.requests)
    with pytest.raises(RateLimited, match="2/2 posts"):
        ig.publish(caption_post("Third caption\n\nLink in bio"))
    assert len(fake_instagram.requests) == requests_before + 1  # no container was made
    assert len(fake_instagram.media) == 2


def test_the_refusal_at_the_publishing_limit_is_a_rate_limit(ig, fake_instagram, caption_post):
    fake_instagram.quota_total = 1
    ig.publish(caption_post())
    # Another app posted meanwhile: the limit read said "room left", media_publish refuses.
    fake_instagram.quota_total = 50
    fake_instagram.fail(
        400,
        path="/media_publish$",
        body={"error": {"message": "limit", "code": 9, "error_subcode": 2207042}},
    )
    with pytest.raises(RateLimited, match="9/2207042"):
        ig.publish(caption_post("Again\n\nLink in bio"))


def test_publishing_an_unfinished_or_published_container_is_refused(fake_instagram, ig):
    fake_instagram.in_progress_polls = 5
    client = ig._client()
    made = client.post(f"{USER}/media", data={"image_url": IMAGE, "caption": "x"}).json()["id"]
    early = client.post(f"{USER}/media_publish", data={"creation_id": made})
    assert early.json()["error"]["error_subcode"] == 2207027
    unknown = client.post(f"{USER}/media_publish", data={"creation_id": "123"})
    assert unknown.json()["error"]["code"] == 100
    fake_instagram.containers[made]["polls"] = 0
    assert client.post(f"{USER}/media_publish", data={"creation_id": made}).is_success
    again = client.post(f"{USER}/media_publish", data={"creation_id": made})
    assert again.json()["error"]["error_subcode"] == 2207026
    assert len(fake_instagram.media) == 1


def test_find_matches_the_exact_caption_only(ig, fake_instagram, caption_post):
    post = caption_post()
    assert ig.find(post) is None
    sent = ig.publish(post)
    found = ig.find(post)
    assert found is not None and (found.post_id, found.url) == (sent.post_id, sent.url)
    assert found.at is not None
    assert ig.find(caption_post(post.text + " more")) is None
    # A person edited the caption in the app: the post is no longer recognised.
    fake_instagram.media[0]["caption"] = post.text.replace("Quantum", "Quantum!")
    assert ig.find(post) is None
    listing = next(
        r for r in fake_instagram.requests if r.method == "GET" and r.path.endswith("/media")
    )
    assert listing.query["fields"] == "id,caption,permalink,timestamp"


def test_interactions_and_deleted_media(ig, fake_instagram, caption_post):
    sent = ig.publish(caption_post())
    fake_instagram.media[0].update(like_count=12, comments_count=3)
    assert ig.interactions(sent).counts == {"likes": 12, "replies": 3}
    fake_instagram.media.clear()
    assert ig.interactions(sent).deleted
    assert ig.clicks(sent) is None


def test_expired_and_unknown_tokens_are_auth_errors_naming_the_fix(fake_instagram, caption_post):
    fake_instagram.reset()
    fake_instagram.tokens.clear()
    past = int(time.time()) - 10
    fake_instagram.add_token(TOKEN, USER, expires_at=past)
    adapter = adapter_for(fake_instagram)
    with pytest.raises(AuthError, match=r"190/463.*renew the Instagram token") as caught:
        adapter.publish(caption_post())
    assert TOKEN not in str(caught.value)
    fake_instagram.tokens.clear()
    with pytest.raises(AuthError, match="code 190"):
        adapter_for(fake_instagram).find(caption_post())


def test_a_token_without_the_publish_permission_is_an_auth_error(fake_instagram, caption_post):
    fake_instagram.reset()
    fake_instagram.tokens.clear()
    fake_instagram.add_token(TOKEN, USER, scopes=(READ, "pages_read_engagement"))
    with pytest.raises(AuthError, match=r"code 10.*instagram_content_publish"):
        adapter_for(fake_instagram).publish(caption_post())
    assert fake_instagram.media == []


@pytest.mark.parametrize("code", [4, 17, 32, 613])
def test_rate_limit_codes(ig, fake_instagram, caption_post, code):
    fake_instagram.rate_limit(code=code)
    with pytest.raises(RateLimited, match=f"code {code}"):
        ig.publish(caption_post())


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_are_transient(ig, fake_instagram, caption_post, status):
    fake_instagram.fail(status, path="/media$")
    with pytest.raises(TransientError, match=str(status)):
        ig.publish(caption_post())


@pytest.mark.parametrize(
    ("code", "subcode", "kind"),
    [(2, None, TransientError), (-2, 2207003, TransientError), (36003, 2207009, RejectedError)],
)
def test_error_objects_are_classified(ig, fake_instagram, caption_post, code, subcode, kind):
    body = {"error": {"message": "m", "code": code, "error_subcode": subcode}}
    fake_instagram.fail(400, body=body, path="/media$")
    with pytest.raises(kind):
        ig.publish(caption_post())


def test_timeout_is_transient(ig, fake_instagram, caption_post):
    ig.timeout = 0.3
    fake_instagram.delay(1.0, path="/media$")
    with pytest.raises(TransientError, match="no answer"):
        ig.publish(caption_post())


def test_check_account_with_the_app_token(fake_instagram):
    fake_instagram.reset()
    fake_instagram.tokens.clear()
    soon = datetime.now(UTC) + timedelta(days=5)
    fake_instagram.add_token(TOKEN, USER, expires_at=int(soon.timestamp()))
    fake_instagram.add_app(APP_ID, APP_SECRET)
    adapter = adapter_for(fake_instagram, app_id=APP_ID, app_secret=APP_SECRET)
    status = adapter.check_account()
    assert status.reachable and status.problems == () and status.missing_permissions == ()
    assert status.detail == "@aldermoor_uni"
    assert status.expires_at is not None and abs(status.expires_at - soon) < timedelta(seconds=2)
    debug = next(r for r in fake_instagram.requests if r.path.endswith("/debug_token"))
    assert debug.headers["authorization"] == f"Bearer {APP_ID}|{APP_SECRET}"


def test_check_account_reports_missing_permissions_with_its_own_token(fake_instagram):
    fake_instagram.reset()
    fake_instagram.tokens.clear()
    fake_instagram.add_token(TOKEN, USER, scopes=(READ,))
    status = adapter_for(fake_instagram).check_account()
    assert status.reachable
    assert status.missing_permissions == ("instagram_content_publish", "pages_read_engagement")
    assert status.problems == ()  # `accounts check` words the missing ones


def test_check_account_with_an_expired_token_is_unreachable(fake_instagram):
    fake_instagram.reset()
    fake_instagram.tokens.clear()
    fake_instagram.add_token(TOKEN, USER, expires_at=int(time.time()) - 60)
    status = adapter_for(fake_instagram).check_account()
    assert not status.reachable and "renew the Instagram token" in status.problems[0]
    assert all(TOKEN not in p for p in status.problems)


def test_limits_are_the_declared_ones(ig):
    declared = NETWORKS["instagram"]
    assert ig.limits() == declared.limits
    assert (declared.limits.max_length, declared.limits.max_hashtags) == (2200, 5)
    assert declared.needs_image and declared.image_types == ("image/jpeg",)
    assert not declared.link_clickable and declared.link_wording == "Link in bio"


def test_the_poll_waits_can_be_set_for_runs_that_cannot_wait(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from newsroom.networks.graph_api import poll_waits

    monkeypatch.delenv("NEWSROOM_POLL_WAIT", raising=False)
    assert poll_waits((0.0, 1.0, 2.0)) == (0.0, 1.0, 2.0)
    monkeypatch.setenv("NEWSROOM_POLL_WAIT", "0.01")
    assert poll_waits((0.0, 1.0, 2.0)) == (0.01, 0.01, 0.01)
