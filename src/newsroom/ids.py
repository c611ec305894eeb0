"""Permanent item ids: short, random, lowercase Crockford base32, unique in the repository."""

from __future__ import annotations

import secrets
from collections.abc import Container

# Crockford's base32, lowercase: no i, l, o, u, so ids survive being read aloud or retyped.
# The schema's id pattern is built from it.
ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
ID_LENGTH = 8  # 40 bits: collisions are checked anyway, but stay rare at 10,000 items


def new_id(taken: Container[str] = (), length: int = ID_LENGTH) -> str:
    """A fresh id not in `taken`."""
    while True:
        candidate = "".join(secrets.choice(ID_ALPHABET) for _ in range(length))
        # An id starting with a digit could be read as a number by YAML tools; avoid it.
        if candidate[0].isalpha() and candidate not in taken:
            return candidate
