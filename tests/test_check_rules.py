"""One malformed file per rule: each answer names the file, the line and the field."""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from .conftest import VALID_ITEM, VALID_PATH, write
from .example_accounts import a_network, example_account, example_account_ids


@dataclass(frozen=True)
class Case:
    name: str
    text: str | bytes
    line: int
    field: str
    fragment: str
    path: str = VALID_PATH


def edit(old: str, new: str) -> str:
    assert old in VALID_ITEM, old
    return VALID_ITEM.replace(old, new, 1)


SUMMARY = """summary: >-
  A team of physicists and neuroscientists has mapped brain activity with a quantum sensor.
"""
IMAGE_LINES = (
    'image: content/images/sensor.png\nimage_alt: "A blue lattice of dots above a stylised brain"\n'
)
OTHER_PATH = "content/news/quantum/2026/2026-11-20-other.md"

# A network whose name is long enough to misspell (its last two letters swapped), and the id
# of its example account misspelt (its second-last letter dropped): `check` suggests each.
NAMED = a_network(lambda n: len(n.name) >= 5)
NAMED_TYPO = NAMED[:-2] + NAMED[-1] + NAMED[-2]
NAMED_ACCOUNT, _ = example_account(NAMED)
NAMED_ACCOUNT_TYPO = NAMED_ACCOUNT[:-2] + NAMED_ACCOUNT[-1]
# A network, its example account and the first of its credentials (key and variable name).
NETWORK = a_network(lambda n: bool(n.credentials))
ACCOUNT, SETTINGS = example_account(NETWORK)
CREDENTIAL, VARIABLE = next(iter(SETTINGS["credentials"].items()))
FIRST_ACCOUNT = example_account_ids()[0]  # its `since:` is the file's first

