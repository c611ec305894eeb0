"""The Threads adapter against the loopback fake Threads API (httpx over real HTTP)."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from newsroom.networks import NETWORKS
from newsroom.networks.base import AuthError, RateLimited, RejectedError, TransientError
from tests.networks.threads.fake import DAY, FakeThreads, length

from ..conftest import SITE, fill_to, make_adapter
from .conftest import NAME, TOKEN, USER, adapter_for


def test_a_text_post_is_a_container_then_published(th, fake_threads, make_post):
    post = make_post("threads", image_url=None)
    sent = th.publish(post)
    [thread] = fake_threads.threads
    assert (sent.post_id, sent.url) == (thread["id"], thread["permalink"])
    assert thread["text"] == post.text and thread["media_type"] == "TEXT"
    assert sent.at is not None and abs(sent.at - datetime.now(UTC)) < timedelta(minutes=1)
    paths = [(r.method, r.path) for r in fake_threads.requests]
    assert paths[0] == ("POST", "/v1.0/me/threads")
    assert ("POST", "/v1.0/me/threads_publish") in paths
    assert all("th-token" not in r.raw_query for r in fake_threads.requests)  # in a header


def test_an_image_post_sends_the_published_image_and_waits_until_it_is_ready(
    th, fake_threads, make_post
):
    fake_threads.image_polls = 3  # IN_PROGRESS for three status reads
    url = f"{SITE}/images/quantum/sensor.jpg"
    post = make_post("threads", image_url=url)
    th.publish(post)
    [thread] = fake_threads.threads
    assert (thread["media_type"], thread["image_url"]) == ("IMAGE", url)
    [container] = fake_threads.containers.values()
    assert container["alt_text"] == post.image_alt
    reads = [r for r in fake_threads.requests if r.query.get("fields") == "status,error_message"]
    assert len(reads) == 4


def test_an_image_threads_does_not_take_goes_as_text(th, fake_threads, make_post):
    th.publish(make_post("threads", image_url=f"{SITE}/images/brand/logo.svg"))
    assert fake_threads.threads[0]["media_type"] == "TEXT"


def test_an_image_threads_cannot_fetch_is_refused_for_good(th, fake_threads, make_post):
    with pytest.raises(RejectedError, match="could not be fetched"):
        th.publish(make_post("threads", image_url="https://elsewhere.example/a.jpg"))
    assert fake_threads.threads == []


def test_a_container_still_processing_is_left_for_a_later_run(th, fake_threads, make_post):
    fake_threads.image_polls = 1000
    th.poll_total = 0.1
    with pytest.raises(TransientError, match="still preparing"):
        th.publish(make_post("threads", image_url=f"{SITE}/images/a.png"))
    assert fake_threads.threads == []


def test_an_expired_container_is_refused_and_never_published(th, fake_threads, make_post):
    container = th._create_container(make_post("threads", image_url=None))
    fake_threads.expire()
    with pytest.raises(RejectedError, match="EXPIRED"):
        th._wait_until_ready(container)
    answer = publish_raw(fake_threads, container)
    assert answer.status_code == 400 and "expired" in answer.json()["error"]["message"]
    assert fake_threads.threads == []


def publish_raw(fake: FakeThreads, container: str) -> httpx.Response:
    return httpx.post(
        f"{fake.url}/v1.0/me/threads_publish",
        params={"creation_id": container},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )


def test_unknown_and_already_published_containers_are_refused(th, fake_threads, make_post):
    assert publish_raw(fake_threads, "123").json()["error"]["error_subcode"] == 33
    th.publish(make_post("threads", image_url=None))
    [thread] = fake_threads.threads
    again = publish_raw(fake_threads, thread["container"])
    assert again.status_code == 400 and "published" in again.json()["error"]["message"]
    assert len(fake_threads.threads) == 1


def test_a_container_abandoned_by_a_crash_is_never_shown_and_the_rerun_posts_once(
    th, fake_threads, make_post
):
    post = make_post("threads", image_url=None)
    th._create_container(post)  # the run died here, between the two steps
    assert th.find(post) is None and fake_threads.threads == []
    sent = th.publish(post)
    assert [t["id"] for t in fake_threads.threads] == [sent.post_id]
    found = th.find(post)
    assert found is not None and found.post_id == sent.post_id and found.url == sent.url


def test_find_matches_the_exact_item_link_never_a_longer_one(th, fake_threads, make_post):
    long = make_post("threads", item_id="hyg3qtekmy", image_url=None)
    th.publish(long)
    short = make_post("threads", item_id="hyg3qt", link=long.link.replace("hyg3qtekmy", "hyg3qt"))
    assert th.find(short) is None
    assert th.find(long) is not None
    listing = next(r for r in fake_threads.requests if r.path == "/v1.0/me/threads"
                   and r.method == "GET")  # fmt: skip
    assert listing.query["fields"] == "id,text,permalink,timestamp"


def test_the_count_is_the_fakes_and_the_limit_is_exact(th, fake_threads, make_post):
    for text in ("abc", "Forschung 🔬 zeigt ♾️ ©", "👨‍👩‍👧 🇫🇷 #️⃣", "e\u0301té", "क्षि"):
        assert th.measure(text) == length(text), text
    assert th.measure("😀") == 4  # "Emojis are counted as the number of UTF-8 bytes"
    link = make_post("threads").link
    for unit in ("a", "😀"):
        head = f"{link} " + "x" * ((500 - th.measure(f"{link} ")) % len(unit.encode()))
        text = fill_to(th, head, unit, 500)
        th.publish(make_post("threads", text, link=link, image_url=None))
        assert fake_threads.threads[0]["text"] == text
    with pytest.raises(RejectedError, match="at most 500"):
        th.publish(make_post("threads", fill_to(th, f"{link} ", "a", 500) + "b", image_url=None))


def test_skin_tones_count_their_bytes_alone_and_after_letters(th, fake_threads, make_post):
    # Meta: "Emojis are counted as the number of UTF-8 bytes"; a skin tone is an emoji even
    # alone or after a letter. Measured 126 and accepted before, 504 by Meta's rule.
    assert th.measure("🏻" * 126) == length("🏻" * 126) == 504
    assert th.measure("a🏿") == length("a🏿") == 5
    assert not NETWORKS["threads"].fits("🏻" * 126)
    link = make_post("threads").link
    with pytest.raises(RejectedError, match="at most 500"):
        th.publish(make_post("threads", f"{link} " + "🏻" * 120, link=link, image_url=None))
    assert fake_threads.threads == []


def test_one_topic_tag_per_post() -> None:
    threads = NETWORKS["threads"]
    assert threads.fits("Read this #Quantum")
    assert threads.too_many("Read this #Quantum #Physics") == "2/1 hashtags"
    assert threads.fits("C# and issue #15 and https://example.com/#frag #Quantum")


def test_more_than_five_links_are_refused_and_the_declaration_says_so(th, fake_threads, make_post):
    link = make_post("threads").link
    text = link + " " + " ".join(f"https://example.org/{n}" for n in range(5))
    assert not NETWORKS["threads"].fits(text)
    assert NETWORKS["threads"].too_many(text) == "6/5 links"
    with pytest.raises(RejectedError, match="LINK_LIMIT_EXCEEDED"):
        th.publish(make_post("threads", text, link=link, image_url=None))
    assert fake_threads.threads == []


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("tok-unknown-4Zq", "code 190"),
        ("tok-expired-9Zq", "Session has expired"),
        ("tok-no-publish-7Zq", "code 10"),
    ],
)
def test_bad_tokens_stop_the_account_with_the_fix_and_no_secret(
    fake_threads, make_post, token, expected
):
    fake_threads.reset()
    fake_threads.add_token("tok-expired-9Zq", USER, NAME, expires_at=time.time() - 10)
    fake_threads.add_token("tok-no-publish-7Zq", USER, NAME, scopes=("threads_basic",))
    adapter = adapter_for(fake_threads, token)
    with pytest.raises(AuthError, match=expected) as caught:
        adapter.publish(make_post("threads", image_url=None))
    assert token not in str(caught.value) and "token" in str(caught.value)
    assert fake_threads.threads == []


def test_the_publishing_limit_is_a_rate_limit(th, fake_threads, make_post):
    fake_threads.quota = 1
    th.publish(make_post("threads", image_url=None))
    with pytest.raises(RateLimited, match="code 4"):
        th.publish(make_post("threads", image_url=None))
    assert len(fake_threads.threads) == 1


@pytest.mark.parametrize("status", [500, 503])
def test_server_errors_are_transient(th, fake_threads, make_post, status):
    fake_threads.fail(status, path="/threads_publish$")
    with pytest.raises(TransientError, match=str(status)):
        th.publish(make_post("threads", image_url=None))


def test_timeout_is_transient(th, fake_threads, make_post):
    th.timeout = 0.3
    fake_threads.delay(1.0, path="/me/threads$")
    with pytest.raises(TransientError, match="no answer"):
        th.publish(make_post("threads", image_url=None))


def test_interactions_from_insights_and_a_deleted_post(th, fake_threads, make_post):
    sent = th.publish(make_post("threads", image_url=None))
    fake_threads.threads[0]["metrics"].update(likes=7, replies=2, reposts=3, quotes=1, views=90)
    counts = th.interactions(sent).counts
    assert counts == {"likes": 7, "replies": 2, "reposts": 3, "quotes": 1, "views": 90}
    fake_threads.threads.clear()
    assert th.interactions(sent).deleted
    assert th.clicks(sent) is None  # Threads counts clicks per account and URL only


def test_check_account_valid_token(th, fake_threads):
    status = th.check_account()
    assert status.reachable and status.problems == () and status.missing_permissions == ()
    assert status.expires_at is not None
    left = status.expires_at - datetime.now(UTC)
    assert timedelta(days=57) < left < timedelta(days=59)
    assert f"@{NAME}" in status.detail


def test_check_account_soon_expiring_under_scoped_expired_and_someone_elses(fake_threads):
    fake_threads.reset()
    fake_threads.add_token("soon", USER, NAME, expires_at=time.time() + 3 * DAY)
    fake_threads.add_token("no-insights", USER, NAME,
                           scopes=("threads_basic", "threads_content_publish"))  # fmt: skip
    fake_threads.add_token("tok-expired-9Zq", USER, NAME, expires_at=time.time() - 10)
    fake_threads.add_token("other", "1", "someoneelse")
    soon = adapter_for(fake_threads, "soon").check_account()
    assert soon.problems == () and soon.expires_at is not None
    assert soon.expires_at - datetime.now(UTC) < timedelta(days=4)
    scoped = adapter_for(fake_threads, "no-insights").check_account()
    assert scoped.missing_permissions == ("threads_manage_insights",)
    assert "lacks threads_manage_insights" in scoped.problems[0]
    expired = adapter_for(fake_threads, "tok-expired-9Zq").check_account()
    assert expired.reachable and "Session has expired" in expired.problems[0]
    assert "tok-expired-9Zq" not in expired.problems[0]
    other = adapter_for(fake_threads, "other").check_account()
    assert "@someoneelse's, not @aldermoor's" in other.problems[0]


def test_check_account_when_nothing_answers(fake_threads):
    adapter = make_adapter("threads", "@x", "http://127.0.0.1:9", {"access_token": "t0ken"})
    status = adapter.check_account()
    assert not status.reachable and "no answer" in status.problems[0]


def test_refresh_gives_a_new_sixty_day_token_that_works(th, fake_threads, make_post):
    fresh = th.refresh_token()
    assert fresh is not None and fresh.secret_key == "access_token" and fresh.token != TOKEN
    assert fresh.expires_at is not None
    assert timedelta(days=59) < fresh.expires_at - datetime.now(UTC) <= timedelta(days=60)
    refresh = next(r for r in fake_threads.requests if r.path == "/refresh_access_token")
    assert refresh.query["grant_type"] == "th_refresh_token"
    renewed = adapter_for(fake_threads, fresh.token)
    renewed.publish(make_post("threads", image_url=None))
    assert len(fake_threads.threads) == 1


def test_a_token_under_a_day_old_or_expired_is_not_refreshed(fake_threads):
    fake_threads.reset()
    fake_threads.add_token("new", USER, NAME, issued_at=time.time() - 60)
    fake_threads.add_token("expired", USER, NAME, expires_at=time.time() - 10)
    with pytest.raises(RejectedError, match="24 hours"):
        adapter_for(fake_threads, "new").refresh_token()
    with pytest.raises(AuthError, match="expired"):
        adapter_for(fake_threads, "expired").refresh_token()


def test_missing_credentials_name_the_variable(fake_threads, make_post):
    adapter = make_adapter("threads", f"@{NAME}", fake_threads.url, {"access_token": ""})
    with pytest.raises(AuthError, match="NEWSROOM_TEST_ACCESS_TOKEN"):
        adapter.publish(make_post("threads", image_url=None))
