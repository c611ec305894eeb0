"""What a run would post, as Markdown for a pull-request comment or a terminal.

`preview-posts` and `publish --dry-run` build their posts with the same `compose_post` as
`publish`, with each network's default limits (no network is asked, no secret is needed:
previews run on pull requests from forks). A network that tells its own limits at publish
time (an instance of a federated network) says so under the preview (its declaration's
`preview_note`); a post that fits the default fits every instance with a higher limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..config import SiteConfig
from ..content import Item
from ..github_text import bold, code, code_block, plain
from ..networks import NETWORKS
from ..networks.base import Post
from ..repository import Newsroom
from .compose import CompositionError, compose_post, hashtags
from .ledger import Ledger
from .queue import Queue, account_allowance
from .routing import Route, language_name, route_item, social_text


class ItemState(StrEnum):
    """Where an item stands when it is previewed."""

    PUBLISHED = "published"
    SCHEDULED = "scheduled"
    DRAFT = "draft"


class PostState(StrEnum):
    """What happens to one post; the words are the preview's (its reason says the rest)."""

    PREVIEWED = "previewed"  # composed, nothing said about when (preview-posts)
    SEND_NOW = "would be sent now"
    WAITS = "waits"  # reason: the spacing or cap that holds it
    ALREADY_POSTED = "already posted"  # reason: the post's URL


@dataclass
class PostPreview:
    """One account's post for one item, or why there is none."""

    route: Route
    post: Post | None = None
    error: str | None = None
    state: PostState = PostState.PREVIEWED
    reason: str = ""  # why it waits, or where it was posted


@dataclass
class ItemPreview:
    item: Item
    posts: list[PostPreview]
    state: ItemState


def compose_preview(item: Item, route: Route, config: SiteConfig, root: Path) -> PostPreview:
    """The post as `publish` would compose it with the network's default limits."""
    rules = NETWORKS[route.network]
    try:
        post = compose_post(item, route.account, config, rules.limits, rules.measure, root=root)
    except CompositionError as error:
        return PostPreview(route, error=f"social.{route.network} {error}")
    return PostPreview(route, post)


def preview_items(
    newsroom: Newsroom, items: list[Item], ledger: Ledger, now: datetime
) -> list[ItemPreview]:
    """Every route of every item, composed, with what the ledger says was already posted."""
    previews = []
    for item in items:
        state = (
            ItemState.DRAFT
            if item.meta.draft
            else ItemState.SCHEDULED
            if item.date > now
            else ItemState.PUBLISHED
        )
        posts = []
        for route in route_item(item, newsroom.config):
            if not route.sends:
                posts.append(PostPreview(route))
                continue
            preview = compose_preview(item, route, newsroom.config, newsroom.root)
            record = ledger.state(item.id, route.account)
            if record is not None and record.done:
                preview.state = PostState.ALREADY_POSTED
                preview.reason = str(record.data.get("url") or "")
            posts.append(preview)
        previews.append(ItemPreview(item, posts, state))
    return previews


def unposted(newsroom: Newsroom, ledger: Ledger) -> list[Item]:
    """Items that are not drafts and still have a post to send (now or when their date comes)."""
    return [
        item
        for item in newsroom.content.items
        if not item.meta.draft
        and any(
            r.sends and not ledger.is_done(item.id, r.account)
            for r in route_item(item, newsroom.config)
        )
    ]


def dry_run(newsroom: Newsroom, now: datetime) -> list[ItemPreview]:
    """What `publish` would do now: every pending post, marked sent now or waiting (why)."""
    from .engine import pending_posts, queue_entry

    ledger = Ledger.open(newsroom.root, newsroom.config.zone)
    queue = Queue.load(newsroom.root)
    pending, _ = pending_posts(newsroom, ledger, now)
    queue.reconcile([queue_entry(item, route, now) for item, route in pending])
    verdicts: dict[tuple[str, str], tuple[PostState, str]] = {}
    for account_id in newsroom.config.accounts:
        budget = account_allowance(account_id, newsroom.config, ledger, queue, now)
        for entry in queue.for_account(account_id):
            if budget.posts > 0:
                budget.take()
                verdicts[entry.key] = (PostState.SEND_NOW, "")
            else:
                verdicts[entry.key] = (PostState.WAITS, budget.reason)
    by_id = {item.id: item for item in newsroom.content.items}
    items = [by_id[i] for i in dict.fromkeys(item_id for item_id, _ in verdicts)]
    items.sort(key=lambda item: (item.date, item.id))
    previews = preview_items(newsroom, items, ledger, now)
    for preview in previews:
        preview.posts = [
            p
            for p in preview.posts
            if (preview.item.id, p.route.account) in verdicts or not p.route.sends
        ]
        for post in preview.posts:
            verdict = verdicts.get((preview.item.id, post.route.account))
            if verdict is not None:
                post.state, post.reason = verdict
    return previews


