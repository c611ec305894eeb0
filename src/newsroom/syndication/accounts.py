"""`newsroom accounts check` and `accounts refresh`: will every account still post tomorrow?

For each enabled account: its secrets (a missing environment variable is itself a problem),
its adapter (through the same factory as publishing, so tests hand fakes), one cheap
authenticated call (`Adapter.check_account`), and what that says turned into problems (what
fails now) and warnings (what fails within `warn_days`: a token or an API version that
expires; rules of the network last checked at their sources over six months ago), each with
how to fix it. Every text goes through the Redactor: no secret leaves.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from .. import clock
from ..config import AccountSettings, SiteConfig
from ..networks import NETWORKS
from ..networks.base import (
    AccountStatus,
    Adapter,
    AdapterFactory,
    NetworkError,
    NoAdapter,
    TransientError,
    make_adapter,
)
from .credentials import MissingCredentials, Redactor, read_secrets

WARN_DAYS = 14  # a token or API version ending within this many days is reported
REFRESH_DAYS = 21  # `accounts refresh` renews tokens ending within this many days


@dataclass
class AccountCheck:
    """What `accounts check` found for one account."""

    account: str
    network: str
    handle: str
    variables: dict[str, str]  # credential key → environment variable (names, never values)
    enabled: bool = True
    checked: bool = False  # False: disabled, dry run, or stopped before the network call
    reachable: bool | None = None
    expires_at: datetime | None = None
    version_retires: date | None = None
    missing_permissions: tuple[str, ...] = ()
    problems: list[str] = field(default_factory=list)  # fails now
    warnings: list[str] = field(default_factory=list)  # fails within the warning days
    detail: str = ""
    can_refresh: bool = False

    @property
    def state(self) -> str:
        if not self.enabled:
            return "disabled"
        if self.problems:
            return "failing"
        if self.warnings:
            return "expiring"
        return "ok" if self.checked else "not checked"

    def as_json(self) -> dict[str, Any]:
        return {
            "account": self.account,
            "network": self.network,
            "handle": self.handle,
            "state": self.state,
            "reachable": self.reachable,
            "expires_at": _iso(self.expires_at),
            "version_retires": self.version_retires.isoformat() if self.version_retires else None,
            "missing_permissions": list(self.missing_permissions),
            "problems": self.problems,
            "warnings": self.warnings,
            "detail": self.detail,
            "can_refresh": self.can_refresh,
            "variables": self.variables,
        }


def check_accounts(
    config: SiteConfig,
    *,
    adapter_factory: AdapterFactory | None = None,
    environ: Mapping[str, str] | None = None,
    redactor: Redactor | None = None,
    now: datetime | None = None,
    warn_days: int = WARN_DAYS,
    dry_run: bool = False,
) -> list[AccountCheck]:
    """Check every configured account (disabled ones are listed, not asked)."""
    checker = _Checker(config, adapter_factory, environ, redactor, now)
    return [
        checker.check(account_id, settings, timedelta(days=warn_days), dry_run)
        for account_id, settings in config.accounts.items()
    ]


def failing(checks: list[AccountCheck]) -> bool:
    """Whether anything fails now or within the warning days (the command's exit 1)."""
    return any(check.problems or check.warnings for check in checks)


def stale_rules(network: str, today: date) -> list[str]:
    """A warning when the network's rules were last checked at their sources more than six
    months before `today`: platforms change limits without notice (a hashtag cap went from
    30 to 5 in December 2025), and a stale rule composes posts the network refuses."""
    declared = NETWORKS[network]
    stale = declared.stale_sources(today)
    if not stale:
        return []
    oldest = min(source.checked for source in stale)
    pages = "; ".join(f"{', '.join(s.rules)}: {s.url}" for s in stale)
    return [
        f"{declared.label}'s rules were last checked at their sources on {oldest.isoformat()}, "
        f"more than 6 months ago ({pages}) — check them there, then update the rules and "
        f"their dates (`SOURCES` in newsroom/networks/{network}/__init__.py), or update Newsroom"
    ]


def can_refresh(adapter: Adapter) -> bool:
    """Whether the adapter's network gives new tokens for old (it overrides refresh_token)."""
    return type(adapter).refresh_token is not Adapter.refresh_token


class _Checker:
    def __init__(
        self,
        config: SiteConfig,
        adapter_factory: AdapterFactory | None,
        environ: Mapping[str, str] | None,
        redactor: Redactor | None,
        now: datetime | None,
    ):
        self.factory = adapter_factory or make_adapter
        self.environ = os.environ if environ is None else environ
        self.redact = redactor or Redactor()
        names = {v for a in config.accounts.values() for v in a.credentials.values()}
        self.redact.add(self.environ[n] for n in names if self.environ.get(n))
        self.now = now or clock.now()

    def check(
        self, account_id: str, settings: AccountSettings, warn: timedelta, dry_run: bool
    ) -> AccountCheck:
        check = AccountCheck(
            account_id,
            settings.network,
            settings.handle,
            dict(settings.credentials),
            enabled=settings.enabled,
        )
        if settings.enabled:
            self._ask(check, account_id, settings, warn, dry_run)
            check.warnings += stale_rules(settings.network, self.now.date())
        check.problems = [self.redact(p) for p in check.problems]
        check.warnings = [self.redact(w) for w in check.warnings]
        check.detail = self.redact(check.detail)
        return check

    def _ask(
        self,
        check: AccountCheck,
        account_id: str,
        settings: AccountSettings,
        warn: timedelta,
        dry_run: bool,
    ) -> None:
        try:
            secrets = read_secrets(account_id, settings, self.environ)
        except MissingCredentials as error:
            check.problems.append(str(error))
            return
        try:
            adapter = self.factory(account_id, settings, secrets)
        except NoAdapter as error:
            check.problems.append(str(error))
            return
        check.can_refresh = can_refresh(adapter)
        if dry_run:
            adapter.close()
            return
        try:
            status = _status(adapter, NETWORKS[settings.network].label)
        finally:
            adapter.close()
        check.checked = True
        self._judge(check, status, settings, warn)

    def _judge(
        self, check: AccountCheck, status: AccountStatus, settings: AccountSettings, warn: timedelta
    ) -> None:
        network = NETWORKS[settings.network]
        check.reachable, check.detail = status.reachable, status.detail
        check.expires_at, check.version_retires = status.expires_at, status.version_retires
        check.missing_permissions = status.missing_permissions
        check.problems += status.problems
        if status.missing_permissions:
            check.problems.append(
                f"the token lacks {', '.join(status.missing_permissions)} — {network.renew}"
            )
        renew = network.renew or "renew the token and update the secret"
        if check.can_refresh:
            renew = "`newsroom accounts refresh` renews it (see the handbook: Accounts)"
        if status.expires_at is not None:
            self._deadline(check, status.expires_at, warn, "the token", renew)
        if status.version_retires is not None:
            retires = datetime.combine(status.version_retires, datetime.min.time(), UTC)
            fix = (
                f"set a newer `api_version` under accounts.{check.account} in newsroom.yml "
                f"(now {settings.api_version or network.api_version})"
            )
            self._deadline(check, retires, warn, "its API version", fix)

    def _deadline(
        self, check: AccountCheck, when: datetime, warn: timedelta, what: str, fix: str
    ) -> None:
        shown = when.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
        if when <= self.now:
            check.problems.append(f"{what} expired on {shown} — {fix}")
        elif when - self.now <= warn:
            days = (when - self.now).days
            check.warnings.append(f"{what} expires on {shown} (in {days} days) — {fix}")


def _status(adapter: Adapter, label: str) -> AccountStatus:
    """The adapter's check; any failure (an SDK may raise anything) becomes a problem."""
    try:
        return adapter.check_account()
    except NotImplementedError:
        return AccountStatus(
            reachable=False, problems=(f"Newsroom cannot check {label} accounts yet",)
        )
    except NetworkError as error:
        return AccountStatus(not isinstance(error, TransientError), problems=(str(error),))
    except Exception as error:  # a bug or an SDK surprise: said, never a traceback
        return AccountStatus(False, problems=(f"the check failed: {type(error).__name__}",))


@dataclass
class Refresh:
    """What `accounts refresh` did for one account that can refresh its token."""

    account: str
    variable: str  # the environment variable (repository secret) holding the token
    outcome: str  # "refreshed", "not due", "would refresh", "failed"
    message: str = ""
    token: str = field(default="", repr=False)  # the new token: only for the output file
    expires_at: datetime | None = None


def refresh_accounts(
    config: SiteConfig,
    *,
    adapter_factory: AdapterFactory | None = None,
    environ: Mapping[str, str] | None = None,
    redactor: Redactor | None = None,
    now: datetime | None = None,
    within_days: int = REFRESH_DAYS,
    dry_run: bool = False,
) -> list[Refresh]:
    """Exchange the tokens ending within `within_days` (or of unknown end) for new ones, on
    networks that allow it; the new tokens are only in the returned records."""
    checker = _Checker(config, adapter_factory, environ, redactor, now)
    done = []
    for account_id, settings in config.accounts.items():
        if settings.enabled:
            result = _refresh(checker, account_id, settings, timedelta(days=within_days), dry_run)
            if result is not None:
                result.message = checker.redact(result.message)
                done.append(result)
    return done


def _refresh(
    checker: _Checker,
    account_id: str,
    settings: AccountSettings,
    within: timedelta,
    dry_run: bool,
) -> Refresh | None:
    try:
        secrets = read_secrets(account_id, settings, checker.environ)
        adapter = checker.factory(account_id, settings, secrets)
    except (MissingCredentials, NoAdapter):
        return None  # `accounts check` reports it; nothing to refresh
    try:
        if not can_refresh(adapter):
            return None
        return _renew(adapter, checker.now, within, dry_run)
    finally:
        adapter.close()


def _renew(adapter: Adapter, now: datetime, within: timedelta, dry_run: bool) -> Refresh:
    variable = _token_variable(adapter)
    expires = _status(adapter, adapter.declaration.label).expires_at
    if expires is not None and expires - now > within:
        shown = expires.astimezone(UTC).strftime("%Y-%m-%d")
        return Refresh(adapter.account_id, variable, "not due", f"valid until {shown}")
    if dry_run:
        return Refresh(adapter.account_id, variable, "would refresh")
    try:
        new = adapter.refresh_token()
    except Exception as error:  # said, never a traceback
        message = str(error) if isinstance(error, NetworkError) else type(error).__name__
        return Refresh(adapter.account_id, variable, "failed", message)
    if new is None:
        return Refresh(adapter.account_id, variable, "failed", "the network gave no new token")
    variable = adapter.settings.credentials.get(new.secret_key, variable)
    return Refresh(adapter.account_id, variable, "refreshed", "", new.token, new.expires_at)


def _token_variable(adapter: Adapter) -> str:
    credentials = adapter.settings.credentials
    return credentials.get("access_token") or next(iter(credentials.values()), "")


def _iso(when: datetime | None) -> str | None:
    return when.astimezone(UTC).isoformat().replace("+00:00", "Z") if when else None
