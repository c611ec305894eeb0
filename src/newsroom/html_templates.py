"""The Jinja environment of the HTML files Newsroom writes itself (short links, stats report).

Autoescaped, so every value passed in is text and never markup; a missing value is an error,
not an empty string. The templates live in `newsroom/templates/` (package data).
"""

from __future__ import annotations

from functools import cache

import jinja2

_ENVIRONMENT = jinja2.Environment(
    loader=jinja2.PackageLoader("newsroom", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,  # a `{% … %}` line leaves no blank line behind
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


@cache
def html_template(name: str) -> jinja2.Template:
    """The compiled template `name` of `newsroom/templates/` (compiled once per process)."""
    return _ENVIRONMENT.get_template(name)
