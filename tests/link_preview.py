"""The link-preview tags of a page as a crawler reads them: OpenGraph's, and the card's.

Beside OpenGraph, the site writes one card vocabulary (`<prefix>:card`, `<prefix>:title`…),
read by the network whose crawler asks for it; which network and which prefix is that
network's own rule, tested in its folder (tests/networks/<name>/). Tests of the site read
the card's tags by field through `card`.
"""

from __future__ import annotations

from lxml import html as lxml_html


def preview_meta(doc: lxml_html.HtmlElement) -> dict[str, str]:
    """Each `<meta>` tag's property or name → its content."""
    named = ((m.get("property") or m.get("name"), m.get("content")) for m in doc.iter("meta"))
    return {name: content for name, content in named if name}


def card(meta: dict[str, str]) -> dict[str, str]:
    """The card's tags by field (`card`, `title`, `image`…): those of the one vocabulary
    that names a card type (`<prefix>:card`)."""
    prefixes = [name.removesuffix(":card") for name in meta if name.endswith(":card")]
    assert len(prefixes) == 1, f"one card vocabulary expected, found {prefixes}"
    prefix = prefixes[0] + ":"
    return {
        name.removeprefix(prefix): value for name, value in meta.items() if name.startswith(prefix)
    }
