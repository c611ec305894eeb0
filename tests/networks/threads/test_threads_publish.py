"""`newsroom publish` to the fake Threads API: its token never printed, its failures reported.

The shared loopback tests post the example newsroom (Threads included); this one drives a
Threads account through a refused token, server errors and verbose logging, then checks
that its canary token (`+ / = & %`) appears in no output and no ledger file, in any form.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

from tests.cli_process import example_dry_run
from tests.networks.threads.loopback import PROFILES as THREADS
from tests.syndication.conftest import CONFIG, Room
from tests.syndication.loopback import Loopback, env_name
from tests.syndication.test_loopback import printed_forms, run


def threads_room(loopback: Loopback, tmp_path: Path) -> tuple[Room, dict[str, str]]:
    config = copy.deepcopy(CONFIG)
    config["accounts"] = {"uni-threads": {"network": "threads", "handle": "@x"}}
    config["routing"] = {"every_theme": ["uni-threads"]}
    config, env = loopback.configure(config)
    return Room(tmp_path, config), env


def test_the_threads_token_is_never_printed_logged_or_recorded(
    loopback: Loopback, tmp_path: Path
) -> None:
    loopback.reset_fakes()
    room, env = threads_room(loopback, tmp_path)
    room.add("thr0aaaa")
    room.add("thr1aaaa", "2026-11-21T10:00:00+01:00")
    token = THREADS["uni-threads"][2]
    wrong = {env_name("uni-threads", "access_token"): "wrong+th/tok=en&zz%99"}
    outputs = [run(room.root, wrong, "publish", "-vv")]
    loopback.threads.fail(500, times=10, path="/threads_publish$")
    outputs.append(run(room.root, env, "publish", "-vv"))
    loopback.threads.faults.clear()  # the network is back
    outputs.append(run(room.root, env, "publish", "-vv"))
    assert outputs[0].exit_code == 1 and "code 190" in outputs[0].output, outputs[0].output
    assert re.search(r"^uni-threads .* stopped$", outputs[1].output, re.M), outputs[1].output
    assert outputs[-1].exit_code == 0, outputs[-1].output
    assert [loopback.count(i)["uni-threads"] for i in ("thr0aaaa", "thr1aaaa")] == [1, 1]
    text = "\n".join(r.output for r in outputs)
    text += "".join(p.read_text() for p in (room.root / "ledger").rglob("*.json*"))
    assert "DEBUG" in text and "httpx" in text, "verbose logging was on"
    for secret in (token, *wrong.values()):
        for form in printed_forms(secret):
            assert form not in text, f"the token leaked as {form[:8]}…"


def test_example_newsroom_dry_run_keeps_one_topic_tag_on_threads() -> None:
    """Threads takes one topic tag a post: the first is kept, the preview names the others."""
    result = example_dry_run()
    # One topic tag on Threads: its first tag is kept, the others are named as dropped.
    threads = [b for b in result.stdout.split("(Threads, ")[1:] if ", dropped " in b]
    assert threads, result.stdout
    for block in threads:
        header, caption = block.split("\n", 1)[0], block.split("```text\n", 1)[1]
        tags = caption.split("\n```", 1)[0].split("\n\n")[-2].split()
        names = header.split(", dropped ", 1)[1].split(" · ")[0].replace("\\", "").split()
        assert len(tags) == 1 and names and not set(names) & set(caption.split())
