"""X's link preview: the card tags its crawler reads (X's "Cards markup" documentation:
`twitter:card` `summary_large_image`, `twitter:title`, `twitter:description`,
`twitter:image`, `twitter:image:alt`), written beside OpenGraph on every item page and short
link. The site's tests read the card through tests/link_preview.py, naming no network; the
vocabulary itself is X's, checked here."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from lxml import html as lxml_html

from newsroom.repository import open_newsroom
from newsroom.site.meta import preview_tags
from newsroom.site.model import build_model
from newsroom.site.shortlinks import redirect_page
from tests.link_preview import card, preview_meta

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


def test_item_preview_and_short_link_carry_x_s_large_image_card(newsroom: Path) -> None:
    model = build_model(open_newsroom(newsroom), NOW)
    (view,) = model.items
    item_page = {name: content for _, name, content in preview_tags(model, view)}
    short_link = preview_meta(lxml_html.fromstring(redirect_page(model, view)))
    for meta in (item_page, short_link):
        assert {name: value for name, value in meta.items() if name.startswith("twitter:")} == {
            "twitter:card": "summary_large_image",
            "twitter:title": view.title,
            "twitter:description": view.summary,
            "twitter:image": meta["og:image"],
            "twitter:image:alt": meta["og:image:alt"],
        }
        assert meta["og:image:alt"] and card(meta)["card"] == "summary_large_image"
