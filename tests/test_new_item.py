"""`newsroom new` writes an item that `newsroom check` accepts, by flags or in a terminal."""

from __future__ import annotations

import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

import frontmatter

from newsroom.content import content_files
from newsroom.item_rules import PLACEHOLDER_BODY, PLACEHOLDER_SUMMARY
from newsroom.schema import ID_PATTERN

from .conftest import VALID_PATH


def test_new_with_flags_then_check_passes(newsroom: Path, run) -> None:
    result = run(
        newsroom,
        "new",
        "--title",
        "Zoë's lab wins a Horizon grant!",
        "--theme",
        "quantum",
        "--date",
        "2026-11-21T09:30:00+01:00",
        "--author",
        "zoe-okafor",
        "--author",
        "Jürgen Weiß",
    )

    assert result.exit_code == 0, result.output
    path = "content/news/quantum/2026/2026-11-21-zoe-s-lab-wins-a-horizon-grant.md"
    assert f"Created {path}" in result.output
    post = frontmatter.load(newsroom / path)
    assert post["title"] == "Zoë's lab wins a Horizon grant!"
    assert post["authors"] == ["zoe-okafor", "Jürgen Weiß"]
    assert re.match(ID_PATTERN, post["id"]) and post["id"] != "k7q2m9ab"
    # Issue #16: the template's summary and text would pass and be posted; `check` says
    # what to write instead, and passes once it is written.
    checked = run(newsroom, "check")
    assert checked.exit_code == 1
    assert f"{path}:5: summary: still the text of `newsroom new`" in checked.output
    assert f"{path}:11: body: still the text of `newsroom new`" in checked.output
    written = (newsroom / path).read_text(encoding="utf-8")
    written = written.replace(PLACEHOLDER_SUMMARY, "Zoë Okafor's lab wins a Horizon grant.")
    written = written.replace(PLACEHOLDER_BODY, "The grant funds four years of work.\n")
    (newsroom / path).write_text(written, encoding="utf-8")
    checked = run(newsroom, "check")
    assert checked.exit_code == 0, checked.output


def test_new_without_offset_uses_site_time_zone(newsroom: Path, run) -> None:
    result = run(
        newsroom,
        "new",
        "--title",
        "Summer school opens",
        "--theme",
        "student-life",
        "--date",
        "2026-07-01 09:00",
        "--author",
        "press-office",
    )

    assert result.exit_code == 0, result.output
    text = (
        newsroom / "content/news/student-life/2026/2026-07-01-summer-school-opens.md"
    ).read_text()
    assert "date: 2026-07-01T09:00:00+02:00" in text  # Paris summer time


def test_new_dry_run_writes_nothing(newsroom: Path, run) -> None:
    before = content_files(newsroom, "content/news")
    result = run(
        newsroom,
        "new",
        "--title",
        "A test",
        "--theme",
        "climate",
        "--author",
        "press-office",
        "--dry-run",
    )
    assert result.exit_code == 0
    assert result.output.startswith("---\nid: ")
    assert content_files(newsroom, "content/news") == before


def test_new_refuses_unknown_theme_and_missing_flags(newsroom: Path, run) -> None:
    wrong = run(newsroom, "new", "--title", "Tea", "--theme", "quantm", "--author", "press-office")
    missing = run(newsroom, "new", "--title", "Only a title")

    assert wrong.exit_code == 2 and "did you mean 'quantum'" in wrong.output
    assert missing.exit_code == 2 and "--theme, --author" in missing.output


def test_new_asks_in_a_terminal(newsroom: Path) -> None:
    """Run the installed command in a real pseudo-terminal and answer its questions."""
    output = answer_in_a_terminal(
        newsroom,
        "Open day on the main campus\nevents\namelie-durand, takeshi-mori\n"
        "2026-11-10T10:00:00+01:00\nCome and meet our teachers, students and researchers.\n",
    )
    path = newsroom / "content/news/events/2026/2026-11-10-open-day-on-the-main-campus.md"
    post = frontmatter.load(path)
    assert post["authors"] == ["amelie-durand", "takeshi-mori"]
    assert post["summary"].startswith("Come and meet")
    assert "Next:" in output


def test_id_command_prints_an_unused_id(newsroom: Path, run) -> None:
    result = run(newsroom, "id")
    assert result.exit_code == 0
    assert re.fullmatch(ID_PATTERN[1:-1] + r"\n", result.output)
    assert result.output.strip() != "k7q2m9ab"


