"""The Pinterest adapter against the loopback contract fake of API v5 (httpx over real HTTP)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from newsroom.config import AccountSettings
from newsroom.networks import NETWORKS
from newsroom.networks.base import AuthError, RateLimited, RejectedError, Sent
from newsroom.networks.pinterest import SANDBOX, TITLE_MAX
from newsroom.networks.pinterest import adapter as pinterest
from tests.networks.pinterest.fake import FakePinterest
from tests.networks.pinterest.loopback import per_theme

from ..conftest import SITE

USER, TOKEN = "aldermooruni", "pina_user-token+secret/value="
BOARDS = {"quantum": "1098000000000000101", "events": "1098000000000000105"}
APP_ID, APP_SECRET, REFRESH = "1500001", "pin-app-secret+value", "pinr_refresh+value"
IMAGE = f"{SITE}/images/quantum/sensor.jpg"


@pytest.fixture(scope="module")
def fake_pinterest() -> Iterator[FakePinterest]:
    fake = FakePinterest().start()
    yield fake
    fake.stop()


def adapter_for(fake: FakePinterest, boards: dict[str, str] = BOARDS, **secrets: str):
    credentials = {k: f"NEWSROOM_TEST_{k.upper()}" for k in ("access_token", *secrets)}
    settings = AccountSettings(
        network="pinterest", handle=USER, base_url=fake.url, languages=["en"],
        credentials=credentials, per_theme=per_theme(boards),
    )  # fmt: skip
    return pinterest.Adapter("test-pinterest", settings, {"access_token": TOKEN, **secrets})


@pytest.fixture
def pin(fake_pinterest: FakePinterest) -> Iterator[pinterest.Adapter]:
    fake_pinterest.reset()
    fake_pinterest.tokens.clear()
    fake_pinterest.boards.clear()
    fake_pinterest.add_token(TOKEN, USER)
    for board in BOARDS.values():
        fake_pinterest.add_board(board, USER)
    fake_pinterest.add_board("1098000000000000999", "someone_else")
    adapter = adapter_for(fake_pinterest)
    yield adapter
    adapter.close()


@pytest.fixture
def pin_post(make_post):
    """A post as the composer makes it for Pinterest: the item's image URL and its theme."""

    def build(text: str | None = None, **overrides: object):
        return make_post("pinterest", text, **{"image_url": IMAGE, "theme": "quantum", **overrides})

    return build


def test_a_pin_goes_to_the_board_of_the_theme_with_title_link_image_and_alt(
    pin, fake_pinterest, pin_post
):
    post = pin_post()
    sent = pin.publish(post)
    [made] = fake_pinterest.pins
    assert made["board_id"] == BOARDS["quantum"]
    assert (made["title"], made["description"], made["link"]) == (
        post.card.title, post.text, post.link,
    )  # fmt: skip
    assert made["media"]["images"]["originals"]["url"] == IMAGE
    assert made["alt_text"] == post.image_alt
    assert sent.post_id == made["id"] and sent.url == f"https://www.pinterest.com/pin/{made['id']}/"
    assert sent.at is not None and abs(sent.at - datetime.now(UTC)) < timedelta(minutes=1)
    events = pin.publish(pin_post(theme="events"))
    assert fake_pinterest.pin(events.post_id)["board_id"] == BOARDS["events"]


def test_a_long_title_is_cut_at_a_word_the_fake_refuses_it_whole(pin, fake_pinterest, pin_post):
    title = "Quantum sensor " + "maps brain activity without a scanner " * 4
    assert len(title) > TITLE_MAX
    body = {"board_id": BOARDS["quantum"], "title": title,
            "media_source": {"source_type": "image_url", "url": IMAGE}}  # fmt: skip
    with pytest.raises(RejectedError, match=r"400.*'title' is longer than 100"):
        pin._call("POST", "/v5/pins", "creating the pin", json=body)
    post = pin_post()
    pin.publish(replace(post, card=replace(post.card, title=title)))
    made = fake_pinterest.pins[0]["title"]
    assert len(made) <= TITLE_MAX and made.endswith("…")
    assert title.startswith(made[:-1]) and title[len(made) - 1] == " ", "cut at a word"


def test_pinterest_declares_an_image_and_no_post_without_one(pin, fake_pinterest, pin_post):
    assert NETWORKS["pinterest"].needs_image
    with pytest.raises(RejectedError, match="a pin needs the item's image"):
        pin.publish(pin_post(image_url=None))
    assert fake_pinterest.requests == []


def test_a_theme_without_a_board_is_refused_before_any_call(fake_pinterest, pin_post):
    fake_pinterest.reset()
    fake_pinterest.add_token(TOKEN, USER)
    adapter = adapter_for(fake_pinterest, boards={"events": BOARDS["events"]})
    with pytest.raises(RejectedError, match=r"no board for theme quantum — add `quantum: "):
        adapter.publish(pin_post())
    assert fake_pinterest.requests == []


def test_a_board_of_another_account_is_refused(fake_pinterest, pin_post):
    adapter = adapter_for(fake_pinterest, boards={"quantum": "1098000000000000999"})
    fake_pinterest.reset()
    fake_pinterest.add_token(TOKEN, USER)
    fake_pinterest.add_board("1098000000000000999", "someone_else")
    with pytest.raises(RejectedError, match=r"404.*Board not found"):
        adapter.publish(pin_post())
    status = adapter.check_account()
    assert status.reachable and status.detail == f"@{USER}"
    assert "board 1098000000000000999 (theme quantum) is not one of" in status.problems[0]


