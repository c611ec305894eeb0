"""The Facebook Page adapter against the loopback fake Graph API (httpx over real HTTP)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from newsroom.config import AccountSettings
from newsroom.networks.base import AuthError, RateLimited, RejectedError, TransientError
from newsroom.networks.facebook import adapter as facebook
from tests.networks.facebook.fake import FakeFacebook

from ..conftest import fill_to, make_adapter

PAGE = "104857600123456"
TOKEN = "fb-page-token-secret-value"


@pytest.fixture(scope="module")
def fake_facebook() -> Iterator[FakeFacebook]:
    fake = FakeFacebook().start()
    fake.add_token(TOKEN, PAGE)
    yield fake
    fake.stop()


@pytest.fixture
def fb(fake_facebook: FakeFacebook) -> Iterator[facebook.Adapter]:
    fake_facebook.reset()
    adapter = make_adapter("facebook", PAGE, fake_facebook.url, {"page_access_token": TOKEN})
    yield adapter
    adapter.close()


def test_posts_message_and_link_on_the_versioned_feed(fb, fake_facebook, make_post):
    post = make_post("facebook")
    sent = fb.publish(post)
    [stored] = fake_facebook.posts
    assert sent.post_id == stored["id"] and sent.post_id.startswith(f"{PAGE}_")
    assert sent.url == f"https://www.facebook.com/{PAGE}/posts/{sent.post_id.split('_')[1]}"
    assert (stored["message"], stored["link"]) == (post.text, post.link)
    [request] = fake_facebook.requests
    assert request.path == f"/{facebook.DEFAULT_VERSION}/{PAGE}/feed"
    assert TOKEN not in request.raw_query  # the token travels in a header, not in URLs


def test_the_configured_api_version_is_sent_in_the_path(fake_facebook, make_post):
    fake_facebook.reset()
    settings = AccountSettings(
        network="facebook",
        handle=PAGE,
        base_url=fake_facebook.url,
        api_version="v22.0",
        credentials={"page_access_token": "NEWSROOM_TEST_PAGE_ACCESS_TOKEN"},
    )
    adapter = facebook.Adapter("test-facebook", settings, {"page_access_token": TOKEN})
    adapter.publish(make_post("facebook"))
    assert fake_facebook.requests[0].path == f"/v22.0/{PAGE}/feed"


def test_an_old_api_version_is_reported_with_the_fix(fake_facebook, make_post):
    fake_facebook.reset()
    settings = AccountSettings(
        network="facebook",
        handle=PAGE,
        base_url=fake_facebook.url,
        api_version="v15.0",
        credentials={"page_access_token": "NEWSROOM_TEST_PAGE_ACCESS_TOKEN"},
    )
    adapter = facebook.Adapter("test-facebook", settings, {"page_access_token": TOKEN})
    with pytest.raises(AuthError, match=r"2635.*newer `api_version`"):
        adapter.publish(make_post("facebook"))
    assert fake_facebook.posts == []


def test_exact_limit_in_code_points(fb, fake_facebook, make_post):
    link = make_post("facebook").link
    text = fill_to(fb, f"{link} ", "😀", 63206)
    fb.publish(make_post("facebook", text, link=link))
    assert fake_facebook.posts[0]["message"] == text
    with pytest.raises(RejectedError, match="too long"):
        fb.publish(make_post("facebook", text + "b", link=link))


def test_find_and_duplicate_post_is_found_not_doubled(fb, fake_facebook, make_post):
    post = make_post("facebook")
    assert fb.find(post) is None
    first = fb.publish(post)
    found = fb.find(post)
    assert found is not None and found.post_id == first.post_id and found.at is not None
    assert fb.publish(post).post_id == first.post_id  # error 506, then find()
    assert len(fake_facebook.posts) == 1
    assert fb.find(make_post("facebook")) is None
    listing = next(r for r in fake_facebook.requests if r.path.endswith("/posts"))
    assert listing.query["fields"] == "id,message,permalink_url,created_time"


def test_a_duplicate_the_page_does_not_show_is_rejected(fb, fake_facebook, make_post):
    post = make_post("facebook")
    fake_facebook.posts.append({"id": f"{PAGE}_1", "page": PAGE, "message": post.text})
    fake_facebook.posts.extend(  # pushed out of the recent posts find() reads
        {"id": f"{PAGE}_{n + 2}", "page": PAGE, "message": f"other {n}"}
        for n in range(facebook.RECENT_POSTS)
    )
    fake_facebook.posts.reverse()
    with pytest.raises(RejectedError, match="duplicate"):
        fb.publish(post)


def test_page_rate_limit_uses_the_usage_header(fb, fake_facebook, make_post):
    fake_facebook.rate_limit(minutes=30)
    before = datetime.now(UTC)
    with pytest.raises(RateLimited) as caught:
        fb.publish(make_post("facebook"))
    assert "code 32" in str(caught.value)
    reset = caught.value.reset_at
    assert reset is not None and before + timedelta(minutes=29) < reset
    assert fake_facebook.posts == []


@pytest.mark.parametrize("code", [4, 17, 613])
def test_other_rate_limit_codes_without_header(fb, fake_facebook, make_post, code):
    body = {"error": {"message": "(#4) Application request limit reached", "code": code}}
    fake_facebook.fail(400, body=body, path="/feed$")
    with pytest.raises(RateLimited) as caught:
        fb.publish(make_post("facebook"))
    assert caught.value.reset_at is None


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_are_transient(fb, fake_facebook, make_post, status):
    fake_facebook.fail(status, path="/feed$")
    with pytest.raises(TransientError, match=str(status)):
        fb.publish(make_post("facebook"))


def test_graph_transient_error_object_is_transient(fb, fake_facebook, make_post):
    body = {
        "error": {"message": "Service temporarily unavailable", "code": 2, "is_transient": True}
    }
    fake_facebook.fail(400, body=body, path="/feed$")
    with pytest.raises(TransientError):
        fb.publish(make_post("facebook"))


def test_timeout_is_transient(fb, fake_facebook, make_post):
    fb.timeout = 0.3
    fake_facebook.delay(1.0, path="/feed$")
    with pytest.raises(TransientError, match="Timeout"):
        fb.publish(make_post("facebook"))


def test_expired_token_names_the_account_and_how_to_renew(fb, fake_facebook, make_post):
    fake_facebook.expired.add(TOKEN)
    with pytest.raises(AuthError) as caught:
        fb.publish(make_post("facebook"))
    message = str(caught.value)
    assert "test-facebook" in message and "code 190" in message and "renew" in message
    assert TOKEN not in message and TOKEN not in repr(caught.value)


def test_missing_token_names_the_environment_variable(fake_facebook, make_post):
    adapter = make_adapter("facebook", PAGE, fake_facebook.url, {"page_access_token": ""})
    with pytest.raises(AuthError, match="NEWSROOM_TEST_PAGE_ACCESS_TOKEN"):
        adapter.publish(make_post("facebook"))


def test_a_token_of_another_page_is_refused(fake_facebook, make_post):
    fake_facebook.reset()
    adapter = make_adapter("facebook", "999", fake_facebook.url, {"page_access_token": TOKEN})
    with pytest.raises(AuthError, match="pages_manage_posts"):
        adapter.publish(make_post("facebook"))


def test_interactions_read_reactions_comments_and_shares(fb, fake_facebook, make_post):
    sent = fb.publish(make_post("facebook"))
    assert fb.interactions(sent).counts == {"reactions": 0, "comments": 0, "shares": 0}
    fake_facebook.posts[0].update(reactions=12, comments=3, shares=2)
    assert fb.interactions(sent).counts == {"reactions": 12, "comments": 3, "shares": 2}
    fake_facebook.posts.clear()
    assert fb.interactions(sent).deleted


def test_the_fake_follows_graph_rules(fake_facebook):
    fake_facebook.reset()
    url = f"{fake_facebook.url}/v23.0/{PAGE}/feed"
    no_token = httpx.post(url, data={"message": "hello"})
    assert no_token.status_code == 400 and no_token.json()["error"]["code"] == 190
    assert no_token.json()["error"]["type"] == "OAuthException"
    as_param = httpx.post(url, data={"message": "hello", "access_token": TOKEN})
    assert as_param.status_code == 200 and as_param.json()["id"].startswith(f"{PAGE}_")
    again = httpx.post(url, data={"message": "hello", "access_token": TOKEN})
    assert again.json()["error"]["code"] == 506
    unversioned = httpx.post(f"{fake_facebook.url}/latest/{PAGE}/feed", data={"message": "x"})
    assert unversioned.json()["error"]["code"] == 2500
