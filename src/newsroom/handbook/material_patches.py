"""Material for MkDocs' own templates, patched where they emit invalid or unnamed HTML.

Material's templates cannot be fixed from a block override (the markup sits outside any
block), so the templates of the installed Material are copied into the handbook's theme
folder with the smallest replacement each. A replacement that no longer matches (a new
Material) fails the build with what to do: a fix is never silently lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Patch:
    """One replacement in one Material template, and why."""

    template: str  # relative to Material's templates folder
    old: str
    new: str
    why: str


PATCHES = (
    Patch(
        "base.html",
        'type="checkbox" id="__drawer" autocomplete="off">',
        'type="checkbox" id="__drawer">',
        "Nu: `autocomplete` is not allowed on a checkbox",
    ),
    Patch(
        "base.html",
        'type="checkbox" id="__search" autocomplete="off">',
        'type="checkbox" id="__search" aria-label="{{ lang.t(\'search\') }}">',
        "Nu: `autocomplete` is not allowed on a checkbox; axe: the toggle needs a name",
    ),
    Patch(
        "partials/nav-item.html",
        'tabindex="{{ tabindex }}">',
        '{% if tabindex %} tabindex="{{ tabindex }}"{% endif %}>',
        'Nu: `tabindex=""` (section labels) is not an integer',
    ),
    Patch(
        "partials/search.html",
        'data-md-component="search" role="dialog">',
        'data-md-component="search" role="dialog" aria-label="{{ lang.t(\'search\') }}">',
        "axe, Lighthouse: a dialog needs an accessible name",
    ),
    Patch(
        "partials/search.html",
        '<form class="md-search__form" name="search">',
        '<form class="md-search__form" name="search">'
        "<button type=\"submit\" hidden>{{ lang.t('search') }}</button>",
        "pa11y (WCAG H32): a form needs a submit button; Enter submits this one-field form anyway",
    ),
    # The colour toggle is two radio buttons, not a form to send: Material reads its inputs.
    Patch(
        "partials/palette.html",
        '<form class="md-header__option" data-md-component="palette">',
        '<div class="md-header__option" data-md-component="palette">',
        "pa11y (WCAG H32): a form without a submit button",
    ),
    Patch("partials/palette.html", "</form>", "</div>", "the element opened above"),
    # The table of contents' toggle, written only when there is a contents to toggle (and so
    # a label naming the checkbox).
    Patch(
        "partials/nav-item.html",
        '<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">\n'
        "      {% set first = toc | first %}\n"
        "      {% if first and first.level == 1 %}\n"
        "        {% set toc = first.children %}\n"
        "      {% endif %}\n"
        "      {% if toc %}\n",
        "{% set first = toc | first %}\n"
        "      {% if first and first.level == 1 %}\n"
        "        {% set toc = first.children %}\n"
        "      {% endif %}\n"
        "      {% if toc %}\n"
        '      <input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">\n',
        "pa11y (WCAG F68, H91): a checkbox without a label on pages without contents",
    ),
)


class MaterialChanged(RuntimeError):
    """A patch no longer applies to the installed Material for MkDocs."""


def material_templates() -> Path:
    """The templates folder of the installed Material for MkDocs."""
    import material

    return Path(material.__file__).resolve().parent / "templates"


def patched_material_templates(templates: Path | None = None) -> dict[str, str]:
    """Each patched template's text by its path in the theme folder."""
    templates = templates or material_templates()
    texts: dict[str, str] = {}
    for patch in PATCHES:
        text = texts.get(patch.template)
        if text is None:
            text = (templates / patch.template).read_text(encoding="utf-8")
        if patch.old not in text:
            raise MaterialChanged(
                f"{templates / patch.template}: the markup to fix ({patch.why}) is not there "
                "any more — check whether this Material release fixed it, then update or "
                "remove the patch in newsroom/handbook/material_patches.py"
            )
        texts[patch.template] = text.replace(patch.old, patch.new)
    return texts
