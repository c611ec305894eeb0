"""Events on the site: iCalendar files read back by a real parser, JSON-LD `Event`, past events."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar
from lxml import html

from newsroom.build_assembly import build_site

from .conftest import EXAMPLE_NOW, ExampleSite, copy_example

OPEN_DAY = "news/events/2026/open-day-on-5-december-meet-our-teams-and-visit-the-labs/"
NIGHT = "news/events/2026/european-researchers-night-at-aldermoor/"
LECTURE = "news/events/2026/online-lecture-what-quantum-computers-will-not-do/"


def calendar(path: Path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


def events_of(cal: Calendar) -> dict[str, object]:
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def page(site: ExampleSite, path: str):
    return html.fromstring((site.output / path / "index.html").read_bytes())


def test_every_event_has_its_own_ics_with_a_stable_uid_and_exact_times(
    example_site: ExampleSite,
) -> None:
    cal = calendar(example_site.output / "events/srcgfeqg.ics")
    (event,) = cal.walk("VEVENT")
    assert str(event["UID"]) == "srcgfeqg@news.aldermoor.example"
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start == datetime.fromisoformat("2026-12-05T09:00:00+01:00")
    assert end == datetime.fromisoformat("2026-12-05T17:00:00+01:00")
    assert str(start.tzinfo) == "Europe/Paris" and cal.walk("VTIMEZONE")
    # The place's name and its postal address (event.location), on one line.
    assert str(event["LOCATION"]) == (
        "Great Hall, Aldermoor main campus, 1 College Road, Aldermoor, AL1 4QX, GB"
    )
    assert str(event["URL"]).endswith(OPEN_DAY)
    # DTSTAMP comes from the item, never from the build's clock.
    assert event.decoded("DTSTAMP") == datetime.fromisoformat("2026-11-10T10:00:00+01:00")


def test_the_calendar_feed_subscribes_and_holds_upcoming_events(example_site: ExampleSite) -> None:
    cal = calendar(example_site.output / "feeds/events.ics")
    assert str(cal["VERSION"]) == "2.0" and str(cal["METHOD"]) == "PUBLISH"
    assert "REFRESH-INTERVAL" in cal and str(cal["X-WR-CALNAME"])
    uids = set(events_of(cal))
    # Open day and online lecture are upcoming; Researchers' Night ended two months ago.
    assert uids == {"srcgfeqg@news.aldermoor.example", "t5shfe7f@news.aldermoor.example"}
    online = events_of(cal)["t5shfe7f@news.aldermoor.example"]
    assert str(online["LOCATION"]).startswith("https://")
    theme = calendar(example_site.output / "feeds/events.events.ics")
    assert set(events_of(theme)) == uids
    empty = calendar(example_site.output / "feeds/climate.events.ics")
    assert not empty.walk("VEVENT") and empty.walk("VTIMEZONE"), "valid even when empty"


def test_event_page_shows_when_where_and_the_calendar_links(example_site: ExampleSite) -> None:
    doc = page(example_site, OPEN_DAY)
    (aside,) = doc.xpath('//aside[contains(@class, "event")]')
    text = aside.text_content()
    assert "5 December 2026, 09:00" in text and "Great Hall" in text
    assert aside.xpath('.//a[@href="/events/srcgfeqg.ics"]')
    assert aside.xpath('.//a[text()="Register"]')
    assert "has passed" not in text
    docs = doc.xpath('//section[@class="attachments"]//li')
    assert len(docs) == 1 and "PDF" in docs[0].text_content() and "KB" in docs[0].text_content()


def test_a_past_event_stays_published_and_is_marked_as_past(example_site: ExampleSite) -> None:
    doc = page(example_site, NIGHT)
    (aside,) = doc.xpath('//aside[contains(@class, "event")]')
    assert "This event has passed" in aside.text_content()
    assert not aside.xpath('.//a[text()="Register"]'), "no registration for a past event"
    assert (example_site.output / "events/rqgyx6tj.ics").is_file()


def test_json_ld_event_has_the_required_properties(example_site: ExampleSite) -> None:
    for path, mode, location in [
        (OPEN_DAY, "Offline", "Place"),
        (LECTURE, "Online", "VirtualLocation"),
    ]:
        scripts = page(example_site, path).xpath('//script[@type="application/ld+json"]/text()')
        (event,) = [d for d in map(json.loads, scripts) if d["@type"] == "Event"]
        for key in ("name", "startDate", "endDate", "location", "eventStatus", "organizer"):
            assert event[key], key
        assert event["eventAttendanceMode"] == f"https://schema.org/{mode}EventAttendanceMode"
        assert event["location"]["@type"] == location
        assert datetime.fromisoformat(event["startDate"]).utcoffset() is not None
        assert event["url"].endswith(path) and event["image"]


def test_home_page_lists_upcoming_events_soonest_first(example_site: ExampleSite) -> None:
    doc = html.fromstring((example_site.output / "index.html").read_bytes())
    (section,) = doc.xpath('//section[@class="upcoming"]')
    links = section.xpath(".//li/a/@href")
    assert links == [f"/{OPEN_DAY}", f"/{LECTURE}"]
    assert section.xpath('.//a[@href="/feeds/events.ics"]')


def test_the_attachment_is_published_and_reachable_through_the_unique_link(
    example_site: ExampleSite,
) -> None:
    brochure = (example_site.root / "content/files/events/open-day-2026-brochure.pdf").read_bytes()
    assert (
        example_site.output / "files/events/open-day-2026-brochure.pdf"
    ).read_bytes() == brochure
    assert (example_site.output / "s/srcgfeqg/open-day-2026-brochure.pdf").read_bytes() == brochure
    stub = (example_site.output / "s/srcgfeqg/index.html").read_text(encoding="utf-8")
    assert 'href="/s/srcgfeqg/open-day-2026-brochure.pdf"' in stub


EVENT_ACROSS_DST = """\
---
id: dst2026ab
title: "Night of the clocks: a lecture across the change of time"
date: 2026-10-01T10:00:00+02:00
summary: >-
  An all-night lecture marathon that starts in summer time and ends in winter time, on the
  night the clocks go back.
