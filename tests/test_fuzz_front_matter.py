"""Whatever a contributor writes, `check` answers with problems, never with a traceback."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from newsroom.config import load_config
from newsroom.content import Content, read_item
from newsroom.problems import Problem
from newsroom.schema import ItemFrontMatter

from .conftest import PROJECT, VALID_ITEM, VALID_PATH

CONFIG = load_config(PROJECT)
KEYS = [*ItemFrontMatter.model_fields, "theme", "titel", "z", "accounts", "start"]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=40),
    st.dates(),
    st.datetimes(timezones=st.one_of(st.none(), st.just(dt.UTC))),
    st.sampled_from(["k7q2m9ab", "amelie-durand", "content/images/sensor.png", "../x", "/etc"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), inner, max_size=4),
    ),
    max_leaves=12,
)
front_matters = st.dictionaries(st.sampled_from(KEYS), values, max_size=len(KEYS))


def _assert_answers(root: Path, text: str | bytes) -> None:
    path = root / VALID_PATH
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
    content = Content()
    item = read_item(root, VALID_PATH, CONFIG, content)
    assert item is not None or content.problems
    for problem in content.problems:
        assert isinstance(problem, Problem)
        assert problem.file == VALID_PATH
        assert problem.line >= 1
        assert problem.message


_SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@_SETTINGS
@given(data=front_matters, body=st.text(max_size=50))
def test_structured_front_matter_never_crashes(newsroom: Path, data: dict, body: str) -> None:
    text = "---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\n" + body
    _assert_answers(newsroom, text)


@_SETTINGS
@given(noise=st.text(max_size=200))
@example(noise="0\r\r")  # lone carriage returns once made the line count fail
def test_arbitrary_text_in_front_matter_never_crashes(newsroom: Path, noise: str) -> None:
    _assert_answers(newsroom, "---\n" + noise + "\n---\nBody\n")


@_SETTINGS
@given(position=st.integers(min_value=0, max_value=len(VALID_ITEM)), junk=st.binary(max_size=8))
def test_corrupted_bytes_never_crash(newsroom: Path, position: int, junk: bytes) -> None:
    raw = VALID_ITEM.encode()
    _assert_answers(newsroom, raw[:position] + junk + raw[position:])
