"""Secrets come from the environment variables the configuration names, and never go out.

Every message the engine prints, logs or writes to the ledger passes through a Redactor
holding the values read here, and the same redaction is installed as a logging filter, so
a secret echoed by an SDK in an exception or a debug log is masked before anyone sees it.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Mapping

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
        self.add(secrets)

    def add(self, secrets: Iterable[str]) -> None:
        self.secrets.update(s for s in secrets if len(s) >= _MIN_SECRET)

    def __call__(self, text: object) -> str:
        result = str(text)
        # Longest first, so a secret containing another is masked whole.
        for secret in sorted(self.secrets, key=len, reverse=True):
            if secret in result:
                result = result.replace(secret, MASK)
        return result

    def filter(self, record: logging.LogRecord) -> bool:
        if self.secrets:
            record.msg, record.args = self(record.getMessage()), None
            if record.exc_info:
                record.exc_text = self(logging.Formatter().formatException(record.exc_info))
                record.exc_info = None
        return True
