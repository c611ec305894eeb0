"""Secrets come from the environment variables the configuration names, and never go out.

Every message the engine prints, logs or writes to the ledger passes through a Redactor
holding the values read here, and the same redaction is installed as a logging filter, so
a secret echoed by an SDK in an exception or a debug log is masked before anyone sees it.
"""

from __future__ import annotations

import base64
import html
import itertools
import json
import logging
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from urllib.parse import quote, quote_plus

from ..config import AccountSettings

MASK = "[secret]"
_MIN_SECRET = 4  # shorter values would mask ordinary words; no real token is that short


class MissingCredentials(Exception):
    """An environment variable named in the configuration is not set (its NAME is given)."""


def read_secrets(
    account_id: str, settings: AccountSettings, environ: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The account's secrets by credential key; MissingCredentials names unset variables."""
    environ = os.environ if environ is None else environ
    missing = [var for var in settings.credentials.values() if not environ.get(var)]
    if missing:
        raise MissingCredentials(
            f"environment variable {', '.join(missing)} not set — add it to the publishing "
            f"job's secrets (accounts.{account_id}.credentials in newsroom.yml names it)"
        )
    return {key: environ[var] for key, var in settings.credentials.items()}


class Redactor(logging.Filter):
    """Masks known secret values in text and in log records."""

    def __init__(self, secrets: Iterable[str] = ()):
        super().__init__()
        self.secrets: set[str] = set()
        self._pattern: re.Pattern[str] | None = None
        self.add(secrets)

    def add(self, secrets: Iterable[str]) -> None:
        """Mask these values from now on, in every form a library may print them."""
        values = [s for s in secrets if len(s) >= _MIN_SECRET]
        forms = {form for value in values for form in encoded_forms(value)}
        # HTTP Basic and some token endpoints send `id:secret` in base64: every pair of
        # one account's values, in both orders.
        for first, second in itertools.permutations(values, 2):
            forms.update(_base64_forms(f"{first}:{second}"))
        self.secrets.update(form for form in forms if len(form) >= _MIN_SECRET)
        # Longest first, so a secret containing another is masked whole; one pass.
        ordered = sorted(self.secrets, key=len, reverse=True)
        self._pattern = re.compile("|".join(map(re.escape, ordered))) if ordered else None

    def __call__(self, text: object) -> str:
        result = str(text)
        if self._pattern is None:
            return result
        return self._pattern.sub(MASK, result)

    def filter(self, record: logging.LogRecord) -> bool:
        if self.secrets:
            record.msg, record.args = self(record.getMessage()), None
            if record.exc_info:
                record.exc_text = self(logging.Formatter().formatException(record.exc_info))
                record.exc_info = None
        return True


def encoded_forms(secret: str) -> Iterator[str]:
    """`secret` as SDKs and HTTP libraries print it: raw, percent-encoded, JSON, HTML, base64.

    oauthlib logs OAuth 1 headers percent-encoded (`+` as `%2B`), httpx logs URLs with query
    parameters encoded, JSON bodies escape `/` and `"`, error pages escape `&`.
    """
    yield secret
    once = (quote(secret, safe=""), quote(secret, safe="~"), quote_plus(secret))
    # An OAuth 1 signature base string encodes the encoded parameters again (`%252B`).
    for encoded in (*once, *(quote(form, safe="") for form in once)):
        yield encoded
        yield re.sub(r"%[0-9A-F]{2}", lambda m: m.group().lower(), encoded)
    yield json.dumps(secret)[1:-1]
    yield json.dumps(secret, ensure_ascii=False)[1:-1]
    yield json.dumps(secret)[1:-1].replace("/", "\\/")
    yield html.escape(secret)
    yield html.escape(secret, quote=False)
    yield repr(secret)[1:-1]
    yield from _base64_forms(secret)


def _base64_forms(value: str) -> Iterator[str]:
    """`value` in base64, whatever came before it (`client-id:secret` encoded whole).

    Base64 turns 3 bytes into 4 characters, so what precedes `value` shifts it by 0, 1 or 2
    bytes: for each shift, the characters made only of `value`'s own bits.
    """
    raw = value.encode("utf-8")
    for shift in range(3):
        padded = b"\0" * shift + raw
        start, end = -(-8 * shift // 6), 8 * len(padded) // 6
        for encode in (base64.b64encode, base64.urlsafe_b64encode):
            text = encode(padded).decode("ascii")
            if shift == 0:
                yield text  # whole, with its `=` padding
            yield text[start:end]
