"""The repository files a body links to (`[notes](notes.pdf)`, `<img src=…>`): never links,
never pages or scripts of their own.

The site publishes a file of `content/` that an item or page links to by a relative URL
(site/model.py, `url_rewriter`); a committed symbolic link there would publish whatever it
points to (`.git/config`, a workflow), and an `.html` file or a scripted SVG would run on
the site's address. `check` reports such a link at its line. The URLs are found by
pattern, not by rendering the Markdown: a pattern that finds too much (a link shown in a
code block) only reports a file of the repository that really is such a file.
"""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath

from .problems import Problem
from .safe_files import link_refusal, linked_part
from .safe_svg import svg_problem

_DESTINATION = re.compile(
    r"\]\(\s*<?(?P<inline>[^)\s>]+)"  # [text](url), ![alt](url)
    r"|^ {0,3}\[[^\]]+\]:\s*<?(?P<reference>[^\s>]+)"  # [label]: url
    r"""|\b(?:src|href)\s*=\s*["']?(?P<html>[^"'\s>]+)""",  # raw HTML
    re.MULTILINE | re.IGNORECASE,
)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
CONTENT = "content/"
# Files a browser runs when opened from the site's address (where the web editor keeps its
# login): published as they are, they would be pages of the site with code of their own.
ACTIVE_SUFFIXES = frozenset(
    {".html", ".htm", ".shtml", ".xhtml", ".xht", ".xml", ".xsl", ".xslt", ".js", ".mjs"}
)


def active_file_problem(root: Path, path: str) -> str | None:
    """Why the repository file `path` may not be published as it is (after its quoted
    name), or None: an HTML page or script, or an SVG that is more than a picture."""
    suffix = PurePosixPath(path).suffix.lower()
    if suffix in ACTIVE_SUFFIXES:
        return (
            f"is a {suffix} file, which would run as a page of the site — write the text as "
            "an item or a page of content/, or attach a PDF"
        )
    if suffix == ".svg" and (root / path).is_file():
        return svg_problem(root / path)
    return None


def body_file_candidates(rel: str, body: str) -> list[tuple[int, str, str]]:
    """(offset, URL as written, repository path) of each relative URL of `body` that could
    name a file of `content/`: from the repository root or from the file's folder."""
    folder = PurePosixPath(rel).parent
    found = []
    for match in _DESTINATION.finditer(body):
        url = match[match.lastgroup or 0]
        target = url.partition("#")[0]
        if not target or target.startswith(("/", "?")) or _SCHEME.match(target):
            continue
        for candidate in (target, f"{folder}/{target}"):
            path = os.path.normpath(candidate)
            if path.startswith(CONTENT):
                found.append((match.start(), url, path))
    return found


def body_file_problems(root: Path, rel: str, body: str, body_line: int) -> list[Problem]:
    """A problem at its line for each file the body links to that is (or is reached
    through) a symbolic link, or is a page, a script or a scripted SVG."""
    problems: list[Problem] = []
    reported = set()
    for offset, url, path in body_file_candidates(rel, body):
        if offset in reported or not os.path.lexists(root / path):
            continue
        link = linked_part(root, path)
        wrong = link_refusal(path, link) if link else active_file_problem(root, path)
        if wrong is None:
            continue
        reported.add(offset)
        line = body_line + body.count("\n", 0, offset)
        named = repr(url) if url == path else f"{url!r} ({path})"
        problems.append(Problem(rel, line, "body", f"{named} {wrong}"))
    return problems
