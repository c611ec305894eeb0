"""Incremental builds: whatever changed, the site is byte for byte the one a clean build makes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pytest

from newsroom.build_assembly import BuildFailed, BuildResult, build_site
from newsroom.ids import new_id
from newsroom.image_metadata import without_metadata
from newsroom.site import model, sanitize
from newsroom.site.output_cache import manifest_path
from newsroom.site.settings import PROJECT_DIR

from .conftest import EXAMPLE_NOW, copy_example

OPEN_DAY = "content/news/events/2026/2026-11-10-open-day-on-5-december-meet-our-teams-and-visit-the-labs.md"
SENSOR = (
    "content/news/quantum/2026/2026-11-20-quantum-sensor-maps-brain-activity-without-a-scanner.md"
)
OPEN_DAY_PAGE = (
    "news/events/2026/open-day-on-5-december-meet-our-teams-and-visit-the-labs/index.html"
)


def build(
    root: Path, output: Path, *, incremental: bool = True, now: datetime = EXAMPLE_NOW
) -> BuildResult:
    return build_site(
        root, output, now=now, use_git=False, with_handbook=False, incremental=incremental
    )


def clean(root: Path, output: Path, now: datetime = EXAMPLE_NOW) -> Path:
    return build(root, output, incremental=False, now=now).output


def example_copy(tmp_path: Path) -> Path:
    root = tmp_path / "newsroom"
    root.mkdir()
    copy_example(root)
    # Written a minute ago: a file changed in the time stamp a build starts in is never
    # taken as unchanged by the next one (site/unchanged.py), and these are not edits.
    for path in (root / "content").rglob("*"):
        os.utime(path, (path.stat().st_atime, path.stat().st_mtime - 60))
    return root


def files(output: Path) -> dict[str, bytes]:
    """Every file of a built site, by its path in the site."""
    return {
        p.relative_to(output).as_posix(): p.read_bytes() for p in output.rglob("*") if p.is_file()
    }


def assert_identical(warm: Path, clean: Path) -> None:
    first, second = files(warm), files(clean)
    assert sorted(first) == sorted(second)
    assert [path for path in first if first[path] != second[path]] == []


def first_item(root: Path) -> Path:
    return min((root / "content/news").rglob("*.md"))


def test_a_second_build_renders_nothing_and_switches_the_site_whole(tmp_path: Path) -> None:
    root = example_copy(tmp_path)
    output = tmp_path / "site"
    first = build(root, output)
    assert first.rendered > 100 and first.reused == 0
    assert output.is_symlink() and os.readlink(output) == ".site-a"
    second = build(root, output)  # nothing changed: the live site is left as it is
    assert (second.rendered, second.reused) == (0, first.rendered)
    assert os.readlink(output) == ".site-a"
    (root / "content/images/new.txt").write_text("a file in content/", encoding="utf-8")
    third = build(root, output)  # a change: every page reused, the other folder switched in
    assert (third.rendered, third.reused) == (0, first.rendered)
    assert os.readlink(output) == ".site-b"
    assert_identical(output, clean(root, tmp_path / "clean"))


def test_nothing_to_do_is_decided_without_reading_but_never_wrongly(tmp_path: Path) -> None:
    """The shortcut (site/unchanged.py) against what a full build would make."""
    from newsroom.site import unchanged

    root = example_copy(tmp_path)
    output = tmp_path / "site"
    build(root, output)
    untouched = build(root, output)
    assert untouched.rendered == 0 and os.readlink(output) == ".site-a"
    # A file added to the live site by hand (not in its manifest) is noticed...
    (output / "stats").mkdir()
    (output / "stats/index.html").write_text("a report", encoding="utf-8")
    assert build(root, output).reused > 0 and os.readlink(output) == ".site-b"
    assert not (output / "stats").exists()
    # ...so is an image replaced by another of the same size...
    image = next((root / "content/images").rglob("*.jpg"))
    data = image.read_bytes()
    image.unlink()
    image.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    build(root, output)
    published = (output / image.relative_to(root / "content")).read_bytes()
    assert published == without_metadata(image.read_bytes())  # as every published image
    # ...a new configuration, and a content file changed in the time stamp a build began in.
    config = root / "newsroom.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert (
        unchanged.check_up_to_date(root, output, EXAMPLE_NOW, use_git=False, with_handbook=False)[1]
        is None
    )
    build(root, output)
    assert unchanged.check_up_to_date(
        root, output, EXAMPLE_NOW, use_git=False, with_handbook=False
    )[1]
    record = next((root / unchanged.RECORDS).glob("*.json"))
    data = json.loads(record.read_text(encoding="utf-8"))
    data["started_ns"] = first_item(root).stat().st_mtime_ns  # as if edited when it began
    record.write_text(json.dumps(data), encoding="utf-8")
    assert (
        unchanged.check_up_to_date(root, output, EXAMPLE_NOW, use_git=False, with_handbook=False)[1]
        is None
    )
    assert_identical(output, clean(root, tmp_path / "clean"))


def test_an_edit_renders_only_the_pages_that_show_the_item(tmp_path: Path) -> None:
    root = example_copy(tmp_path)
    output = tmp_path / "site"
    total = build(root, output).rendered
    build(root, output)
    edited = first_item(root)
    with edited.open("a", encoding="utf-8") as file:
        file.write("\nA correction was added to this story.\n")
    again = build(root, output)
    # Its page, its short link, the listings, archives and feeds that show it: not the rest.
    assert 0 < again.rendered < total / 3
    site = files(output)
    assert any(b"A correction was added" in content for content in site.values())
    assert_identical(output, clean(root, tmp_path / "clean"))


def remade(output: Path) -> set[str]:
    """The files whose key differs between the live folder and the other one."""
    live = output.resolve()
    other = live.with_name(".site-b" if live.name == ".site-a" else ".site-a")
    keys = [
        json.loads(manifest_path(f).read_text(encoding="utf-8"))["files"] for f in (live, other)
    ]
    return {name for name, entry in keys[0].items() if keys[1].get(name, [None])[0] != entry[0]}


def test_a_fix_to_a_story_s_text_remakes_its_page_and_feeds_not_the_listings(
    tmp_path: Path,
) -> None:
    """Cards (listings, archives, related stories, short links) show no body."""
    root = example_copy(tmp_path)
    output = tmp_path / "site"
    build(root, output)
    newest = root / SENSOR  # the newest published item: in the feeds
    newest.write_text(newest.read_text(encoding="utf-8") + "\nA fix.\n", encoding="utf-8")
    build(root, output)
    page = next(n for n in remade(output) if n.endswith("/index.html") and "/news/" in f"/{n}")
    showing = {n for n, content in files(output).items() if b"A fix." in content}
    assert showing - {page} <= {n for n in showing if n.startswith(("feeds/", "pagefind/"))}
    assert {n for n in remade(output) if not n.startswith("pagefind/")} == {
        page,
        *(f"feeds/{name}" for name in ("all.atom.xml", "all.rss.xml")),
        *(n for n in remade(output) if n.startswith("feeds/")),
    }
    assert b"A fix." in (output / page).read_bytes()
    assert_identical(output, clean(root, tmp_path / "clean"))
    # The title shows on cards: every listing that shows the item is made again; the
    # archives and search pages show counts of items, not titles: they are kept.
    text = newest.read_text(encoding="utf-8").replace("title: ", "title: Updated — ", 1)
    newest.write_text(text, encoding="utf-8")
    build(root, output)
    showing = {n for n, content in files(output).items() if b"Updated \xe2\x80\x94" in content}
    assert "index.html" in showing
    assert showing - remade(output) == set()
    assert not {"archives/index.html", "search/index.html"} & remade(output)
    assert_identical(output, clean(root, tmp_path / "clean-2"))


def test_warm_rebuilds_after_an_edit_and_an_addition_match_clean_builds(tmp_path: Path) -> None:
    root = example_copy(tmp_path)
    output = tmp_path / "output"
    build(root, output)
    edited = first_item(root)
    follow_up = edited.with_name(f"{edited.name[:10]}-follow-up.md")  # same date as the edited
    # The edit links a follow-up still in draft: the link goes to its future page...
    with edited.open("a", encoding="utf-8") as file:
        file.write(f"\nA correction, and [the follow-up]({follow_up.name}).\n")
    front = edited.read_text(encoding="utf-8").split("---\n")[1]
    lines = [line for line in front.splitlines() if not line.startswith(("id:", "title:"))]
    draft = f"---\nid: {new_id()}\ntitle: A follow-up\n" + "\n".join(lines) + "\n"
    follow_up.write_text(draft + "draft: true\n---\nMore news.\n", encoding="utf-8")
    build(root, output)
    assert_identical(output, clean(root, tmp_path / "clean-1"))
    # ...until the follow-up is published: the listings and its page change too.
    follow_up.write_text(draft + "---\nMore news.\n", encoding="utf-8")
    build(root, output)
    second_clean = clean(root, tmp_path / "clean-2")
    assert_identical(output, second_clean)
    assert f'href="{follow_up.name}"' not in "".join(
        content.decode() for path, content in files(second_clean).items() if path.endswith(".html")
    )
    # Both folders have been updated in place at least once now: still identical.
    build(root, output)
    assert_identical(output, second_clean)


def test_a_removed_item_leaves_no_file_behind(tmp_path: Path) -> None:
    root = example_copy(tmp_path)
    output = tmp_path / "site"
    build(root, output)
    build(root, output)
    item = first_item(root)
    item_id = item.read_text(encoding="utf-8").split("id: ", 1)[1].split()[0]
    item.unlink()
    build(root, output)
    assert not (output / "s" / item_id).exists()
    assert_identical(output, clean(root, tmp_path / "clean"))


def test_time_passing_is_seen_by_the_pages_that_show_it(tmp_path: Path) -> None:
    """An event that ends between two builds is marked past, though no file changed."""
    root = example_copy(tmp_path)
    output = tmp_path / "site"
    before = datetime.fromisoformat("2026-12-01T12:00:00+00:00")
    after = datetime.fromisoformat("2026-12-06T12:00:00+00:00")
    build(root, output, now=before)
    build(root, output, now=before)
    assert b"This event has passed" not in (output / OPEN_DAY_PAGE).read_bytes()
    build(root, output, now=after)
    assert b"This event has passed" in (output / OPEN_DAY_PAGE).read_bytes()
    assert_identical(output, clean(root, tmp_path / "clean", now=after))


def test_a_template_change_renders_every_page_again(tmp_path: Path) -> None:
    root = example_copy(tmp_path)
    shutil.copytree(PROJECT_DIR / "themes", root / "themes")
    output = tmp_path / "site"
    build(root, output)
    build(root, output)
    base = root / "themes/newsroom/templates/base.html"
    base.write_text(
        base.read_text(encoding="utf-8").replace('TAGS }}">Tags</a>', 'TAGS }}">Keywords</a>'),
        encoding="utf-8",
    )
    build(root, output)
    pages = {path: text for path, text in files(output).items() if path.endswith(".html")}
    footers = [path for path, text in pages.items() if b"Archives</a>" in text]
    assert footers and all(b">Keywords</a>" in pages[path] for path in footers)
    assert_identical(output, clean(root, tmp_path / "clean"))


def test_the_lead_story_and_related_stories_follow_the_items_they_show(tmp_path: Path) -> None:
    """A page shows other items (its lead, its related stories, the theme blocks): editing
    one of them, or featuring an older one, changes those pages too."""
    root = example_copy(tmp_path)
    featured = root / SENSOR  # not featured: the lead is the newest item with an image
    featured.write_text(
        featured.read_text(encoding="utf-8").replace("featured: true\n", ""), encoding="utf-8"
    )
    output = tmp_path / "site"
    build(root, output)
    build(root, output)
    # Featuring the oldest climate item makes it the lead of the home and of its theme,
    # though it is not on the home's first page.
    oldest = min((root / "content/news/climate").rglob("*.md"))
    text = oldest.read_text(encoding="utf-8")
    oldest.write_text(text.replace("\ntags:", "\nfeatured: true\ntags:", 1), encoding="utf-8")
    title = text.split("title: ", 1)[1].split("\n", 1)[0].strip('"')
    again = build(root, output)
    for page in ("index.html", "news/climate/index.html"):
        lead = (output / page).read_text(encoding="utf-8").split('class="lead-story"', 1)[1]
        assert title in lead.split("</article>", 1)[0]
    assert again.rendered < 60  # not the whole site (≈ 200 files)
    assert_identical(output, clean(root, tmp_path / "clean-1"))
    # A new title shows on the pages that list the item among their related stories.
    renamed = oldest.read_text(encoding="utf-8").replace(title, "A renamed climate story", 1)
    oldest.write_text(renamed, encoding="utf-8")
    build(root, output)
    showing = [
        path
        for path, content in files(output).items()
        if path.startswith("news/climate/2") and b"A renamed climate story</a></h3>" in content
    ]
    assert showing, "the renamed item is a related story of another climate item"
    assert_identical(output, clean(root, tmp_path / "clean-2"))


def test_a_field_added_to_the_item_view_is_in_the_key_of_the_pages_that_show_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new field of ItemView shown by the item template: no list of fields to edit."""
    root = example_copy(tmp_path)
    shutil.copytree(PROJECT_DIR / "themes", root / "themes")
    article = root / "themes/newsroom/templates/article.html"
    shown = "{{ item.title }} <small>{{ item.badge }}</small></h1>"
    article.write_text(
        article.read_text(encoding="utf-8").replace("{{ item.title }}</h1>", shown),
        encoding="utf-8",
    )
    badge = ["first-badge"]

    @dataclass
    class BadgedView(model.ItemView):
        badge: str = field(default_factory=lambda: badge[0])

    monkeypatch.setattr(model, "ItemView", BadgedView)
    output = tmp_path / "site"
    build(root, output)
    badge[0] = "second-badge"  # only the new field changes: no file, no template, no code
    # A real change of the view is a change of Newsroom's code, which the shortcut of
    # unchanged.py sees by its files; this one is made in memory: bypass the shortcut.
    shutil.rmtree(root / ".cache/build")
    again = build(root, output)
    pages = [text for path, text in files(output).items() if path.startswith("news/")]
    item_pages = [text for text in pages if b"<small>" in text]
    assert item_pages and again.rendered >= len(item_pages)
    assert all(b"second-badge" in text and b"first-badge" not in text for text in item_pages)
    assert_identical(output, clean(root, tmp_path / "clean"))


