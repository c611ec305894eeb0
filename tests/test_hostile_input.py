"""Hostile and broken input on the real commands (issue #14, items 5 and 6).

Each case runs `newsroom` in a child process bounded in time (10 s) and memory (500 MB),
forked from one parent that imported it (tests/forked_newsroom.py), and expects `file:line: what is wrong — how to fix it`, exit code 1, and no traceback.
The ledger, queue, lock and full-disk cases of `publish` are in
tests/syndication/test_hostile_publish.py.
"""

from __future__ import annotations

import os
import queue
import re
import socket
import subprocess
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import pytest

from .cli_process import (
    NEWSROOM,
    PRELOADED,
    run_forked_newsroom,
    run_newsroom,
    small_newsroom,
)
from .conftest import VALID_PATH
from .forked_newsroom import ForkedNewsroom

ITEM_LINES = 10  # lines before the closing `---` of conftest's VALID_ITEM


Command = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def room(tmp_path: Path) -> Path:
    return small_newsroom(tmp_path)


@pytest.fixture(scope="module")
def forked_newsroom() -> Iterator[ForkedNewsroom]:
    """The parent each case's `newsroom` is forked from (tests/forked_newsroom.py: the same
    child process, time and memory limits, without the interpreter's start and imports;
    tests/test_fuzz_cli.py shows that a forked command ends as the program does)."""
    parent = ForkedNewsroom(*PRELOADED)
    yield parent
    parent.stop()


@pytest.fixture
def newsroom_run(forked_newsroom: ForkedNewsroom) -> Command:
    """`newsroom --root ROOT ARGS` in a bounded child process, judged by cli_process.judged."""
    return partial(run_forked_newsroom, forked_newsroom)


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _insert_front_matter(root: Path, yaml_text: str) -> None:
    """Add lines right after the opening `---` of the item (they start at line 2)."""
    _edit(root, VALID_PATH, "---\n", "---\n" + yaml_text)


def _refused(result: subprocess.CompletedProcess[str], where: str, words: str) -> None:
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    line = "" if re.search(r":\d+", where) else r":\d+"  # `where` may name the line
    assert re.search(rf"^{re.escape(where)}{line}:? .*{re.escape(words)}", output, re.M), output


# Item 5: bounded work.


def _alias_bomb(levels: int, width: int) -> str:
    lines = [f"a0: &a0 [{', '.join(['y'] * width)}]"]
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * width)}]" for n in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("bomb", "words"),
    [
        # 9^9 nodes from 81 aliases ("billion laughs"): refused by the expansion limit.
        (_alias_bomb(9, 9), "keys and values (counting what its `*aliases` repeat)"),
        # 1,100 aliases of a one-entry list: little expansion, refused by their number.
        ("a: &a [x]\nb: [" + ", ".join(["*a"] * 1_100) + "]\n", "more than 1,000 uses of `*alias`"),
    ],
)
def test_an_alias_bomb_in_an_item_is_refused_in_milliseconds(
    room: Path, newsroom_run: Command, bomb: str, words: str
) -> None:
    _insert_front_matter(room, bomb)
    start = time.monotonic()
    _refused(newsroom_run(room, "check"), VALID_PATH, words)
    assert time.monotonic() - start < 5


def test_an_alias_bomb_in_newsroom_yml_is_refused(room: Path, newsroom_run: Command) -> None:
    with open(room / "newsroom.yml", "a", encoding="utf-8") as config:
        config.write(_alias_bomb(9, 9))
    _refused(newsroom_run(room, "check"), "newsroom.yml", "`*aliases` repeat")
    _refused(newsroom_run(room, "build", "--dry-run"), "newsroom.yml", "`*aliases` repeat")


def test_700k_front_matter_keys_are_refused_by_the_file_size_limit(
    room: Path, newsroom_run: Command
) -> None:
    _insert_front_matter(room, "".join(f"k{n}: 1\n" for n in range(700_000)))
    _refused(newsroom_run(room, "check"), VALID_PATH, "is over the 6.0 MiB limit")


def test_too_many_nodes_in_a_small_front_matter_are_refused(
    room: Path, newsroom_run: Command
) -> None:
    _insert_front_matter(room, "x: [" + ",".join(["1"] * 120_000) + "]\n")
    _refused(newsroom_run(room, "check"), VALID_PATH, "more than 100,000 keys and values")


