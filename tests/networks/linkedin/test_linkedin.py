"""The LinkedIn adapter against the loopback fake Posts API (httpx over real HTTP)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from newsroom.networks import NETWORKS, counting
from newsroom.networks.base import AuthError, RateLimited, RejectedError, TransientError
from newsroom.networks.linkedin import adapter as linkedin
from newsroom.repository import open_newsroom
from newsroom.syndication.compose import compose_post
from newsroom.syndication.routing import route_item
from tests.networks.linkedin.fake import FakeLinkedIn, little_text_hashtags, render_little_text

from ..conftest import fill_to, make_adapter
from .conftest import LINKEDIN_ORG, LINKEDIN_TOKEN

REPO = Path(__file__).resolve().parents[3]
RESERVED_TEXT = r"Read (and share) [this]: a\b | {x} @lab <3 #quantum *wow* _now_ ~ok~"


@pytest.fixture
def li(fake_linkedin: FakeLinkedIn):
    fake_linkedin.reset()
    adapter = make_adapter(
        "linkedin", LINKEDIN_ORG, fake_linkedin.url, {"access_token": LINKEDIN_TOKEN}
    )
    yield adapter
    adapter.close()


def test_posts_article_with_thumbnail(li, fake_linkedin, make_post):
    post = make_post("linkedin")
    sent = li.publish(post)
    [stored] = fake_linkedin.posts
    assert sent.post_id == stored["id"] and sent.post_id.startswith("urn:li:share:")
    assert sent.url == f"https://www.linkedin.com/feed/update/{sent.post_id}/"
    assert stored["author"] == LINKEDIN_ORG and stored["lifecycleState"] == "PUBLISHED"
    assert stored["visibility"] == "PUBLIC"
    article = stored["content"]["article"]
    assert (article["source"], article["title"]) == (post.card.url, post.card.title)
    assert fake_linkedin.images[article["thumbnail"]]["data"] == post.card.image.read_bytes()
    assert stored["rendered"] == post.text  # readers see the whole text


def test_reserved_characters_are_escaped_so_nothing_is_cut(li, fake_linkedin, make_post):
    post = make_post("linkedin", f"{RESERVED_TEXT} {make_post('linkedin').link}")
    li.publish(post)
    assert fake_linkedin.posts[0]["rendered"] == post.text


def test_hashtags_are_sent_as_real_hashtags_and_the_rest_escaped(li, fake_linkedin, make_post):
    link = make_post("linkedin").link
    text = f"Read #Governance and #student_life (C# too, issue #1) ＃全角 #café\n\n{link}"
    li.publish(make_post("linkedin", text, link=link))
    [stored] = fake_linkedin.posts
    assert stored["commentary"].startswith(
        r"Read {hashtag|\#|Governance} and {hashtag|\#|student\_life} \(C\# too, issue \#1\) "
        "{hashtag|＃|全角} {hashtag|\\#|café}"
    )
    assert stored["hashtags"] == ["#Governance", "#student_life", "＃全角", "#café"]
    assert stored["rendered"] == text  # readers see the text as written, hashtags linked


def test_every_linkedin_post_of_the_example_keeps_its_text_and_hashtags():
    newsroom = open_newsroom(REPO)
    rules = NETWORKS["linkedin"]
    posts = [
        compose_post(item, route.account, newsroom.config, rules.limits, rules.measure)
        for item in newsroom.content.items
        for route in route_item(item, newsroom.config)
        if route.sends and route.network == "linkedin"
    ]
    assert posts and any(post.tags for post in posts)
    for post in posts:
        commentary = counting.linkedin_commentary(post.text)
        assert render_little_text(commentary) == post.text
        assert [f"#{tag}" for tag in post.tags] == [
            tag for tag in little_text_hashtags(commentary) if tag[1:] in post.tags
        ]
        assert counting.linkedin_length(post.text) <= counting.LINKEDIN_MAX


def test_the_fake_cuts_unescaped_text_like_linkedin(fake_linkedin):
    fake_linkedin.reset()
    body = {"author": LINKEDIN_ORG, "commentary": "Hello (world)", "visibility": "PUBLIC"}
    headers = {
        "Authorization": f"Bearer {LINKEDIN_TOKEN}",
        "LinkedIn-Version": linkedin.DEFAULT_VERSION,
        "X-Restli-Protocol-Version": "2.0.0",
    }
    answer = httpx.post(f"{fake_linkedin.url}/rest/posts", json=body, headers=headers)
    assert answer.status_code == 201  # success, yet…
    assert fake_linkedin.posts[0]["rendered"] == "Hello "


@pytest.mark.parametrize(
    "unit",
    ["a", "é", "ש", "ع", "日", "😀", "#"],
    ids=["ascii", "accent", "hebrew", "arabic", "cjk", "emoji", "reserved"],
)
def test_exact_limit_counts_escapes(li, fake_linkedin, make_post, unit):
    link = make_post("linkedin").link
    text = fill_to(li, f"{link} ", unit, 3000)
    li.publish(make_post("linkedin", text, link=link))
    assert fake_linkedin.posts[0]["rendered"] == text
    with pytest.raises(RejectedError, match="3000"):
        li.publish(make_post("linkedin", text + "b", link=link))


def test_duplicate_post_is_found_not_doubled(li, fake_linkedin, make_post):
    post = make_post("linkedin")
    first = li.publish(post)
    assert li.find(post).post_id == first.post_id
    assert li.publish(post).post_id == first.post_id  # 422 DUPLICATE_POST, then find()
    assert len(fake_linkedin.posts) == 1
    assert li.find(make_post("linkedin")) is None


def test_429_is_rate_limited_with_retry_after(li, fake_linkedin, make_post):
    fake_linkedin.fail(429, headers={"Retry-After": "120"}, path="/rest/posts")
    with pytest.raises(RateLimited) as caught:
        li.publish(make_post("linkedin", image=None))
    assert caught.value.reset_at is not None


@pytest.mark.parametrize("status", [500, 502, 504])
def test_server_errors_are_transient(li, fake_linkedin, make_post, status):
    fake_linkedin.fail(status, path="/rest/posts")
    with pytest.raises(TransientError, match=str(status)):
        li.publish(make_post("linkedin"))


def test_timeout_is_transient(li, fake_linkedin, make_post):
    li.timeout = 0.3
    fake_linkedin.delay(1.0, path="/rest/posts")
    with pytest.raises(TransientError, match="Timeout"):
        li.publish(make_post("linkedin"))


def test_expired_token_names_the_account_and_how_to_renew(li, fake_linkedin, make_post):
    fake_linkedin.expired.add(LINKEDIN_TOKEN)
    with pytest.raises(AuthError) as caught:
        li.publish(make_post("linkedin"))
    message = str(caught.value)
    assert "test-linkedin" in message and "60 days" in message and "renew" in message
    assert LINKEDIN_TOKEN not in message and LINKEDIN_TOKEN not in repr(caught.value)


def test_old_api_version_is_reported(fake_linkedin, make_post, monkeypatch):
    fake_linkedin.reset()
    monkeypatch.setattr(linkedin, "DEFAULT_VERSION", "202301")
    adapter = make_adapter(
        "linkedin", LINKEDIN_ORG, fake_linkedin.url, {"access_token": LINKEDIN_TOKEN}
    )
    with pytest.raises(AuthError, match="NONEXISTENT_VERSION"):
        adapter.publish(make_post("linkedin"))


def test_interactions_read_social_actions(li, fake_linkedin, make_post):
    sent = li.publish(make_post("linkedin"))
    fake_linkedin.posts[0]["likes"] = 4
    assert li.interactions(sent).counts == {"likes": 4, "comments": 0}
    fake_linkedin.posts.clear()
    assert li.interactions(sent).deleted


@pytest.mark.parametrize(
    ("text", "commentary"),
    [
        ("#Governance", r"{hashtag|\#|Governance}"),
        ("(#quantum)", r"\({hashtag|\#|quantum}\)"),
        ("#student_life!", r"{hashtag|\#|student\_life}!"),
        ("C# and F#", r"C\# and F\#"),  # glued to a word: no hashtag
        ("issue #15", r"issue \#15"),  # digits only: no hashtag
        ("&#39; ##x", r"&\#39; \#\#x"),
        ("#2026Goals", r"{hashtag|\#|2026Goals}"),
        ("＃全角", "{hashtag|＃|全角}"),
        ("#cafe\u0301", "{hashtag|\\#|cafe\u0301}"),
        # A URL's fragment, a keycap emoji and a sign before `_` alone are no hashtags.
        ("https://example.com/#frag", r"https://example.com/\#frag"),
        ("example.com/page#part #Tag", r"example.com/page\#part {hashtag|\#|Tag}"),
        ("#️⃣ #_ #__", "\\#️⃣ \\#\\_ \\#\\_\\_"),
        ("😀 https://a.com/#x #b", r"😀 https://a.com/\#x {hashtag|\#|b}"),
    ],
)
def test_little_text_hashtags(text: str, commentary: str) -> None:
    assert counting.linkedin_commentary(text) == commentary
    assert render_little_text(commentary) == text


def test_the_length_is_the_commentary_as_sent_in_utf16_units() -> None:
    assert counting.linkedin_length("#Governance") == len(r"{hashtag|\#|Governance}")
    assert counting.linkedin_length("a_b") == 4
    assert counting.linkedin_length("😀") == 2  # an astral character is 2 in Java's count
