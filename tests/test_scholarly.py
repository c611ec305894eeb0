"""DOIs and ORCID iDs: checked by their published rules, refused at their line by `check`."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from newsroom.scholarly import bare_doi, doi_url, is_doi, orcid_problem

from .conftest import VALID_ITEM, VALID_PATH, write

# Crossref's recommended pattern as its blog post prints it ("DOIs and matching regular
# expressions", 2015-08-11), compiled here independently of the module: the oracle.
CROSSREF = re.compile(r"^10.\d{4,9}/[-._;()/:A-Z0-9]+$", re.IGNORECASE)
# Real DOIs (the NumPy paper, a Wiley SICI DOI with parentheses and a semicolon, PLOS).
REAL_DOIS = [
    "10.1038/s41586-020-2649-2",
    "10.1002/(SICI)1097-4636(199706)35:4;2-H",
    "10.1371/journal.pone.0115069",
]
NOT_DOIS = ["10.1038 s41586", "doi 10.1038/x", "10.12/x", "11.1038/x", "10.1038/", "10.1038/a b"]
# Valid iDs from ORCID's documentation ("Structure of the ORCID Identifier"): one ends in the check character that stands for ten.
VALID_ORCIDS = ["0000-0002-1825-0097", "0000-0001-5109-3700", "0000-0002-1694-233X"]


@pytest.mark.parametrize("doi", REAL_DOIS + NOT_DOIS)
def test_a_doi_is_what_crossref_s_pattern_accepts(doi: str) -> None:
    assert is_doi(doi) == bool(CROSSREF.match(doi))
    assert is_doi(doi) == (doi in REAL_DOIS)


def test_a_pasted_doi_link_is_taken_as_its_doi() -> None:
    assert bare_doi("https://doi.org/10.1038/s41586-020-2649-2") == REAL_DOIS[0]
    assert bare_doi("doi:10.1038/s41586-020-2649-2") == REAL_DOIS[0]


@pytest.mark.parametrize("doi", REAL_DOIS)
def test_the_doi_link_encodes_what_a_url_would_misread_and_decodes_to_the_doi(doi: str) -> None:
    url = doi_url(doi)
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.query, parts.fragment) == ("https", "doi.org", "", "")
    assert unquote(parts.path[1:]) == doi
    assert not set(";()") & set(parts.path)


@pytest.mark.parametrize("orcid", VALID_ORCIDS)
def test_orcid_ids_of_orcid_s_documentation_pass_the_checksum(orcid: str) -> None:
    assert orcid_problem(orcid) is None


@pytest.mark.parametrize("orcid", VALID_ORCIDS)
def test_any_one_changed_digit_fails_the_checksum(orcid: str) -> None:
    for position, char in enumerate(orcid[:-1]):
        if char == "-":
            continue
        changed = orcid[:position] + str((int(char) + 1) % 10) + orcid[position + 1 :]
        assert "checksum" in (orcid_problem(changed) or ""), changed


def _config_with(newsroom: Path, old: str, new: str) -> None:
    config = newsroom / "newsroom.yml"
    text = config.read_text(encoding="utf-8")
    assert old in text
    config.write_text(text.replace(old, new, 1), encoding="utf-8")


def _problems(run, newsroom: Path) -> list[dict]:
    result = run(newsroom, "check", "--format", "json")
    assert result.exit_code == 1, result.output
    return json.loads(result.output)["problems"]


def _line_of(newsroom: Path, text: str) -> int:
    lines = (newsroom / "newsroom.yml").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if text in line)


def test_check_refuses_a_mistyped_orcid_at_its_line(newsroom: Path, run) -> None:
    _config_with(newsroom, "orcid: 0000-0002-1825-0097", "orcid: 0000-0002-1825-0098")

    (problem,) = _problems(run, newsroom)

    assert problem["file"] == "newsroom.yml"
    assert problem["line"] == _line_of(newsroom, "orcid: 0000-0002-1825-0098")
    assert "fails the ORCID checksum (its last character should be 7)" in problem["message"]


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ('phone: "+44 20 7946 0321"', 'phone: "020 7946 0321"', "phone"),
        ("photo: content/images/people/amelie-durand.jpg", "photo: content/images/x.jpg", "x.jpg"),
        ("  - id: zoe-okafor", "  - id: experts", "address of the experts page"),
    ],
)
def test_check_refuses_a_wrong_person_or_contact_at_its_line(
    newsroom: Path, run, old: str, new: str, fragment: str
) -> None:
    _config_with(newsroom, old, new)

    (problem,) = _problems(run, newsroom)

    assert problem["line"] == _line_of(newsroom, new.strip()), problem
    assert fragment in problem["message"] or fragment in problem["field"], problem


def test_a_paper_date_written_as_a_moment_is_refused(newsroom: Path, run) -> None:
    paper = (
        "paper:\n  doi: 10.1038/s41586-020-2649-2\n  title: Array programming with NumPy\n"
        "  journal: Nature\n  date: 2020-09-16T10:00:00+01:00\ntags:"
    )
    write(newsroom, VALID_PATH, VALID_ITEM.replace("tags:", paper, 1))

    (problem,) = _problems(run, newsroom)

    assert (problem["line"], problem["field"]) == (14, "paper.date")
    assert "write the day only" in problem["message"]