CASES = [
    Case("unknown field", edit("title:", "titel:"), 3, "titel", "did you mean 'title'"),
    Case("missing required field", edit(SUMMARY, ""), 1, "summary", "required field is missing"),
    Case("duplicate key", edit("tags:", 'title: "Again"\ntags:'), 10, "title", "first at line 3"),
    Case("id format", edit("id: k7q2m9ab", "id: K7Q-2"), 2, "id", "not a valid id"),
    Case(
        "id with forbidden letters",
        edit("id: k7q2m9ab", "id: lou12345"),
        2,
        "id",
        "without i, l, o, u",
    ),
    Case(
        "date without time zone",
        edit("2026-11-20T10:00:00+01:00", "2026-11-20 10:00:00"),
        4,
        "date",
        "no time zone",
    ),
    Case(
        "date not a date",
        edit("2026-11-20T10:00:00+01:00", "next tuesday"),
        4,
        "date",
        "not a date-time",
    ),
    Case(
        "theme not declared",
        VALID_ITEM,
        1,
        "theme",
        "did you mean 'quantum'",
        path="content/news/quantm/2026/2026-11-20-quantum-sensor.md",
    ),
    Case(
        "author not declared",
        edit("[amelie-durand]", "[amelie-durant]"),
        7,
        "authors",
        "did you mean 'amelie-durand'",
    ),
    Case("authors empty", edit("[amelie-durand]", "[]"), 7, "authors", "at least 1"),
    Case("image missing", edit("sensor.png", "sensr.png"), 8, "image", "did you mean 'sensor.png'"),
    Case(
        "image with ..",
        edit("content/images/sensor.png", "../images/sensor.png"),
        8,
        "image",
        "`..`",
    ),
    Case(
        "image absolute",
        edit("content/images/sensor.png", "/etc/passwd.png"),
        8,
        "image",
        "absolute path",
    ),
    Case(
        "image not an image",
        edit("content/images/sensor.png", "content/images/notes.txt"),
        8,
        "image",
        "not an image file",
    ),
    Case(
        "image without alt",
        edit('image_alt: "A blue lattice of dots above a stylised brain"\n', ""),
        8,
        "image_alt",
        "text alternative",
    ),
    Case(
        "alt without image",
        edit("image: content/images/sensor.png\n", ""),
        8,
        "image_alt",
        "no `image`",
    ),
    Case("summary too short", edit(SUMMARY, "summary: Too short.\n"), 5, "summary", "too short"),
    Case(
        "summary too long",
        edit(SUMMARY, "summary: " + "Long words here. " * 25 + "\n"),
        5,
        "summary",
        "too long",
    ),
    Case(
        "summary with HTML",
        edit(SUMMARY, "summary: A <b>bold</b> claim about quantum sensors and brains.\n"),
        5,
        "summary",
        "plain text",
    ),
    Case(
        "file name date mismatch",
        VALID_ITEM,
        4,
        "date",
        "file name says 2026-11-21",
        path="content/news/quantum/2026/2026-11-21-quantum-sensor.md",
    ),
    Case(
        "file name slug",
        VALID_ITEM,
        1,
        "slug",
        "lowercase letters",
        path="content/news/quantum/2026/2026-11-20-Quantum_Sensor.md",
    ),
    Case(
        "year folder mismatch",
        VALID_ITEM,
        4,
        "date",
        "folder 2025/",
        path="content/news/quantum/2025/2026-11-20-quantum-sensor.md",
    ),
    Case(
        "item outside the layout",
        VALID_ITEM,
        1,
        "",
        "content/news/<theme>/<YYYY>/",
        path="content/news/quantum/2026-11-20-quantum-sensor.md",
    ),
    Case(
        "empty body",
        VALID_ITEM.split("---\n")[0] + "---\n" + VALID_ITEM.split("---\n")[1] + "---\n\n",
        12,
        "body",
        "empty",
    ),
    Case(
        "not UTF-8",
        edit("Quantum sensor", "Capteur quantique à").encode("latin-1"),
        3,
        "",
        "not UTF-8",
    ),
    Case("no front matter", "Just text, no front matter.\n", 1, "", "no front matter"),
    Case(
        "front matter not closed",
        VALID_ITEM.replace("---\nThe sensor", "The sensor"),
        1,
        "",
        "not closed",
    ),
    Case(
        "front matter not a mapping",
        "---\n- a list\n- not a mapping\n---\nBody.\n",
        2,
        "",
        "key: value",
    ),
    Case(
        "YAML syntax",
        edit('title: "Quantum sensor maps brain activity"', "title: Quantum: sensor"),
        3,
        "title",
        "invalid YAML",
    ),
    # Issue #28: YAML's own words never named the tab, nor the line where a quote opens.
    Case(
        "tab before a field",
        edit("tags:", "\ttags:"),
        10,
        "tags",
        "a tab at column 1: YAML indents with spaces — replace it with two spaces",
    ),
    Case(
        "tab in a block of text",
        edit("  A team of", "\tA team of"),
        6,
        "summary",
        "a tab at column 1: YAML indents with spaces",
    ),
    Case(
        "quote not closed",
        edit('title: "Quantum sensor maps brain activity"', 'title: "Quantum sensor maps'),
        3,
        "title",
        'the quote " that starts the value is not closed on this line — end the value with "',
    ),
    Case(
        "impossible date",
        edit("2026-11-20T10:00:00+01:00", "2026-02-30T10:00:00+01:00"),
        4,
        "date",
        "'2026-02-30T10:00:00+01:00' is not a real date",
    ),
    Case(
        "empty summary",
        edit(SUMMARY, "summary:\n"),
        5,
        "summary",
        "is empty — write the text after the colon",
    ),
    Case(
        "title wrong type",
        edit('title: "Quantum sensor maps brain activity"', "title: 2026"),
        3,
        "title",
        "expected text",
    ),
    Case(
        "tags not a list",
        edit("tags: [quantum, neuroscience]", "tags: quantum"),
        10,
        "tags",
        "expected a list",
    ),
    Case(
        "tag with symbols",
        edit("tags: [quantum, neuroscience]", "tags: [quantum, '#neuro!']"),
        10,
        "tags[1]",
        "wrong format",
    ),
    Case("lang invalid", edit("tags:", "lang: english\ntags:"), 10, "lang", "wrong format"),
    Case("draft not boolean", edit("tags:", "draft: maybe\ntags:"), 10, "draft", "true or false"),
    Case(
        "social unknown network",
        edit("tags:", f'social:\n  {NAMED_TYPO}: "Hello"\ntags:'),
        11,
        f"social.{NAMED_TYPO}",
        f"did you mean '{NAMED}'",
    ),
    Case(
        "social true",
        edit("tags:", f"social:\n  {NETWORK}: true\ntags:"),
        11,
        f"social.{NETWORK}",
        "`false` to skip",
    ),
    Case(
        "social account undeclared",
        edit("tags:", f"social:\n  accounts:\n    add: [{NAMED_ACCOUNT_TYPO}]\ntags:"),
        12,
        "social.accounts.add",
        f"did you mean '{NAMED_ACCOUNT}'",
    ),
    Case(
        "translation of unknown id",
        edit("tags:", "translation_of: zzzzzzzz\ntags:"),
        10,
        "translation_of",
        "no other item",
    ),
    Case(
        "updated before date",
        edit("tags:", "updated: 2026-11-19T10:00:00+01:00\ntags:"),
        10,
        "updated",
        "before `date`",
    ),
    Case(
        "event end before start",
        edit(
            "tags:",
            "event:\n  start: 2026-12-01T10:00:00+01:00\n  end: 2026-12-01T09:00:00+01:00\n  location: Hall\ntags:",
        ),
        12,
        "event.end",
        "before event.start",
    ),
    Case(
        "event without place",
        edit(
            "tags:",
            "event:\n  start: 2026-12-01T10:00:00+01:00\n  end: 2026-12-01T12:00:00+01:00\ntags:",
        ),
        10,
        "event",
        "location",
    ),
    Case(
        "attachment missing",
        edit("tags:", "attachments: [content/files/brochure.pdf]\ntags:"),
        10,
        "attachments",
        "no file",
    ),
    Case(
        "media contact not declared",
        edit("tags:", "contacts: [press-dsk]\ntags:"),
        10,
        "contacts",
        "(did you mean 'press-desk'?) — use an id of newsroom.yml `contacts:` (declared: "
        "press-desk)",
    ),
    Case(
        "DOI not a DOI",
        edit(
            "tags:",
            "paper:\n  doi: 10.1038 s41586\n  title: Magnetometers\n  journal: Nature\n"
            "  date: 2026-11-18\ntags:",
        ),
        11,
        "paper.doi",
        "'10.1038 s41586' is not a DOI",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_rule_names_file_line_and_field(newsroom: Path, run, case: Case) -> None:
    (newsroom / VALID_PATH).unlink()
    (newsroom / "content/images/notes.txt").write_text("not an image")
    write(newsroom, case.path, case.text)

    result = run(newsroom, "check", "--format", "json")

    assert result.exit_code == 1, result.output
    problems = json.loads(result.output)["problems"]
    matching = [p for p in problems if p["file"] == case.path and p["field"] == case.field]
    assert matching, problems
    assert matching[0]["line"] == case.line, problems
    assert case.fragment in matching[0]["message"], problems
    # The human format prints the same problem as `file:line: field: message`.
    human = run(newsroom, "check")
    prefix = f"{case.path}:{case.line}:" + (f" {case.field}:" if case.field else "")
    assert prefix in human.output, human.output
    assert "Traceback" not in human.output


def test_a_copied_id_is_blamed_on_the_newcomer(newsroom: Path, run) -> None:
    """Issue #16: the published item was told to change its id (its permanent link)."""
    subprocess.run(["git", "init", "-q", str(newsroom)], check=True)
    git = ["git", "-C", str(newsroom), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "published"], check=True)
    # The copy sorts first ("…-other.md" < "…-quantum-sensor.md") and is published too.
    write(newsroom, OTHER_PATH, VALID_ITEM.replace("Quantum sensor maps", "Another sensor maps"))

    result = run(newsroom, "check", "--format", "json")
    alone = run(newsroom, "check", str(newsroom / OTHER_PATH), "--format", "json")

    assert result.exit_code == alone.exit_code == 1
    for answer in (result, alone):
        (problem,) = json.loads(answer.output)["problems"]
        assert (problem["file"], problem["line"], problem["field"]) == (OTHER_PATH, 2, "id")
        assert VALID_PATH in problem["message"] and "newsroom id" in problem["message"]


def test_without_git_the_unpublished_copy_is_blamed(newsroom: Path, run) -> None:
    draft = VALID_ITEM.replace("tags: [", "draft: true\ntags: [")
    write(newsroom, OTHER_PATH, draft.replace("Quantum sensor maps", "Another sensor maps"))

    (problem,) = json.loads(run(newsroom, "check", "--format", "json").output)["problems"]

    assert problem["file"] == OTHER_PATH and "(published" in problem["message"]


def translation(item_id: str, of: str, lang: str | None = "fr") -> str:
    """VALID_ITEM as another item (`item_id`) translating `of`, in `lang`."""
    extra = f"lang: {lang}\n" if lang else ""
    return VALID_ITEM.replace("id: k7q2m9ab", f"id: {item_id}").replace(
        "tags:", f"{extra}translation_of: {of}\ntags:"
    )


@pytest.mark.parametrize(
    ("files", "fragment"),
    [
        ({OTHER_PATH: translation("k7q2m9fr", "k7q2m9ab", lang="en")}, "same language (en)"),
        ({OTHER_PATH: translation("k7q2m9fr", "k7q2m9ab", lang=None)}, "same language (en)"),
        (
            {
                OTHER_PATH: translation("k7q2m9fr", "k7q2m9ab"),
                OTHER_PATH.replace("other", "third"): translation("k7q2m9de", "k7q2m9fr", "de"),
            },
            "itself a translation (of 'k7q2m9ab')",
        ),
    ],
    ids=["same-lang", "same-default-lang", "chain"],
)
def test_translation_of_needs_another_language_and_the_original(
    newsroom: Path, run, files: dict[str, str], fragment: str
) -> None:
    for path, text in files.items():
        write(newsroom, path, text)
    result = run(newsroom, "check", "--format", "json")
    assert result.exit_code == 1, result.output
    (problem,) = json.loads(result.output)["problems"]
    lines = files[problem["file"]].splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.startswith("translation_of:"))
    assert (problem["field"], problem["line"]) == ("translation_of", line)
    assert fragment in problem["message"], problem["message"]