def test_a_front_matter_over_one_mebibyte_is_refused(room: Path, newsroom_run: Command) -> None:
    _insert_front_matter(room, "x: " + "y" * (1024 * 1024) + "\n")
    _refused(newsroom_run(room, "check"), VALID_PATH, "over the limit of 1,048,576")


@pytest.mark.parametrize("depth", [100, 999, 1_000, 10_000])
def test_deep_nesting_is_a_problem_at_its_line(
    room: Path, newsroom_run: Command, depth: int
) -> None:
    _insert_front_matter(room, "x: " + "[" * depth + "]" * depth + "\n")
    _refused(newsroom_run(room, "check"), f"{VALID_PATH}:2", "nested")


def test_deep_nesting_in_newsroom_yml_is_a_problem(room: Path, newsroom_run: Command) -> None:
    with open(room / "newsroom.yml", "a", encoding="utf-8") as config:
        config.write("x: " + "{a: " * 999 + "1" + "}" * 999 + "\n")
    _refused(newsroom_run(room, "check"), "newsroom.yml", "nested")


def test_a_50_megabyte_body_is_refused(room: Path, newsroom_run: Command) -> None:
    with open(room / VALID_PATH, "a", encoding="utf-8") as item:
        item.write("word " * 10_000_000)
    _refused(newsroom_run(room, "check"), f"{VALID_PATH}:1", "is over the 6.0 MiB limit")
    _refused(newsroom_run(room, "build", "--dry-run"), VALID_PATH, "is over the 6.0 MiB limit")


def test_a_body_over_five_mebibytes_is_a_problem_at_the_body(
    room: Path, newsroom_run: Command
) -> None:
    with open(room / VALID_PATH, "a", encoding="utf-8") as item:
        item.write("word " * 1_100_000)
    _refused(newsroom_run(room, "check"), f"{VALID_PATH}:{ITEM_LINES + 2}: body", "characters")


def test_a_named_pipe_among_the_items_is_reported_and_skipped(
    room: Path, newsroom_run: Command
) -> None:
    pipe = "content/news/quantum/2026/2026-11-21-pipe.md"
    os.mkfifo(room / pipe)
    result = newsroom_run(room, "check")
    _refused(result, f"{pipe}:1", "is a named pipe (FIFO), not a regular file")
    assert VALID_PATH not in result.stdout + result.stderr  # the other item was read


def test_a_socket_and_a_named_pipe_as_newsroom_yml_are_reported(
    room: Path, newsroom_run: Command
) -> None:
    (room / "newsroom.yml").unlink()
    os.mkfifo(room / "newsroom.yml")
    _refused(newsroom_run(room, "check"), "newsroom.yml:1", "is a named pipe (FIFO)")
    (room / "newsroom.yml").unlink()
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(room / "newsroom.yml"))
        _refused(newsroom_run(room, "check"), "newsroom.yml:1", "is a socket")
    finally:
        server.close()


@pytest.mark.parametrize(
    ("template", "words"),
    [
        ("{theme:>99999999}", "write the placeholder alone, {theme}"),
        ("{theme!r}", "write the placeholder alone, {theme}"),
        ("{id.__class__}", "is not a placeholder"),
        ("{network[0]}", "is not a placeholder"),
        ("{themes}", "is not a placeholder (did you mean 'theme'?)"),
        ("social {", "write `{{` and `}}` for literal braces"),
    ],
)
def test_a_utm_template_takes_only_the_documented_placeholders(
    room: Path, newsroom_run: Command, template: str, words: str
) -> None:
    _edit(room, "newsroom.yml", 'campaign: "{theme}"', f'campaign: "{template}"')
    line = 1 + (room / "newsroom.yml").read_text().split("\n").index(f'  campaign: "{template}"')
    for command in (["check"], ["publish", "--dry-run"], ["build", "--dry-run"]):
        _refused(newsroom_run(room, *command), f"newsroom.yml:{line}: utm.campaign", words)


