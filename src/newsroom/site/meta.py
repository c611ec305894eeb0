"""Link-preview metadata and structured data: OpenGraph, Twitter card and JSON-LD.

The item page and its short link `/s/<id>` carry the same tags (from `preview_tags`), so
a crawler that does not follow redirects still shows the item's title, summary and image.
JSON-LD: `NewsArticle` (authors typed as `newsroom.yml` declares them, `url` their page
on the site, `sameAs` their ORCID and profiles; the publisher with its logo, `sameAs`
profiles and the item's media contacts as `contactPoint`; the paper behind the story as
its `citation`, a `ScholarlyArticle`), a person page's `Person`, `Event` (a `Place` with its
`PostalAddress`), `BreadcrumbList`, an episode's `PodcastEpisode` and its show page's
`PodcastSeries`, and the home page's `WebSite` and `Organization`.
"""

from __future__ import annotations

import json

from ..config import AccountSettings, ContactSettings, SiteConfig
from ..networks import NETWORKS
from ..schema import Paper
from ..scholarly import doi_url
from ..video import iso_duration
from .audio import ShowView
from .model import GalleryPhoto, ItemView, PersonView, SiteModel
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
        ("property", "og:locale", model.locale_of(view.lang)),
        *(("property", "og:locale:alternate", model.locale_of(o.lang)) for o in view.translations),
        ("property", "article:published_time", view.date.isoformat()),
        ("property", "article:modified_time", view.modified.isoformat()),
        ("property", "article:section", view.theme.name),
        *(("property", "article:tag", tag) for tag in view.tags),
        ("name", "twitter:card", "summary_large_image"),
        ("name", "twitter:title", view.title),
        ("name", "twitter:description", view.summary),
    ]
    if view.image is not None:
        # A photo wider than a link preview shows: its variant as wide as one (the card).
        url, width, height = view.image.card or (
            view.image.absolute,
            view.image.width,
            view.image.height,
        )
        tags += [
            ("property", "og:image", url),
            ("property", "og:image:type", view.image.media_type),
            ("property", "og:image:alt", view.image.alt),
            ("name", "twitter:image", url),
            ("name", "twitter:image:alt", view.image.alt),
        ]
        if width and height:
            tags += [
                ("property", "og:image:width", str(width)),
                ("property", "og:image:height", str(height)),
            ]
    return tags


def news_article(model: SiteModel, view: ItemView) -> str:
    """The JSON-LD `NewsArticle` of an item, safe to place inside a `<script>` element."""
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
        "author": [_author(person) for person in view.authors],
        "publisher": _publisher_with_contacts(model, view),
        "articleSection": view.theme.name,
    }
    if view.paper is not None:
        data["citation"] = scholarly_article(view.paper)
    if view.tags:
        data["keywords"] = view.tags
    if view.image is not None:
        image: dict[str, object] = {"@type": "ImageObject", "url": view.image.absolute}
        if view.image.width and view.image.height:
            image.update(width=view.image.width, height=view.image.height)
        if view.image_credit:
            image["creditText"] = view.image_credit
        if view.image_caption:
            image["caption"] = view.image_caption
        data["image"] = [image]
    if view.gallery:
        images = data.setdefault("image", [])
        images += [gallery_image(photo) for photo in view.gallery]  # type: ignore[operator]
    return _json(data)


def gallery_image(photo: GalleryPhoto) -> dict[str, object]:
    """A gallery's photo as Google's image metadata asks: `ImageObject` with its credit,
    copyright notice and licence."""
    image: dict[str, object] = {
        "@type": "ImageObject",
        "contentUrl": photo.image.absolute,
        "url": photo.image.absolute,
        "caption": photo.caption,
        "creditText": photo.credit,
    }
    if photo.image.width and photo.image.height:
        image.update(width=photo.image.width, height=photo.image.height)
    if photo.copyright:
        image["copyrightNotice"] = photo.copyright
    if safe_url(photo.license):
        image["license"] = safe_url(photo.license)
    return image


def _json(data: dict[str, object]) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1)
    return text.translate(_SCRIPT_SAFE)


def _author(person: PersonView) -> dict[str, object]:
    """A `Person`, or an `Organization` for authors declared `type: organization`: `url`
    their page on the site, `sameAs` their ORCID record and public profiles."""
    kind = "Organization" if person.kind == "organization" else "Person"
    data: dict[str, object] = {"@type": kind, "name": person.name, "url": person.absolute_url}
    if person.same_as:
        data["sameAs"] = person.same_as
    return data


