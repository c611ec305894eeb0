"""The tracked links whose visits a stats run reads: one per item and UTM source/campaign.

Every post of an item carries `/s/<id>?utm_source=…&utm_medium=…&utm_campaign=…`, built by
newsroom/links.py from the `utm:` templates; posts whose templates give the same values
(two accounts of one network with `source: "{network}"`) share one link, so visits are read and
counted once per link, never once per post. The join with the analytics data is the link's
`utm_source` and `utm_campaign`, plus the item's page as entry page when the campaign
template does not name the item (`{id}`): the default campaign, `{theme}`, is shared by
every item of a theme.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from ..config import SiteConfig
from ..content import Item
from ..links import item_path
from ..repository import Newsroom
from ..utm import fill_template, parse_template
from .analytics import LinkQuery
from .schedule import Due


@dataclass(frozen=True)
class TrackedLink:
    """One link to ask the analytics about."""

    item: str
    networks: tuple[str, ...]  # of the posts carrying it, in the order first read
    query: LinkQuery


def campaign_names_item(config: SiteConfig) -> bool:
    """Whether `utm.campaign` contains `{id}`: then the campaign alone identifies the item."""
    return any(name == "id" for _, name in parse_template(config.utm.campaign))


def utm_values(config: SiteConfig, item: Item, network: str, account: str) -> tuple[str, str]:
    """(utm_source, utm_campaign) of the link of `item` posted by `account`."""
    values = {"network": network, "account": account, "theme": item.theme, "id": item.id}
    return fill_template(config.utm.source, values), fill_template(config.utm.campaign, values)


def entry_path(config: SiteConfig, item: Item) -> str:
    """The item page's path on the site, as analytics record it (`/news/…/slug/`)."""
    base = urlsplit(config.site.url).path.rstrip("/")
    return f"{base}/{item_path(item)}"


def tracked_links(newsroom: Newsroom, due: list[Due], now: datetime) -> list[TrackedLink]:
    """The distinct links of the due posts whose item still exists (utm enabled only)."""
    config = newsroom.config
    if not config.utm.enabled:
        return []
    items = {item.id: item for item in newsroom.content.items}
    by_id = campaign_names_item(config)
    grouped: dict[tuple[str, str, str], list[Due]] = {}
    for entry in due:
        item = items.get(entry.item)
        if item is None:
            continue
        source, campaign = utm_values(config, item, entry.network, entry.account)
        if source and campaign:  # a link without both cannot be told apart
            grouped.setdefault((item.id, source, campaign), []).append(entry)
    today = now.astimezone(config.zone).date()
    links = []
    for (item_id, source, campaign), entries in grouped.items():
        start = min(e.sent_at for e in entries).astimezone(config.zone).date()
        path = None if by_id else entry_path(config, items[item_id])
        networks = tuple(dict.fromkeys(e.network for e in entries))
        query = LinkQuery(source, campaign, path, min(start, today), today)
        links.append(TrackedLink(item_id, networks, query))
    return links
