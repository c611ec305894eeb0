"""LinkedIn organization pages: the declaration; the adapter (httpx) is in `adapter.py`."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import quote

from .. import counting
from ..declaration import Limits, Network, Source

_DOCS = "https://learn.microsoft.com/en-us/linkedin"
# Where each rule comes from, and when it was last checked there.
SOURCES = (
    Source(
        ("counting",),
        f"{_DOCS}/marketing/community-management/shares/little-text-format",
        date(2026, 12, 7),
    ),
    Source(
        ("length", "alt text"),
        f"{_DOCS}/marketing/community-management/shares/posts-api",
        date(2026, 11, 29),
    ),
    Source(
        ("token lifetime",),
        f"{_DOCS}/shared/authentication/authorization-code-flow",
        date(2026, 11, 23),
    ),
)


def profile_url(handle: str, base_url: str | None) -> str | None:
    """`urn:li:organization:<id>` → the organization's page."""
    if not handle.startswith("urn:li:organization:"):
        return None
    return f"https://www.linkedin.com/company/{handle.rsplit(':', 1)[1]}/"


def share_url(title: str, link: str) -> str:
    """LinkedIn's share page for a link (it reads the title from the page's Open Graph tags)."""
    return f"https://www.linkedin.com/sharing/share-offsite/?url={quote(link, safe='/')}"


NETWORK = Network(
    name="linkedin",
    label="LinkedIn",
    order=40,
    writing="The university's organisation page: a professional tone, more context, partners "
    "named. Characters such as `( ) [ ] # @ _ *` are escaped for you — LinkedIn would "
    "otherwise cut the post at the first one.",
    limits=Limits(
        counting.LINKEDIN_MAX,
        "characters (escaped)",
        max_alt_text=4086,  # Posts API: content.media.altText
    ),
    measure=counting.linkedin_length,
    profile_url=profile_url,
    share_url=share_url,
    counted="characters as sent (UTF-16 units: an emoji counts 2), after LinkedIn's reserved "
    f"characters (`{' '.join(counting.LINKEDIN_RESERVED)}`) are escaped and each hashtag is "
    "written as LinkedIn's hashtag template, which Newsroom does for you",
    credentials=("access_token",),
    # The app's, for token introspection (`newsroom accounts check`: expiry and scopes).
    optional_credentials=("client_id", "client_secret"),
    colour="#e69f00",
    stats_reads=100,
    api_version="202608",
    api_version_pattern=r"20\d{2}(0[1-9]|1[0-2])",
    clicks="for every post",
    permissions=("w_organization_social", "r_organization_social"),
    token_lifetime=timedelta(days=60),
    renew="LinkedIn access tokens last 60 days: a page administrator renews it (LinkedIn "
    "developer portal → your app → Auth → OAuth 2.0 tools, scope w_organization_social) and "
    "updates the secret",
    sources=SOURCES,
    example_account={
        "network": "linkedin",
        "handle": "urn:li:organization:12345",
        "api_version": "202608",
        "credentials": {"access_token": "NEWSROOM_LINKEDIN_TOKEN"},
    },
)
