"""Short links, old URLs, and how `newsroom build` fails: like `check`, leaving no half site."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from click.testing import Result
from lxml import html as lxml_html

from newsroom.build_assembly import build_site
from newsroom.links import item_path
from newsroom.owned_folders import mark

from ..conftest import VALID_ITEM, VALID_PATH, write
from ..link_preview import card, preview_meta
from .conftest import ExampleSite

NOW = "2026-12-01T00:00:00+00:00"
SITE = "https://news.aldermoor.example"


def previous_site(newsroom: Path, name: str, text: str) -> None:
    """An output folder an earlier Newsroom build made (its marker), holding `name`."""
    write(newsroom, f"output/{name}", text)
    mark(newsroom / "output")


def test_short_link_page_previews_the_item_and_forwards_with_the_query(
    example_site: ExampleSite,
) -> None:
    item = next(i for i in example_site.published if i.meta.image)
    stub = (example_site.output / "s" / item.id / "index.html").read_text(encoding="utf-8")
    doc = lxml_html.fromstring(stub)
    meta = preview_meta(doc)
    assert doc.xpath('//link[@rel="canonical"]/@href') == [f"{SITE}/{item_path(item)}"]
    assert meta["og:title"] == item.title and meta["og:url"] == f"{SITE}/{item_path(item)}"
    assert (
        meta["og:image"].startswith(f"{SITE}/images/")
        and card(meta)["card"] == "summary_large_image"
    )
    assert f'location.replace("/{item_path(item)}" + location.search + location.hash)' in stub
    assert (
        f'<meta http-equiv="refresh" content="0; url=/{item_path(item)}">' in stub
    )  # no-JS fallback
    redirects = (example_site.output / "_redirects").read_text()
    assert f"/s/{item.id} /{item_path(item)} 301!" in redirects.splitlines()


def test_aliases_keep_old_urls_working(tmp_path: Path, newsroom: Path) -> None:
    moved = VALID_ITEM.replace(
        "tags: [quantum, neuroscience]",
        "tags: [quantum]\naliases: [news/quantum/2025/old-name/, /legacy/story.html]",
    )
    write(newsroom, VALID_PATH, moved)
    output = build_site(newsroom, tmp_path / "out", now=datetime.fromisoformat(NOW)).output
    for old in ("news/quantum/2025/old-name/index.html", "legacy/story.html"):
        page = (output / old).read_text(encoding="utf-8")
        assert 'location.replace("/news/quantum/2026/quantum-sensor/"' in page
    redirects = (output / "_redirects").read_text().splitlines()
    assert "/news/quantum/2025/old-name /news/quantum/2026/quantum-sensor/ 301!" in redirects


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


def test_renamed_items_are_redirected_from_git_history(tmp_path: Path, newsroom: Path) -> None:
    git(newsroom, "init", "-q")
    git(newsroom, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", ".")
    git(newsroom, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "first")
    new_path = VALID_PATH.replace("quantum-sensor", "brain-sensor")
    (newsroom / VALID_PATH).rename(newsroom / new_path)
    git(newsroom, "add", "-A")
    git(
        newsroom, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "new slug"
    )
    output = build_site(newsroom, tmp_path / "out", now=datetime.fromisoformat(NOW)).output
    old_page = (output / "news/quantum/2026/quantum-sensor/index.html").read_text(encoding="utf-8")
    assert 'location.replace("/news/quantum/2026/brain-sensor/"' in old_page
    assert (output / "news/quantum/2026/brain-sensor/index.html").is_file()


def test_an_alias_that_collides_is_a_problem_of_its_item(
    tmp_path: Path, newsroom: Path, run: Callable[..., Result]
) -> None:
    clash = VALID_ITEM.replace(
        "tags: [quantum, neuroscience]", "aliases: [news/quantum/2026/quantum-sensor/]"
    )
    write(newsroom, VALID_PATH, clash)
    result = run(newsroom, "build", "--now", NOW)
    assert result.exit_code == 1
    assert (
        f"{VALID_PATH}:10: aliases: 'news/quantum/2026/quantum-sensor/' is already" in result.output
    )


def test_an_invalid_item_fails_the_build_with_exactly_the_problems_of_check(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    output = newsroom / "output"
    previous_site(newsroom, "index.html", "previous site")
    write(
        newsroom,
        VALID_PATH,
        VALID_ITEM.replace("authors: [amelie-durand]", "authors: [nobody]").replace(
            "title: ", "titel: "
        ),
    )
    check, build = run(newsroom, "check"), run(newsroom, "build")
    assert check.exit_code == build.exit_code == 1
    assert build.stdout == check.stdout and "titel" in build.stdout and "nobody" in build.stdout
    assert "Traceback" not in build.output
    # The previous site is untouched and nothing half-built is left beside it.
    assert (output / "index.html").read_text() == "previous site"
    assert site_files(newsroom) == ["content", "newsroom.yml", "output"]


def test_a_successful_build_replaces_the_previous_site_whole(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    previous_site(newsroom, "stale.html", "from an older build")
    result = run(newsroom, "build", "--now", NOW)
    assert result.exit_code == 0, result.output
    assert not (newsroom / "output/stale.html").exists()
    assert (newsroom / "output/index.html").is_file()
    assert "1 items" in result.stdout


def test_a_dry_run_builds_everything_and_writes_nothing(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    previous_site(newsroom, "index.html", "previous site")
    result = run(newsroom, "build", "--dry-run", "--now", NOW)
    assert result.exit_code == 0, result.output
    assert "dry run: discarded" in result.stdout and "1 items" in result.stdout
    assert (newsroom / "output/index.html").read_text() == "previous site"
    assert site_files(newsroom) == ["content", "newsroom.yml", "output"]
    broken = newsroom / VALID_PATH
    broken.write_text(VALID_ITEM.replace("title: ", "titel: "), encoding="utf-8")
    failed = run(newsroom, "build", "--dry-run", "--now", NOW)
    assert failed.exit_code == 1 and "titel" in failed.stdout


def test_scheduled_items_appear_once_their_time_has_come(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    before = run(newsroom, "build", "--now", "2026-11-20T08:00:00+00:00")
    assert before.exit_code == 0 and not (newsroom / "output/s/k7q2m9ab").exists()
    after = run(newsroom, "build", env={"NEWSROOM_NOW": "2026-11-20T09:00:00Z"})
    assert after.exit_code == 0 and (newsroom / "output/s/k7q2m9ab/index.html").is_file()
    bad = run(newsroom, "build", "--now", "tomorrow")
    assert bad.exit_code == 1 and "--now:1: 'tomorrow' is not a date-time" in bad.output


def test_an_output_folder_that_holds_the_newsroom_is_refused(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    result = run(newsroom, "build", "--output", str(newsroom))
    assert result.exit_code == 1 and "would replace the newsroom itself" in result.output
    assert (newsroom / "newsroom.yml").is_file()


def test_a_broken_theme_fails_the_build_with_a_message_not_a_traceback(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    from newsroom.site.settings import PROJECT_DIR

    theme = newsroom / "themes/newsroom"
    shutil.copytree(PROJECT_DIR / "themes/newsroom", theme)
    article = theme / "templates/article.html"
    article.write_text(
        article.read_text().replace("{{ item.title }}", "{{ item.title | nosuchfilter }}", 1)
    )
    previous_site(newsroom, "index.html", "previous site")
    result = run(newsroom, "build", "--now", NOW)
    assert result.exit_code == 1
    assert "build failed" in result.output and "nosuchfilter" in result.output
    assert "Traceback" not in result.output
    assert (newsroom / "output/index.html").read_text() == "previous site"


# Newsroom's caches (`.cache/`: items already read, rendered bodies) and the handbook's
# generated sources (`build/handbook/`) are scratch it owns, ignored by git: no site file.
SCRATCH = {".cache", "build"}


def site_files(root: Path) -> list[str]:
    """What the repository root holds besides Newsroom's caches."""
    return sorted(p.name for p in root.iterdir() if p.name not in SCRATCH)
