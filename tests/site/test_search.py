"""Search (issue #19): the Pagefind index holds every published item and nothing else, is
re-made for the years that changed only, survives without its binary, and the search page
finds items in Chromium — with a fallback to the archives without JavaScript. Lighthouse,
axe and the screenshots of the search page are in test_browser.py, with the other pages."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from newsroom.build_assembly import build_site
from newsroom.ids import new_id
from newsroom.links import item_path
from newsroom.site.search import pagefind_binary

from ..conftest import copy_config, write
from .conftest import EXAMPLE_NOW, VNU, ExampleSite, require
from .test_browser import axe_violations

pytestmark = pytest.mark.skipif(pagefind_binary() is None, reason="no Pagefind binary")


def indexed(output: Path) -> dict[str, dict]:
    """What the site's search index holds: each record (url, content, meta) by URL.

    Pagefind's fragments are gzip files of `pagefind_dcd` followed by the record's JSON.
    """
    records = {}
    for fragment in sorted((output / "pagefind").glob("*/fragment/*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        assert data.startswith(b"pagefind_dcd"), fragment
        record = json.loads(data.removeprefix(b"pagefind_dcd"))
        records[record["meta"]["url"]] = record  # the item's page, as the results link it
    return records


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def item_text(item_id: str, title: str, when: str, body: str, *, draft: bool = False) -> str:
    return (
        f'---\nid: {item_id}\ntitle: "{title}"\ndate: {when}\n'
        "summary: >-\n  A plain summary of this news item, long enough for the rules.\n"
        f"authors: [amelie-durand]\ntags: [quantum]\n{'draft: true' + chr(10) if draft else ''}"
        f"---\n{body}\n"
    )


def small_archive(root: Path) -> dict[str, str]:
    """A newsroom with one item in each of 2024, 2025 and 2026 and one draft; paths by name."""
    root.mkdir(parents=True)
    copy_config(root)
    taken: set[str] = set()
    paths = {}
    for year, word in ((2024, "heliotrope"), (2025, "marmoset"), (2026, "quokka")):
        item_id = new_id(taken)
        taken.add(item_id)
        paths[word] = f"content/news/quantum/{year}/{year}-03-02-{word}.md"
        body = f"The {word} study began in spring.\n\nIt ends next year."
        write(root, paths[word], item_text(item_id, f"A {word} study", f"{year}-03-02", body))
    draft_id = new_id(taken)
    paths["draft"] = "content/news/quantum/2026/2026-03-03-secret.md"
    write(
        root,
        paths["draft"],
        item_text(
            draft_id, "An unannounced study", "2026-03-03", "Codename zanzibarite.", draft=True
        ),
    )
    return paths


def build(root: Path, output: Path, **options) -> object:
    return build_site(root, output, use_git=False, with_handbook=False, now=EXAMPLE_NOW, **options)


def test_every_published_item_is_indexed_and_nothing_else(example_site: ExampleSite) -> None:
    records = indexed(example_site.output)
    assert set(records) == {f"/{item_path(i)}" for i in example_site.published}
    everything = " ".join(r["content"] for r in records.values())
    for item in example_site.unpublished:  # drafts and scheduled items, by their title
        assert item.title not in everything
    for item in example_site.published:
        record = records[f"/{item_path(item)}"]
        assert record["meta"]["title"] == item.title
        assert item.meta.summary in record["content"]
    # Pagefind's own interfaces are not published: the page has its own script.
    assert not list(example_site.output.glob("pagefind/*/pagefind-ui.js"))


def test_only_the_changed_year_is_reindexed_and_equals_a_clean_build(tmp_path: Path) -> None:
    root = tmp_path / "newsroom"
    paths = small_archive(root)
    output = root / "output"
    build(root, output)
    records = indexed(output)
    assert {urlsplit(u).path.split("/")[3] for u in records} == {"2024", "2025", "2026"}
    assert not any("zanzibarite" in r["content"] for r in records.values())
    before = {year: tree(output / "pagefind" / year) for year in ("2024", "2025", "2026")}

    edited = root / paths["marmoset"]
    edited.write_text(edited.read_text().replace("began in spring", "began with axolotls"))
    (root / paths["heliotrope"]).unlink()
    build(root, output)
    after = indexed(output)
    assert any("axolotls" in r["content"] for r in after.values())
    assert not any("heliotrope" in url for url in after)
    assert not (output / "pagefind/2024").exists()
    assert tree(output / "pagefind/2026") == before["2026"]  # reused as it was
    assert tree(output / "pagefind/2025") != before["2025"]

    clean = tmp_path / "clean"
    build(root, clean, incremental=False)
    assert tree(output / "pagefind") == tree(clean / "pagefind")


def test_a_dry_run_writes_no_index(tmp_path: Path) -> None:
    root = tmp_path / "newsroom"
    small_archive(root)
    build(root, root / "output", dry_run=True)
    assert not (root / "output").exists()
    assert [p.name for p in root.iterdir() if p.name.startswith(".output")] == []


def test_without_the_binary_the_site_builds_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "newsroom"
    small_archive(root)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    result = build(root, root / "output")
    assert any("search index" in w and "Pagefind" in w for w in result.warnings), result.warnings
    assert not (root / "output/pagefind").exists()
    page = (root / "output/search/index.html").read_text(encoding="utf-8")
    assert 'href="/archives/2025/"' in page and 'href="/news/quantum/"' in page


def test_typing_a_query_lists_the_item_and_its_link_opens_it(
    browser, example_site: ExampleSite, example_url: str
) -> None:
    item = next(i for i in example_site.published if i.meta.event is None)
    word = max(item.title.split(), key=len)
    page = browser.new_page()
    page.goto(f"{example_url}/search/")
    page.get_by_label("Search the news and events").fill(word)
    result = page.locator("#search-results a", has_text=item.title)
    result.wait_for()
    status = page.get_by_role("status").inner_text()
    assert "result" in status and word in status
    assert page.locator("#search-results a").count() >= 1
    violations = axe_violations(page)  # with results on the page
    assert violations == [], [(v["id"], v["nodes"][0]["target"]) for v in violations]
    result.click()
    page.wait_for_url(f"**/{item_path(item)}")
    assert page.locator("h1").inner_text() == item.title
    # The query is in the page's address: a search can be shared and reloaded.
    page.goto(f"{example_url}/search/?q={word}")
    page.locator("#search-results a", has_text=item.title).wait_for()
    page.close()


def test_a_query_without_match_says_so(browser, example_url: str) -> None:
    page = browser.new_page()
    page.goto(f"{example_url}/search/")
    page.get_by_label("Search the news and events").fill("zzqxjv")
    page.get_by_role("status").filter(has_text="No results").wait_for()
    assert page.locator("#search-results li").count() == 0
    page.close()


def test_without_javascript_the_archives_are_the_way_in(
    browser, example_site: ExampleSite, example_url: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{example_url}/search/")
    assert not page.get_by_label("Search the news and events").is_visible()  # no dead form
    assert "Search needs JavaScript" in page.locator("main").inner_text()
    year = max(i.date.year for i in example_site.published)
    page.get_by_role("link", name=str(year), exact=True).click()
    assert urlsplit(page.url).path == f"/archives/{year}/"
    page.go_back()
    page.get_by_role("link", name="Quantum & Materials").last.click()
    assert urlsplit(page.url).path == "/news/quantum/"
    context.close()


def test_the_search_page_is_valid_html(example_site: ExampleSite) -> None:
    require(VNU, "the Nu HTML Checker (vnu.jar)")
    java = shutil.which("java")
    assert java, "java not found — run scripts/install-browser.sh"
    output = example_site.output
    checked = subprocess.run(
        [java, "-jar", str(VNU), "--format", "gnu", "--also-check-css",
         str(output / "search/index.html"), str(output / "theme/css/search.css")],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    messages = (checked.stdout + checked.stderr).strip()
    assert checked.returncode == 0 and not messages, messages


def test_a_failing_pagefind_is_a_warning_not_a_broken_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "newsroom"
    small_archive(root)
    broken = tmp_path / "pagefind"
    broken.write_text("#!/bin/sh\necho 'pagefind: out of memory' >&2\nexit 3\n")
    broken.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(broken))
    result = build(root, root / "output")
    failures = [w for w in result.warnings if "Pagefind could not index" in w]
    assert len(failures) == 3 and all("exit 3" in w and "out of memory" in w for w in failures)
    assert not (root / "output/pagefind").exists()
    assert (root / "output/search/index.html").is_file()


def test_with_workers_running_the_index_is_made_without_forking(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `newsroom serve` builds beside its web server's workers, where forking is unsafe.
    from newsroom import forking
    from newsroom.site import search

    monkeypatch.setattr(forking.threading, "active_count", lambda: 2)
    forked = []
    monkeypatch.setattr(search.SearchIndex, "_fork", lambda self: forked.append(self))
    root = tmp_path / "newsroom"
    small_archive(root)
    build(root, root / "output")
    assert forked == []
    assert len(indexed(root / "output")) == 3