def test_plain_utm_templates_still_fill_in(room: Path, newsroom_run: Command) -> None:
    _edit(room, "newsroom.yml", 'campaign: "{theme}"', 'campaign: "{{news}}-{theme}-{id}"')
    result = newsroom_run(room, "publish", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "utm_campaign=%7Bnews%7D-quantum-k7q2m9ab" in result.stdout


# Item 6: tracebacks become problems.


@pytest.mark.parametrize(
    ("date", "words"),
    [
        ("2026-11-31", "'2026-11-31' is not a real date or date-time"),
        ("2026-11-20T25:00:00+01:00", "(hour must be in 0..23)"),
        ("2026-11-20T10:00:00+25:00", "(the UTC offset is not between -23:59 and +23:59)"),
        ("0001-01-01T00:00:00+01:00", "year 1 is out of range"),
        ("9999-12-31T23:00:00-05:00", "year 9999 is out of range"),
    ],
)
def test_an_impossible_item_date_is_a_problem_at_its_line(
    room: Path, newsroom_run: Command, date: str, words: str
) -> None:
    _edit(room, VALID_PATH, "date: 2026-11-20T10:00:00+01:00", f"date: {date}")
    for command in (["check"], ["build", "--dry-run"], ["publish", "--dry-run"]):
        _refused(newsroom_run(room, *command), f"{VALID_PATH}:4", words)


EVENT = """\
event:
  start: {start}
  end: {end}
  location: Great Hall
"""


@pytest.mark.parametrize(
    ("start", "end", "words"),
    [
        ("0001-01-01T00:00:00+01:00", "0001-01-01T02:00:00+01:00", "event.start: year 1"),
        ("2026-12-05T09:00:00+01:00", "9999-12-31T23:00:00-05:00", "event.end: year 9999"),
        ("2026-12-05T09:00:00+01:00", "2026-12-05T24:00:00+01:00", "hour must be in 0..23"),
    ],
)
def test_an_event_date_out_of_range_is_a_problem_not_an_overflow(
    room: Path, newsroom_run: Command, start: str, end: str, words: str
) -> None:
    _edit(room, VALID_PATH, "tags:", EVENT.format(start=start, end=end) + "tags:")
    for command in (["check"], ["build", "--dry-run"]):
        _refused(newsroom_run(room, *command), VALID_PATH, words)


@pytest.mark.parametrize(
    "content",
    [
        bytes.fromhex("89504e470d0a1a0a0000000d49484452000000"),  # PNG cut inside its header
        b"",
        b"<html>not an image</html>",
    ],
)
def test_a_truncated_image_is_a_problem_at_the_image_line(
    room: Path, newsroom_run: Command, content: bytes
) -> None:
    (room / "content/images/sensor.png").write_bytes(content)
    for command in (["check"], ["build", "--dry-run"]):
        _refused(newsroom_run(room, *command), f"{VALID_PATH}:8: image", "export the image again")


def test_check_outside_a_newsroom_says_where_newsroom_yml_is_missing(tmp_path: Path) -> None:
    result = run_newsroom(None, "check", cwd=tmp_path)
    _refused(result, "newsroom.yml:1", "no newsroom.yml in")
    _refused(run_newsroom(tmp_path, "check"), "newsroom.yml:1", "— create one")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(
    lines: queue.Queue[str], seen: list[str], text: str, poke: Callable[[], None] = lambda: None
) -> None:
    deadline = time.monotonic() + 120  # a rebuild of one item takes seconds, even on slow CI
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=3)
        except queue.Empty:
            poke()  # the watcher starts just after "Serving": a first change may come too soon
            continue
        seen.append(line)
        if text in line:
            return
    pytest.fail(f"serve never printed {text!r}:\n{''.join(seen)}")


def _read_lines(process: subprocess.Popen[str], lines: queue.Queue[str]) -> None:
    for line in process.stdout or ():
        lines.put(line)


def test_serve_keeps_serving_the_last_good_build_after_an_impossible_date(room: Path) -> None:
    port = _free_port()
    process = subprocess.Popen(
        [NEWSROOM, "--root", str(room), "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "GITHUB_ACTIONS": "false", "PYTHONUNBUFFERED": "1"},
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_read_lines, args=(process, lines), daemon=True).start()
    seen: list[str] = []
    try:
        _wait_for(lines, seen, "Serving http://")
        item = room / VALID_PATH
        broken = item.read_text(encoding="utf-8").replace(
            "date: 2026-11-20T10:00:00+01:00", "date: 2026-11-31"
        )
        item.write_text(broken, encoding="utf-8")
        _wait_for(lines, seen, "not rebuilt", lambda: item.write_text(broken, encoding="utf-8"))
        assert process.poll() is None, "serve stopped"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as page:
            assert page.status == 200
        output = "".join(seen)
        assert f"{VALID_PATH}:4: date: '2026-11-31' is not a real date" in output
        assert "Traceback" not in output
    finally:
        process.terminate()
        process.wait(timeout=10)