def answer_in_a_terminal(newsroom: Path, answers: str, *options: str) -> str:
    """Run `newsroom new [options]` in a real pseudo-terminal with these answers; its whole
    output (it must succeed)."""
    executable = shutil.which("newsroom", path=str(Path(sys.executable).parent))
    assert executable
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [executable, "--root", str(newsroom), "new", *options],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        close_fds=True,
    )
    os.close(follower)
    os.write(leader, answers.encode())
    output = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    assert process.wait(timeout=30) == 0, output.decode()
    return output.decode()


def test_new_asks_again_after_each_wrong_answer_and_loses_nothing(newsroom: Path) -> None:
    """Issue #16: a typo once dropped every answer with a usage error about `--author`."""
    output = answer_in_a_terminal(
        newsroom,
        "Students test quantum sensors in real hospital conditions for the first time ever\n"
        "quantm\nquantum\n"  # a typo in the theme, then the theme
        "nobody, amelie-durand\nAmélie Durand, takeshi-mori\n"  # an unknown author, then names
        "2026-11-31T10:00\n2026-11-20T10:00+01:00\n"  # an impossible date, then a real one
        "Too short.\nSensors built on campus measured patients' signals in a real hospital.\n",
    )
    assert "'quantm' is not a declared theme (did you mean 'quantum'?)" in output
    assert "'nobody' is not a declared author" in output
    assert "not a date-time" in output
    assert "the summary has 10 characters" in output
    assert "--author" not in output and "Traceback" not in output
    path = newsroom / (
        "content/news/quantum/2026/"
        "2026-11-20-students-test-quantum-sensors-in-real-hospital-conditions.md"
    )
    post = frontmatter.load(path)
    assert post["authors"] == ["Amélie Durand", "takeshi-mori"]
    assert post["summary"].startswith("Sensors built on campus")
    assert "write the summary" not in output


def test_new_without_a_summary_says_to_write_it(newsroom: Path) -> None:
    output = answer_in_a_terminal(
        newsroom, "Open day on the main campus\nevents\npress-office\n2026-11-10T10:00+01:00\n\n"
    )
    assert "write the summary" in output


HTML_SUMMARY = "<b>Forty</b> sharks were tagged off the coast of Brittany this spring."


def test_an_html_summary_is_asked_again_at_once_and_nothing_is_lost(newsroom: Path) -> None:
    """Issue #28: an HTML summary was refused after the last answer, every answer lost."""
    output = answer_in_a_terminal(
        newsroom,
        "Forty sharks tagged off Brittany\nclimate\npress-office\n2026-11-10T10:00+01:00\n"
        f"{HTML_SUMMARY}\nForty sharks were tagged off the coast of Brittany this spring.\n",
    )

    assert "summary: is not plain text — remove HTML tags and Markdown links" in output
    assert output.count("Summary (") == 2, output  # asked again, right after the refusal
    post = frontmatter.load(
        newsroom / "content/news/climate/2026/2026-11-10-forty-sharks-tagged-off-brittany.md"
    )
    assert post["summary"] == "Forty sharks were tagged off the coast of Brittany this spring."
    assert post["title"] == "Forty sharks tagged off Brittany"


def test_dry_run_refuses_what_a_real_run_refuses(newsroom: Path, run) -> None:
    before = content_files(newsroom, "content/news")
    flags = ["new", "--title", "Forty sharks", "--theme", "climate", "--author", "press-office"]
    for wrong in (["--summary", HTML_SUMMARY], ["--title", "AB"]):
        dry, real = run(newsroom, *flags, *wrong, "--dry-run"), run(newsroom, *flags, *wrong)

        assert dry.exit_code == real.exit_code == 2, (dry.output, real.output)
        assert dry.output == real.output
        assert f"Invalid value for {wrong[0]}: " in real.output
    assert content_files(newsroom, "content/news") == before


def test_a_title_whose_file_exists_is_asked_again_and_the_rest_is_kept(newsroom: Path) -> None:
    """The file of `Quantum sensor` on that day exists: a new title, not every answer again."""
    output = answer_in_a_terminal(
        newsroom,
        "Quantum sensor\nquantum\npress-office\n2026-11-20T10:00+01:00\n"
        "The sensor was tested again, this time in a hospital.\nQuantum sensor, second look\n",
    )

    assert f"{VALID_PATH} already exists — choose another title" in output
    post = frontmatter.load(newsroom / VALID_PATH.replace("sensor", "sensor-second-look"))
    assert post["summary"] == "The sensor was tested again, this time in a hospital."
