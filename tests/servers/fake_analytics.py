"""Fake Matomo Reporting API and Plausible Stats API v2 on loopback, enforcing what Newsroom
relies on. Visits are set per (utm_source, utm_campaign, entry page, day) with `add_visits`.

Matomo (developer.matomo.org/api-reference/reporting-api, /guides/reporting-api-segmentation):
- `index.php` with `module=API`, `method`, `idSite`, `period`, `date`, `format`, `segment`,
  read from the query string and the POST body (Matomo merges both); `token_auth` only
  counts in the POST body when sent by POST (as Matomo 5 requires for `token_auth` of
  tokens created "only for POST requests") — an unknown token answers, like Matomo,
  HTTP 200 with `{"result": "error", "message": "… token_auth …"}`; no token at all and a
  site without anonymous view access gives the same error;
- `period=range` needs `date=YYYY-MM-DD,YYYY-MM-DD` (start ≤ end), else an error object;
- `method=VisitsSummary.get` answers `{"nb_visits": …, "nb_actions": …, …}` for the range;
  another method answers an error object; an unknown `idSite` an error object;
- segments: `;` is AND, `,` is OR, operators `==`, `!=`, `=@` (contains); values are
  URL-encoded inside the segment; known segments here: `campaignSource`, `campaignName`
  (lower-cased values, as Matomo stores them by default) and `entryPageUrl` (the full URL);
  an unknown segment answers an error object ("The segment … is not a supported segment").
Plausible (plausible.io/docs/stats-api):
- `POST /api/v2/query`, `Authorization: Bearer <key>` (401 `{"error": …}` otherwise), JSON body
  with `site_id` (a key only sees its sites: 401), `metrics` (`visits`, `visitors`,
  `pageviews`), `date_range` (`[start, end]` ISO dates, or "day", "7d", "30d", "all"),
  `filters` (`is`/`contains` on `visit:utm_source`, `visit:utm_campaign`, `visit:entry_page`),
  unknown keys or dimensions → 400 `{"error": …}`;
- answers `{"results": [{"metrics": [...], "dimensions": []}], "meta": {}, "query": {...}}`;
- rate limit: `rate_limit(times)` makes the next calls answer 429, as the 600 requests per
  hour per key limit does.
Inspection: `fake.requests` (every request), `fake.visits` (what is held).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import parse_qs, unquote

from .loopback import FakeNetwork, Request, Response


@dataclass
class Visit:
    """Visits that arrived through one link on one day."""

    source: str
    campaign: str
    entry_page: str  # path, e.g. /news/quantum/2026/quantum-sensor/
    day: date
    count: int


class FakeAnalytics(FakeNetwork):
    """The visits both fakes share; subclasses speak each provider's API."""

    def __init__(self, site: str, token: str, host: str = "https://news.aldermoor.example"):
        super().__init__()
        self.site, self.token, self.host = site, token, host
        self.visits: list[Visit] = []
        self.rate_limited = 0

    def add_visits(self, source: str, campaign: str, entry_page: str, day: date, n: int) -> None:
        with self.lock:
            self.visits.append(Visit(source, campaign, entry_page, day, n))

    def rate_limit(self, times: int = 1) -> None:
        with self.lock:
            self.rate_limited += times

    def reset(self) -> None:
        super().reset()
        self.visits.clear()
        self.rate_limited = 0

    def in_range(self, start: date, end: date) -> list[Visit]:
        return [v for v in self.visits if start <= v.day <= end]


# -- Matomo ------------------------------------------------------------------------------------

MATOMO_SEGMENTS = {
    "campaignSource": lambda v, host: v.source.lower(),
    "campaignName": lambda v, host: v.campaign.lower(),
    "entryPageUrl": lambda v, host: host + v.entry_page,
}