def test_find_recognises_the_pin_by_its_exact_tracked_link(pin, fake_pinterest, pin_post):
    post = pin_post()
    assert pin.find(post) is None
    # Pins of the same board that are not this post: the same item for another account
    # (other UTM), and an item whose id this one's is a prefix of.
    other_account = post.link.replace("utm_source=pinterest", "utm_source=pinterest-students")
    longer_id = post.link.replace(f"/s/{post.item_id}", f"/s/{post.item_id}xyz")
    for link in (other_account, longer_id):
        pin.publish(replace(post, link=link))
    assert pin.find(post) is None
    sent = pin.publish(post)
    for n in range(120):  # newer pins push it to the second page of the board
        pin.publish(replace(post, link=f"{SITE}/s/filler{n:03d}?utm_source=pinterest"))
    found = pin.find(post)
    assert found is not None and found.post_id == sent.post_id
    assert any("bookmark=" in r.raw_query for r in fake_pinterest.requests)


def test_analytics_give_saves_impressions_and_outbound_clicks_in_one_read(
    pin, fake_pinterest, pin_post
):
    sent = pin.publish(pin_post())
    fake_pinterest.pin(sent.post_id)["metrics"].update(IMPRESSION=340, SAVE=12, OUTBOUND_CLICK=9)
    fake_pinterest.requests.clear()
    counts = pin.interactions(sent)
    assert counts.counts == {"reposts": 12, "impressions": 340}
    assert pin.clicks(sent) == 9
    [read] = fake_pinterest.requests
    assert read.query["metric_types"] == "IMPRESSION,SAVE,OUTBOUND_CLICK"
    old = Sent(sent.post_id, sent.url, datetime.now(UTC) - timedelta(days=400))
    fresh = pinterest.Adapter(pin.account_id, pin.settings, pin.secrets)
    assert fresh.clicks(old) == 9, "a pin older than 90 days is read over the last 90 days"
    fake_pinterest.pins.clear()
    gone = pinterest.Adapter(pin.account_id, pin.settings, pin.secrets)
    assert gone.interactions(sent).deleted


def test_a_429_without_headers_still_makes_the_post_wait(pin, fake_pinterest, pin_post):
    """Pinterest documents a 429's status and body, no header: the post waits all the same."""
    fake_pinterest.rate_limit()
    with pytest.raises(RateLimited, match="rate limit") as caught:
        pin.publish(pin_post())
    assert caught.value.reset_at is None
    assert fake_pinterest.pins == []


def test_a_429_waits_until_pinterest_says(pin, fake_pinterest, pin_post):
    fake_pinterest.rate_limit(reset=120)
    with pytest.raises(RateLimited) as caught:
        pin.publish(pin_post())
    assert caught.value.reset_at is not None
    wait = caught.value.reset_at - datetime.now(UTC)
    assert timedelta(seconds=110) < wait <= timedelta(seconds=120)
    assert fake_pinterest.pins == []


def test_a_refused_or_expired_token_says_how_to_renew(pin, fake_pinterest, pin_post):
    fake_pinterest.tokens[TOKEN].expires_at = 0
    with pytest.raises(AuthError, match=r"401.*Authentication failed.*30 days"):
        pin.publish(pin_post())
    status = pin.check_account()
    assert status.reachable and "Authentication failed" in status.problems[0]


def test_a_trial_app_is_told_to_use_the_sandbox(pin, fake_pinterest, pin_post):
    fake_pinterest.trial = True
    with pytest.raises(RejectedError, match=f"Trial access pins only in the Sandbox.*{SANDBOX}"):
        pin.publish(pin_post())


def test_the_refresh_token_gives_a_new_30_day_access_token(fake_pinterest, pin_post):
    fake_pinterest.reset()
    fake_pinterest.add_app(APP_ID, APP_SECRET)
    fake_pinterest.refresh_tokens[REFRESH] = USER
    for board in BOARDS.values():
        fake_pinterest.add_board(board, USER)
    keys = {"refresh_token": REFRESH, "app_id": APP_ID, "app_secret": APP_SECRET}
    without = adapter_for(fake_pinterest)
    with pytest.raises(AuthError, match="missing credentials refresh_token, app_id, app_secret"):
        without.refresh_token()
    refreshed = adapter_for(fake_pinterest, **keys).refresh_token()
    assert refreshed is not None and refreshed.secret_key == "access_token"
    assert refreshed.expires_at is not None
    assert timedelta(days=29) < refreshed.expires_at - datetime.now(UTC) <= timedelta(days=30)
    renewed = pinterest.Adapter(
        "test-pinterest", adapter_for(fake_pinterest).settings,
        {"access_token": refreshed.token},
    )  # fmt: skip
    assert renewed.publish(pin_post()).post_id == fake_pinterest.pins[0]["id"]
    wrong = adapter_for(fake_pinterest, **{**keys, "app_secret": "wrong"})
    with pytest.raises(AuthError):
        wrong.refresh_token()


def test_titles_fit_and_links_match_exactly() -> None:
    assert pinterest.pin_title("Short") == "Short"
    assert pinterest.pin_title("x" * 150) == "x" * 99 + "…"
    link = f"{SITE}/s/abc123?utm_source=pinterest&utm_medium=social"
    assert pinterest.same_link(f"{SITE}/s/abc123?utm_medium=social&utm_source=pinterest", link)
    assert not pinterest.same_link(f"{SITE}/s/abc123?utm_source=x&utm_medium=social", link)
    assert not pinterest.same_link(f"{SITE}/s/abc1234?utm_source=pinterest&utm_medium=social", link)
    assert not pinterest.same_link(None, link)
