"""Fuzz the whole command line: hostile `newsroom.yml`, items, ledger lines, queue files and
`new` flags, run through the real `newsroom` commands, each in a child process forked from
one parent that imported the package (tests/forked_newsroom.py).

Any traceback, hang (over 10 s) or memory blow-up (over 500 MB of address space) fails
(see tests/cli_process.py). Example counts are modest so the file runs in about a minute.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .cli_process import PRELOADED, run_forked_newsroom, run_newsroom, small_newsroom
from .conftest import VALID_PATH
from .example_accounts import a_network, example_account
from .forked_newsroom import ForkedNewsroom

SETTINGS = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SEGMENT = "ledger/posts/2026-11-0001.jsonl"
QUEUE = "ledger/queue.json"
NETWORK = a_network()  # the ledger's and the queue's records are of one example account
ACCOUNT, _ = example_account(NETWORK)
NEW = ["new", "--title", "A title for the fuzz", "--theme", "quantum", "--author", "amelie-durand"]
COMMANDS = [["check"], ["build", "--dry-run"], ["publish", "--dry-run"], [*NEW, "--dry-run"]]

# Values that broke, or could break, something once: templates, dates, paths, YAML tricks.
HOSTILE_TEXT = [
    "{theme:>99999999}", "{id.__class__}", "{network[0]}", "{", "}", "{unknown}",
    "2026-11-31", "2026-11-20T25:00:00+01:00", "2026-11-20T10:00:00+25:00",
    "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-05:00", "2026-02-29",
    "javascript:alert(1)", "../../etc/passwd", "/dev/zero", "content/images/sensor.png",
    "<script>alert(1)</script>", "\x00", "\ufeff", "%s%n%x", "a" * 5000, "1" * 5000,
    "Europe/Nowhere", "-1", "1e400", ".nan", "~", "null", "yes", "@", "`", "'", '"',
]  # fmt: skip
YAML_FRAGMENTS = [
    "a: &a [x, x]\nb: [*a, *a, *a]\n",
    "a: &a [*a]\n",
    "x: " + "[" * 2000 + "]" * 2000 + "\n",
    "x: !!python/object/apply:os.system [echo]\n",
    "x: !!binary aGVsbG8=\n",
    "? [a, b]\n: c\n",
    "<<: *nowhere\n",
    "x:\n\t- tab\n",
    "---\n",
    "...\n",
    "%YAML 1.1\n",
    "x: 2026-11-31\n",
    "x: 2026-11-20T10:00:00+25:00\n",
    "x: " + "1" * 5000 + "\n",
    "x: {" + ",".join(f"k{n}" for n in range(3000)) + "}\n",
    "&anchor\n",
    "*alias\n",
    "- a\n- b\n",
    "x: |\n  text\n y\n",
]

scalars = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.text(max_size=30),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True),
    st.booleans(),
    st.none(),
)
json_values = st.recursive(
    st.one_of(scalars, st.sampled_from(["intent", "sent", "failed", "resolved", ACCOUNT])),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return small_newsroom(tmp_path_factory.mktemp("template"))


@pytest.fixture(scope="module")
def forked_newsroom() -> Iterator[ForkedNewsroom]:
    """The parent the examples' commands are forked from (tests/forked_newsroom.py)."""
    parent = ForkedNewsroom(*PRELOADED)
    yield parent
    parent.stop()


def _fresh(template: Path) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "room"
        shutil.copytree(template, root)
        yield root


def _mutated(text: str, data: st.DataObject) -> str:
    """`text` with one line's value replaced by a hostile one, or a YAML fragment inserted."""
    lines = text.split("\n")
    position = data.draw(st.integers(min_value=0, max_value=len(lines) - 1), label="line")
    if data.draw(st.booleans(), label="replace a value"):
        key, colon, _ = lines[position].partition(":")
        value = data.draw(scalars, label="value")
        dumped = yaml.safe_dump(value, width=10**6).removesuffix("\n...\n").strip()
        raw = data.draw(st.booleans(), label="unquoted") and isinstance(value, str)
        lines[position] = f"{key}{colon or ':'} {value if raw else dumped}"
    else:
        indent = data.draw(st.sampled_from(["", "  ", "    "]), label="indent")
        fragment = data.draw(st.sampled_from(YAML_FRAGMENTS), label="fragment")
        lines.insert(position, "\n".join(indent + part for part in fragment.split("\n")))
    return "\n".join(lines)


@SETTINGS
@given(data=st.data(), command=st.sampled_from(COMMANDS))
def test_hostile_newsroom_yml(
    template: Path, forked_newsroom: ForkedNewsroom, data: st.DataObject, command: list[str]
) -> None:
    for root in _fresh(template):
        config = root / "newsroom.yml"
        config.write_text(_mutated(config.read_text(encoding="utf-8"), data), encoding="utf-8")
        run_forked_newsroom(forked_newsroom, root, *command)


@SETTINGS
@given(data=st.data(), command=st.sampled_from(COMMANDS[:3]))
def test_hostile_item_file(
    template: Path, forked_newsroom: ForkedNewsroom, data: st.DataObject, command: list[str]
) -> None:
    for root in _fresh(template):
        item = root / VALID_PATH
        item.write_text(_mutated(item.read_text(encoding="utf-8"), data), encoding="utf-8")
        run_forked_newsroom(forked_newsroom, root, *command)


def _record(number: int) -> dict[str, object]:
    return {
        "type": "sent",
        "item": "k7q2m9ab",
        "account": ACCOUNT,
        "network": NETWORK,
        "key": f"k7q2m9ab-{ACCOUNT}-{number}",
        "at": "2026-11-20T09:00:12Z",
        "post_id": str(number),
        "url": f"https://{NETWORK}.example/{number}",
        "text": "A post",
    }


