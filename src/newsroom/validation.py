"""Turn pydantic's validation errors into problems a contributor can act on."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError

from .problems import Problem, did_you_mean
from .yamlsource import KeyPath, LoadedYaml

_TYPE_NAMES = {
    str: "text",
    int: "a number",
    float: "a number",
    bool: "true/false",
    list: "a list",
    dict: "a mapping",
    type(None): "nothing (an empty value)",
}


def describe_value(value: Any) -> str:
    """A short, human name for what YAML produced, e.g. `a number (2026)`."""
    name = _TYPE_NAMES.get(type(value), type(value).__name__)
    if isinstance(value, bool | int | float):
        return f"{name} ({value!r})"
    if isinstance(value, list | dict) or value is None:
        return name
    return f"{name} ({str(value)[:40]!r})"


def dotted(path: Iterable[str | int]) -> str:
    """`('site', 'url')` → `site.url`; list positions as `[0]`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _message(error: dict[str, Any], model: type[BaseModel], container: str) -> str:
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return f"required field is missing — add it to {container}"
    if kind == "extra_forbidden":
        loc = error["loc"]
        parent = _submodel(model, loc[:-1])
        hint = did_you_mean(loc[-1], parent.model_fields) if parent else ""
        return f"unknown field{hint} — remove it or correct its spelling"
    if kind in ("string_type", "str_type"):
        if value is None:  # `summary:` with nothing after it
            return "is empty — write the text after the colon, on the same line"
        return f"expected text, got {describe_value(value)} — put the value in quotes"
    if kind == "list_type":
        return f"expected a list, got {describe_value(value)} — write e.g. [a, b]"
    if kind in ("bool_type", "bool_parsing"):
        return f"expected true or false, got {describe_value(value)} — write true or false"
    if kind in ("int_type", "int_parsing"):
        return f"expected a whole number, got {describe_value(value)} — write digits only"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return (
            f"expected a mapping of `key: value` lines, got {describe_value(value)} — "
            "indent `key: value` lines under it"
        )
    if kind == "string_too_short":
        if ctx.get("min_length") == 1:
            return "must not be empty — write a value"
        return (
            f"too short: {len(value)} characters, at least {ctx['min_length']} expected — "
            "say a little more"
        )
    if kind == "string_too_long":
        return (
            f"too long: {len(value)} characters, at most {ctx['max_length']} allowed — "
            f"shorten it by {len(value) - ctx['max_length']}"
        )
    if kind == "too_short":
        least = ctx.get("min_length")
        return f"needs at least {least} {'entry' if least == 1 else 'entries'} — add them"
    if kind == "too_long":
        return f"has too many entries: at most {ctx.get('max_length')} allowed — remove the extra"
    if kind == "literal_error":
        return f"{value!r} is not allowed — write one of {ctx.get('expected')}"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than"):
        return f"{error['msg'].lower()}, got {value!r} — change the value"
    if kind == "string_pattern_mismatch":
        return (
            f"{value!r} has the wrong format — see this field in the handbook's front-matter "
            "reference"
        )
    # Our own validators raise PydanticCustomError / ValueError with finished sentences.
    return str(error["msg"]).removeprefix("Value error, ")


def _submodel(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    current: Any = model
    for part in loc:
        if isinstance(part, int) or not (
            isinstance(current, type) and issubclass(current, BaseModel)
        ):
            continue
        field = current.model_fields.get(part)
        if field is None:
            return None
        current = _innermost_model(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _innermost_model(annotation: Any) -> Any:
    args = getattr(annotation, "__args__", None)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in args or ():
        found = _innermost_model(arg)
        if found is not None:
            return found
    return None


def _clean_loc(loc: tuple[Any, ...]) -> KeyPath:
    # pydantic inserts union-branch names (e.g. 'str', 'literal[False]') and function
    # names into locations; keep only the parts that are keys or positions in the file.
    return tuple(
        part
        for part in loc
        if isinstance(part, int) or ("[" not in part and not part.startswith("function-"))
    )


def problems_from_validation(
    error: ValidationError,
    model: type[BaseModel],
    source: LoadedYaml,
    file: str,
    container: str = "the front matter",
) -> list[Problem]:
    """One problem per pydantic error, at the line of the offending key."""
    problems: dict[tuple[str, str], Problem] = {}
    for raw in error.errors(include_url=False):
        loc = _clean_loc(raw["loc"])
        field = dotted(loc) or "front matter"
        message = _message(raw, model, container)
        # A value failing every branch of a union yields one error per branch: keep one.
        problems.setdefault((field, ""), Problem(file, source.line_of(loc), field, message))
    return list(problems.values())
