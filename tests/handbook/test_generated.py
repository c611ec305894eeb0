"""The handbook's generated sources: written before the build, from the code and newsroom.yml."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsroom.branding import contrast_ratio
from newsroom.handbook import colours
from newsroom.handbook.generated import (
    COLOURS_CSS,
    GENERATED,
    GENERATORS,
    SECTIONS,
    THEME,
    THEME_MATERIAL,
    write_sources,
)
from newsroom.handbook.material_patches import (
    PATCHES,
    MaterialChanged,
    material_templates,
    patched_material_templates,
)

from ..conftest import PROJECT

INCLUDE = re.compile(r'^--8<-- "([^"]+)\.md"$', re.MULTILINE)


def test_every_section_a_page_includes_is_generated_and_marked(handbook_project: Path) -> None:
    folder = write_sources(handbook_project)

    included = {
        name for page in (handbook_project / "docs").rglob("*.md")
        for name in INCLUDE.findall(page.read_text(encoding="utf-8"))
    }  # fmt: skip
    assert included == set(GENERATORS)  # no page asks for a missing one, none is unused
    for name in GENERATORS:
        text = (folder / SECTIONS / f"{name}.md").read_text(encoding="utf-8")
        assert text.startswith(f"<!-- {GENERATED}. -->\n"), name
    # Sections drawn from newsroom.yml follow it.
    config = handbook_project / "newsroom.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("name: Quantum", "name: Qubits"),
        encoding="utf-8",
    )
    write_sources(handbook_project)
    assert "| Qubits" in (folder / SECTIONS / "themes.md").read_text(encoding="utf-8")


def test_unchanged_files_are_not_rewritten_and_stale_ones_go(handbook_project: Path) -> None:
    folder = write_sources(handbook_project)
    css = folder / THEME / COLOURS_CSS
    before = css.stat().st_mtime_ns
    stale = folder / THEME / "partials/removed-override.html"
    stale.parent.mkdir(parents=True, exist_ok=True)
    stale.write_text("old", encoding="utf-8")

    write_sources(handbook_project)

    assert css.stat().st_mtime_ns == before  # a serving MkDocs does not rebuild for nothing
    assert not stale.exists()


def test_hand_written_overrides_reach_both_theme_folders(handbook_project: Path) -> None:
    overrides = handbook_project / "docs/overrides"
    (overrides / "partials").mkdir(parents=True, exist_ok=True)
    (overrides / "partials/copyright.html").write_text("<p>Ours</p>", encoding="utf-8")
    (overrides / "NOTES.md").write_text("not a template", encoding="utf-8")

    folder = write_sources(handbook_project)

    for theme in (THEME, THEME_MATERIAL):
        assert (folder / theme / "partials/copyright.html").read_text() == "<p>Ours</p>"
        assert not (folder / theme / "NOTES.md").exists()
    # Only the MkDocs theme carries Material's patched templates; Zensical has its own.
    assert (folder / THEME_MATERIAL / "base.html").is_file()
    assert not (folder / THEME / "base.html").exists()


def test_the_colours_are_the_sites(handbook_project: Path) -> None:
    config = handbook_project / "newsroom.yml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^(\s+primary:).*$", r'\1 "#1d4f2a"', text, count=1)
    text = re.sub(r"(?m)^(\s+accent:).*$", r'\1 "#8a2be2"', text, count=1)
    config.write_text(text, encoding="utf-8")

    css = (write_sources(handbook_project) / THEME / COLOURS_CSS).read_text(encoding="utf-8")

    assert "--md-primary-fg-color: #1d4f2a;" in css
    assert "--md-accent-fg-color: #8a2be2;" in css


@given(st.from_regex(r"#[0-9a-f]{6}", fullmatch=True))
def test_a_colour_made_readable_on_the_dark_scheme_passes_aa(colour: str) -> None:
    readable = colours.readable_on(colour, colours.SLATE_BACKGROUND)

    assert contrast_ratio(readable, colours.SLATE_BACKGROUND) >= 4.5
    if contrast_ratio(colour, colours.SLATE_BACKGROUND) >= 4.5:
        assert readable == colour  # a colour that already reads is kept as it is


def test_every_patch_applies_to_the_installed_material() -> None:
    patched = patched_material_templates()

    for patch in PATCHES:
        assert patch.new in patched[patch.template], patch.why
        if patch.old not in patch.new:  # a patch may add to the markup it matched
            assert patch.old not in patched[patch.template], patch.why


def test_a_material_without_the_markup_fails_with_what_to_do(tmp_path: Path) -> None:
    for name in {patch.template for patch in PATCHES}:
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text((material_templates() / name).read_text(encoding="utf-8"))
    base = tmp_path / "base.html"
    base.write_text(base.read_text().replace('autocomplete="off"', ""), encoding="utf-8")

    with pytest.raises(MaterialChanged, match="update or remove the patch"):
        patched_material_templates(tmp_path)


def test_the_sources_of_this_checkout_are_not_in_git() -> None:
    ignored = (PROJECT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "build/" in ignored
