"""The journalists' page of a sealed item before its embargo: encrypted, opened in the browser.

A press office sends vetted journalists a link and a passphrase; the page at
`/embargo/<token>/` (a 128-bit random token, kept inside the seal) shows the embargo time
and a passphrase field, and decrypts the release in the browser with WebCrypto: PBKDF2 with
SHA-256 and 600,000 iterations (OWASP's 2023 figure for PBKDF2-HMAC-SHA256) derives an
AES-256-GCM key. The page is never listed: no sitemap entry, no search document, no feed, no
post, `noindex`, and it is left out of every build from the embargo on.

The salt and the nonce are derived from the passphrase and what is encrypted, so the same
release gives the same page on every build (two builds stay byte-identical) and a changed
release never reuses a nonce with the same key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Iterator

from ..content import Embargoed
from ..html_templates import html_template
from .sanitize import MarkdownRenderer

ITERATIONS = 600_000
FOLDER = "embargo"


def page_path(token: str) -> str:
    """The page's file in the site (its URL is the folder)."""
    return f"{FOLDER}/{token}/index.html"


def encrypt(passphrase: str, plaintext: bytes, label: str) -> dict[str, str | int]:
    """AES-256-GCM under a PBKDF2-SHA256 key: what the page's script needs, base64."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    secret = passphrase.encode("utf-8")
    salt = hmac.new(secret, b"salt:" + label.encode(), hashlib.sha256).digest()[:16]
    nonce = hmac.new(secret, b"nonce:" + plaintext, hashlib.sha256).digest()[:12]
    key = hashlib.pbkdf2_hmac("sha256", secret, salt, ITERATIONS, dklen=32)
    sealed = AESGCM(key).encrypt(nonce, plaintext, None)
    encoded = {
        name: base64.b64encode(value).decode("ascii")
        for name, value in (("salt", salt), ("iv", nonce), ("data", sealed))
    }
    return {**encoded, "iterations": ITERATIONS}


def journalists_pages(embargoed: list[Embargoed], site_name: str) -> Iterator[tuple[str, str]]:
    """(file, HTML) of the journalists' page of each sealed item opened before its embargo."""
    renderer = MarkdownRenderer()
    for sealed in embargoed:
        item, journalists = sealed.item, sealed.journalists
        release = {
            "title": item.meta.title,
            "summary": item.meta.summary,
            "html": renderer.render(item.body),
        }
        plaintext = json.dumps(release, ensure_ascii=False).encode("utf-8")
        html = html_template("journalists.html").render(
            lang=item.lang,
            site_name=site_name,
            embargo=item.date.isoformat(),
            embargo_text=item.date.strftime("%A %-d %B %Y, %H:%M (UTC%z)"),
            sealed=encrypt(journalists.passphrase, plaintext, journalists.token),
        )
        yield page_path(journalists.token), html
