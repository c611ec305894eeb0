"""Which accounts receive an item, and for each account left out, the reason why.

Theme routing from `newsroom.yml` first, then the item's own `social:` block (`accounts:
add/remove`, `<network>: false`), then each account's `enabled` and `languages`, then what the
network takes (networks that post only images need one, of a type they read).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..config import SiteConfig
from ..content import Item
from ..images import media_type
from ..networks import NETWORKS, Network

# Names for the reasons shown in previews; other codes are shown as written.
LANGUAGE_NAMES = {
    "ar": "Arabic",
    "ca": "Catalan",
    "cs": "Czech",
    "da": "Danish",
    "de": "German",
    "el": "Greek",
    "en": "English",
    "es": "Spanish",
    "eu": "Basque",
    "fi": "Finnish",
    "fr": "French",
    "ga": "Irish",
    "he": "Hebrew",
    "hi": "Hindi",
    "hu": "Hungarian",
    "it": "Italian",
    "ja": "Japanese",
    "ko": "Korean",
    "nl": "Dutch",
    "no": "Norwegian",
    "pl": "Polish",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "sv": "Swedish",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "zh": "Chinese",
}


@dataclass(frozen=True)
class Route:
    """One account considered for an item: sent there, or skipped with a reason."""

    account: str
    network: str
    skipped: str | None = None  # why not, in words for the preview; None: the item goes there

    @property
    def sends(self) -> bool:
        return self.skipped is None


def language_name(code: str) -> str:
    """`fr` → `French`; unknown codes are returned as written."""
    return LANGUAGE_NAMES.get(code.split("-")[0], code)


def in_words(languages: list[str]) -> str:
    """`[en, de, nl]` → `English, German and Dutch`."""
    names = [language_name(code) for code in languages]
    return " and ".join(filter(None, [", ".join(names[:-1]), names[-1]])) if names else ""


def speaks(languages: list[str] | None, lang: str) -> bool:
    """Whether an account publishing `languages` (None or empty: any) takes an item in `lang`."""
    if not languages:
        return True
    return lang in languages or lang.split("-")[0] in languages


def social_text(item: Item, network: str) -> str | bool | None:
    """The item's `social.<network>` value: its text, `False` to skip, or None."""
    social = item.meta.social
    return getattr(social, network, None) if social is not None else None


def image_refused(item: Item, network: Network) -> str | None:
    """Why a network that posts images only cannot take the item (no image, wrong type)."""
    image = item.meta.image
    if network.needs_image and not image:
        return (
            f"{network.label} posts need an image — add `image:` to the item (or "
            f"`social.{network.name}: false`)"
        )
    if image and network.image_types and media_type(Path(image)) not in network.image_types:
        kinds = " or ".join(t.split("/")[-1].upper() for t in network.image_types)
        return f"{network.label} takes {kinds} images only — use a {kinds} file as `image:`"
    return None


def route_item(item: Item, config: SiteConfig) -> list[Route]:
    """Every account the item's theme or its `social:` block names, in routing order."""
    theme_rules = config.routing.themes.get(item.theme)
    candidates = list(
        dict.fromkeys([*config.routing.every_theme, *config.accounts_for_theme(item.theme)])
    )
    changes = item.meta.social.accounts if item.meta.social is not None else None
    added = changes.add if changes is not None else []
    removed = changes.remove if changes is not None else []
    candidates = list(dict.fromkeys([*candidates, *added]))
    routed = set(config.accounts_for_theme(item.theme))
    routes = []
    for account_id in candidates:
        account = config.accounts[account_id]
        network = account.network
        reason = None
        if account_id not in routed and account_id not in added:
            excluded = theme_rules.exclude if theme_rules is not None else []
            what = f"turns {network} off" if network in excluded else "excludes this account"
            reason = f"theme {item.theme} {what}"
        elif account_id in removed:
            reason = "the item removes it (social.accounts.remove)"
        elif social_text(item, network) is False:
            reason = f"the item sets social.{network}: false"
        elif not account.enabled:
            reason = "the account is disabled (enabled: false)"
        elif account.since is not None and item.date < account.since:
            reason = f"the item predates the account's `since` ({account.since.date()})"
        elif not speaks(account.languages, item.lang):
            published = in_words(account.languages or [])
            reason = f"item is in {language_name(item.lang)}, account publishes in {published}"
        else:
            reason = image_refused(item, NETWORKS[network])
        routes.append(Route(account_id, network, reason))
    return routes
