"""Secrets are masked in every form a library may print them (issue #14.4)."""

from __future__ import annotations

import base64
import json
import logging
import urllib.parse

from hypothesis import given
from hypothesis import strategies as st

from newsroom.syndication.credentials import MASK, Redactor

secrets = st.text(
    alphabet=st.sampled_from("abcXYZ019+/=&%-_.~:@!é"), min_size=8, max_size=40
).filter(lambda s: len(set(s)) > 4)


def forms(secret: str) -> list[str]:
    once = urllib.parse.quote(secret, safe="")
    return [
        secret,
        once,
        urllib.parse.quote_plus(secret),
        urllib.parse.quote(once, safe=""),  # an OAuth 1 signature base string
        json.dumps(secret)[1:-1],
        base64.b64encode(secret.encode()).decode(),
        base64.b64encode(f"client-id:{secret}".encode()).decode(),
        base64.b64encode(f"x:{secret}".encode()).decode(),
    ]


@given(secrets)
def test_every_printed_form_is_masked(secret):
    redact = Redactor([secret])
    for form in forms(secret):
        masked = redact(f"before {form} after")
        assert form not in masked and MASK in masked, form


@given(secrets, secrets)
def test_key_secret_pairs_in_base64_are_masked(key, secret):
    pair = base64.b64encode(f"{key}:{secret}".encode()).decode()
    assert pair not in Redactor([key, secret])(f"Authorization: Basic {pair}")


def test_log_records_are_masked_with_their_arguments():
    redact = Redactor(["tok+en/with=chars&%"])
    record = logging.LogRecord(
        "oauthlib",
        logging.DEBUG,
        __file__,
        1,
        "header %s",
        ("tok%2Ben%2Fwith%3Dchars%26%25",),
        None,
    )
    redact.filter(record)
    assert record.getMessage() == f"header {MASK}"
