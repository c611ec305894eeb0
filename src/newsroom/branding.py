"""The institution's branding in `newsroom.yml` (`site.branding`): logo, favicon, two colours.

The colours are checked against WCAG 2.1 AA where the theme uses them: the primary colour
is the header's background under white text and the colour of links on white, the accent
colour is text on white (theme labels), so each needs a contrast of 4.5:1 with white. The
handbook reads the same two colours (`config.site.branding.primary` / `.accent`).
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

from .problems import Problem
from .safe_files import link_refusal, linked_part
from .safe_svg import svg_problem

if TYPE_CHECKING:
    from .yamlsource import LoadedYaml

WCAG_AA_TEXT = 4.5  # WCAG 2.1 success criterion 1.4.3, normal text
WHITE = "#ffffff"
LOGO_SUFFIXES = (".svg", ".png")
FAVICON_SUFFIXES = (".svg", ".png", ".ico")
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of a `#rrggbb` colour (0 black … 1 white)."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.1 contrast ratio of two `#rrggbb` colours, from 1 to 21."""
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def darker(colour: str, amount: float = 0.3) -> str:
    """`colour` mixed with `amount` of black: the hover and theme-strip shade of a colour."""
    r, g, b = (round(int(colour[i : i + 2], 16) * (1 - amount)) for i in (1, 3, 5))
    return f"#{r:02x}{g:02x}{b:02x}"


def _text_colour_on_white(value: str) -> str:
    """A `#rrggbb` colour that white text can sit on, and that can be text on white."""
    if not _HEX.match(value):
        raise PydanticCustomError(
            "colour_format", f"{value!r} is not a colour — write six hex digits, e.g. #0b3d91"
        )
    ratio = contrast_ratio(value, WHITE)
    if ratio < WCAG_AA_TEXT:
        raise PydanticCustomError(
            "colour_contrast",
            f"{value} has a contrast of {ratio:.2f}:1 with white; WCAG AA needs "
            f"{WCAG_AA_TEXT}:1 for text — choose a darker shade",
        )
    return value.lower()


BrandColour = Annotated[str, AfterValidator(_text_colour_on_white)]


class BrandingSettings(BaseModel):
    """The institution's logo, favicon and colours, used by the site and the handbook."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    logo: str | None = Field(
        None,
        description="Logo file from the repository root (SVG or PNG), shown 40 px high in "
        "the header beside the site name. An SVG must be a picture only: no script, event "
        "handler, `<foreignObject>` or reference to another file; never a symbolic link.",
    )
    favicon: str | None = Field(
        None,
        description="Favicon file from the repository root (SVG, PNG or ICO); default: the "
        "theme's. An SVG follows the logo's rules.",
    )
    primary: BrandColour = Field(
        "#0b3d91",
        description="Main colour (`#rrggbb`): header background under white text, links. "
        "Needs 4.5:1 contrast with white (WCAG AA), checked by `newsroom check`.",
    )
    accent: BrandColour = Field(
        "#a4161a",
        description="Accent colour (`#rrggbb`): theme labels and highlights, as text on "
        "white. Needs 4.5:1 contrast with white (WCAG AA).",
    )

    @property
    def primary_dark(self) -> str:
        """The primary colour's darker shade (hover, theme strip)."""
        return darker(self.primary)


def branding_problems(root: Path, branding: BrandingSettings, source: LoadedYaml) -> list[Problem]:
    """Logo and favicon must be files of the repository (not links), of a type browsers
    show; an SVG must be a picture only (safe_svg)."""
    problems = []
    for key, suffixes in (("logo", LOGO_SUFFIXES), ("favicon", FAVICON_SUFFIXES)):
        rel = getattr(branding, key)
        if rel is None:
            continue
        where = ("site", "branding", key)
        line = source.line_of(where)
        field = ".".join(where)
        wrong = repository_file_problem(root, rel, suffixes)
        if wrong:
            problems.append(Problem("newsroom.yml", line, field, f"{rel!r} {wrong}"))
    return problems


def repository_file_problem(root: Path, rel: str, suffixes: tuple[str, ...]) -> str:
    path = PurePosixPath(rel)
    if path.is_absolute() or ".." in path.parts:
        return "is not a path inside the repository — write it from the repository root"
    if path.suffix.lower() not in suffixes:
        return f"is not a {' / '.join(s[1:].upper() for s in suffixes)} file — convert it"
    link = linked_part(root, rel)
    if link is not None:
        return link_refusal(rel, link)
    target = root / rel
    try:
        inside = target.resolve().is_relative_to(root.resolve())
    except OSError:
        inside = False
    if not inside:
        return "leads outside the repository — copy the file into it"
    if not target.is_file():
        return "does not exist — check the path (from the repository root) or add the file"
    if path.suffix.lower() == ".svg":
        return svg_problem(target) or ""
    return ""
