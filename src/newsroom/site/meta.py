"""Link-preview metadata of an item: OpenGraph, Twitter card and JSON-LD `NewsArticle`.

The item page and its short link `/s/<id>` carry the same tags (from `preview_tags`), so
a crawler that does not follow redirects still shows the item's title, summary and image.
"""

from __future__ import annotations

import json

from .model import ItemView, SiteModel
from .sanitize import safe_url

# JSON inside <script> must not be able to close the element or open a comment.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def preview_tags(model: SiteModel, view: ItemView) -> list[tuple[str, str, str]]:
    """(attribute, name, content) triples for the `<meta>` tags of an item's preview."""
    tags = [
        ("property", "og:type", "article"),
        ("property", "og:site_name", model.name),
        ("property", "og:title", view.title),
        ("property", "og:description", view.summary),
        ("property", "og:url", view.absolute_url),
        ("property", "og:locale", view.lang.replace("-", "_")),
        *(("property", "og:locale:alternate", o.lang.replace("-", "_")) for o in view.translations),
        ("property", "article:published_time", view.date.isoformat()),
        ("property", "article:modified_time", view.modified.isoformat()),
        ("property", "article:section", view.theme.name),
        *(("property", "article:tag", tag) for tag in view.tags),
        ("name", "twitter:card", "summary_large_image"),
        ("name", "twitter:title", view.title),
        ("name", "twitter:description", view.summary),
    ]
    if view.image is not None:
        tags += [
            ("property", "og:image", view.image.absolute),
            ("property", "og:image:type", view.image.media_type),
            ("property", "og:image:alt", view.image.alt),
            ("name", "twitter:image", view.image.absolute),
            ("name", "twitter:image:alt", view.image.alt),
        ]
        if view.image.width and view.image.height:
            tags += [
                ("property", "og:image:width", str(view.image.width)),
                ("property", "og:image:height", str(view.image.height)),
            ]
    return tags


def news_article(model: SiteModel, view: ItemView) -> str:
    """The JSON-LD `NewsArticle` of an item, safe to place inside a `<script>` element."""
    site = model.config.site
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": view.title,
        "description": view.summary,
        "datePublished": view.date.isoformat(),
        "dateModified": view.modified.isoformat(),
        "inLanguage": view.lang,
        "url": view.absolute_url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": view.absolute_url},
        "author": [_person(model, name) for name in view.author_names],
        "publisher": {"@type": "Organization", "name": site.publisher, "url": site.url},
        "articleSection": view.theme.name,
    }
    if view.tags:
        data["keywords"] = view.tags
    if view.image is not None:
        image: dict[str, object] = {"@type": "ImageObject", "url": view.image.absolute}
        if view.image.width and view.image.height:
            image.update(width=view.image.width, height=view.image.height)
        data["image"] = [image]
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1)
    return text.translate(_SCRIPT_SAFE)


def _person(model: SiteModel, name: str) -> dict[str, str]:
    author = model.config.authors_by_key.get(name)
    person = {"@type": "Person", "name": name}
    if author is not None and safe_url(author.url):
        person["url"] = safe_url(author.url)
    return person


def event_data(model: SiteModel, view: ItemView) -> str:
    """The JSON-LD `Event` of an event item, safe inside `<script>`; empty for other items."""
    event = view.event
    if event is None:
        return ""
    site = model.config.site
    places: list[dict[str, object]] = []
    if event.location:
        places.append({"@type": "Place", "name": event.location, "address": event.location})
    if safe_url(event.online_url):
        places.append({"@type": "VirtualLocation", "url": safe_url(event.online_url)})
    if event.location and event.online_url:
        mode = "MixedEventAttendanceMode"
    else:
        mode = "OnlineEventAttendanceMode" if event.online_url else "OfflineEventAttendanceMode"
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": view.title,
        "description": view.summary,
        "startDate": event.start.isoformat(),
        "endDate": event.end.isoformat(),
        "eventAttendanceMode": f"https://schema.org/{mode}",
        "eventStatus": "https://schema.org/EventScheduled",
        "location": places[0] if len(places) == 1 else places,
        "organizer": {"@type": "Organization", "name": site.publisher, "url": site.url},
        "url": view.absolute_url,
        "inLanguage": view.lang,
    }
    if view.image is not None:
        data["image"] = [view.image.absolute]
    if safe_url(event.registration_url):
        data["offers"] = {
            "@type": "Offer",
            "url": safe_url(event.registration_url),
            "availability": "https://schema.org/InStock",
        }
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1)
    return text.translate(_SCRIPT_SAFE)
