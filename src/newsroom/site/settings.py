"""Pelican's settings, computed from `newsroom.yml` and the build's SiteModel.

Newsroom has no `pelicanconf.py`: URLs, pagination and templates are decided here, once,
from the one URL layout of `newsroom.urls`, which `newsroom.links` also follows.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from pelican.settings import read_settings

from .. import urls
from ..content import OTHER_DOCUMENTS
from ..item_rules import human_size
from ..scholarly import doi_url
from ..urls import pelican_url_settings
from .generator import DIRECT_TEMPLATES_SETTING
from .meta import (
    breadcrumbs,
    episode_data,
    event_data,
    news_article,
    person_data,
    preview_tags,
    share_links,
    show_data,
    site_data,
    video_data,
)
from .model import SiteModel, date_label, file_type, utc_offset
from .sanitize import safe_url
from .unchanged import plugins_dir, theme_dir  # declared once, where no Pelican is imported

PROJECT_DIR = Path(__file__).resolve().parents[3]
THEME_NAME = "newsroom"
PLUGINS = ["newsroom_items", "newsroom_outputs"]
# Pelican writes no feed: feeds come from feedgen (newsroom.site.feeds), one implementation.
_FEED_SETTINGS = (
    "FEED_ATOM", "FEED_RSS", "FEED_ALL_ATOM", "FEED_ALL_RSS", "CATEGORY_FEED_ATOM",
    "CATEGORY_FEED_RSS", "AUTHOR_FEED_ATOM", "AUTHOR_FEED_RSS", "TAG_FEED_ATOM",
    "TAG_FEED_RSS", "TRANSLATION_FEED_ATOM", "TRANSLATION_FEED_RSS",
)  # fmt: skip


def pelican_settings(model: SiteModel, content: Path, output: Path) -> dict[str, Any]:
    """Complete Pelican settings for one build into `output`.

    Plain data only, but for Pelican's Jinja filters and globals (the site model among
    them): the build's live objects reach its generator, writer and outputs through the
    plugins (site/build.py, `SitePelican`), never through a setting.
    """
    site = model.config.site
    per_page = site.items_per_page
    ours: dict[str, Any] = {
        "PATH": str(content),
        "OUTPUT_PATH": str(output),
        "THEME": str(theme_dir(model.root)),
        "PLUGIN_PATHS": [str(plugins_dir(model.root))],
        "PLUGINS": list(PLUGINS),
        "SITENAME": site.name,
        # Root-relative links (the path part of site.url): the same build works on the
        # public host and on `newsroom serve`; canonical and feed URLs are absolute.
        "SITEURL": model.base_path,
        "TIMEZONE": site.timezone,
        "DEFAULT_LANG": site.language,
        "LOCALE": ["C.UTF-8", "C"],
        # Pelican's own generators read nothing: the items and pages are the model's,
        # given to Pelican by Newsroom's generator (site/generator.py).
        "ARTICLE_PATHS": [],
        "PAGE_PATHS": [],
        "STATIC_PATHS": [],  # published files are copied by newsroom_outputs
        "FILENAME_METADATA": "",
        "ARTICLE_TRANSLATION_ID": None,  # translations are linked by `translation_of`
        "PAGE_TRANSLATION_ID": None,
        "ARTICLE_ORDER_BY": _newest_first,
        "DRAFT_SAVE_AS": "",
        "DRAFT_LANG_SAVE_AS": "",
        "DRAFT_PAGE_SAVE_AS": "",
        "DRAFT_PAGE_LANG_SAVE_AS": "",
        **pelican_url_settings(),
        "AUTHOR_SAVE_AS": "",
        "AUTHORS_SAVE_AS": "",
        "YEAR_ARCHIVE_SAVE_AS": urls.save_as(urls.YEAR_ARCHIVE),
        "DIRECT_TEMPLATES": [],  # written by Newsroom's generator, which has the articles
        DIRECT_TEMPLATES_SETTING: ["index", "categories", "tags", "archives", "search", "404"],
        "PAGINATED_TEMPLATES": {"index": per_page, "category": per_page, "tag": per_page},
        "DEFAULT_PAGINATION": per_page,
        "SLUGIFY_USE_UNICODE": True,
        "CACHE_CONTENT": False,
        "LOAD_CONTENT_CACHE": False,
        "DELETE_OUTPUT_DIRECTORY": False,
        "JINJA_ENVIRONMENT": {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True},
        # Only our reader (.md, validated and sanitised): Pelican's own would publish an
        # .html or .rst file of content/ as it is, script included.
        "READERS": dict.fromkeys(suffix.lstrip(".") for suffix in OTHER_DOCUMENTS),
        "JINJA_FILTERS": {
            "date_label": date_label,
            "iso": _iso,
            "safe_url": safe_url,
            "utc_offset": utc_offset,
            "human_size": human_size,
            "file_type": file_type,
            "doi_url": doi_url,
        },
        "JINJA_GLOBALS": {
            "site": model,
            "preview_tags": partial(preview_tags, model),
            "news_article": partial(news_article, model),
            "event_data": partial(event_data, model),
            "video_data": partial(video_data, model),
            "episode_data": partial(episode_data, model),
            "show_data": partial(show_data, model),
            "breadcrumbs": partial(breadcrumbs, model),
            "site_data": partial(site_data, model),
            "person_data": partial(person_data, model),
            "share_links": share_links,
            "urls": urls,
        },
        **dict.fromkeys(_FEED_SETTINGS),
    }
    return read_settings(override=ours)


def _newest_first(article: Any) -> tuple[float, str]:
    # Ties broken by id, so the order never depends on how the disk lists files.
    return (-article.date.timestamp(), article.item.id)


def _iso(value: Any) -> str:
    return value.isoformat()
