"""An event's post leads with its date, and the date is never cut — at the exact limits too."""

from __future__ import annotations

import pytest
import yaml

from newsroom.links import tracked_url
from newsroom.networks import NETWORKS
from newsroom.schema import SUMMARY_MAX
from newsroom.syndication.compose import ELLIPSIS, compose_post, event_lead

from .conftest import ACCOUNTS, ENGLISH, Room, network_of

EVENT = {
    "start": "2026-12-05T09:00:00+01:00",
    "end": "2026-12-05T17:00:00+01:00",
    "location": "Great Hall",
}
LEAD = "📅 5 Dec 2026, 09:00 · "
# The accounts on networks whose limit a summary can fill (the schema's longest summary).
FILLABLE = [a for a in ACCOUNTS if NETWORKS[network_of(a)].limits.max_length <= SUMMARY_MAX]


def add_event(room: Room, summary: str, social: dict | None = None) -> None:
    meta = {
        "id": "k7q2m9ab",
        "title": "Open day",
        "date": "2026-11-20T10:00:00+01:00",
        "summary": summary,
        "authors": ["press-office"],
        "tags": [],
        "event": EVENT,
    }
    if social:
        meta["social"] = social
    path = room.root / "content/news/quantum/2026/2026-11-20-open-day.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(f"---\n{front}---\nCome and see.\n", encoding="utf-8")


def post_for(room: Room, account: str):
    newsroom = room.load()
    (item,) = newsroom.content.items
    rules = NETWORKS[newsroom.config.accounts[account].network]
    return compose_post(item, account, newsroom.config, rules.limits, rules.measure), item


def test_the_lead_is_the_start_in_the_time_zone_it_was_written_in(room: Room) -> None:
    add_event(room, "Future students can visit the labs and meet the teams on Saturday.")
    post, item = post_for(room, ENGLISH)
    assert event_lead(item) == LEAD
    assert post.text.startswith(LEAD + "Future students can visit")


def exact_summary(room: Room, account: str, network: str) -> str:
    """A summary that makes the event's post exactly as long as the network allows."""
    add_event(room, "Placeholder summary long enough for the schema to accept it.")
    newsroom = room.load()
    (item,) = newsroom.content.items
    link = tracked_url(newsroom.config, item, network, account)
    rules = NETWORKS[network]
    summary = "Visit"
    while rules.measure(f"{LEAD}{summary} labs\n\n{link}") <= rules.limits.max_length:
        summary += " labs"
    while rules.measure(f"{LEAD}{summary}!\n\n{link}") <= rules.limits.max_length:
        summary += "!"
    assert rules.measure(f"{LEAD}{summary}\n\n{link}") == rules.limits.max_length
    return summary


@pytest.mark.parametrize("account", FILLABLE)
def test_an_event_post_at_exactly_the_limit_is_kept_and_one_more_word_is_cut(
    room: Room, account: str
) -> None:
    """In each network's own unit (weighted characters, graphemes, characters…)."""
    network = network_of(account)
    summary = exact_summary(room, account, network)
    add_event(room, summary)
    post, _ = post_for(room, account)
    rules = NETWORKS[network]
    limit = rules.limits.max_length
    assert rules.measure(post.text) == limit and post.text.startswith(LEAD + summary + "\n\n")
    add_event(room, summary + " more")
    post, _ = post_for(room, account)
    assert rules.measure(post.text) <= limit and post.text.startswith(LEAD)
    assert post.text.split("\n\n")[0].endswith(ELLIPSIS)


def test_an_override_is_the_contributors_own_text_without_an_automatic_date(room: Room) -> None:
    add_event(
        room,
        "Future students can visit the labs and meet the teams on Saturday.",
        social={network_of(ENGLISH): "Saturday 5 December: open day!"},
    )
    post, _ = post_for(room, ENGLISH)
    assert post.text.startswith("Saturday 5 December: open day!\n\n")