authors: [press-office]
event:
  start: {start}
  end: {end}
  location: "Main lecture theatre"
---
The clocks go back during the lecture.
"""


@pytest.mark.parametrize(
    ("start", "end", "hours"),
    [
        ("2026-10-24T22:00:00+02:00", "2026-10-25T06:00:00+01:00", 9),  # October: +1 h
        ("2026-03-28T22:00:00+01:00", "2026-03-29T06:00:00+02:00", 7),  # March: -1 h
    ],
)
def test_times_survive_daylight_saving_changes_and_builds_are_byte_identical(
    tmp_path: Path, start: str, end: str, hours: int
) -> None:
    root = copy_example(tmp_path)
    date = f"{start[:7]}-01T10:00:00{start[-6:]}"
    text = EVENT_ACROSS_DST.format(start=start, end=end).replace("2026-10-01T10:00:00+02:00", date)
    item = root / f"content/news/events/2026/{date[:10]}-night-of-the-clocks.md"
    item.write_text(text, encoding="utf-8")
    builds = [
        build_site(root, tmp_path / name, now=EXAMPLE_NOW, use_git=False, with_handbook=False)
        for name in ("one", "two")
    ]
    (event,) = calendar(builds[0].output / "events/dst2026ab.ics").walk("VEVENT")
    got_start, got_end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert got_start == datetime.fromisoformat(start) and got_end == datetime.fromisoformat(end)
    assert got_end.astimezone(UTC) - got_start.astimezone(UTC) == timedelta(hours=hours)
    assert got_start.utcoffset() != got_end.utcoffset(), "each end keeps its own offset"
    one, two = (b.output for b in builds)
    written = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert written == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    for path in written:
        assert (one / path).read_bytes() == (two / path).read_bytes(), path