def test_a_translation_and_two_languages_of_one_original_are_clean(newsroom: Path, run) -> None:
    write(newsroom, OTHER_PATH, translation("k7q2m9fr", "k7q2m9ab"))
    write(newsroom, OTHER_PATH.replace("other", "third"), translation("k7q2m9de", "k7q2m9ab", "de"))
    result = run(newsroom, "check")
    assert result.exit_code == 0, result.output


def test_symlink_leaving_the_repository(newsroom: Path, run, tmp_path_factory) -> None:
    outside = tmp_path_factory.mktemp("outside") / "secret.png"
    outside.write_bytes(b"z")
    os.symlink(outside, newsroom / "content/images/escape.png")
    write(newsroom, VALID_PATH, edit("sensor.png", "escape.png"))

    result = run(newsroom, "check")

    assert result.exit_code == 1
    assert f"{VALID_PATH}:8: image: " in result.output
    assert "'content/images/escape.png' is a symbolic link" in result.output  # any link (#26)


def test_every_problem_of_every_file_in_one_run(newsroom: Path, run) -> None:
    write(
        newsroom, OTHER_PATH, edit("id: k7q2m9ab", "id: BAD").replace("[amelie-durand]", "[nobody]")
    )
    write(
        newsroom,
        "content/news/climate/2026/2026-11-20-rain.md",
        edit("id: k7q2m9ab", "id: r4a1n5ab").replace("title:", "titel:"),
    )

    result = run(newsroom, "check", "--format", "json")

    found = {(p["file"], p["field"]) for p in json.loads(result.output)["problems"]}
    assert {
        (OTHER_PATH, "id"),
        (OTHER_PATH, "authors"),
        ("content/news/climate/2026/2026-11-20-rain.md", "titel"),
        ("content/news/climate/2026/2026-11-20-rain.md", "title"),
    } <= found