def test_a_failed_build_leaves_the_live_site_and_the_next_build_recovers(tmp_path: Path) -> None:
    root = example_copy(tmp_path)
    shutil.copytree(PROJECT_DIR / "themes", root / "themes")
    output = tmp_path / "site"
    build(root, output)
    before = files(output)
    article = root / "themes/newsroom/templates/article.html"
    good = article.read_text(encoding="utf-8")
    article.write_text(
        good.replace("{{ item.title }}</h1>", "{{ item.title | nosuchfilter }}</h1>")
    )
    with pytest.raises(BuildFailed):
        build(root, output)
    assert files(output) == before  # the live site is untouched
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site")) == [
        ".site-a",
        ".site-a.json",
    ]
    article.write_text(good, encoding="utf-8")
    build(root, output)
    assert_identical(output, clean(root, tmp_path / "clean"))


# Forking is only done by a process without other workers (see forking.can_fork);
# pytest's may have some (servers of other tests), so these builds run in a fresh process.
BUILD_IN_A_FRESH_PROCESS = """
import json, sys
from pathlib import Path
from newsroom.site import output_cache
from newsroom.build_assembly import BuildFailed, build_site
from datetime import datetime
root, output, parallel_from = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
output_cache.PARALLEL_FROM = parallel_from
forked = []
split = output_cache._split_over_two_processes
def counting(jobs, work, *grouping):
    forked.append(len(jobs))
    return split(jobs, work, *grouping)
output_cache._split_over_two_processes = counting
try:
    build_site(root, output, now=datetime.fromisoformat(sys.argv[4]), use_git=False,
               with_handbook=False, incremental=False)
    print(json.dumps({"forked": forked}))
except BuildFailed as error:
    print(json.dumps({"forked": forked, "failed": str(error)}))
"""


