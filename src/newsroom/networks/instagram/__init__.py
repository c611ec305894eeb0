"""Instagram professional accounts: the declaration; the adapter (httpx, Graph API) is in
`adapter.py`.

Instagram API with Facebook Login (graph.facebook.com): the same host, versioned paths and
error objects as Facebook Pages, and `debug_token` tells when a token expires.
"""

from __future__ import annotations

from datetime import date, timedelta

from .. import counting
from ..declaration import Limits, Network, RateLimit, Source

CAPTION_MAX = 2200  # characters of a caption (IG User Media: `caption`)
HASHTAGS_MAX = 5  # hashtags in a caption since 19 Dec 2025 (30 before); see SOURCES
CAROUSEL_MAX = 10  # photos of a carousel post ("limited to 10 images, videos, or a mix")
# Published posts per 24 h (GET /{ig-user-id}/content_publishing_limit answers config.quota_total,
# 50 in Meta's example); the adapter asks the account before each post.
PUBLISHING_LIMIT = RateLimit(50, timedelta(hours=24))

_META = "https://developers.facebook.com/docs"
_IG_USER = f"{_META}/instagram-platform/instagram-graph-api/reference/ig-user"
# Where each rule comes from, and when it was last checked there. The hashtag cap is no API
# page: Instagram's @creators account announced it on 18-19 December 2025 ("Instagram will
# gradually update the number of hashtags that you can include in a caption ... to five").
SOURCES = (
    Source(
        ("hashtags",),
        "https://www.socialmediatoday.com/news/instagrams-implementing-new-limits-on-hashtag-use/808309/",
        date(2026, 12, 7),
    ),
    # The Content Publishing guide's "Carousel posts" (checked 2026-12-07,
    # {_META}/instagram-platform/content-publishing/): item containers with
    # `is_carousel_item=true`, then `media_type=CAROUSEL` with `children` (at most 10) and
    # the caption, then media_publish; a carousel counts as one post: `max_media` (10).
    Source(("length", "counting"), f"{_IG_USER}/media", date(2026, 11, 29)),
    # Its example answer: "quota_total": 50, "quota_duration": 86400 (v24.0). Carousels
    # count as a single post (Content Publishing guide, above).
    Source(
        ("rate limit",),
        f"{_IG_USER}/content_publishing_limit",
        date(2026, 12, 7),
        note="50 is the page's example answer; the Content Publishing guide's own figure could "
        "not be read (third parties quote 25 and 100), so the adapter reads the account's "
        "quota_total before each post",
    ),
    Source(
        ("token lifetime",),
        f"{_META}/facebook-login/guides/access-tokens/get-long-lived",
        date(2026, 12, 7),
    ),
)

NETWORK = Network(
    name="instagram",
    label="Instagram",
    order=70,
    writing="The picture comes first: only items with a **JPEG** image are posted (others are "
    "skipped, and `publish --dry-run` says why), and the caption is the summary, its "
    "hashtags (at most 5 since 19 December 2025: the first tags are kept, and the preview "
    "names those left out) and, since a link in a caption cannot be clicked, the words "
    '"Link in bio" (or the account\'s `link_wording`) instead of the link. 2,200 '
    "characters. With a gallery, the post is a **carousel** of up to 10 photos: the image, "
    "then the gallery's JPEG photos in their order.",
    limits=Limits(CAPTION_MAX, "characters", max_media=CAROUSEL_MAX, max_hashtags=HASHTAGS_MAX),
    measure=counting.code_points,
    counted="characters (Unicode code points), at most 5 hashtags; links are not clickable "
    "in a caption, so it ends with where the link is (“Link in bio”) instead",
    credentials=("access_token",),
    # An app access token (`app_id|app_secret`) for debug_token; without it the account's
    # own token asks, which Meta allows for tokens of the app's developers.
    optional_credentials=("app_id", "app_secret"),
    colour="#c13584",
    stats_reads=100,
    rate_limit=PUBLISHING_LIMIT,
    api_version="v23.0",
    api_version_pattern=r"v\d+\.\d+",
    needs_image=True,
    image_types=("image/jpeg",),
    link_clickable=False,
    link_wording="Link in bio",
    permissions=("instagram_basic", "instagram_content_publish", "pages_read_engagement"),
    token_lifetime=timedelta(days=60),
    renew="renew the Instagram token (Facebook Login user tokens last 60 days): an admin of the "
    "Facebook Page linked to the Instagram account gets a new long-lived token (Graph API "
    "Explorer or your app, permissions instagram_basic, instagram_content_publish and "
    "pages_read_engagement, then exchanged for a long-lived one) and updates the secret",
    sources=SOURCES,
    example_account={
        "network": "instagram",
        "handle": "17841400000000000",
        "api_version": "v23.0",
        "credentials": {"access_token": "NEWSROOM_INSTAGRAM_TOKEN"},
    },
)
