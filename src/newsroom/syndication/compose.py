"""The exact text of a post: the item's words, its hashtags and its link, within the limit.

Pure and deterministic: the same item, account and limits always give the same post, so
`publish`, `publish --dry-run`, `preview-posts` and `check` agree on every character.
Text = the item's override for the network, else its summary (an event's summary is led
by its date, `📅 5 Dec 2026, 09:00 · `); then the hashtags made from its tags; then the
unique link with the network's UTM. When space runs out, hashtags go first (the last tag
first), then the summary is cut at a word boundary and marked with `…`. The link, the
event date and the words kept are never cut. An override is never cut: it must fit as
written (it is the contributor's own text, so it carries no automatic date).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

from ..config import SiteConfig
from ..content import Item
from ..links import published_url, tracked_url
from ..networks import NETWORKS, counting
from ..networks.base import Limits, LinkCard, Post
from ..problems import Problem
from ..schema import GalleryImage
from .routing import route_item, social_text

ELLIPSIS = "…"
Measure = Callable[[str], int]

# Punctuation left dangling before an ellipsis reads badly: "results,…" → "results…".
_DANGLING = " \t\n,;:–—-(/"
# Scripts written without spaces between words: a break is allowed between two characters.
_NO_SPACE_SCRIPTS = re.compile(
    "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]"
)
# CJK punctuation must stay with the word before it (never start a line, never be cut off).
_CLOSING = set("、。，．！？：；」』）】〉》〕…・ー")


class CompositionError(ValueError):
    """The item's text cannot fit this account's limit without cutting what may not be cut."""


def hashtag(tag: str) -> str | None:
    """`student-life` → `#StudentLife`; one-word tags keep their case; numbers are no hashtag."""
    words = [w for w in re.split(r"[\s_-]+", tag.strip()) if w]
    if not words:
        return None
    name = words[0] if len(words) == 1 else "".join(w[0].upper() + w[1:] for w in words)
    return None if name.isdigit() else f"#{name}"


def hashtags(tags: list[str], text: str) -> list[str]:
    """Hashtags for `tags`, in order, without those the text already contains."""
    present = {m.lower() for m in re.findall(r"#\w+", text)}
    chosen: list[str] = []
    for tag in tags:
        name = hashtag(tag)
        if name and name.lower() not in present:
            present.add(name.lower())
            chosen.append(name)
    return chosen


def assemble(body: str, tags: list[str], link: str) -> str:
    """The post's layout: the words, a blank line, the hashtags, a blank line, the link."""
    parts = [body] if body else []
    if tags:
        parts.append(" ".join(tags))
    parts.append(link)
    return "\n\n".join(parts)


def _clusters(text: str) -> Iterator[str]:
    # Grapheme clusters (counting.graphemes): a cut never splits one of them.
    return iter(counting.grapheme_clusters(text))


def _may_break(previous: str, cluster: str) -> bool:
    """Whether a cut between two grapheme clusters leaves every word whole."""
    if not previous or previous.isspace():
        return False
    if cluster.isspace():
        return True
    between_cjk = _NO_SPACE_SCRIPTS.match(previous) or _NO_SPACE_SCRIPTS.match(cluster)
    return bool(between_cjk) and cluster[0] not in _CLOSING


def break_points(text: str) -> list[int]:
    """Offsets where `text` may be cut without cutting a word (or a grapheme), ascending."""
    points, offset, previous = [], 0, ""
    for cluster in _clusters(text):
        if _may_break(previous, cluster):
            points.append(offset)
        offset += len(cluster)
        previous = cluster
    if previous and not previous.isspace():
        points.append(offset)
    return points


def cut(text: str, fits_with: Callable[[str], bool]) -> str | None:
    """The longest `text[:i] + '…'` that `fits_with`, cut at a break point; None if none does."""
    candidates = [text[:i].rstrip(_DANGLING) for i in break_points(text)]
    candidates = [c + ELLIPSIS for c in candidates if c]
    low, high, best = 0, len(candidates) - 1, None
    # Longer prefixes measure longer: a binary search finds the longest that fits.
    while low <= high:
        middle = (low + high) // 2
        if fits_with(candidates[middle]):
            best, low = middle, middle + 1
        else:
            high = middle - 1
    return candidates[best] if best is not None else None


