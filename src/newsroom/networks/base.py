"""The one small interface every network adapter implements.

The syndication engine (routing, ledger, spacing, retries) talks only to this interface and
never imports a network SDK; each network's `adapter.py` (`x/adapter.py`, …) wraps one SDK.
Base URLs come from the account's configuration, so the same adapter talks to the real API
or to a loopback server in tests.
"""

from __future__ import annotations

import importlib
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import ClassVar

from ..config import AccountSettings
from . import NETWORKS
from .declaration import Limits, Network


@dataclass(frozen=True)
class LinkCard:
    """The preview of the item's page, for networks where the client builds it."""

    url: str
    title: str
    description: str
    image: Path | None = None
    image_alt: str | None = None


@dataclass(frozen=True)
class Post:
    """One composed post for one account: exactly what will be sent."""

    item_id: str
    account: str
    network: str
    text: str
    link: str  # the tracked unique link, in `text` where the network makes links clickable
    card: LinkCard
    key: str  # deterministic per (item, account): idempotency key / record key seed
    image: Path | None = None
    image_alt: str | None = None
    image_url: str | None = None  # the image on the deployed site (networks that fetch it)
    # The first photos of the item's gallery (path, alt text), after `image`, within the
    # network's `max_media`: for the adapters that upload several images in one post.
    gallery: tuple[tuple[Path, str], ...] = ()
    # The same photos on the deployed site, in the same order (networks that fetch them).
    gallery_urls: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    language: str | None = None  # the item's language (Mastodon `language`, Bluesky `langs`)
    theme: str | None = None  # the item's theme (its account's `per_theme` settings apply)


@dataclass(frozen=True)
class Sent:
    """A post the network has accepted."""

    post_id: str
    url: str
    at: datetime | None = None


@dataclass(frozen=True)
class Interactions:
    """Interaction counts of one post at one moment (for `newsroom stats`)."""

    counts: dict[str, int] = field(default_factory=dict)
    deleted: bool = False


@dataclass(frozen=True)
class AccountStatus:
    """What one cheap authenticated call says of an account (`newsroom accounts check`).

    `problems` are what fails now, in words that say how to fix it; the dates are None
    where the network does not tell them.
    """

    reachable: bool
    problems: tuple[str, ...] = ()
    expires_at: datetime | None = None  # the token is valid until then
    version_retires: date | None = None  # the API version the account uses is retired then
    missing_permissions: tuple[str, ...] = ()  # scopes/permissions posting or stats need
    detail: str = ""  # who the token belongs to, or what the network answered


@dataclass(frozen=True)
class RefreshedToken:
    """A new long-lived token a network gave in exchange for the current one."""

    secret_key: str  # the credential key it replaces (`access_token`)
    token: str
    expires_at: datetime | None = None


class NetworkError(Exception):
    """A network refused or failed a request; the message never contains a secret."""


class AuthError(NetworkError):
    """Credentials missing, invalid or expired: stop this account, tell the team which."""


class RateLimited(NetworkError):
    """HTTP 429 or the network's equivalent; `reset_at` when the network says it."""

    def __init__(self, message: str, reset_at: datetime | None = None):
        super().__init__(message)
        self.reset_at = reset_at


class TransientError(NetworkError):
    """5xx, timeouts, connection errors: worth retrying later."""


class RejectedError(NetworkError):
    """The network refused this post for good (e.g. 422 too long): do not retry as is."""


class Adapter(ABC):
    """One account on one network."""

    network: ClassVar[str]

    def __init__(self, account_id: str, settings: AccountSettings, secrets: Mapping[str, str]):
        self.account_id = account_id
        self.settings = settings
        self.secrets = secrets  # values of the environment variables named in the config

    @property
    def declaration(self) -> Network:
        """What Newsroom knows of this adapter's network (its folder's `NETWORK`)."""
        return NETWORKS[self.network]

    def limits(self) -> Limits:
        """The length limits used to compose posts for this account: the declared ones,
        unless the network tells its own (a Mastodon instance)."""
        return self.declaration.limits

    def measure(self, text: str) -> int:
        """The length of `text` as this network counts it."""
        return self.declaration.measure(text)

    @abstractmethod
    def publish(self, post: Post) -> Sent:
        """Send the post; raise a NetworkError subclass on failure."""

    @abstractmethod
    def find(self, post: Post) -> Sent | None:
        """The already-published post for `post.key`/`post.link`, if the network has it."""

    def close(self) -> None:  # noqa: B027 - optional hook, empty by default
        """Release sessions and connections at the end of a run (nothing by default)."""

    def interactions(self, sent: Sent) -> Interactions:
        """Interaction counts of a published post (likes, reposts, replies…)."""
        raise NotImplementedError(f"{self.network} does not read interactions yet")

    def check_account(self) -> AccountStatus:
        """One cheap authenticated call: is the account reachable, its token valid (until
        when, where the network says), its API version served, its permissions enough?
        Raises nothing for a refused token: that is a problem of the status."""
        raise NotImplementedError(f"{self.network} cannot check its accounts yet")

    def refresh_token(self) -> RefreshedToken | None:
        """Exchange the current token for a fresh long-lived one where the network allows it
        (Threads' `th_refresh_token`); None where it does not."""
        return None

    def clicks(self, sent: Sent) -> int | None:
        """Clicks on the post's link as the network reports them to the account that posted;
        None where the network gives none (Mastodon, Bluesky) or no longer gives them (X:
        only for posts of the last 30 days). Read by `newsroom stats`, never by publishing."""
        return None


def adapter_class(network: str) -> type[Adapter]:
    """The adapter of a network, imported only when needed (its SDK comes with it)."""
    module = importlib.import_module(f"newsroom.networks.{network}.adapter")
    return module.Adapter


# Builds the adapter of one account: (account id, its settings, the secrets it names).
# Publishing and `newsroom stats` take one, so tests hand them fakes.
AdapterFactory = Callable[[str, object, Mapping[str, str]], Adapter]


class NoAdapter(Exception):
    """The configuration names a network no adapter module serves yet."""


def make_adapter(account_id: str, settings: object, secrets: Mapping[str, str]) -> Adapter:
    """The adapter of the account's network (its SDK is imported only now)."""
    network = settings.network  # type: ignore[attr-defined]
    try:
        cls = adapter_class(network)
    except ModuleNotFoundError as error:
        if error.name not in (f"{__package__}.{network}", f"{__package__}.{network}.adapter"):
            raise
        raise NoAdapter(f"no adapter for {network} yet — disable the account") from None
    return cls(account_id, settings, secrets)  # type: ignore[arg-type]