class FakeMatomo(FakeAnalytics):
    """Matomo's `index.php?module=API` for one site."""

    def __init__(self, site_id: int = 7, token: str = "matomo-token") -> None:
        super().__init__(str(site_id), token)
        self.route("POST", r"/index\.php", self._api)
        self.route("GET", r"/index\.php", self._api)

    def _api(self, request: Request, match: re.Match[str]) -> Response:
        form = dict(request.query)
        if request.method == "POST":
            body = parse_qs(request.body.decode("utf-8"), keep_blank_values=True)
            form.update({k: v[-1] for k, v in body.items()})
        if form.get("module") != "API":
            return Response(200, b"<html>Matomo</html>", {"Content-Type": "text/html"})
        if self.rate_limited:  # a reverse proxy's limit: Matomo itself has none
            self.rate_limited -= 1
            return Response(429, b"Too Many Requests", {"Content-Type": "text/plain"})
        token = form.get("token_auth", "") if request.method == "POST" else ""
        if token != self.token:
            return _matomo_error(
                "You can't access this resource as it requires 'view' access for the website "
                f"id = {form.get('idSite')}. Please authenticate with a valid token_auth."
            )
        if form.get("idSite") != self.site:
            return _matomo_error(f"The website id = {form.get('idSite')} couldn't be found")
        if form.get("method") != "VisitsSummary.get":
            return _matomo_error(f"The method '{form.get('method')}' is not known here")
        if form.get("format", "xml").lower() != "json":
            return _matomo_error("this fake answers format=JSON only")
        period = _matomo_period(form.get("period", ""), form.get("date", ""))
        if isinstance(period, Response):
            return period
        matches = _matomo_segment(form.get("segment", ""), self.host)
        if isinstance(matches, Response):
            return matches
        visits = sum(v.count for v in self.in_range(*period) if matches(v))
        return Response(
            200,
            {
                "nb_uniq_visitors": visits,
                "nb_users": 0,
                "nb_visits": visits,
                "nb_actions": visits,
                "nb_visits_converted": 0,
                "bounce_count": 0,
                "sum_visit_length": 0,
                "max_actions": 1 if visits else 0,
                "bounce_rate": "0%",
                "nb_actions_per_visit": 1 if visits else 0,
                "avg_time_on_site": 0,
            },
        )


def _matomo_error(message: str) -> Response:
    return Response(200, {"result": "error", "message": message})


def _matomo_period(period: str, when: str) -> tuple[date, date] | Response:
    if period == "range":
        try:
            start, end = (date.fromisoformat(part) for part in when.split(","))
        except ValueError:
            return _matomo_error(f"The date '{when}' is not a correct date range")
        if start > end:
            return _matomo_error(f"The date '{when}' is not a correct date range")
        return start, end
    if period == "day":
        try:
            day = date.fromisoformat(when)
        except ValueError:
            return _matomo_error(f"The date '{when}' is not a correct date")
        return day, day
    return _matomo_error(f"The period '{period}' is not supported by this fake")


def _matomo_segment(segment: str, host: str) -> Any:
    """A predicate over Visit for the segment, or an error Response."""
    if not segment:
        return lambda v: True
    groups = []
    for part in segment.split(";"):
        alternatives = []
        for condition in part.split(","):
            found = re.fullmatch(r"([A-Za-z]+)(==|!=|=@)(.*)", condition)
            if found is None:
                return _matomo_error(f"The segment condition '{condition}' is not valid.")
            name, operator, value = found.group(1), found.group(2), unquote(found.group(3))
            if name not in MATOMO_SEGMENTS:
                return _matomo_error(
                    f"Segment '{name}' is not a supported segment. Please check the segment name."
                )
            alternatives.append((MATOMO_SEGMENTS[name], operator, value))
        groups.append(alternatives)

    def test(visit: Visit) -> bool:
        return all(
            any(_compare(get(visit, host), operator, value) for get, operator, value in group)
            for group in groups
        )

    return test


def _compare(actual: str, operator: str, value: str) -> bool:
    if operator == "==":
        return actual == value
    if operator == "!=":
        return actual != value
    return value in actual


# -- Plausible ---------------------------------------------------------------------------------

