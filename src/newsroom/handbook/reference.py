"""Reference tables generated from the one declaration of the content model and the config.

The handbook's front-matter reference, its configuration reference and its table of network
limits are produced here, at build time, from the pydantic models of `schema.py` and
`config.py` and from the constants of `networks.counting`, so they can never drift from what
`newsroom check` enforces. `walk_fields` and `declared_metadata` are the one walk of the
schema: the web editor's configuration (`cms.py`) and the tests read fields through them too.
"""

from __future__ import annotations

import types
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal, Union, get_args, get_origin
from urllib.parse import urlsplit

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from ..config import SiteConfig
from ..networks import NETWORKS, Limits, Network
from ..schema import EDITOR, ItemFrontMatter, PageFrontMatter

_NONE = type(None)


@dataclass(frozen=True)
class FieldRow:
    """One documented field: its dotted name and everything a reader needs to fill it."""

    name: str  # dotted, e.g. `social.x`, `themes[].slug`, `accounts.<id>.network`
    info: FieldInfo
    annotation: Any  # the declared type, `None` removed when the field is optional
    optional_value: bool  # the type admits `None` (the key may be left out)
    model: type[BaseModel] | None  # the nested model documented below this row, if any

    @property
    def required(self) -> bool:
        return self.info.is_required()

    @property
    def editor(self) -> dict[str, Any]:
        """The web editor's hints declared on the field (`schema.editor`), or none."""
        extra = self.info.json_schema_extra
        return extra.get(EDITOR, {}) if isinstance(extra, dict) else {}  # type: ignore[return-value]


def _strip_optional(annotation: Any) -> tuple[Any, bool]:
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not _NONE]
        if len(args) < len(get_args(annotation)):
            return (args[0] if len(args) == 1 else Union[tuple(args)]), True  # noqa: UP007
    return annotation, False


def _unwrap(annotation: Any) -> Any:
    """The type without `Annotated` metadata."""
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def nested_model(annotation: Any) -> tuple[type[BaseModel] | None, str]:
    """The model inside a field's type and how its keys are reached (`.`, `[].`, `.<id>.`)."""
    annotation = _unwrap(_strip_optional(annotation)[0])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, "."
    origin = get_origin(annotation)
    args = get_args(annotation)
    if origin is list and args:
        inner, _ = nested_model(args[0])
        return inner, "[]."
    if origin is dict and len(args) == 2:
        inner, _ = nested_model(args[1])
        return inner, ".<id>."
    return None, ""


def walk_fields(model: type[BaseModel], prefix: str = "") -> Iterator[FieldRow]:
    """Every field of `model` and of the models nested in it, depth first, in declared order."""
    for name, info in model.model_fields.items():
        annotation, optional = _strip_optional(info.annotation)
        inner, joint = nested_model(annotation)
        yield FieldRow(prefix + name, info, annotation, optional, inner)
        if inner is not None:
            yield from walk_fields(inner, prefix + name + joint)


def describe_type(annotation: Any) -> str:
    """A reader's name for a type: `text`, `list of text`, `date-time`, `text, or false`."""
    annotation = _unwrap(annotation)
    origin, args = get_origin(annotation), get_args(annotation)
    if origin in (Union, types.UnionType):
        kinds = [a for a in args if a is not _NONE]
        if set(map(_unwrap, kinds)) == {str, bool}:
            return "text, or `false`"
        return " or ".join(describe_type(a) for a in kinds)
    if origin is Literal:
        return "one of " + ", ".join(f"`{a}`" for a in args)
    if origin is list:
        return f"list of {describe_type(args[0])}" if args else "list"
    if origin is dict:
        return f"mapping of name → {describe_type(args[1])}" if args else "mapping"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "mapping (keys below)"
    names = {str: "text", bool: "`true` / `false`", int: "whole number", datetime: "date-time"}
    return names.get(annotation, getattr(annotation, "__name__", str(annotation)))


def _metadata_constraints(metadata: list[Any], of_list: bool) -> list[str]:
    unit = "entries" if of_list else "characters"
    found = []
    for item in metadata:
        if isinstance(item, annotated_types.MinLen):
            found.append(f"at least {item.min_length} {unit}")
        elif isinstance(item, annotated_types.MaxLen):
            found.append(f"at most {item.max_length} {unit}")
        elif isinstance(item, annotated_types.Ge):
            found.append(f"≥ {item.ge}")
        elif isinstance(item, annotated_types.Le):
            found.append(f"≤ {item.le}")
        elif getattr(item, "pattern", None):
            found.append(f"matches `{item.pattern}`")
        elif callable(getattr(item, "func", None)) and item.func.__doc__:
            first = item.func.__doc__.strip().splitlines()[0].rstrip(".")
            found.append(first[:1].lower() + first[1:])
    return found


def type_metadata(annotation: Any) -> list[Any]:
    """Metadata declared on a type (`Annotated[str, …]`), through optional and union types."""
    found: list[Any] = []
    layers = [annotation]
    while layers:
        layer = layers.pop(0)
        origin = get_origin(layer)
        if origin in (Union, types.UnionType):
            layers += get_args(layer)
        elif origin is Annotated:
            args = get_args(layer)
            for meta in args[1:]:
                found += list(meta.metadata) if isinstance(meta, FieldInfo) else [meta]
            layers.append(args[0])
    return found


