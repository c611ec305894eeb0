"""The handbook builds strictly, with its generated sections filled from the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsroom.config import SiteConfig, load_config
from newsroom.handbook.build import HandbookFailed, build_handbook
from newsroom.handbook.reference import walk_fields
from newsroom.networks import NETWORKS
from newsroom.schema import ItemFrontMatter

from ..conftest import PROJECT

SRC = PROJECT / "src/newsroom"


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_strict_build_with_generated_references(tmp_path: Path) -> None:
    site = build_handbook(PROJECT, tmp_path)

    assert site == tmp_path / "handbook"
    front_matter = _text((site / "reference/front-matter/index.html").read_text(encoding="utf-8"))
    for row in walk_fields(ItemFrontMatter):
        assert row.name in front_matter, row.name
    configuration = _text((site / "reference/configuration/index.html").read_text(encoding="utf-8"))
    for row in walk_fields(SiteConfig):
        assert row.name.replace("<", "&lt;").replace(">", "&gt;") in configuration, row.name
    errors = (site / "errors/index.html").read_text(encoding="utf-8")
    assert "did you mean &#39;title&#39;" in errors or "did you mean 'title'" in errors
    networks_page = (site / "networks/index.html").read_text(encoding="utf-8")
    networks = _text(networks_page)
    assert "280 weighted characters" in networks
    for network in NETWORKS.values():  # a tab on writing for each network, from its folder
        assert f">{network.label}</label>" in networks_page, network.label
        assert " ".join(network.writing.split()[:4]) in networks, network.label
    guides = [n for n in NETWORKS if (SRC / "networks" / n / "guide.md").is_file()]
    assert guides, "the networks' setup guides (their folders' guide.md)"
    for name in guides:
        assert f'<h2 id="{name}">' in networks_page, f"networks/{name}/guide.md is shown"
    # Every include was replaced by its section, and the theme overrides are not pages.
    for page in site.rglob("*.html"):
        assert "--8&lt;--" not in page.read_text(encoding="utf-8"), page
    assert not (site / "overrides").exists()
    assert (site / "search/search_index.json").is_file()
    # Named after the site, in its colours (the generated style sheet is linked and published).
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f"<title>{load_config(PROJECT).site.name} — handbook</title>" in home
    for network in NETWORKS.values():  # the home names every declared network
        assert f"<strong>{network.label}</strong>" in home, network.label
    assert 'href="assets/newsroom/colours.css"' in home
    assert (site / "assets/newsroom/colours.css").is_file()


def test_strict_build_refuses_a_broken_link(tmp_path: Path, handbook_project: Path) -> None:
    page = handbook_project / "docs/review.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nSee [the lost page](lost.md).\n")

    with pytest.raises(HandbookFailed, match=r"lost\.md"):
        build_handbook(handbook_project, tmp_path)


def test_strict_build_refuses_an_unknown_generated_section(
    tmp_path: Path, handbook_project: Path
) -> None:
    page = handbook_project / "docs/review.md"
    page.write_text(page.read_text(encoding="utf-8") + '\n--8<-- "no-such-table.md"\n')

    with pytest.raises(HandbookFailed, match=r"no-such-table\.md"):
        build_handbook(handbook_project, tmp_path)