def build_in_a_fresh_process(root: Path, output: Path, parallel_from: int) -> dict:
    arguments = [root, output, str(parallel_from), EXAMPLE_NOW.isoformat()]
    done = subprocess.run(
        [sys.executable, "-c", BUILD_IN_A_FRESH_PROCESS, *arguments],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(done.stdout)


def test_pages_rendered_on_two_cores_are_the_pages_rendered_on_one(tmp_path: Path) -> None:
    root = example_copy(tmp_path)
    two = build_in_a_fresh_process(root, tmp_path / "two", parallel_from=1)
    assert two["forked"] and two["forked"][0] > 100
    one = build_in_a_fresh_process(root, tmp_path / "one", parallel_from=10**9)
    assert one["forked"] == []
    assert_identical(tmp_path / "two", tmp_path / "one")


def test_a_template_error_in_the_second_process_fails_the_build_with_its_place(
    tmp_path: Path,
) -> None:
    root = example_copy(tmp_path)
    shutil.copytree(PROJECT_DIR / "themes", root / "themes")
    article = root / "themes/newsroom/templates/article.html"
    # Fails at render time, on the event items only: whichever process meets one reports it.
    article.write_text(
        article.read_text(encoding="utf-8").replace(
            "{{ item.title }}</h1>", "{{ item.title }}{{ (1 / 0) if item.event else '' }}</h1>"
        ),
        encoding="utf-8",
    )
    result = build_in_a_fresh_process(root, tmp_path / "site", parallel_from=1)
    assert result["forked"]
    assert "news/events/" in result["failed"] and "division by zero" in result["failed"]
    assert not (tmp_path / "site").exists()


def test_files_another_command_wrote_into_the_site_are_not_taken_for_built_ones(
    tmp_path: Path,
) -> None:
    root = example_copy(tmp_path)
    output = tmp_path / "site"
    build(root, output)
    build(root, output)
    # A report written into the live site, a page changed in place (the two folders share
    # that file) and one replaced by another file: none of it survives the next builds.
    (output / "stats").mkdir()
    (output / "stats/index.html").write_text("a report", encoding="utf-8")
    (output / "404.html").write_text("changed in place", encoding="utf-8")
    tags = output / "tags/index.html"
    tags.unlink()
    tags.write_text("replaced", encoding="utf-8")
    build(root, output)
    build(root, output)  # both folders have been updated in place
    assert_identical(output, clean(root, tmp_path / "clean"))


@pytest.mark.parametrize("copy", ["done", "failed half-way", "none"])
def test_the_second_folder_starts_as_a_copy_of_the_live_one_or_without_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, copy: str
) -> None:
    """`cp -al` fills the second folder beside the build (output_cache._copy_as_links);
    a copy that fails (or no GNU cp) leaves nothing behind, and every file is linked."""
    from newsroom.site import output_cache

    real = output_cache._copy_as_links

    def copying(live: Path, folder: Path, tops: set[str]):
        if copy == "none":
            return None
        if copy == "failed half-way":
            script = f'cp -al "{live}/news" "{live}/index.html" "{folder}/" && exit 1'
            return subprocess.Popen(["sh", "-c", script])
        return real(live, folder, tops)

    monkeypatch.setattr(output_cache, "_copy_as_links", copying)
    root = example_copy(tmp_path)
    output = tmp_path / "site"
    build(root, output)
    (output / "stats").mkdir()  # another command's report: not copied
    (output / "stats/index.html").write_text("a report", encoding="utf-8")
    removed = first_item(root)
    removed.unlink()  # its page was copied (or linked): it must go
    with (root / SENSOR).open("a", encoding="utf-8") as file:
        file.write("\nA correction.\n")
    second = build(root, output)
    assert os.readlink(output) == ".site-b" and second.reused > 0
    assert not (output / "stats").exists()
    assert_identical(output, clean(root, tmp_path / "clean"))
    # An unchanged file is shared by the two folders however the second was filled.
    image = min(p for p in (tmp_path / ".site-a/images").rglob("*") if p.is_file())
    copied = output / image.relative_to(tmp_path / ".site-a")
    assert image.stat().st_ino == copied.stat().st_ino


