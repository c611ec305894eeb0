"""X's share link on an item page: its post intent with the title as text and the link as `url`
(X's "Web Intents"). tests/site/test_editorial.py finds `SHARE` here (one per network the page
offers) and checks the built page's links."""

from __future__ import annotations

from pathlib import Path

SHARE = "https://x.com/intent/post?text="
ARTICLE = Path(__file__).resolve().parents[3] / "themes/newsroom/templates/article.html"


def test_the_item_page_offers_x_s_share_link() -> None:
    assert f'<a href="{SHARE}' in ARTICLE.read_text(encoding="utf-8")
