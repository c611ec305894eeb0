"""What a run would post, as Markdown for a pull-request comment or a terminal.

`preview-posts` and `publish --dry-run` build their posts with the same `compose_post` as
`publish`, with each network's default limits (no network is asked, no secret is needed:
previews run on pull requests from forks). A network that tells its own limits at publish
time (an instance of a federated network) says so under the preview (its declaration's
`preview_note`); a post that fits the default fits every instance with a higher limit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..config import SiteConfig
from ..content import Item
from ..networks import NETWORKS
from ..networks.base import Limits, Post
from ..repository import Newsroom
from .compose import CompositionError, compose_post, hashtags
from .ledger import Ledger
from .queue import Queue, account_allowance
from .routing import Route, language_name, route_item, social_text


@dataclass
class PostPreview:
    """One account's post for one item, or why there is none."""

    route: Route
    post: Post | None = None
    error: str | None = None
    status: str = ""  # e.g. "would be sent now", "already posted: <url>"


@dataclass
class ItemPreview:
    item: Item
    posts: list[PostPreview]
    status: str  # published / scheduled / draft


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
        status = "draft" if item.meta.draft else "scheduled" if item.date > now else "published"
        posts = []
        for route in route_item(item, newsroom.config):
            if not route.sends:
                posts.append(PostPreview(route))
                continue
            preview = compose_preview(item, route, newsroom.config, newsroom.root)
            record = ledger.state(item.id, route.account)
            if record is not None and record.done:
                preview.status = f"already posted: {record.data.get('url')}"
            posts.append(preview)
        previews.append(ItemPreview(item, posts, status))
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
    verdicts: dict[tuple[str, str], str] = {}
    for account_id in newsroom.config.accounts:
        budget = account_allowance(account_id, newsroom.config, ledger, queue, now)
        for entry in queue.for_account(account_id):
            if budget.posts > 0:
                budget.take()
                verdicts[entry.key] = "would be sent now"
            else:
                verdicts[entry.key] = f"waits: {budget.reason}"
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
            post.status = verdicts.get((preview.item.id, post.route.account), "")
    return previews


def _inline(text: str) -> str:
    """Text safe inside a Markdown line (no accidental emphasis, links or HTML)."""
    return re.sub(r"([\\`*_\[\]<>#|~])", r"\\\1", text)


def _fenced(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text}\n{fence}"


def _length(post: Post, limits: Limits) -> str:
    measure = NETWORKS[post.network].measure
    shown = f"{measure(post.text)}/{limits.max_length} {limits.unit}"
    if limits.max_bytes is not None:
        shown += f", {len(post.text.encode('utf-8'))}/{limits.max_bytes} bytes"
    return shown


def _source(item: Item, post: Post) -> str:
    override = isinstance(social_text(item, post.network), str)
    source = f"text from `social.{post.network}`" if override else "text from the summary"
    if post.text.split("\n\n")[0].endswith("…") and not override:
        source += ", cut at a word"
    wanted = hashtags(item.meta.tags, post.text)
    if item.meta.tags:
        kept = len(post.tags)
        if wanted:  # the first ones are kept: name those left out, so no tag vanishes unseen
            source += (
                f"; hashtags {kept} of {kept + len(wanted)}, dropped {_inline(' '.join(wanted))}"
            )
        else:
            source += "; all hashtags"
    return source


def _render_post(config: SiteConfig, item: Item, preview: PostPreview) -> list[str]:
    route = preview.route
    account = config.accounts[route.account]
    network = NETWORKS[route.network].label
    who = f"**{route.account}** ({network}, {_inline(account.handle)})"
    if preview.error:
        return [f"{who} — ❌ {_inline(preview.error)}", ""]
    post = preview.post
    assert post is not None
    limits = NETWORKS[route.network].limits
    lines = [f"{who} — {_length(post, limits)} · {_source(item, post)}"]
    if preview.status:
        lines[0] += f" · {_inline(preview.status)}"
    return [*lines, "", _fenced(post.text), ""]


def _render_card(item: Item) -> list[str]:
    card = f"Link card: **{_inline(item.title)}** — {_inline(item.meta.summary)}"
    if item.meta.image:
        card += f" · image `{item.meta.image}` (alt: {_inline(item.meta.image_alt or '')})"
    return [card, ""]


def render_item(config: SiteConfig, preview: ItemPreview) -> list[str]:
    """One item's section: its posts, its link card, and the accounts it skips, with why."""
    item = preview.item
    when = item.date.astimezone(config.zone).strftime("%Y-%m-%d %H:%M %Z")
    state = {"draft": "draft: never posted", "scheduled": f"scheduled for {when}"}.get(
        preview.status, f"published {when}"
    )
    lines = [
        f"### {_inline(item.title)}",
        "",
        f"`{item.path}` · id `{item.id}` · {language_name(item.lang)} · {state}",
        "",
    ]
    sent = [p for p in preview.posts if p.route.sends]
    if not sent:
        lines += ["No account receives this item.", ""]
    for post in sent:
        lines += _render_post(config, item, post)
    if sent:
        lines += _render_card(item)
    skipped = [p.route for p in preview.posts if not p.route.sends]
    for route in skipped:
        network = NETWORKS[route.network].label
        reason = _inline(route.skipped or "")
        lines.append(f"- not sent to {route.account} on {network}: {reason}")
    return [*lines, ""] if skipped else lines


def cost_lines(previews: list[ItemPreview], only_unsent: bool = True) -> list[str]:
    """What the posts would cost on networks that bill their API (X), network by network."""
    counts: dict[str, int] = {}
    for preview in previews:
        for post in preview.posts:
            if post.post is None or (only_unsent and post.status.startswith("already")):
                continue
            if not post.status.startswith("waits") and preview.status != "draft":
                counts[post.route.network] = counts.get(post.route.network, 0) + 1
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


def render(config: SiteConfig, previews: list[ItemPreview], title: str) -> str:
    """The whole Markdown document."""
    posts = sum(1 for p in previews for post in p.posts if post.post is not None)
    errors = sum(1 for p in previews for post in p.posts if post.error)
    lines = [f"## {title}", "", f"{len(previews)} item(s) · {posts} post(s)"]
    if errors:
        lines[-1] += f" · ❌ {errors} post(s) that cannot be composed"
    lines += ["", *cost_lines(previews)]
    shown = {p.route.network for item in previews for p in item.posts}
    notes = [n.preview_note for name, n in NETWORKS.items() if name in shown and n.preview_note]
    lines += [line for note in notes for line in ("", note)]
    lines.append("")
    for preview in previews:
        lines += render_item(config, preview)
    if not previews:
        lines.append("Nothing to post.")
    return "\n".join(lines).rstrip() + "\n"