def test_two_builds_at_once_take_turns(tmp_path: Path) -> None:
    """`newsroom serve` rebuilding while someone runs `newsroom build` on the same output."""
    root = example_copy(tmp_path)
    output = tmp_path / "site"
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda _: build(root, output), range(2)))
    assert sorted(r.rendered > 0 for r in results) == [False, True]  # the second reused all
    assert_identical(output, clean(root, tmp_path / "clean"))


def test_markdown_is_rendered_again_only_for_changed_bodies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered: list[str] = []
    render = sanitize.MarkdownRenderer.render

    def counting(self: sanitize.MarkdownRenderer, text: str, rewrite_url=None) -> str:
        rendered.append(text)
        return render(self, text, rewrite_url)

    monkeypatch.setattr(sanitize.MarkdownRenderer, "render", counting)
    root = example_copy(tmp_path)
    output = tmp_path / "site"
    build(root, output)
    assert len(rendered) >= 30  # every body, cold
    assert (root / ".cache/rendered/.gitignore").read_text() == "*\n"
    rendered.clear()
    build(root, output)
    assert rendered == []
    with first_item(root).open("a", encoding="utf-8") as file:
        file.write("\nA correction.\n")
    build(root, output)
    assert len(rendered) == 1 and rendered[0].rstrip().endswith("A correction.")