ledger_lines = st.one_of(
    # A record in our own layout with one field changed: the fast index reads these.
    st.builds(
        lambda field, value: json.dumps({**_record(1), field: value}, separators=(", ", ": ")),
        st.sampled_from([*_record(1), "retry", "kind", "extra"]),
        json_values,
    ),
    st.builds(lambda value: json.dumps(value), json_values),
    st.text(max_size=80),
    st.just(json.dumps(_record(2), separators=(", ", ": "))),
)


@SETTINGS
@given(lines=st.lists(ledger_lines, min_size=1, max_size=4), torn=st.booleans())
def test_hostile_ledger_lines(
    template: Path, forked_newsroom: ForkedNewsroom, lines: list[str], torn: bool
) -> None:
    for root in _fresh(template):
        path = root / SEGMENT
        path.parent.mkdir(parents=True)
        text = "\n".join(line.replace("\n", " ") for line in lines)
        path.write_text(text + ("" if torn else "\n"), encoding="utf-8", errors="surrogatepass")
        run_forked_newsroom(forked_newsroom, root, "publish", "--dry-run")


def _entry() -> dict[str, object]:
    return {
        "item": "k7q2m9ab",
        "account": ACCOUNT,
        "network": NETWORK,
        "date": "2026-11-20T10:00:00+01:00",
        "since": "2026-11-20T09:00:00Z",
        "not_before": None,
        "reason": "",
    }


queue_files = st.one_of(
    st.builds(
        lambda field, value: json.dumps({"entries": [{**_entry(), field: value}]}),
        st.sampled_from([*_entry(), "extra"]),
        json_values,
    ),
    st.builds(lambda value: json.dumps({"entries": value}), json_values),
    st.builds(lambda value: json.dumps(value), json_values),
    st.text(max_size=80),
)


@SETTINGS
@given(text=queue_files)
def test_hostile_queue_file(template: Path, forked_newsroom: ForkedNewsroom, text: str) -> None:
    for root in _fresh(template):
        path = root / QUEUE
        path.parent.mkdir(parents=True)
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        run_forked_newsroom(forked_newsroom, root, "publish", "--dry-run")


flag_values = st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=40))


@SETTINGS
@given(
    flag=st.sampled_from(["--title", "--theme", "--date", "--author", "--summary"]),
    value=flag_values,
    dry_run=st.booleans(),
)
def test_new_with_hostile_flags(
    template: Path, forked_newsroom: ForkedNewsroom, flag: str, value: str, dry_run: bool
) -> None:
    value = value.replace("\x00", "")  # an argument cannot hold NUL (the OS refuses it)
    for root in _fresh(template):
        arguments = dict(zip(NEW[1::2], NEW[2::2], strict=True))
        arguments[flag] = value
        command = ["new", *[part for pair in arguments.items() for part in pair]]
        run_forked_newsroom(forked_newsroom, root, *command, *(["--dry-run"] if dry_run else []))
        if not dry_run:
            run_forked_newsroom(forked_newsroom, root, "check")


# The fork server stands for `newsroom` in a child process: a few commands run both ways
# must end alike, and its children's failures must fail the test as a process's would.
AGREEMENT = [
    ("newsroom.yml", "x: [", ["check"]),
    ("newsroom.yml", "site: {title: '{theme:>99999999}'}", ["build", "--dry-run"]),
    (VALID_PATH, "date: 2026-11-31", ["check"]),
    (QUEUE, '{"entries": [{"item": 3}]}', ["publish", "--dry-run"]),
    (None, None, [*NEW, "--date", "2026-02-29", "--dry-run"]),
]


@pytest.mark.parametrize(("path", "added", "command"), AGREEMENT)
def test_a_forked_command_ends_like_the_newsroom_program(
    template: Path,
    forked_newsroom: ForkedNewsroom,
    path: str | None,
    added: str | None,
    command: list[str],
) -> None:
    for root in _fresh(template):
        if path:
            file = root / path
            file.parent.mkdir(parents=True, exist_ok=True)
            before = file.read_text(encoding="utf-8") if file.exists() else ""
            file.write_text(f"{added}\n{before}", encoding="utf-8")
        program = run_newsroom(root, *command, timeout=120)  # a busy machine
        forked = run_forked_newsroom(forked_newsroom, root, *command)
        assert (forked.returncode, forked.stdout, forked.stderr) == (
            program.returncode,
            program.stdout,
            program.stderr,
        )


def test_a_forked_command_fails_the_test_on_a_traceback_or_a_hang(
    template: Path, forked_newsroom: ForkedNewsroom
) -> None:
    # Two stand-ins for a broken command, run in the child before it: `json.loads(None)`
    # raises, `os.system("sleep 20")` runs over the time limit.
    with pytest.raises(AssertionError, match=r"(?s)Traceback.*TypeError: the JSON object"):
        run_forked_newsroom(forked_newsroom, template, "check", prepare="json:loads")
    with pytest.raises(pytest.fail.Exception, match="ran over 2 s"):
        hang = {"prepare": "os:system", "prepare_arg": "sleep 20"}
        run_forked_newsroom(forked_newsroom, template, "check", timeout=2, **hang)
    # A loop: over the processor time limit long before the wall limit.
    with pytest.raises(pytest.fail.Exception, match="over 1 s of processor time"):
        spin = {"prepare": "builtins:eval", "prepare_arg": "sum(range(10**12))"}
        run_forked_newsroom(forked_newsroom, template, "check", cpu_limit=1, **spin)
