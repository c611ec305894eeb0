"""The handbook in the site's colours: Material's custom palette from `site.branding`.

`mkdocs.yml` sets `primary: custom` and `accent: custom`; this style sheet gives them the
branding colours of `newsroom.yml`. Each colour keeps WCAG AA contrast (4.5:1) where the
handbook uses it: the primary colour under white text (header) and, like the accent colour
(links on hover), as text on the page — lightened on the dark scheme until it reads there too.
"""

from __future__ import annotations

from ..branding import WCAG_AA_TEXT, contrast_ratio
from ..config import SiteConfig

# Used when the configuration names no branding (a newsroom.yml older than branding).
DEFAULT_PRIMARY = "#0b3d91"
DEFAULT_ACCENT = "#a4161a"
WHITE = "#ffffff"
# Material's dark ("slate") background: hsl(225, 15%, 14%).
SLATE_BACKGROUND = "#1e2129"


def branding_colours(site: SiteConfig) -> tuple[str, str]:
    """The primary and accent colours of `site.branding`, or Newsroom's defaults."""
    branding = getattr(site.site, "branding", None)
    primary = getattr(branding, "primary", None) or DEFAULT_PRIMARY
    accent = getattr(branding, "accent", None) or DEFAULT_ACCENT
    return primary.lower(), accent.lower()


def mix(colour: str, other: str, amount: float) -> str:
    """`colour` moved `amount` (0…1) of the way towards `other`."""
    channels = []
    for i in (1, 3, 5):
        a, b = int(colour[i : i + 2], 16), int(other[i : i + 2], 16)
        channels.append(round(a + (b - a) * amount))
    return "#" + "".join(f"{c:02x}" for c in channels)


def readable_on(colour: str, background: str) -> str:
    """`colour`, or the least lightened version of it that reads on `background` (AA)."""
    step = 0.0
    candidate = colour
    while contrast_ratio(candidate, background) < WCAG_AA_TEXT and step < 1:
        step = round(step + 0.05, 2)
        candidate = mix(colour, WHITE, step)
    return candidate


def handbook_css(site: SiteConfig) -> str:
    """The style sheet giving Material's custom palette the branding colours."""
    primary, accent = branding_colours(site)
    return f"""\
[data-md-color-primary=custom] {{
  --md-primary-fg-color: {primary};
  --md-primary-fg-color--light: {mix(primary, WHITE, 0.2)};
  --md-primary-fg-color--dark: {mix(primary, "#000000", 0.3)};
  --md-primary-bg-color: {WHITE};
  --md-primary-bg-color--light: #ffffffb3;
}}
[data-md-color-accent=custom] {{
  --md-accent-fg-color: {accent};
  --md-accent-fg-color--transparent: {accent}1a;
  --md-accent-bg-color: {WHITE};
  --md-accent-bg-color--light: #ffffffb3;
}}
[data-md-color-scheme=slate][data-md-color-primary=custom] {{
  --md-typeset-a-color: {readable_on(primary, SLATE_BACKGROUND)};
}}
[data-md-color-scheme=slate][data-md-color-accent=custom] {{
  --md-accent-fg-color: {readable_on(accent, SLATE_BACKGROUND)};
}}
{_READABLE}"""


# Material's own colours that miss AA (axe): grey text on code and in the footer, two code
# colours of the dark scheme; and links told apart from text by more than colour.
_READABLE = """\
[data-md-color-scheme] {
  --md-footer-fg-color--lighter: #ffffff8c;
}
[data-md-color-scheme=default] {
  --md-code-hl-comment-color: #5e5e5e;
  --md-code-hl-generic-color: #5e5e5e;
  --md-code-hl-operator-color: #5e5e5e;
  --md-code-hl-punctuation-color: #5e5e5e;
  --md-code-hl-variable-color: #5e5e5e;
}
[data-md-color-scheme=slate] {
  --md-code-hl-number-color: #e77063;
  --md-code-hl-constant-color: #9889e3;
}
.md-typeset a:not(.headerlink) {
  text-decoration: underline;
}
"""