def test_stale_files_go_even_when_their_folder_was_removed_by_hand(tmp_path: Path) -> None:
    from newsroom.site.output_cache import OutputCache

    folder = tmp_path / ".site-a"
    (folder / "news/old").mkdir(parents=True)
    (folder / "news/old/index.html").write_text("old", encoding="utf-8")
    (folder / "keep.html").write_text("kept", encoding="utf-8")
    entry = ["key", 0, 0]
    files = OutputCache(folder, current={"news/old/index.html": entry, "gone/index.html": entry})
    files.put("keep.html", "new key", lambda: "new")
    files.flush()
    files.remove_stale()
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) == ["keep.html"]
    assert (folder / "keep.html").read_text(encoding="utf-8") == "new"


def test_templates_compiled_by_an_earlier_build_are_reused_and_a_damaged_one_compiled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A warm build loads the templates an earlier one compiled (site/build.py,
    `CompiledTemplates`) instead of compiling them: the same site as a clean build, also
    when a compiled file was damaged (compiled again) and after a template edit."""
    from jinja2 import Environment

    root = example_copy(tmp_path)
    shutil.copytree(PROJECT_DIR / "themes", root / "themes")
    output = tmp_path / "site"
    build(root, output)
    compiled = sorted((root / ".cache/templates").rglob("*.cache"))
    assert compiled  # kept by the first build
    compiling = Environment.compile
    compiled_names: list[str] = []

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):  # type: ignore[no-untyped-def]
        compiled_names.append(name)
        return compiling(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(Environment, "compile", counting)
    item = first_item(root)
    item.write_text(item.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    build(root, output)
    assert compiled_names == []  # every template loaded as compiled before
    assert_identical(output, clean(root, tmp_path / "clean"))
    compiled_names.clear()
    # Every compiled file damaged: which template a file holds is named by a hash of its
    # path (a temporary folder here), and a body edit loads only the templates its pages use.
    for damaged in compiled:
        damaged.write_bytes(damaged.read_bytes()[:20] + b"\x00damaged")
    item.write_text(item.read_text(encoding="utf-8") + "\nAnother line.\n", encoding="utf-8")
    build(root, output)
    assert "article.html" in compiled_names  # the story's template, compiled again
    assert_identical(output, clean(root, tmp_path / "clean-2"))
    article = root / "themes/newsroom/templates/article.html"
    article.write_text(
        article.read_text(encoding="utf-8").replace(
            "{{ item.title }}</h1>", "{{ item.title }}!</h1>"
        ),
        encoding="utf-8",
    )
    build(root, output)
    pages = [text for path, text in files(output).items() if path.startswith("news/")]
    assert any(b"!</h1>" in text for text in pages)
    assert_identical(output, clean(root, tmp_path / "clean-3"))
