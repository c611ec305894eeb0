"""SVG brand files (logo, favicon) that are pictures only: nothing runs, nothing is fetched.

An SVG is a document: opened on its own (the favicon's URL, the logo's "open image in a new
tab") its `<script>` and `onload=` run on the site's origin, where the web editor keeps
its login. So `check` refuses an SVG brand file with a script, an event handler, a
`<foreignObject>` (HTML inside the picture), an animation that rewrites a link, or any
reference that is not a fragment of the file itself (`href`, `xlink:href`, `src`, CSS
`url(…)` in `<style>` or any attribute, `@import`, `<?xml-stylesheet?>`). The file is
parsed by defusedxml: a DTD, entities and external references are refused before anything
is expanded or fetched.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from .safe_files import FileRefused, read_regular_file

MAX_SVG_BYTES = 512 * 1024  # a logo is a few kilobytes; the limit keeps `check` quick
SVG = "{http://www.w3.org/2000/svg}svg"
_RUNS = {"script", "foreignobject", "handler", "listener", "iframe", "embed", "object"}
_ANIMATIONS = {"set", "animate", "animatemotion", "animatetransform", "discard"}
_LINKS = {"href", "src"}  # `href`, `xlink:href` (any namespace), `src`
_CSS_REFERENCE = re.compile(r"url\(\s*['\"]?\s*(?!#)|@import", re.IGNORECASE)
# Processing instructions other than the XML declaration (`<?xml-stylesheet href=…?>`).
_INSTRUCTION = re.compile(rb"<\?(?!xml[\s?])", re.IGNORECASE)
_FIX = "remove it (or export the logo again as plain SVG, or use a PNG)"


def svg_problem(path: Path) -> str | None:
    """What makes the SVG at `path` more than a picture (`is …` / `has …` — fix), or None."""
    try:
        data = read_regular_file(path, MAX_SVG_BYTES, "simplify the drawing, or use a PNG")
    except FileRefused as refused:
        return refused.message
    if _INSTRUCTION.search(data):
        return f"has a processing instruction (such as <?xml-stylesheet?>) — {_FIX}"
    parser = DefusedXMLParser(forbid_dtd=True)
    try:
        parser.feed(data)
        root = parser.close()
    except DefusedXmlException:
        return f"has a DTD or entities (<!DOCTYPE …>, <!ENTITY …>) — {_FIX}"
    except ElementTree.ParseError as error:
        line, _ = error.position
        return f"is not well-formed XML (its line {line}) — export the SVG again"
    if root.tag != SVG:
        return (
            "is not an SVG picture (its root is not <svg> in the SVG namespace) — export it again"
        )
    return next(filter(None, map(_element_problem, root.iter())), None)


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _element_problem(element: ElementTree.Element) -> str | None:
    if not isinstance(element.tag, str):
        return None
    written = _local(element.tag)
    tag = written.lower()
    if tag in _RUNS:
        return f"has a <{written}> element, which can run code — {_FIX}"
    if tag == "style" and _CSS_REFERENCE.search(element.text or ""):
        return f"has a <style> that loads another file (url(…), @import) — {_FIX}"
    for name, value in element.attrib.items():
        wrong = _attribute_problem(tag, _local(name).lower(), value)
        if wrong:
            return wrong
    return None


def _attribute_problem(tag: str, name: str, value: str) -> str | None:
    if name.startswith("on"):
        return f"has an event handler ({name}= on <{tag}>), which runs code — {_FIX}"
    if name in _LINKS and not value.strip().startswith("#"):
        return f"refers to another file or page ({name}={value[:60]!r} on <{tag}>) — {_FIX}"
    if _CSS_REFERENCE.search(value):  # style=, and fill=, filter=, mask=… take url() too
        return f"has a style that loads another file ({name}=url(…) on <{tag}>) — {_FIX}"
    if tag in _ANIMATIONS and name == "attributename":
        animated = value.strip().rsplit(":", 1)[-1].lower()  # `xlink:href` → `href`
        if animated in _LINKS or animated == "style" or animated.startswith("on"):
            return f"has an animation that rewrites {value!r} (<{tag}>) — {_FIX}"
    return None