def person_data(model: SiteModel, person: PersonView | str) -> str:
    """The JSON-LD of a person's page: the `Person` with role, photo and employer.

    `person`: the person, or their id (`person_data(person.id)`: a plain value, which
    lets the page's record ask the answer again without asking its every other read,
    see site/recording.py).
    """
    if isinstance(person, str):
        person = model.people[person]
    data: dict[str, object] = {"@context": "https://schema.org", **_author(person)}
    if person.role:
        data["jobTitle"] = person.role
    if person.bio:
        data["description"] = person.bio
    if person.photo is not None:
        data["image"] = person.photo.absolute
    if person.kind != "organization":
        data["worksFor"] = publisher(model)
    if person.expert:
        data["knowsAbout"] = list(person.topics)
    return _json(data)


def _contact_point(contact: ContactSettings) -> dict[str, object]:
    """A media contact as schema.org's `ContactPoint` (contactType: the press, as
    schema.org's example "a PR contact point"); languages as BCP 47 codes."""
    point: dict[str, object] = {
        "@type": "ContactPoint",
        "contactType": "media relations",
        "name": contact.name,
        "email": contact.email,
    }
    if contact.phone:
        point["telephone"] = contact.phone
    if contact.languages:
        point["availableLanguage"] = contact.languages
    return point


def _publisher_with_contacts(model: SiteModel, view: ItemView) -> dict[str, object]:
    """The publisher, with the item's media contacts as its `contactPoint`: schema.org
    gives `contactPoint` to an `Organization` (or a `Person`), not to an article."""
    data = publisher(model)
    if view.contacts:
        data["contactPoint"] = [_contact_point(contact) for contact in view.contacts]
    return data


def scholarly_article(paper: Paper) -> dict[str, object]:
    """The paper behind a story as the `citation` of its `NewsArticle`."""
    url = doi_url(paper.doi)
    return {
        "@type": "ScholarlyArticle",
        "name": paper.title,
        "url": url,
        "sameAs": url,
        "identifier": {"@type": "PropertyValue", "propertyID": "DOI", "value": paper.doi},
        "isPartOf": {"@type": "Periodical", "name": paper.journal},
        "datePublished": paper.date.isoformat(),
    }


def publisher(model: SiteModel) -> dict[str, object]:
    """The institution as an `Organization`: name, site, logo and public profiles."""
    site = model.config.site
    data: dict[str, object] = {"@type": "Organization", "name": site.publisher, "url": site.url}
    if model.logo is not None:
        data["logo"] = {"@type": "ImageObject", "url": model.logo.absolute}
    if profiles := same_as(model.config):
        data["sameAs"] = profiles
    return data


def same_as(config: SiteConfig) -> list[str]:
    """The institution's public profiles: `site.same_as`, then the enabled accounts'."""
    found = [*config.site.same_as]
    found += [url for a in config.accounts.values() if a.enabled and (url := profile_url(a))]
    return [url for url in dict.fromkeys(found) if safe_url(url)]


def profile_url(account: AccountSettings) -> str | None:
    """The public page of an account, from its network and handle (None when unknown)."""
    base_url = str(account.base_url) if account.base_url else None
    return NETWORKS[account.network].profile_url(account.handle.strip(), base_url)


def site_data(model: SiteModel) -> str:
    """The home page's JSON-LD: the `WebSite` and its publisher `Organization`."""
    site = model.config.site
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": site.name,
        "url": site.url + "/",
        "inLanguage": site.language,
        "publisher": publisher(model),
    }
    if site.description:
        data["description"] = site.description
    return _json(data)


def breadcrumbs(model: SiteModel, view: ItemView) -> str:
    """The JSON-LD `BreadcrumbList` of an item page: Home, theme, item."""
    steps = [
        ("Home", model.config.site.url + "/"),
        (view.theme.name, model.absolute(view.theme.path)),
        (view.title, view.absolute_url),
    ]
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": url}
            for n, (name, url) in enumerate(steps, start=1)
        ],
    }
    return _json(data)


def _place(location) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """A `Place` with its `PostalAddress` (or just its name when no address is given)."""
    place: dict[str, object] = {"@type": "Place", "name": location.name}
    fields = {
        "streetAddress": location.street,
        "addressLocality": location.locality,
        "postalCode": location.postal_code,
        "addressCountry": location.country,
    }
    address = {key: value for key, value in fields.items() if value}
    place["address"] = {"@type": "PostalAddress", **address} if address else location.name
    return place


def event_data(model: SiteModel, view: ItemView) -> str:
    """The JSON-LD `Event` of an event item, safe inside `<script>`; empty for other items."""
    event = view.event
    if event is None:
        return ""
    places: list[dict[str, object]] = []
    if event.location:
        places.append(_place(event.location))
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
        "organizer": publisher(model),
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
    return _json(data)