_SHORT_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")  # fmt: skip


def event_lead(item: Item) -> str:
    """`📅 5 Dec 2026, 09:00 · `: an event's start, in the time zone it was written in."""
    event = item.meta.event
    if event is None:
        return ""
    start = event.start
    return f"📅 {start.day} {_SHORT_MONTHS[start.month - 1]} {start.year}, {start:%H:%M} · "


def _normalize(text: str) -> str:
    # NFC is what X counts and what every network stores; one line of plain text per post.
    return unicodedata.normalize("NFC", " ".join(text.split()))


def compose_post(
    item: Item,
    account_id: str,
    config: SiteConfig,
    limits: Limits,
    measure: Measure,
    *,
    root: Path | None = None,
) -> Post:
    """The post for one account: text within `limits` as `measure` counts, link card, key.

    Raises CompositionError when an override does not fit, or no word of the summary fits.
    `root` makes the image paths absolute (adapters upload them).
    """
    network = config.accounts[account_id].network
    declared = NETWORKS[network]
    link = tracked_url(config, item, network, account_id)
    ending = link_text(config, account_id, link)
    override = social_text(item, network)
    if isinstance(override, str):
        if refused := NETWORKS[network].refused_character(override):
            raise CompositionError(_refused(refused, network))  # an override is never altered
        body = _normalize(override)
    else:  # the summary loses the characters the network refuses, as it may lose words
        body = _normalize(_without_refused(item.meta.summary, network))
    lead = "" if isinstance(override, str) else event_lead(item)
    tags = hashtags(item.meta.tags, body)

    def fitting(words: str, kept: list[str]) -> bool:
        return declared.fits(assemble(lead + words, kept, ending), limits, measure)

    text = None
    for kept in range(len(tags), -1, -1):
        if fitting(body, tags[:kept]):
            text, tags = assemble(lead + body, tags[:kept], ending), tags[:kept]
            break
    if text is None:
        if isinstance(override, str):
            raise CompositionError(_too_long(assemble(body, [], ending), limits, measure))
        shortened = cut(body, lambda words: fitting(words, []))
        if shortened is None:
            raise CompositionError(
                f"the summary cannot be cut at a word to fit {limits.max_length} {limits.unit}"
            )
        text, tags = assemble(lead + shortened, [], ending), []
    image = item.meta.image
    image_path = (root / image if root else Path(image)) if image else None
    card = LinkCard(
        url=link,
        title=item.title,
        description=item.meta.summary,
        image=image_path,
        image_alt=item.meta.image_alt,
    )
    return Post(
        item_id=item.id,
        account=account_id,
        network=network,
        text=text,
        link=link,
        card=card,
        key=post_key(item.id, account_id),
        image=image_path,
        image_alt=alt_text_for(item.meta.image_alt, limits),
        image_url=published_url(config, image) if image else None,
        gallery=gallery_images(item, limits, root),
        gallery_urls=tuple(
            published_url(config, photo.image) for photo in gallery_photos(item, limits)
        ),
        tags=tuple(t.lstrip("#") for t in tags),
        language=item.lang,
        theme=item.theme,
    )


def alt_text_for(alt: str | None, limits: Limits) -> str | None:
    """The image's alt text as the network takes it: whole, or cut at a word (marked `…`) to
    the network's `max_alt_text` characters. The site keeps it whole; the preview says so."""
    maximum = limits.max_alt_text
    if alt is None or maximum is None or len(alt) <= maximum:
        return alt
    return cut(alt, lambda words: len(words) <= maximum) or alt[: maximum - 1] + ELLIPSIS