# --- The preview as data: what an untrusted run hands to the trusted one -------------------
# A pull request's run composes the posts (it may run anyone's code); the run that comments
# reads these fields only, with their limits, and writes every word of the comment itself.


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PostData(_Data):
    """One account's post for one item, or why it gets none."""

    account: str = Field(max_length=100)
    network: str = Field(max_length=40)
    handle: str = Field("", max_length=200)
    skipped: str | None = Field(None, max_length=1000)  # why the item does not go there
    text: str | None = Field(None, max_length=10_000)
    error: str | None = Field(None, max_length=2000)
    from_social: bool = False  # the text is the item's `social.<network>`, not its summary
    cut_at_word: bool = False
    hashtags: tuple[int, int] | None = None  # (kept, wanted) when the item has tags
    dropped: tuple[str, ...] = Field((), max_length=100)  # the hashtags left out, in order
    alt_cut: tuple[int, int] | None = None  # (sent, written) characters when the alt was cut
    gallery: tuple[int, int] | None = None  # (sent, in the item) photos when it has a gallery
    state: PostState = PostState.PREVIEWED
    reason: str = Field("", max_length=2000)

    @field_validator("network")
    @classmethod
    def _declared(cls, network: str) -> str:
        if network not in NETWORKS:
            raise ValueError(f"no such network: {network!r}")
        return network


class CardData(_Data):
    """The link card every post shows."""

    title: str = Field(max_length=1000)
    summary: str = Field(max_length=5000)
    image: str | None = Field(None, max_length=1000)
    alt: str = Field("", max_length=2000)


class ItemData(_Data):
    """One previewed item."""

    path: str = Field(max_length=1000)
    id: str = Field(max_length=100)
    title: str = Field(max_length=1000)
    language: str = Field(max_length=100)
    state: ItemState
    when: str = Field(max_length=100)  # its date, in the site's time zone
    posts: list[PostData] = Field(max_length=100)
    card: CardData


class PreviewData(_Data):
    """Every previewed item."""

    items: list[ItemData] = Field(default_factory=list, max_length=500)


def _post_data(item: Item, preview: PostPreview, config: SiteConfig) -> PostData:
    route, post = preview.route, preview.post
    fields: dict[str, object] = {}
    if post is not None:
        from_social = isinstance(social_text(item, post.network), str)
        wanted = hashtags(item.meta.tags, post.text)
        fields = {
            "text": post.text,
            "from_social": from_social,
            "cut_at_word": not from_social and post.text.split("\n\n")[0].endswith("…"),
            "hashtags": (len(post.tags), len(post.tags) + len(wanted)) if item.meta.tags else None,
            "dropped": tuple(wanted),
        }
        written = item.meta.image_alt
        if post.image_alt is not None and written is not None and post.image_alt != written:
            fields["alt_cut"] = (len(post.image_alt), len(written))
        if item.meta.gallery:
            fields["gallery"] = (len(post.gallery), len(item.meta.gallery))
    return PostData(
        account=route.account,
        network=route.network,
        handle=config.accounts[route.account].handle,
        skipped=route.skipped,
        error=f"social.{route.network} {preview.error}" if preview.error else None,
        state=preview.state,
        reason=preview.reason,
        **fields,  # type: ignore[arg-type]
    )


def as_data(config: SiteConfig, previews: list[ItemPreview]) -> PreviewData:
    """The previews as data: what `render` needs, and nothing it could take for Markdown."""
    items = []
    for preview in previews:
        item = preview.item
        items.append(
            ItemData(
                path=item.path,
                id=item.id,
                title=item.title,
                language=language_name(item.lang),
                state=preview.state,
                when=item.date.astimezone(config.zone).strftime("%Y-%m-%d %H:%M %Z"),
                posts=[_post_data(item, post, config) for post in preview.posts],
                card=CardData(
                    title=item.title,
                    summary=item.meta.summary,
                    image=str(item.meta.image) if item.meta.image else None,
                    alt=item.meta.image_alt or "",
                ),
            )
        )
    return PreviewData(items=items)


# --- The preview as Markdown: every word from here, every value through github_text ---------


def _length(network: str, text: str) -> str:
    """The text's length as the network counts it (measured here, never taken as given)."""
    rules = NETWORKS[network]
    limits = rules.limits
    shown = f"{rules.measure(text)}/{limits.max_length} {limits.unit}"
    if limits.max_bytes is not None:
        shown += f", {len(text.encode('utf-8'))}/{limits.max_bytes} bytes"
    return shown


