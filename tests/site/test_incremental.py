"""Builds over a previous output and a warm render cache: the site is the one a clean build makes."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsroom.ids import new_id
from newsroom.site import sanitize
from newsroom.site.build import build_site

from .conftest import EXAMPLE_NOW, copy_example


def build(root: Path, output: Path, *, cache: bool = True) -> Path:
    return build_site(
        root, output, now=EXAMPLE_NOW, use_git=False, with_handbook=False, render_cache=cache
    ).output


def example_copy(tmp_path: Path) -> Path:
    root = tmp_path / "newsroom"
    root.mkdir()
    return copy_example(root)


def files(output: Path) -> dict[str, bytes]:
    """Every file of a built site, by its path in the site."""
    return {
        p.relative_to(output).as_posix(): p.read_bytes() for p in output.rglob("*") if p.is_file()
    }


def assert_identical(warm: Path, clean: Path) -> None:
    first, second = files(warm), files(clean)
    assert sorted(first) == sorted(second)
    assert [path for path in first if first[path] != second[path]] == []


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The Markdown bodies actually rendered (not taken from the cache), in order."""
    rendered: list[str] = []
    render = sanitize.MarkdownRenderer.render

    def counting(self: sanitize.MarkdownRenderer, text: str, rewrite_url=None) -> str:
        rendered.append(text)
        return render(self, text, rewrite_url)

    monkeypatch.setattr(sanitize.MarkdownRenderer, "render", counting)
    return rendered


def test_a_second_build_takes_every_body_from_the_cache(tmp_path: Path, renders: list[str]) -> None:
    root = example_copy(tmp_path)
    build(root, tmp_path / "first")
    assert renders, "a cold build renders the bodies"
    assert (root / ".cache/render/.gitignore").read_text() == "*\n"
    renders.clear()
    cached = build(root, tmp_path / "second")
    assert renders == []
    uncached = build(root, tmp_path / "uncached", cache=False)
    assert renders, "without the cache every body is rendered"
    assert_identical(cached, uncached)


def test_a_changed_allow_list_renders_again(
    tmp_path: Path, renders: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsroom.site import render_cache

    root = example_copy(tmp_path)
    build(root, tmp_path / "first")
    renders.clear()
    monkeypatch.setattr(sanitize, "ALLOWED_TAGS", sanitize.ALLOWED_TAGS - {"em"})
    render_cache.renderer_fingerprint.cache_clear()
    try:
        build(root, tmp_path / "second")
    finally:
        render_cache.renderer_fingerprint.cache_clear()
    assert renders, "HTML rendered under another policy is not reused"


def first_item(root: Path) -> Path:
    return min((root / "content/news").rglob("*.md"))


def test_warm_rebuilds_after_an_edit_and_an_addition_match_clean_builds(tmp_path: Path) -> None:
    root = example_copy(tmp_path)
    output = tmp_path / "output"
    build(root, output)
    edited = first_item(root)
    follow_up = edited.with_name(f"{edited.name[:10]}-follow-up.md")  # same date as the edited
    # The edit links a file that does not exist yet: the link stays as written...
    with edited.open("a", encoding="utf-8") as file:
        file.write(f"\nA correction, and [the follow-up]({follow_up.name}).\n")
    build(root, output)
    assert_identical(output, build(root, tmp_path / "clean-1", cache=False))
    # ...until the follow-up is added: the cached body of the edited item must change too.
    front = edited.read_text(encoding="utf-8").split("---\n")[1]
    lines = [line for line in front.splitlines() if not line.startswith(("id:", "title:"))]
    follow_up.write_text(
        f"---\nid: {new_id()}\ntitle: A follow-up\n" + "\n".join(lines) + "\n---\nMore news.\n",
        encoding="utf-8",
    )
    build(root, output)
    clean = build(root, tmp_path / "clean-2", cache=False)
    assert_identical(output, clean)
    assert f'href="{follow_up.name}"' not in "".join(
        content.decode() for path, content in files(clean).items() if path.endswith(".html")
    )
