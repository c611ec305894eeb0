"""The error catalogue: every example fails as shown, its fix passes, every rule is there."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsroom.catalogue import MISTAKES, check_mistake, errors_markdown

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
