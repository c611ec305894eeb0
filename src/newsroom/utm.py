"""UTM templates of `newsroom.yml`: only the documented placeholders, filled without `format`.

A template is configuration text: `str.format` on it would let `{theme:>99999999}` build a
gigabyte string and `{id.__class__}` reach Python objects. Templates are parsed here into
text and placeholder names, validated when the configuration loads, and filled by joining.
"""

from __future__ import annotations

import string

from .problems import did_you_mean

UTM_PLACEHOLDERS = ("network", "account", "theme", "id")
MAX_UTM_CHARS = 200  # a UTM value is a short word; the link stays short in every post


def parse_template(template: str) -> list[tuple[str, str | None]]:
    """(text, placeholder) pieces of a UTM template; ValueError when it is not plain.

    Only the bare placeholders are allowed: a format spec (`{theme:>99999999}`) could make
    a gigabyte string, and attribute or index access (`{id.__class__}`) reach objects.
    """
    if len(template) > MAX_UTM_CHARS:
        raise ValueError(f"is longer than {MAX_UTM_CHARS} characters — keep it to a few words")
    try:
        pieces = list(string.Formatter().parse(template))
    except ValueError as error:
        raise ValueError(f"{error} — write `{{{{` and `}}}}` for literal braces") from None
    names = ", ".join(f"{{{name}}}" for name in UTM_PLACEHOLDERS)
    for _, name, spec, conversion in pieces:
        if name is None:
            continue
        written = "{" + name + (f"!{conversion}" if conversion else "")
        written += (f":{spec}" if spec else "") + "}"
        if name not in UTM_PLACEHOLDERS:
            hint = did_you_mean(name, UTM_PLACEHOLDERS)
            raise ValueError(f"{written!r} is not a placeholder{hint} — use only {names}")
        if spec or conversion:
            raise ValueError(f"{written!r}: write the placeholder alone, {{{name}}}")
    return [(text, name) for text, name, _, _ in pieces]


def fill_template(template: str, values: dict[str, str]) -> str:
    """A UTM template with its placeholders replaced; never `str.format` on config text."""
    return "".join(
        text + (values[name] if name is not None else "") for text, name in parse_template(template)
    )
