"""The ledger's index kept by the bytes of each file answers as a ledger read whole."""

from __future__ import annotations

import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from newsroom.problems import ProblemsFound
from newsroom.syndication import ledger_index
from newsroom.syndication.ledger import Ledger

ZONE = ZoneInfo("Europe/Paris")
AT = "2026-11-20T10:00:00Z"


ACCOUNT, NETWORK = "uni-net", "net"  # the ledger reads any account on any network


def line(kind: str, item: str, account: str = ACCOUNT) -> str:
    record = {"type": kind, "item": item, "account": account, "network": NETWORK}
    record.update(key=f"{item}-{account}", at=AT, text="t", link="https://x/s/a")
    if kind == "sent":
        record.update(post_id="1", url="https://x.example/1")
    return json.dumps(record)


def answers(root: Path) -> list[tuple[str, bool, object]]:
    ledger = Ledger.open(root, ZONE)
    items = ("k7q2m9ab", "k7q2m9ac", "k7q2m9ad")
    return [(item, ledger.is_done(item, ACCOUNT), ledger.state(item, ACCOUNT)) for item in items]


def test_a_kept_index_answers_as_the_files_do(tmp_path: Path) -> None:
    posts = tmp_path / "ledger/posts"
    posts.mkdir(parents=True)
    (posts / "2026-11-0001.jsonl").write_text(
        "\n".join([line("intent", "k7q2m9ab"), line("sent", "k7q2m9ab")]) + "\n"
    )
    (posts / "2026-11-0002.jsonl").write_text(line("intent", "k7q2m9ac") + "\n")
    first = answers(tmp_path)
    kept = sorted((tmp_path / ledger_index.FOLDER).glob("*.pickle"))
    assert len(kept) == 2
    assert answers(tmp_path) == first  # read from the kept indexes
    # The newest file grows: its old index goes, the new bytes are indexed.
    with (posts / "2026-11-0002.jsonl").open("a") as file:
        file.write(line("sent", "k7q2m9ac") + "\n")
    grown = answers(tmp_path)
    assert grown[1][1] and not first[1][1]
    assert len(list((tmp_path / ledger_index.FOLDER).glob("*.pickle"))) == 2


def test_a_damaged_line_is_reported_on_every_run(tmp_path: Path) -> None:
    posts = tmp_path / "ledger/posts"
    posts.mkdir(parents=True)
    (posts / "2026-11-0001.jsonl").write_text(line("sent", "k7q2m9ab") + '\n{"type": "sent"}\n')
    for _ in range(2):
        with pytest.raises(ProblemsFound) as found:
            Ledger.open(tmp_path, ZONE)
        assert found.value.problems[0].line == 2
    assert not list((tmp_path / ledger_index.FOLDER).glob("*.pickle"))
