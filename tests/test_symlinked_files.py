"""A committed symbolic link is never published (issue #26, group 3).

`rt.txt → .git/config` as an attachment, an image, a file the body links to or a brand
file would publish what it points to. `check` and `build` both refuse it at its line,
exit 1, and the output holds nothing of the target.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from .conftest import VALID_ITEM, VALID_PATH, write

SECRET = "url = https://ghp_secret@github.com/aldermoor/news\n"
TARGETS = {
    "git-config": ".git/config",
    "workflow": ".github/workflows/publish.yml",
}


def _repository_secrets(root: Path) -> None:
    for rel in TARGETS.values():
        write(root, rel, SECRET)


def _link(root: Path, rel: str, target: str) -> None:
    """`rel` → `target`, written relative to the link's folder (as git stores links)."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(os.path.relpath(root / target, path.parent))


def _item_with(root: Path, old: str, new: str) -> None:
    assert old in VALID_ITEM
    write(root, VALID_PATH, VALID_ITEM.replace(old, new, 1))


def _refused_by_check_and_build(run, root: Path, line: int, field: str, words: str) -> None:
    checked = run(root, "check", "--format", "json")
    assert checked.exit_code == 1, checked.output
    problems = json.loads(checked.output)["problems"]
    assert [(p["line"], p["field"]) for p in problems] == [(line, field)], problems
    assert words in problems[0]["message"] and " — " in problems[0]["message"]

    built = run(root, "build")
    assert built.exit_code == 1, built.output
    assert f":{line}: {field}: " in built.output and words in built.output
    assert "Traceback" not in built.output
    published = [p for p in (root / "output").rglob("*") if p.is_file()]
    assert not any(SECRET in p.read_text(errors="replace") for p in published)


@pytest.mark.parametrize("target", TARGETS.values(), ids=TARGETS.keys())
def test_an_attachment_that_is_a_link_is_refused(newsroom: Path, run, target: str) -> None:
    _repository_secrets(newsroom)
    _link(newsroom, "content/files/rt.txt", target)
    _item_with(newsroom, "tags:", "attachments:\n  - content/files/rt.txt\ntags:")

    _refused_by_check_and_build(run, newsroom, 11, "attachments", "is a symbolic link")


def test_an_attachment_reached_through_a_linked_folder_is_refused(newsroom: Path, run) -> None:
    _repository_secrets(newsroom)
    _link(newsroom, "content/files/ci", ".github/workflows")
    write(newsroom, ".github/workflows/notes.txt", SECRET)
    _item_with(newsroom, "tags:", "attachments:\n  - content/files/ci/notes.txt\ntags:")

    _refused_by_check_and_build(
        run, newsroom, 11, "attachments", "is reached through 'content/files/ci', a symbolic link"
    )


@pytest.mark.parametrize("target", TARGETS.values(), ids=TARGETS.keys())
def test_an_image_that_is_a_link_is_refused(newsroom: Path, run, target: str) -> None:
    _repository_secrets(newsroom)
    (newsroom / "content/images/sensor.png").unlink()
    _link(newsroom, "content/images/sensor.png", target)
    write(newsroom, VALID_PATH, VALID_ITEM)

    _refused_by_check_and_build(run, newsroom, 8, "image", "is a symbolic link")


@pytest.mark.parametrize("target", TARGETS.values(), ids=TARGETS.keys())
@pytest.mark.parametrize(
    "link",
    ["[the notes](rt.txt)", '<a href="rt.txt">the notes</a>', "![scan](rt.txt#page=2)"],
)
def test_a_file_of_the_item_folder_linked_from_the_text_is_refused(
    newsroom: Path, run, target: str, link: str
) -> None:
    _repository_secrets(newsroom)
    _link(newsroom, str(Path(VALID_PATH).parent / "rt.txt"), target)
    _item_with(newsroom, "It was built", f"Read {link}.\n\nIt was built")

    _refused_by_check_and_build(run, newsroom, 14, "body", "is a symbolic link")


def test_a_page_linking_to_a_symbolic_link_is_refused(newsroom: Path, run) -> None:
    _repository_secrets(newsroom)
    _link(newsroom, "content/files/rt.txt", ".git/config")
    write(
        newsroom,
        "content/pages/about.md",
        "---\ntitle: About us\n---\nWho we are.\n\n[Our settings](../files/rt.txt)\n",
    )

    checked = run(newsroom, "check", "--format", "json")
    (problem,) = json.loads(checked.output)["problems"]
    assert (problem["file"], problem["line"], problem["field"]) == (
        "content/pages/about.md",
        6,
        "body",
    )
    assert "'../files/rt.txt' (content/files/rt.txt) is a symbolic link" in problem["message"]
    built = run(newsroom, "build")
    assert built.exit_code == 1 and "content/pages/about.md:6: body: " in built.output


@pytest.mark.parametrize("key", ["logo", "favicon"])
def test_a_brand_file_that_is_a_link_is_refused(newsroom: Path, run, key: str) -> None:
    _repository_secrets(newsroom)
    _link(newsroom, f"content/images/brand/linked-{key}.svg", ".git/config")
    config = yaml.safe_load((newsroom / "newsroom.yml").read_text(encoding="utf-8"))
    config["site"]["branding"][key] = f"content/images/brand/linked-{key}.svg"
    (newsroom / "newsroom.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    line = _line_of(newsroom, f"linked-{key}.svg")

    checked = run(newsroom, "check")
    assert checked.exit_code == 1
    assert f"newsroom.yml:{line}: site.branding.{key}: " in checked.output
    assert "is a symbolic link" in checked.output
    built = run(newsroom, "build")
    assert built.exit_code == 1 and f"newsroom.yml:{line}: " in built.output
    assert not (newsroom / "output").exists() or not any(
        SECRET in p.read_text(errors="replace")
        for p in (newsroom / "output").rglob("*")
        if p.is_file()
    )


def _line_of(root: Path, text: str) -> int:
    lines = (root / "newsroom.yml").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def test_regular_files_are_still_published(newsroom: Path, run) -> None:
    """The same item with the real files: published under files/ and the short link."""
    write(newsroom, "content/files/rt.txt", "Opening hours\n")
    write(newsroom, str(Path(VALID_PATH).parent / "notes.txt"), "Notes\n")
    _item_with(newsroom, "tags:", "attachments:\n  - content/files/rt.txt\ntags:")
    text = (newsroom / VALID_PATH).read_text(encoding="utf-8")
    write(newsroom, VALID_PATH, text.replace("It was built", "See [notes](notes.txt).\n\nIt was"))

    built = run(newsroom, "build")
    assert built.exit_code == 0, built.output
    output = newsroom / "output"
    published = {p.relative_to(output).as_posix() for p in output.rglob("*.txt")}
    assert {"files/rt.txt", "s/k7q2m9ab/rt.txt", "news/quantum/2026/notes.txt"} <= (published)