# Google Search Central, "Video (VideoObject, Clip, BroadcastEvent) structured data"
# (developers.google.com/search/docs/appearance/structured-data/video, read 2026-12-07):
# required `name`, `thumbnailUrl`, `uploadDate`; recommended `description`, `contentUrl`,
# `embedUrl`, `duration` (ISO 8601). A video with no still gets none: it would be invalid.
def video_data(model: SiteModel, view: ItemView) -> str:
    """The JSON-LD `VideoObject`s of an item's videos (those with a still), safe in `<script>`."""
    found = []
    for video in view.videos:
        if video.still is None:
            continue
        data: dict[str, object] = {
            "@type": "VideoObject",
            "name": video.title,
            "description": view.summary,
            "thumbnailUrl": [video.still.absolute],
            "uploadDate": view.date.isoformat(),
            "inLanguage": view.lang,
        }
        if video.source is not None:
            data |= {"embedUrl": video.source.embed_url, "url": video.source.watch_url}
        elif video.file is not None:
            data |= {"contentUrl": video.file.absolute, "encodingFormat": video.file.media_type}
        if video.duration:
            data["duration"] = iso_duration(video.duration)
        found.append(data)
    return _json({"@context": "https://schema.org", "@graph": found})


# Podcasts. schema.org: `PodcastSeries` (schema.org/PodcastSeries: `webFeed`, the show's
# RSS feed), `PodcastEpisode` (schema.org/PodcastEpisode: `partOfSeries`, `episodeNumber`;
# `associatedMedia`, the audio as an `AudioObject` with `contentUrl`, `encodingFormat`,
# `duration` in ISO 8601 and `transcript`). Google, "Podcast Schema.org Specification"
# (developers.google.com/actions/media/reference/data-specification/podcast-specification,
# read 2026-12-07): a series has a stable `@id` (a URI of the publisher's domain), `url`
# (its page), `name`, `description`, `author`, `image` and its feed; an episode its `name`,
# `url`, `description`, `datePublished` and the series it is part of.
def podcast_series(model: SiteModel, show: ShowView) -> dict[str, object]:
    """A show as a `PodcastSeries`: its page, feed, description, artwork and author."""
    settings = show.settings
    page = model.absolute(show.path)
    author = publisher(model)
    if settings.author and settings.author != model.config.site.publisher:
        author = {"@type": "Organization", "name": settings.author}  # a team, a lab
    return {
        "@type": "PodcastSeries",
        "@id": f"{page}#series",  # the same in the show's page and in every episode's
        "name": show.title,
        "url": page,
        "webFeed": show.feed_url,
        "description": show.description,
        "image": show.artwork.absolute,  # its address only: what newsroom.yml says
        "author": author,
        "publisher": publisher(model),
        "inLanguage": settings.language or model.config.site.language,
    }


def show_data(model: SiteModel, show_id: str) -> str:
    """The JSON-LD of a show's page: its `PodcastSeries`, safe inside `<script>`.

    Called with the show's id: what a page passes to a function is recorded, and an id is
    a plain value (site/recording.py)."""
    return _json({"@context": "https://schema.org", **podcast_series(model, _show(model, show_id))})


def _show(model: SiteModel, show_id: str) -> ShowView:
    return next(s for s in model.shows if s.id == show_id)  # checked to be declared


def episode_data(model: SiteModel, view: ItemView) -> str:
    """The JSON-LD `PodcastEpisode` of an episode's page, safe in `<script>`; empty for
    other items."""
    episode = view.episode
    if episode is None:
        return ""
    audio = episode.audio
    media: dict[str, object] = {
        "@type": "AudioObject",
        "contentUrl": audio.file.absolute,
        "encodingFormat": audio.file.media_type,  # read from the file, as its duration
        "duration": audio.iso_duration,
        "contentSize": f"{audio.file.length} B",
    }
    if audio.transcript is not None:
        # `transcript` expects Text, of which schema.org's URL is a kind: the file's address
        # (a WebVTT file's cues are not prose to copy into the page).
        media["transcript"] = audio.transcript.absolute
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "PodcastEpisode",
        "name": view.title,
        "url": view.absolute_url,
        "datePublished": view.date.isoformat(),
        "description": view.summary,
        "inLanguage": view.lang,
        "associatedMedia": media,
        "partOfSeries": podcast_series(model, _show(model, episode.show)),
    }
    if episode.number is not None:
        data["episodeNumber"] = episode.number
    return _json(data)


def share_links(item: ItemView) -> list[tuple[str, str]]:
    """(label, address) of each network's share page for the story, in the networks' order:
    the networks whose declaration gives a `share_url` (the item page's Share links)."""
    return [
        (network.label, network.share_url(str(item.title), str(item.absolute_url)))
        for network in NETWORKS.values()
        if network.share_url is not None
    ]
