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