def test_clean_repository_exits_zero(newsroom: Path, run) -> None:
    result = run(newsroom, "check")
    assert result.exit_code == 0, result.output
    assert "no problems" in result.output


def test_github_format_annotates_file_and_line(newsroom: Path, run) -> None:
    write(newsroom, VALID_PATH, edit("[amelie-durand]", "[amelie-durant]"))

    explicit = run(newsroom, "check", "--format", "github")
    by_default = run(newsroom, "check", env={"GITHUB_ACTIONS": "true"})

    line = f"::error file={VALID_PATH},line=7,title=authors::authors: 'amelie-durant'"
    assert line in explicit.stdout
    assert line in by_default.stdout
    assert explicit.exit_code == by_default.exit_code == 1
    # Issue #16: annotations only (the log shows them), one message per mistake, a summary.
    printed = [ln for ln in explicit.output.splitlines() if ln.strip()]
    assert sum("amelie-durant" in ln for ln in printed) == 1, explicit.output
    assert all(ln.startswith("::error ") or ln.startswith("✗ ") for ln in printed), printed


def test_check_paths_limits_the_report_but_not_the_id_check(newsroom: Path, run) -> None:
    write(newsroom, OTHER_PATH, VALID_ITEM.replace("title:", "titel:"))

    only_valid = run(newsroom, "check", str(newsroom / VALID_PATH), "--format", "json")
    only_other = run(newsroom, "check", str(newsroom / OTHER_PATH), "--format", "json")

    # The valid file clashes with the other's id even when only it is checked.
    assert {p["field"] for p in json.loads(only_valid.output)["problems"]} == {"id"}
    assert {p["file"] for p in json.loads(only_other.output)["problems"]} == {OTHER_PATH}


