"""The error catalogue: every example fails as shown, its fix passes, every rule is there."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsroom.handbook.catalogue import MISTAKES, check_mistake, errors_markdown

from ..test_check_rules import CASES


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.title for m in MISTAKES])
def test_wrong_fails_and_right_passes(tmp_path: Path, mistake) -> None:
    wrong, right = check_mistake(mistake, tmp_path / "newsroom")

    assert wrong, f"{mistake.title}: the wrong example passes check"
    assert right == [], f"{mistake.title}: the right example fails: {right}"


def test_every_rule_of_the_check_tests_is_in_the_catalogue(tmp_path: Path) -> None:
    fields = set()
    for mistake in MISTAKES:
        wrong, _ = check_mistake(mistake, tmp_path / "newsroom")
        fields |= {problem.field for problem in wrong}

    missing = [case.name for case in CASES if case.field not in fields]
    assert not missing, f"rules tested in test_check_rules.py but not in the catalogue: {missing}"


def test_the_page_shows_the_real_messages() -> None:
    page = errors_markdown()

    assert "did you mean 'title'" in page
    assert "has no time zone — add the UTC offset" in page
    assert page.count('!!! failure "Wrong"') == len(MISTAKES)
    assert page.count('!!! success "Right"') == len(MISTAKES)


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.title for m in MISTAKES])
def test_every_message_says_how_to_fix_it(tmp_path: Path, mistake) -> None:
    """Issue #16: `what is wrong — how to fix it`, in the terminal and in the catalogue."""
    wrong, _ = check_mistake(mistake, tmp_path / "newsroom")

    for problem in wrong:
        what, dash, fix = problem.message.partition(" — ")
        assert dash and what.strip(), f"{mistake.title}: no fix hint in {problem.message!r}"
        assert len(fix.split()) >= 2, f"{mistake.title}: the hint is too thin: {fix!r}"


@pytest.mark.parametrize(
    ("title", "message"),
    [
        (
            "A tab at the start of a line",
            ":10: tags: a tab at column 1: YAML indents with spaces — replace it with two spaces",
        ),
        ("A quote not closed", ':3: title: the quote " that starts the value is not closed'),
        ("Empty summary", ":5: summary: is empty — write the text after the colon"),
        ("A date that does not exist", ":4: date: '2026-11-31T10:00:00+01:00' is not a real date"),
    ],
)
def test_yaml_mistakes_are_said_at_their_line_with_their_field(
    tmp_path: Path, title: str, message: str
) -> None:
    """Issue #28: YAML's own words named no tab, no field, and blamed the end of the text."""
    [mistake] = [m for m in MISTAKES if m.title == title]
    wrong, _ = check_mistake(mistake, tmp_path / "newsroom")

    assert [str(p).partition(message)[1] for p in wrong] == [message], wrong
    assert f"`` {wrong[0]} ``" in errors_markdown([mistake])