def _source(post: PostData) -> str:
    source = f"text from {code(f'social.{post.network}')}" if post.from_social else ""
    source = source or "text from the summary" + (", cut at a word" if post.cut_at_word else "")
    if post.hashtags is not None:
        kept, wanted = post.hashtags
        if wanted > kept:  # the first ones are kept: name those left out, so no tag vanishes unseen
            source += f"; hashtags {kept} of {wanted}, dropped {plain(' '.join(post.dropped))}"
        else:
            source += "; all hashtags"
    if post.alt_cut is not None:  # the network takes less alt text than the site shows
        sent, written = post.alt_cut
        source += f"; image alt text cut at a word to {sent:,} of its {written:,} characters"
    if post.gallery is not None:  # which of the gallery's photos go out with the post
        source += "; " + _gallery(*post.gallery, NETWORKS[post.network].limits.max_media)
    return source


def _gallery(sent: int, photos: int, max_media: int) -> str:
    room = f"{max_media} image{'' if max_media == 1 else 's'} a post"
    if sent == photos:
        return f"with all {photos} gallery photos"
    if sent == 0:
        return f"without the {photos} gallery photos ({room})"
    return f"with the first {sent} of {photos} gallery photos ({room})"


def _state(post: PostData) -> str:
    if post.state is PostState.WAITS:
        return f"waits: {plain(post.reason)}"
    if post.state is PostState.ALREADY_POSTED:
        return f"already posted: {code(post.reason)}" if post.reason else "already posted"
    return post.state.value


def _render_post(post: PostData) -> list[str]:
    who = f"{bold(post.account)} ({plain(NETWORKS[post.network].label)}, {plain(post.handle)})"
    if post.error or post.text is None:
        return [f"{who} — ❌ {plain(post.error or 'no text')}", ""]
    line = f"{who} — {_length(post.network, post.text)} · {_source(post)}"
    if post.state is not PostState.PREVIEWED:
        line += f" · {_state(post)}"
    return [line, "", code_block(post.text), ""]


def _render_card(card: CardData) -> list[str]:
    line = f"Link card: {bold(card.title)} — {plain(card.summary)}"
    if card.image:
        line += f" · image {code(card.image)} (alt: {plain(card.alt)})"
    return [line, ""]


def render_item(item: ItemData) -> list[str]:
    """One item's section: its posts, its link card, and the accounts it skips, with why."""
    state = {
        ItemState.DRAFT: "draft: never posted",
        ItemState.SCHEDULED: f"scheduled for {plain(item.when)}",
        ItemState.PUBLISHED: f"published {plain(item.when)}",
    }[item.state]
    lines = [
        f"### {plain(item.title)}",
        "",
        f"{code(item.path)} · id {code(item.id)} · {plain(item.language)} · {state}",
        "",
    ]
    sent = [p for p in item.posts if p.skipped is None]
    if not sent:
        lines += ["No account receives this item.", ""]
    for post in sent:
        lines += _render_post(post)
    if sent:
        lines += _render_card(item.card)
    skipped = [p for p in item.posts if p.skipped is not None]
    for post in skipped:
        network = plain(NETWORKS[post.network].label)
        lines.append(f"- not sent to {plain(post.account)} on {network}: {plain(post.skipped)}")
    return [*lines, ""] if skipped else lines


def cost_lines(data: PreviewData) -> list[str]:
    """What the posts would cost on networks that bill their API (X), network by network."""
    counts: dict[str, int] = {}
    for item in data.items:
        for post in item.posts:
            waiting = post.state in (PostState.ALREADY_POSTED, PostState.WAITS)
            if post.text is None or waiting or item.state is ItemState.DRAFT:
                continue
            counts[post.network] = counts.get(post.network, 0) + 1
    lines = []
    for network, count in sorted(counts.items()):
        price = NETWORKS[network].cost_per_post_with_link
        if price:
            name = NETWORKS[network].label
            lines.append(
                f"Estimated {name} API cost: {count} post(s) with a link × ${price:.2f} = "
                f"**${count * price:.2f}**"
            )
    return lines


def render(data: PreviewData, title: str) -> str:
    """The whole Markdown document, from data only."""
    posts = sum(1 for item in data.items for post in item.posts if post.text is not None)
    errors = sum(1 for item in data.items for post in item.posts if post.error)
    lines = [f"## {title}", "", f"{len(data.items)} item(s) · {posts} post(s)"]
    if errors:
        lines[-1] += f" · ❌ {errors} post(s) that cannot be composed"
    lines += ["", *cost_lines(data)]
    shown = {post.network for item in data.items for post in item.posts}
    notes = [n.preview_note for name, n in NETWORKS.items() if name in shown and n.preview_note]
    lines += [line for note in notes for line in ("", note)]
    lines.append("")
    for item in data.items:
        lines += render_item(item)
    if not data.items:
        lines.append("Nothing to post.")
    return "\n".join(lines).rstrip() + "\n"