@pytest.mark.parametrize(
    ("yaml_text", "line", "field", "fragment"),
    [
        ("  timezone: Europe/Paris\n", "  timezone: Europe/Pariss\n", "site.timezone", "IANA"),
        (
            "  url: https://news.aldermoor.example\n",
            "  url: news.aldermoor\n",
            "site.url",
            "absolute URL",
        ),
        (
            "  name: Aldermoor University News\n",
            "  nam: Aldermoor University News\n",
            "site.nam",
            "did you mean 'name'",
        ),
        (
            f"    network: {NETWORK}\n",
            "    network: friendface\n",
            f"accounts.{ACCOUNT}.network",
            "not a supported network",
        ),
        (
            f"      {CREDENTIAL}: {VARIABLE}\n",
            f"      {CREDENTIAL}: sk-live-secret value\n",
            f"accounts.{ACCOUNT}.credentials.{CREDENTIAL}",
            "wrong format",
        ),
        (
            "    quantum:\n      add:",
            "    quantm:\n      add:",
            "routing.themes.quantm",
            "did you mean 'quantum'",
        ),
        (
            "    since: 2026-11-01T00:00:00+01:00\n",
            "    since: 2026-01-01\n",
            f"accounts.{FIRST_ACCOUNT}.since",
            "2026-01-01 is a date without a time — write the moment with its UTC offset",
        ),
        (
            "    since: 2026-11-01T00:00:00+01:00\n",
            '    since: "2026-01-01"\n',
            f"accounts.{FIRST_ACCOUNT}.since",
            "needs its UTC offset, e.g. 2026-11-01T00:00:00+01:00",
        ),
        (
            "    since: 2026-11-01T00:00:00+01:00\n",
            '    since: "from January"\n',
            f"accounts.{FIRST_ACCOUNT}.since",
            "'from January' is not a date-time — write e.g.",
        ),
    ],
)
def test_config_errors_name_the_key(newsroom: Path, run, yaml_text, line, field, fragment) -> None:
    config = newsroom / "newsroom.yml"
    text = config.read_text(encoding="utf-8")
    assert yaml_text in text
    config.write_text(text.replace(yaml_text, line), encoding="utf-8")
    expected_line = text[: text.index(yaml_text)].count("\n") + 1

    result = run(newsroom, "check", "--format", "json")

    assert result.exit_code == 1
    problems = json.loads(result.output)["problems"]
    match = [p for p in problems if p["field"] == field]
    assert match, problems
    assert match[0]["file"] == "newsroom.yml"
    assert match[0]["line"] == expected_line
    assert fragment in match[0]["message"]