def declared_metadata(row: FieldRow) -> list[Any]:
    """Every rule declared on a field: on the field itself, then on its type."""
    return [*row.info.metadata, *type_metadata(row.annotation)]


def constraints(row: FieldRow) -> list[str]:
    """The rules on a field's value, read from its declaration (lengths, patterns, checks)."""
    bare = _unwrap(row.annotation)
    of_list = get_origin(bare) is list
    found = _metadata_constraints(list(row.info.metadata), of_list)
    if of_list and get_args(bare):
        entry = _metadata_constraints(type_metadata(get_args(bare)[0]), False)
        found += [f"each entry {c}" for c in entry]
    found += _metadata_constraints(type_metadata(row.annotation), False)
    return list(dict.fromkeys(found))


def default_text(row: FieldRow) -> str:
    """The value used when the key is left out, as a reader would write it."""
    info = row.info
    if info.is_required():
        return "—"
    if info.default_factory is not None:
        value = info.default_factory()  # type: ignore[call-arg]
        if isinstance(value, BaseModel):
            return "see below"
    else:
        value = info.default
    if value is None or value is PydanticUndefined:
        return "none"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if value in ([], {}, ""):
        return "empty"
    return f"`{value}`"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(rows: list[FieldRow]) -> str:
    lines = [
        "| key | type | required | meaning | rules |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        cells = (
            f"`{row.name}`",
            describe_type(row.annotation),
            "**yes**" if row.required else f"no (default: {default_text(row)})",
            row.info.description or "",
            "; ".join(constraints(row)),
        )
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def fields_table(model: type[BaseModel], prefix: str = "") -> str:
    """A Markdown table of every field of `model` and of the models nested in it."""
    return _table(list(walk_fields(model, prefix)))


def front_matter_reference(
    item_model: type[BaseModel] = ItemFrontMatter, page_model: type[BaseModel] = PageFrontMatter
) -> str:
    """The handbook's front-matter reference: news items, then pages."""
    return (
        f"## News items\n\n{_doc(item_model)}\n\n{fields_table(item_model)}\n"
        f"## Pages\n\n{_doc(page_model)}\n\n{fields_table(page_model)}"
    )


def configuration_reference(model: type[BaseModel] = SiteConfig) -> str:
    """The handbook's configuration reference: one section per top-level key."""
    rows = list(walk_fields(model))
    parts = []
    for name, info in model.model_fields.items():
        inner, joint = nested_model(info.annotation)
        intro = info.description or ""
        doc = _doc(inner) if inner is not None else ""
        if doc and doc.rstrip(".") != intro.rstrip("."):
            intro = f"{intro} {doc}"
        mine = [r for r in rows if r.name == name or (joint and r.name.startswith(name + joint))]
        parts.append(f"## `{name}`\n\n{intro}\n\n{_table(mine)}")
    return "\n".join(parts)


def _doc(model: type[BaseModel]) -> str:
    return (model.__doc__ or "").strip().splitlines()[0] if model.__doc__ else ""


def _limit_text(limits: Limits) -> str:
    text = f"{limits.max_length:,} {limits.unit}"
    return text + (f", at most {limits.max_bytes:,} bytes" if limits.max_bytes else "")


def _links_text(network: Network) -> str:
    limits = network.limits
    text = f"every link counts {limits.url_length}" if limits.url_length else "counted as written"
    if limits.max_links is not None:
        text += f"; at most {limits.max_links} links"
    if not network.link_clickable:
        text = f"not clickable: the post says “{network.link_wording}” instead"
    if limits.max_hashtags is not None:
        text += f"; at most {limits.max_hashtags} hashtags"
    return text


def _image_text(network: Network) -> str:
    limits = network.limits
    text = "required" if network.needs_image else "the item's image, if any"
    if limits.max_media > 1:  # the gallery's first photos join it (compose.gallery_images)
        text += f"; with a gallery, up to {limits.max_media} photos in all"
    if limits.max_alt_text is not None:
        text += f"; alt text up to {limits.max_alt_text:,} characters"
    return text


def _sources_text(network: Network) -> str:
    """Each rule's source page and the day it was last checked there."""
    return "; ".join(
        f"{', '.join(source.rules)}: [{urlsplit(source.url).hostname}]({source.url}) "
        f"(checked {source.checked.isoformat()})" + (f" — {source.note}" if source.note else "")
        for source in network.sources
    )


def network_limits_table() -> str:
    """Every declared network (`newsroom.networks`): its limit, how it counts, its links and
    images, its API limit, the credentials an account names and where each rule comes from
    (checked when), as a Markdown table."""
    header = (
        "| network | limit | how it is counted | links | image | API limit | credentials "
        "| sources (last checked) |"
    )
    lines = [header, "|---|---|---|---|---|---|---|---|"]
    for network in NETWORKS.values():
        cells = (
            f"{network.label} (`{network.name}`)",
            _limit_text(network.limits),
            network.counted,
            _links_text(network),
            _image_text(network),
            str(network.rate_limit) if network.rate_limit else "not published",
            ", ".join(f"`{key}`" for key in network.credentials),
            _sources_text(network),
        )
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"
