"""iCalendar files of events: one `.ics` per event, and subscribable feeds of upcoming events.

Written with the `icalendar` library. Each event's UID is `<id>@<site host>`, so a calendar
that imported an event updates it instead of duplicating it. Times are written in the
site's time zone (`TZID` with its `VTIMEZONE`), converted from the instant written in the
front matter, so an event across a daylight-saving change keeps its true start and end.
`DTSTAMP` and `LAST-MODIFIED` come from the item (`updated`, else `date`), never from the
build's clock: two builds of the same content write the same bytes.

The feeds (`feeds/events.ics`, and `feeds/<theme>.events.ics` per theme) hold the events
not yet ended at the build's `now`, plus those ended in the last `KEEP_PAST` days, so a
subscribed calendar does not lose an event the moment it is over.
"""

from __future__ import annotations

from datetime import MAXYEAR, MINYEAR, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from icalendar import Calendar, Timezone
from icalendar import Event as VEvent

from ..urls import ALL_EVENTS
from .model import ItemView, SiteModel

KEEP_PAST = timedelta(days=30)
REFRESH = timedelta(hours=6)
UTC = ZoneInfo("UTC")


def event_uid(model: SiteModel, view: ItemView) -> str:
    """The permanent UID of an event: `<id>@<site host>`."""
    return f"{view.id}@{urlsplit(model.url).hostname}"


def vevent(model: SiteModel, view: ItemView) -> VEvent:
    """The VEVENT of one event item, its times in the site's time zone."""
    event = view.event
    assert event is not None
    zone = model.config.zone
    component = VEvent()
    component.add("uid", event_uid(model, view))
    component.add("dtstamp", view.modified.astimezone(UTC))
    component.add("last-modified", view.modified.astimezone(UTC))
    component.add("created", view.date.astimezone(UTC))
    component.add("summary", view.title)
    component.add("dtstart", event.start.astimezone(zone))
    component.add("dtend", event.end.astimezone(zone))
    component.add("description", f"{view.summary}\n\n{view.short_url}")
    component.add("url", view.absolute_url)
    place = event.location.label if event.location else event.online_url
    if place:
        component.add("location", place)
    if event.online_url:
        component.add("conference", event.online_url, parameters={"VALUE": "URI"})
    component.add("status", "CONFIRMED")
    component.add("transp", "OPAQUE")
    component.add("categories", [view.theme.name])
    site = model.config.site
    if site.contact_email:
        component.add(
            "organizer", f"mailto:{site.contact_email}", parameters={"CN": site.publisher}
        )
    return component


def calendar(model: SiteModel, name: str, views: list[ItemView]) -> bytes:
    """A VCALENDAR of `views` (event items), with the time zone definitions they need."""
    cal = Calendar()
    cal.add("prodid", f"-//Newsroom//{model.name}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", model.config.site.timezone)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT6H")  # the same, for Outlook
    # The site's VTIMEZONE, only for the years the events need: short and stable. Always
    # present, so a feed with no event still holds a component (RFC 5545 requires one).
    years = [y for v in views if v.event for y in (v.event.start.year, v.event.end.year)]
    years = years or [model.now.year]
    cal.add_component(
        Timezone.from_tzid(
            model.config.site.timezone,
            # Clamped: `check` keeps years in 1000 to 2999; even so, never an overflow here.
            first_date=date(max(min(years) - 1, MINYEAR), 1, 1),
            last_date=date(min(max(years) + 2, MAXYEAR), 1, 1),
        )
    )
    for view in views:
        cal.add_component(vevent(model, view))
    return cal.to_ical()


def feed_events(model: SiteModel, theme: str | None, now: datetime) -> list[ItemView]:
    """Events of a calendar feed: not ended, or ended less than `KEEP_PAST` ago."""
    return [v for v in model.events(theme) if v.event and v.event.end >= now - KEEP_PAST]


def write_calendars(model: SiteModel, output: Path) -> list[str]:
    """Write every event's `.ics`, the site-wide feed and one feed per theme."""
    written: list[tuple[str, bytes]] = []
    for view in model.events():
        written.append((view.calendar_path, calendar(model, view.title, [view])))
    written.append(
        (ALL_EVENTS, calendar(model, f"{model.name} — events", feed_events(model, None, model.now)))
    )
    for theme in model.themes:
        views = feed_events(model, theme.slug, model.now)
        written.append(
            (theme.calendar_path, calendar(model, f"{theme.name} — {model.name}", views))
        )
    for path, data in written:
        target = output / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return [path for path, _ in written]
