"""What GitHub would show and do for a Markdown text: rendered by cmark-gfm (GitHub's own
Markdown library, raw HTML let through as GitHub's renderer lets it through to its sanitiser),
then read as GitHub's mention filter reads it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import cmarkgfm
from cmarkgfm.cmark import Options

# GitHub's mention: `@` after a non-word character (or at the start), then a user name and
# perhaps `/team`. Mentions inside these elements are left alone by GitHub.
MENTION = re.compile(r"(?<!\w)@[A-Za-z0-9][A-Za-z0-9-]*(?:/[A-Za-z0-9][A-Za-z0-9_-]*)?")
REFERENCE = re.compile(r"(?<!\w)(?:[\w.-]+/[\w.-]+)?#\d+")
NOT_LINKED_IN = {"pre", "code", "a", "style", "script"}
VOID = {"br", "hr", "img", "input", "meta", "link", "source", "wbr"}


@dataclass
class Rendered:
    """The HTML elements, comments and texts of a rendered document."""

    html: str
    tags: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    linkable_text: list[str] = field(default_factory=list)  # where GitHub looks for mentions
    all_text: list[str] = field(default_factory=list)

    @property
    def mentions(self) -> list[str]:
        """The mentions GitHub would link and notify."""
        return [m for text in self.linkable_text for m in MENTION.findall(text)]

    @property
    def references(self) -> list[str]:
        """Issue and pull request references GitHub would link (`#12`, `owner/repo#12`)."""
        return [m for text in self.linkable_text for m in REFERENCE.findall(text)]

    @property
    def text(self) -> str:
        return "".join(self.all_text)

    def tag_names(self) -> set[str]:
        return {name for name, _ in self.tags}


class _Reader(HTMLParser):
    def __init__(self, into: Rendered):
        super().__init__(convert_charrefs=True)
        self.into = into
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.into.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag) :]

    def handle_comment(self, data: str) -> None:
        self.into.comments.append(data)

    def handle_data(self, data: str) -> None:
        self.into.all_text.append(data)
        if not NOT_LINKED_IN & set(self.open):
            self.into.linkable_text.append(data)


def render(markdown: str) -> Rendered:
    """The document as GitHub renders it, read element by element."""
    html = cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)
    rendered = Rendered(html)
    reader = _Reader(rendered)
    reader.feed(html)
    reader.close()
    return rendered
