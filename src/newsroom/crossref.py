"""The paper of a DOI, from Crossref's REST API: what `newsroom new --doi` fills in.

One call, `GET {base}/works/{doi}`, answered as Crossref documents it (the "Work" of
https://github.com/CrossRef/rest-api-doc/blob/master/api_format.md): `message.title` and
`message.container-title` are arrays of strings; dates are `{"date-parts": [[y, m, d]]}`,
with the day or the month sometimes missing. Crossref asks polite clients to say who they
are with a `mailto` (query parameter and User-Agent): the address given, else none.
`NEWSROOM_CROSSREF_URL` points the call elsewhere (the tests' fake on loopback).
Whatever goes wrong (offline, a DOI Crossref does not know, an answer of another shape)
ends as a `CrossrefUnavailable` saying why: the caller asks the person instead.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import quote

import httpx

from . import __version__

API_URL = "https://api.crossref.org"
URL_VARIABLE = "NEWSROOM_CROSSREF_URL"
MAILTO_VARIABLE = "NEWSROOM_CROSSREF_MAILTO"
TIMEOUT_SECONDS = 10
# The paper's date: when it went online first, else in print, else Crossref's earliest.
_DATES = ("published-online", "published-print", "published", "issued")


class CrossrefUnavailable(Exception):
    """No paper from Crossref: the reason, in words for the person at the terminal."""


@dataclass(frozen=True)
class FoundPaper:
    """What Crossref says of a DOI; a field it does not give is None (asked for)."""

    doi: str
    title: str | None
    journal: str | None
    date: date | None


def fetch_paper(
    doi: str, mailto: str | None = None, transport: httpx.BaseTransport | None = None
) -> FoundPaper:
    """The title, journal and date Crossref has for `doi` (CrossrefUnavailable: why not)."""
    base = os.environ.get(URL_VARIABLE) or API_URL
    mailto = os.environ.get(MAILTO_VARIABLE) or mailto
    agent = f"Newsroom/{__version__}" + (f" (mailto:{mailto})" if mailto else "")
    params = {"mailto": mailto} if mailto else {}
    url = f"{base.rstrip('/')}/works/{quote(doi, safe='/')}"
    try:
        with httpx.Client(transport=transport, timeout=TIMEOUT_SECONDS) as client:
            response = client.get(url, params=params, headers={"User-Agent": agent})
    except httpx.HTTPError as error:
        reason = f"Crossref could not be reached ({type(error).__name__})"
        raise CrossrefUnavailable(reason) from None
    if response.status_code == 404:
        raise CrossrefUnavailable(f"Crossref does not know the DOI {doi}")
    if response.status_code != 200:
        raise CrossrefUnavailable(f"Crossref answered {response.status_code}")
    try:
        work = response.json()["message"]
    except (ValueError, KeyError, TypeError):
        raise CrossrefUnavailable("Crossref's answer is not a work record") from None
    return FoundPaper(doi, _first(work, "title"), _first(work, "container-title"), _date(work))


def _first(work: Any, key: str) -> str | None:
    """The first string of one of the work's arrays, on one line, or None."""
    values = work.get(key) if isinstance(work, dict) else None
    if isinstance(values, list) and values and isinstance(values[0], str):
        text = " ".join(values[0].split())
        return text or None
    return None


def _date(work: Any) -> date | None:
    """The first of `_DATES` given to the day (a year or a month alone is not a day)."""
    for key in _DATES:
        parts = (work.get(key) or {}).get("date-parts") if isinstance(work, dict) else None
        if not (isinstance(parts, list) and parts and isinstance(parts[0], list)):
            continue
        day = parts[0]
        if len(day) == 3 and all(isinstance(n, int) for n in day):
            try:
                return date(*day)
            except ValueError:
                continue
    return None
