"""Facebook Pages: the declaration; the adapter (httpx, Graph API) is in `adapter.py`."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

from .. import counting
from ..declaration import Limits, Network, Source

# Where each rule comes from, and when it was last checked there.
SOURCES = (
    Source(
        ("length", "counting"),
        "https://developers.facebook.com/docs/graph-api/reference/page/feed/",
        date(2026, 11, 23),
    ),
)


def profile_url(handle: str, base_url: str | None) -> str | None:
    return f"https://www.facebook.com/{handle}" if handle.isdigit() else None


def share_url(title: str, link: str) -> str:
    """Facebook's share dialog for a link (it reads the title from the page's Open Graph tags)."""
    return f"https://www.facebook.com/sharer/sharer.php?u={quote(link, safe='/')}"


NETWORK = Network(
    name="facebook",
    label="Facebook",
    order=50,
    writing="The university's Facebook Pages. Facebook builds the link preview itself from the "
    "item's title, summary and image (its OpenGraph tags), so a sentence or two is enough "
    "and the text need not repeat the title.",
    limits=Limits(counting.FACEBOOK_MAX, "characters"),
    measure=counting.code_points,
    profile_url=profile_url,
    share_url=share_url,
    # Facebook builds the link preview itself, from the page's OpenGraph tags.
    counted="characters (Unicode code points); Facebook builds the link preview from the item page",
    credentials=("page_access_token",),
    # The app's, so `newsroom accounts check` inspects the token with an app token.
    optional_credentials=("app_id", "app_secret"),
    colour="#a4161a",
    stats_reads=100,
    api_version="v23.0",
    api_version_pattern=r"v\d+\.\d+",
    clicks="for every post",
    permissions=("pages_manage_posts", "pages_read_engagement"),
    renew="renew the Page access token (Meta for Developers → Graph API Explorer or your app: "
    "a long-lived user token of a page admin with pages_manage_posts and "
    "pages_read_engagement, then GET /me/accounts for the page's token) and update the secret",
    sources=SOURCES,
    example_account={
        "network": "facebook",
        "handle": "123456789012345",
        "api_version": "v23.0",
        "credentials": {"page_access_token": "NEWSROOM_FACEBOOK_PAGE_TOKEN"},
    },
)
