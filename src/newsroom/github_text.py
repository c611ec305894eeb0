"""Every text Newsroom writes to GitHub goes through here: comments, issues, annotations.

What a contributor or a configuration wrote (a title, a summary, an alt text, a file name, an
account's handle, a problem's message) is data, never Markdown: GitHub must show it as written
and must not act on it. Three things would act on it:

- **Mentions.** GitHub links and notifies `@user` and `@org/team` wherever `@` follows a
  non-word character in a text node of the rendered HTML (not in code, pre or links), after
  entities are decoded: `&#64;team` notifies as well as `@team`. A zero-width space after
  every at sign (`@`, fullwidth U+FF20, small U+FE6B) breaks the pattern, shows the same text.
- **Markdown and HTML.** Raw HTML (a tracking `<img>`), images (`![…](…)`), links, emphasis,
  entities: every character that can start them is backslash-escaped, so `&#64;` stays
  `&#64;` and `<img>` stays text, and so do bare URLs (their `:` or `.` escaped); line breaks
  become spaces, so a value can never start a block of its own.
- **Code spans that end early.** A file name with backticks closed its span and let the rest
  be Markdown: spans and fences here are longer than any backtick run they hold.

The only live mentions are those Newsroom means (the review clock's editors from CODEOWNERS),
made with `mention`, which accepts nothing but one well-formed handle.
"""

from __future__ import annotations

import re
import unicodedata

ZERO_WIDTH_SPACE = "\u200b"
# The at signs a reader may take for `@` (GitHub links only the ASCII one; the others are
# broken too, so no future rule of GitHub's turns them into notifications), and `#`, which
# links `#12` and `owner/repo#12` and leaves a "mentioned this" on that issue.
AT_SIGNS = "@\uff20\ufe6b"
_AT_SIGN = re.compile(f"([{AT_SIGNS}#])")
# What can start Markdown inside a line: emphasis, code, links and images (`[`), HTML and
# autolinks (`<`), entities (`&`), strikethrough, tables, headings, maths. Other punctuation
# is left as it is, so the same text reads well in a terminal (`publish --dry-run`).
_MARKDOWN = re.compile(r"([\\`*_\[\]<>&~|#$])")
# GitHub links bare URLs and `www.` names by itself (an autolink would also show the
# backslashes inside it): an escaped `:` or `.` in those places keeps them text.
_AUTOLINK = re.compile(r"(?i)(?<=[a-z]):(?=//)|(?<=www)\.")
# GitHub's rule for a mention: a user name, or an organisation and one of its teams.
_HANDLE = re.compile(r"@[A-Za-z0-9][A-Za-z0-9-]*(?:/[A-Za-z0-9][A-Za-z0-9_-]*)?")


def _one_line(value: str) -> str:
    """Control characters and line breaks as spaces: a value stays inside its line."""
    return "".join(
        " " if unicodedata.category(char) in ("Cc", "Zl", "Zp") else char for char in value
    )


def unmention(value: str) -> str:
    """The text with every at sign (and `#`) followed by a zero-width space: it shows the
    same, and GitHub links and notifies no one, nor references any issue."""
    return _AT_SIGN.sub(rf"\1{ZERO_WIDTH_SPACE}", value)


def plain(value: object) -> str:
    """Any value as Markdown text that GitHub shows exactly as written, on one line."""
    escaped = _MARKDOWN.sub(r"\\\1", unmention(_one_line(str(value))))
    return _AUTOLINK.sub(lambda match: "\\" + match[0], escaped)


def bold(value: object) -> str:
    """A value shown in bold (its text escaped like `plain`), to be followed by a space or
    the end of the line: emphasis cannot open or close next to white space."""
    text = plain(value).strip()
    return f"**{text}**" if text else text


def _longest_run(value: str, char: str) -> int:
    return max((len(run) for run in re.findall(f"{re.escape(char)}+", value)), default=0)


def code(value: object) -> str:
    """A code span holding any text: its backticks outnumber every run inside it."""
    text = _one_line(str(value))
    fence = "`" * (_longest_run(text, "`") + 1)
    return f"{fence}{_padded(text)}{fence}"


def _padded(text: str) -> str:
    """A span's text with one space added at each end where GitHub would remove one (it
    strips a space from each end when both have one) or where a backtick would touch the
    fence; an empty text is one space (two backticks alone open no span)."""
    if not text:
        return " "
    touches_fence = "`" in (text[0], text[-1])
    both_spaced = text[0] == " " and text[-1] == " " and text.strip(" ")
    return f" {text} " if touches_fence or both_spaced else text


def code_block(value: str, info: str = "text") -> str:
    """A fenced code block holding any text, lines and all (GitHub links nothing inside)."""
    text = "".join(" " if c in "\r\x0b\x0c\x85\u2028\u2029" else c for c in value)
    fence = "`" * max(3, _longest_run(text, "`") + 1)
    return f"{fence}{info}\n{text}\n{fence}"


def mention(handle: str) -> str:
    """A mention Newsroom means to make (an editor named in CODEOWNERS): one `@user` or
    `@org/team`, nothing else; any other text is shown, escaped, and notifies no one."""
    return handle if _HANDLE.fullmatch(handle) else plain(handle)


def link(label: object, url: str) -> str:
    """A link to a URL Newsroom made itself (a run, a page); any other URL is shown as code."""
    if re.fullmatch(r"https://[^\s<>()\\`]+", url):
        return f"[{plain(label)}]({url})"
    return f"{plain(label)} ({code(url)})"


# --- Workflow commands: `::error file=…,line=…::message` ----------------------------------


def _command_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _command_property(text: str) -> str:
    return _command_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(level: str, message: str, *, file: str = "", line: int = 0, title: str = "") -> str:
    """One GitHub Actions annotation (`error`, `warning` or `notice`), its message and
    properties escaped as workflow commands require, mentions broken."""
    # The file must stay the repository's path, or the annotation lands on no file.
    values = (("file", file), ("line", str(line) if line else ""), ("title", unmention(title)))
    properties = [f"{name}={_command_property(value)}" for name, value in values if value]
    head = f"::{level} {','.join(properties)}" if properties else f"::{level}"
    return f"{head}::{_command_data(unmention(message))}"