PLAUSIBLE_FILTERS = {
    "visit:utm_source": lambda v: v.source,
    "visit:utm_campaign": lambda v: v.campaign,
    "visit:entry_page": lambda v: v.entry_page,
}
PLAUSIBLE_METRICS = {"visits", "visitors", "pageviews"}
QUERY_KEYS = {"site_id", "metrics", "date_range", "filters", "dimensions", "include", "order_by"}


class FakePlausible(FakeAnalytics):
    """Plausible's `POST /api/v2/query` for one site."""

    def __init__(self, site: str = "news.aldermoor.example", token: str = "plausible-key"):
        super().__init__(site, token)
        self.today = date.today()  # "7d", "30d", "day" count back from here
        self.route("POST", r"/api/v2/query", self._query)

    def _query(self, request: Request, match: re.Match[str]) -> Response:
        if request.headers.get("authorization", "") != f"Bearer {self.token}":
            return Response(401, {"error": "Invalid API key or site ID. Please make sure "
                                  "you're using a valid API key with access to the site "
                                  "you've requested."})  # fmt: skip
        if self.rate_limited:
            self.rate_limited -= 1
            return Response(429, {"error": "Too many API requests. Your API key is limited "
                                  "to 600 requests per hour."})  # fmt: skip
        try:
            query = json.loads(request.body or b"null")
        except json.JSONDecodeError:
            return _plausible_error("Request body is not valid JSON")
        if not isinstance(query, dict):
            return _plausible_error("Request body must be a JSON object")
        unknown = set(query) - QUERY_KEYS
        if unknown:
            return _plausible_error(f"#: Schema does not allow additional properties {unknown}")
        if query.get("site_id") != self.site:
            return Response(401, {"error": "Invalid API key or site ID."})
        metrics = query.get("metrics")
        if not isinstance(metrics, list) or not metrics or not set(metrics) <= PLAUSIBLE_METRICS:
            return _plausible_error(f"#/metrics: invalid metrics {metrics!r}")
        if query.get("dimensions"):
            return _plausible_error("this fake answers queries without dimensions only")
        period = self._range(query.get("date_range"))
        if isinstance(period, Response):
            return period
        matches = _plausible_filters(query.get("filters", []))
        if isinstance(matches, Response):
            return matches
        visits = sum(v.count for v in self.in_range(*period) if matches(v))
        values = {"visits": visits, "visitors": visits, "pageviews": visits}
        result = {"metrics": [values[m] for m in metrics], "dimensions": []}
        return Response(200, {"results": [result], "meta": {}, "query": query})

    def _range(self, value: Any) -> tuple[date, date] | Response:
        shortcuts = {"day": 0, "7d": 6, "30d": 29}
        if value == "all":
            return date.min, date.max
        if isinstance(value, str) and value in shortcuts:
            return self.today - timedelta(days=shortcuts[value]), self.today
        if isinstance(value, list) and len(value) == 2:
            try:
                start, end = (date.fromisoformat(str(v)[:10]) for v in value)
            except ValueError:
                return _plausible_error(f"#/date_range: invalid date range {value!r}")
            if start <= end:
                return start, end
        return _plausible_error(f"#/date_range: invalid date range {value!r}")


def _plausible_error(message: str) -> Response:
    return Response(400, {"error": message})


def _plausible_filters(filters: Any) -> Any:
    if not isinstance(filters, list):
        return _plausible_error("#/filters: must be a list")
    tests = []
    for entry in filters:
        if not (isinstance(entry, list) and len(entry) == 3 and isinstance(entry[2], list)):
            return _plausible_error(f"#/filters: invalid filter {entry!r}")
        operator, dimension, values = entry
        if operator not in ("is", "contains") or dimension not in PLAUSIBLE_FILTERS:
            return _plausible_error(f"#/filters: invalid filter {entry!r}")
        tests.append((PLAUSIBLE_FILTERS[dimension], operator, [str(v) for v in values]))

    def test(visit: Visit) -> bool:
        return all(
            any((get(visit) == v) if op == "is" else (v in get(visit)) for v in values)
            for get, op, values in tests
        )

    return test