def gallery_images(item: Item, limits: Limits, root: Path | None) -> tuple[tuple[Path, str], ...]:
    """The gallery's first photos (path, alt text) that fit in one post beside the item's
    image: as many as the network takes (its declared `max_media`), in order."""
    return tuple(
        (root / photo.image if root else Path(photo.image), photo.alt)
        for photo in gallery_photos(item, limits)
    )


def gallery_photos(item: Item, limits: Limits) -> list[GalleryImage]:
    """The gallery's first photos, as many as fit in one post beside the item's image."""
    room = max(0, limits.max_media - (1 if item.meta.image else 0))
    return item.meta.gallery[:room]


def link_text(config: SiteConfig, account_id: str, link: str) -> str:
    """What ends the post: the link, or where links are not clickable (an image caption),
    the words that say where it is (the account's `link_wording`, else the network's)."""
    account = config.accounts[account_id]
    declared = NETWORKS[account.network]
    if declared.link_clickable:
        return link
    return account.link_wording or declared.link_wording or link


def _without_refused(text: str, network: str) -> str:
    """`text` without the characters `network` refuses (X: U+FFFE, U+FEFF, U+FFFF)."""
    while (refused := NETWORKS[network].refused_character(text)) is not None:
        text = text.replace(refused, "")
    return text


def _refused(character: str, network: str) -> str:
    name = unicodedata.name(character, "a noncharacter")
    return (
        f"contains U+{ord(character):04X} ({name}), which {NETWORKS[network].label} "
        "refuses in a post — delete it (it is invisible: retype the text around it)"
    )


def _too_long(text: str, limits: Limits, measure: Measure) -> str:
    length, size = measure(text), len(text.encode("utf-8"))
    if limits.max_bytes is not None and size > limits.max_bytes:
        excess, unit = size - limits.max_bytes, "bytes"
        length, maximum = size, limits.max_bytes
    else:
        excess, unit, maximum = max(length - limits.max_length, 1), limits.unit, limits.max_length
    return (
        f"is {length}/{maximum} {unit} with the link — shorten it by {excess}, "
        "or remove it to use the summary"
    )


def post_key(item_id: str, account_id: str) -> str:
    """The deterministic key of an item's post on an account (idempotency / record key seed)."""
    return f"{item_id}-{account_id}"


def override_problems(item: Item, config: SiteConfig) -> list[Problem]:
    """`check` problems for overrides the network would refuse: too long for its default
    limits, or holding a character it refuses (X: U+FFFE, U+FEFF, U+FFFF).

    Checked for each account the item is routed to (its link carries that account's UTM),
    or with the network's own name when no account of that network takes the item.
    """
    social = item.meta.social
    if social is None:
        return []
    routes = [r for r in route_item(item, config) if r.sends]
    problems = []
    for network in NETWORKS:
        if not isinstance(social_text(item, network), str):
            continue
        body = _normalize(str(social_text(item, network)))
        accounts = [r.account for r in routes if r.network == network]
        line = item.lines.get(("social", network), item.lines.get(("social",), 1))
        for account_id in accounts or _accounts_on(config, network)[:1]:
            # Hashtags are dropped before anything else: the override must fit with the link.
            link = tracked_url(config, item, network, account_id)
            text = assemble(body, [], link_text(config, account_id, link))
            message = _override_problem(text, network)
            if message is not None:
                problems.append(Problem(item.path, line, f"social.{network}", message))
                break
    return problems


def _override_problem(text: str, network: str) -> str | None:
    """Why `network` would refuse the post `text` made of an override, or None."""
    declared = NETWORKS[network]
    refused = declared.refused_character(text)
    if refused is not None:
        return _refused(refused, network)
    if (too_many := declared.too_many(text)) is not None:
        return f"holds {too_many} with the link, more than {declared.label} takes — remove some"
    if not declared.fits(text):
        return _too_long(text, declared.limits, declared.measure)
    return None


def _accounts_on(config: SiteConfig, network: str) -> list[str]:
    return [a for a, settings in config.accounts.items() if settings.network == network]