def test_a_quoted_since_date_time_is_read_like_an_unquoted_one(newsroom: Path, run) -> None:
    config = newsroom / "newsroom.yml"
    text = config.read_text(encoding="utf-8")
    unquoted = "    since: 2026-11-01T00:00:00+01:00\n"
    assert unquoted in text
    quoted = '    since: "2026-11-01T00:00:00+01:00"\n'
    config.write_text(text.replace(unquoted, quoted), encoding="utf-8")
    result = run(newsroom, "check", "--format", "json")
    assert result.exit_code == 0, result.output

    from newsroom.config import load_config

    assert load_config(newsroom).accounts[FIRST_ACCOUNT].since == datetime.fromisoformat(
        "2026-11-01T00:00:00+01:00"
    )


def test_check_paths_says_what_it_checked_and_what_else_stops_the_build(
    newsroom: Path, run
) -> None:
    """Issue #28: `check PATH` said `✓ … no problems`, exit 0, beside a broken file."""
    broken = "content/news/climate/2026/2026-11-20-rain.md"
    write(newsroom, OTHER_PATH, VALID_ITEM.replace("k7q2m9ab", "k7q2m9ac"))
    clean = run(newsroom, "check", str(newsroom / VALID_PATH))
    write(newsroom, broken, VALID_ITEM.replace("title:", "titel:").replace("k7q2m9ab", "r4nm8x2z"))

    human = run(newsroom, "check", str(newsroom / VALID_PATH))
    folder = run(newsroom, "check", str(newsroom / "content/news/quantum"))
    machine = json.loads(
        run(newsroom, "check", str(newsroom / VALID_PATH), "--format", "json").output
    )
    whole = run(newsroom, "check")

    assert clean.exit_code == 0, clean.output
    assert clean.output == f"✓ 1 file checked ({VALID_PATH}): 1 item, 0 pages, no problems\n"
    assert human.exit_code == folder.exit_code == whole.exit_code == 1
    lines = human.output.splitlines()
    assert lines[0] == f"✓ 1 file checked ({VALID_PATH}): 1 item, 0 pages, no problems"
    assert lines[1] == (
        f"✗ 2 problems elsewhere in the repository would stop the build, in {broken} — "
        "run `newsroom check` to see them"
    )
    assert "titel" not in human.output  # the other file's problems are not printed here
    assert "2 files checked (content/news/quantum): 2 items" in folder.output
    assert (machine["ok"], machine["problems"]) == (False, [])
    assert {p["file"] for p in machine["elsewhere"]} == {broken}
    assert f"{broken}:3: titel:" in whole.output


def test_a_named_path_newsroom_does_not_read_is_reported(newsroom: Path, run) -> None:
    """Issue #16: `check notes/x.md` once said `✓ no problems` about a file it never read."""
    write(newsroom, "content/drafts/idea.md", VALID_ITEM)
    write(newsroom, "notes.txt", "not news")
    write(newsroom, "docs/x.md", "# a page of the handbook")

    result = run(
        newsroom,
        "check",
        *(str(newsroom / p) for p in ("content/drafts/idea.md", "notes.txt", "docs")),
    )
    fine = run(newsroom, "check", str(newsroom / VALID_PATH), str(newsroom / "content/news"))

    assert result.exit_code == 1, result.output
    for path in ("content/drafts/idea.md", "notes.txt", "docs"):
        assert f"{path}:1: Newsroom does not read this" in result.output
    assert "content/news/<theme>/<YYYY>/" in result.output
    assert fine.exit_code == 0, fine.output


def test_a_tab_after_the_colon_separates_like_a_space(newsroom: Path, run) -> None:
    """Issue #28: YAML allows a tab between `key:` and its value (only indentation must be
    spaces); libyaml reads it so, and the build publishes the title as written."""
    tabbed = VALID_ITEM.replace('title: "Quantum', 'title:\t"Quantum')
    assert tabbed != VALID_ITEM
    write(newsroom, VALID_PATH, tabbed)

    checked = run(newsroom, "check")
    built = run(newsroom, "build", "--now", "2026-12-01T00:00:00+00:00")

    assert checked.exit_code == 0, checked.output
    assert built.exit_code == 0, built.output
    page = (newsroom / "output/news/quantum/2026/quantum-sensor/index.html").read_text()
    assert "<h1>Quantum sensor maps brain activity</h1>" in page
