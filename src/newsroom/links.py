"""The links of an item: its canonical page, its permanent short link, and tracked variants."""

from __future__ import annotations

from urllib.parse import urlencode

from . import urls
from .config import SiteConfig
from .content import Item
from .utm import fill_template


def item_path(item: Item) -> str:
    """Site-relative path of the item's page, like its file: `news/<theme>/<YYYY>/<slug>/`."""
    return urls.item_path(item.theme, item.date.year, item.slug)


def item_url(config: SiteConfig, item: Item) -> str:
    """Absolute canonical URL of the item's page."""
    return f"{config.site.url}/{item_path(item)}"


def short_path(item_id: str) -> str:
    """Site-relative path of the permanent short link, `s/<id>`."""
    return urls.short_path(item_id)


def short_url(config: SiteConfig, item_id: str) -> str:
    """The one permanent link of an item, used in every post: `https://<site>/s/<id>`."""
    return f"{config.site.url}/{short_path(item_id)}"


def published_url(config: SiteConfig, rel: str) -> str:
    """Absolute URL of a repository file the site publishes (an item's image)."""
    return f"{config.site.url}/{urls.published_path(rel)}"


def tracked_url(config: SiteConfig, item: Item, network: str, account: str) -> str:
    """The short link with the UTM parameters of one network and account."""
    url = short_url(config, item.id)
    utm = config.utm
    if not utm.enabled:
        return url
    values = {"network": network, "account": account, "theme": item.theme, "id": item.id}
    params = {
        "utm_source": fill_template(utm.source, values),
        "utm_medium": fill_template(utm.medium, values),
        "utm_campaign": fill_template(utm.campaign, values),
    }
    return f"{url}?{urlencode({k: v for k, v in params.items() if v})}"
