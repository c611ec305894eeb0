"""`newsroom new --doi`: the paper's fields from Crossref (a contract fake on 127.0.0.1);
when Crossref cannot answer, asked in a terminal, or named as what to write without one."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import frontmatter
import pytest

from newsroom.crossref import URL_VARIABLE
from newsroom.item_rules import PLACEHOLDER_BODY, PLACEHOLDER_SUMMARY

from .servers.fake_crossref import NUMPY_DOI, FakeCrossref
from .test_new_item import answer_in_a_terminal

ARGS = ("--title", "Array programming", "--theme", "quantum", "--author", "zoe-okafor")
ARGS += ("--date", "2026-11-21T09:30:00+01:00")
PATH = "content/news/quantum/2026/2026-11-21-array-programming.md"


@pytest.fixture
def crossref(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeCrossref]:
    fake = FakeCrossref()
    monkeypatch.setenv(URL_VARIABLE, fake.url)
    yield fake
    fake.stop()


def _closed_port() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def test_the_paper_s_fields_come_from_crossref_and_the_item_passes_check(
    newsroom: Path, run, crossref: FakeCrossref
) -> None:
    result = run(newsroom, "new", *ARGS, "--doi", f"https://doi.org/{NUMPY_DOI}")

    assert result.exit_code == 0, result.output
    paper = frontmatter.load(newsroom / PATH)["paper"]
    assert paper == {
        "doi": NUMPY_DOI,
        "title": "Array programming with NumPy",
        "journal": "Nature",
        "date": date(2020, 9, 16),  # online first; print is given to the month only
    }
    (request,) = crossref.requests
    assert request["path"] == f"/works/{NUMPY_DOI}"
    assert request["query"] == {"mailto": ["press@aldermoor.example"]}  # site.contact_email
    assert "mailto:press@aldermoor.example" in str(request["agent"])
    # Once its summary and text are written (the template's are refused), check passes.
    written = (newsroom / PATH).read_text(encoding="utf-8")
    written = written.replace(PLACEHOLDER_SUMMARY, "Our lab's array library is in Nature.")
    written = written.replace(PLACEHOLDER_BODY, "The paper describes the library.\n")
    (newsroom / PATH).write_text(written, encoding="utf-8")
    checked = run(newsroom, "check")
    assert checked.exit_code == 0, checked.output


def test_a_malformed_doi_is_refused_before_any_call(newsroom: Path, run, crossref) -> None:
    result = run(newsroom, "new", *ARGS, "--doi", "10.1038 s41586")

    assert result.exit_code == 2 and "is not a DOI" in result.output
    assert crossref.requests == [] and not (newsroom / PATH).exists()


@pytest.mark.parametrize("where", ["offline", "unknown DOI"])
def test_without_a_terminal_it_says_what_to_write_and_writes_nothing(
    newsroom: Path, run, crossref: FakeCrossref, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    if where == "offline":
        monkeypatch.setenv(URL_VARIABLE, _closed_port())
    doi = NUMPY_DOI if where == "offline" else "10.5555/not-deposited"

    result = run(newsroom, "new", *ARGS, "--doi", doi)

    assert result.exit_code == 2, result.output
    reason = "could not be reached" if where == "offline" else "does not know the DOI"
    assert reason in result.output
    assert "title, journal, date are unknown" in result.output
    assert "Traceback" not in result.output and not (newsroom / PATH).exists()


def test_in_a_terminal_it_asks_for_what_crossref_cannot_give(
    newsroom: Path, crossref: FakeCrossref
) -> None:
    # A summary left for later, then the paper: a date-time first (refused), then a day.
    answers = "\nMagnetometers in motion\nJournal of Examples\n2026-11-18T10:00\n2026-11-18\n"
    output = answer_in_a_terminal(newsroom, answers, *ARGS, "--doi", "10.5555/not-deposited")
    assert "Crossref does not know the DOI 10.5555/not-deposited" in output
    assert "'2026-11-18T10:00' is not a date — write e.g. 2026-11-18" in output
    paper = frontmatter.load(newsroom / PATH)["paper"]
    assert paper == {
        "doi": "10.5555/not-deposited",
        "title": "Magnetometers in motion",
        "journal": "Journal of Examples",
        "date": date(2026, 11, 18),
    }
