"""Visits per tracked link, from the site's own analytics: Matomo or Plausible reporting APIs.

A post's link is `/s/<id>?utm_source=…&utm_medium=…&utm_campaign=…` (newsroom/links.py);
the short-link page sends the reader on to the item's page with the query string, where the
analytics snippet records the visit with its campaign. A link's visits are those whose UTM
source and campaign are the link's, and — unless the campaign template names the item
(`{id}`) — whose entry page is the item's page (the default campaign is the theme, shared by
every item of it). Counted from the day of the first post to today (the site's time zone).

- Matomo: `POST index.php` with `module=API&method=VisitsSummary.get&period=range`, a
  `segment` on `campaignSource`, `campaignName` (the MarketingCampaignsReporting plugin,
  in every Matomo Cloud and an official free plugin on-premise) and `entryPageUrl`, and
  `token_auth` in the POST body (never in a URL that ends up in logs). Matomo lower-cases
  campaign values by default, so the values are sent lower-cased.
- Plausible: Stats API v2, `POST /api/v2/query` with a Bearer key, `metrics: ["visits"]`,
  filters `is` on `visit:utm_source`, `visit:utm_campaign` and `visit:entry_page`.
Failures are `AnalyticsError` (recorded, never fatal), `AnalyticsDenied` (401/403: stop
asking this run) or `AnalyticsRateLimited` (429: the rest waits for the next run).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import quote

import httpx

from ..config import AnalyticsSettings

TIMEOUT = 20.0  # seconds: an archiving Matomo answers slowly, but a stats run must end


@dataclass(frozen=True)
class LinkQuery:
    """The visits of one tracked link: its UTM values, landing page and days."""

    source: str
    campaign: str
    entry_path: str | None  # site path of the item's page; None: the campaign is the item
    start: date
    end: date


class AnalyticsError(Exception):
    """The analytics server could not answer now; the message never holds the token."""


class AnalyticsDenied(AnalyticsError):
    """The token is missing, wrong or lacks view access: no further request this run."""


class AnalyticsRateLimited(AnalyticsError):
    """HTTP 429: the remaining links wait for the next run."""


class Analytics:
    """One provider's reporting API; `visits()` per link."""

    provider = ""

    def __init__(self, settings: AnalyticsSettings, token: str):
        self.settings = settings
        self.token = token
        self.base = str(settings.base_url).rstrip("/")
        self._http = httpx.Client(timeout=TIMEOUT)

    def close(self) -> None:
        self._http.close()

    def visits(self, query: LinkQuery) -> int:
        raise NotImplementedError

    def _post(self, url: str, **kw: Any) -> httpx.Response:
        name = self.provider.capitalize()
        try:
            response = self._http.post(url, **kw)
        except httpx.HTTPError as error:
            raise AnalyticsError(f"no answer from {name} ({type(error).__name__})") from None
        if response.status_code in (401, 403):
            raise AnalyticsDenied(
                f"{name} refused the token (HTTP {response.status_code}: {_detail(response)}) "
                f"— check analytics.token in newsroom.yml and the variable it names"
            )
        if response.status_code == 429:
            raise AnalyticsRateLimited(f"{name} rate limit reached (HTTP 429)")
        if not response.is_success:
            raise AnalyticsError(
                f"{name} answered HTTP {response.status_code}: {_detail(response)}"
            )
        return response


class Matomo(Analytics):
    """Matomo's Reporting API (developer.matomo.org/api-reference/reporting-api)."""

    provider = "matomo"

    def visits(self, query: LinkQuery) -> int:
        form = {
            "module": "API",
            "method": "VisitsSummary.get",
            "idSite": str(self.settings.site_id),
            "period": "range",
            "date": f"{query.start.isoformat()},{query.end.isoformat()}",
            "segment": matomo_segment(query),
            "format": "JSON",
            "token_auth": self.token,
        }
        answer = _json(self._post(f"{self.base}/index.php", data=form), "Matomo")
        if isinstance(answer, dict) and answer.get("result") == "error":
            message = str(answer.get("message", ""))[:300]
            if "token_auth" in message or "access" in message.lower():
                raise AnalyticsDenied(f"Matomo refused the token: {message}")
            raise AnalyticsError(f"Matomo: {message}")
        if isinstance(answer, list) and not answer:  # no visit at all in the range
            return 0
        if not isinstance(answer, dict):
            raise AnalyticsError("Matomo answered something that is not a report")
        return _whole(answer.get("nb_visits", 0), "Matomo")


def matomo_segment(query: LinkQuery) -> str:
    """`campaignSource==…;campaignName==…[;entryPageUrl=@…]`, each value URL-encoded
    (Matomo's segment syntax: values are encoded inside the segment, which is encoded again
    as a parameter; `;` is AND)."""
    parts = [
        f"campaignSource=={quote(query.source.lower(), safe='')}",
        f"campaignName=={quote(query.campaign.lower(), safe='')}",
    ]
    if query.entry_path:
        parts.append(f"entryPageUrl=@{quote(query.entry_path, safe='')}")
    return ";".join(parts)


class Plausible(Analytics):
    """Plausible's Stats API v2 (plausible.io/docs/stats-api)."""

    provider = "plausible"

    def visits(self, query: LinkQuery) -> int:
        filters: list[list[Any]] = [
            ["is", "visit:utm_source", [query.source]],
            ["is", "visit:utm_campaign", [query.campaign]],
        ]
        if query.entry_path:
            filters.append(["is", "visit:entry_page", [query.entry_path]])
        body = {
            "site_id": str(self.settings.site_id),
            "metrics": ["visits"],
            "date_range": [query.start.isoformat(), query.end.isoformat()],
            "filters": filters,
        }
        headers = {"Authorization": f"Bearer {self.token}"}
        answer = _json(
            self._post(f"{self.base}/api/v2/query", json=body, headers=headers), "Plausible"
        )
        results = answer.get("results") if isinstance(answer, dict) else None
        if not isinstance(results, list):
            raise AnalyticsError("Plausible answered something that is not a query result")
        if not results:
            return 0
        metrics = results[0].get("metrics") if isinstance(results[0], dict) else None
        if not isinstance(metrics, list) or not metrics:
            raise AnalyticsError("Plausible's result has no metrics")
        return _whole(metrics[0], "Plausible")


PROVIDERS: dict[str, type[Analytics]] = {"matomo": Matomo, "plausible": Plausible}


def open_analytics(settings: AnalyticsSettings, environ: Mapping[str, str]) -> Analytics | None:
    """The configured provider's client, None when none is configured.

    Raises AnalyticsDenied when the token's environment variable is not set: the run goes on
    without visits and says which variable to set.
    """
    if settings.provider is None:
        return None
    token = environ.get(settings.token, "") if settings.token else ""
    if not token:
        name = settings.token or "(analytics.token is not set)"
        raise AnalyticsDenied(
            f"no {settings.provider} token: set the environment variable {name} "
            "(analytics.token in newsroom.yml names it)"
        )
    return PROVIDERS[settings.provider](settings, token)


def _json(response: httpx.Response, name: str) -> Any:
    try:
        return response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise AnalyticsError(f"{name} answered something that is not JSON") from None


def _whole(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise AnalyticsError(f"{name} gave a visit count that is not a number: {value!r}")
    return int(value)


def _detail(response: httpx.Response) -> str:
    try:
        data = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return response.reason_phrase
    if isinstance(data, dict):
        return str(data.get("error") or data.get("message") or response.reason_phrase)[:300]
    return response.reason_phrase
