"""What a page read while it rendered, recorded, and asked again of the next build.

A page's key cannot be guessed from its template's name: an institution's `article.html`
may list the latest stories, its `base.html` count the stories of every theme. So every
value a template reaches (the `site` model, Pelican's context: articles, pages, tags,
paginators…) is handed to it wrapped in a `Traced` proxy. The proxy forwards everything
to the real object and notes, in the page's `Recorder`, *where* the template looked (a
path from a context name: `site` → `items` → `[:4]` → element 0 → `title`) and *what it
saw* there (the value, a length, a truth value, a comparison).

The page's output is a function of those observations alone: a template only ever sees
plain values (strings, numbers, dates) and the shapes of collections. The next build
asks the same questions of its own context (`Trace.key`): if every answer is the same,
the page would be rendered byte for byte the same and is reused; if any answer differs
(a retitled story, an item added to `site.items`, an event that has passed since) it is
rendered again, and recorded again. This is how Hugo decides what to rebuild, not how
Jekyll's `--incremental` guesses it.

What the recorder cannot replay (an argument it has no path for) makes the page
*opaque*: rendered on every build, never wrongly reused.

Each observation is also noted with the items whose objects its path went through
(`ANCHORS`), so that most pages need not be asked at all: see `writer.PageKeys.unchanged`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from jinja2.defaults import DEFAULT_NAMESPACE
from jinja2.environment import TemplateModule
from jinja2.runtime import Context, Macro, TemplateReference, Undefined
from jinja2.utils import Namespace, htmlsafe_json_dumps, missing
from markupsafe import Markup

# Values a template sees as they are: recorded whole where they are read.
LEAVES = (str, int, float, bool, type(None), datetime, date, time, timedelta, Decimal, bytes)
# Jinja's own globals (range, namespace, cycler…): code, not data; never wrapped.
JINJA_NAMES = frozenset(DEFAULT_NAMESPACE)

Step = tuple  # ("name", n) | ("attr", a) | ("item", key) | ("at", i) | ("call", args, kwargs)
Path = tuple[Step, ...]
Kind = tuple  # ("value",) | ("len",) | ("bool",) | ("str",) | ("json", indent) | ("op", name, arg)
Anchors = tuple[str, ...]

# Which item an object of the site belongs to (its id), by the object's exact type: every
# read through an item's objects is noted with it, so the next build can tell, without
# asking a page's questions again, that nothing it read changed (writer.PageKeys). Filled
# by the site's writer (it knows the model's and Pelican's classes).
ANCHORS: dict[type, Callable[[Any], str | None]] = {}
# The attributes of an anchored object that reach beyond the item's *card* (what a listing
# shows of it) to its body, by the object's exact type. A read through one, a call, or a
# whole object seen (`str`, a comparison, JSON) depends on the whole item: its anchor is
# noted *whole* (`WHOLE` + its id); any other read depends on the item's card alone. So a
# fix to a story's text re-asks the pages that read its text, not every listing and person
# page that shows its card (writer.PageKeys keeps a digest of each). Filled by the writer.
BEYOND_CARD: dict[type, frozenset[str]] = {}
WHOLE = "\x00"  # never the first character of an item's id
# Functions (plain, or the function of a bound method) whose answer depends only on their
# arguments' cards and the build's configuration and clock (`SiteModel.is_past`): given an
# item, they read its card, not its body. Filled by the writer.
CARD_CALLS: set[object] = set()
# What a page sees of a value without seeing the whole object: a leaf, a length, a truth.
_CARD_KINDS = frozenset({"value", "len", "bool"})


def _reads_card(kind: Kind) -> bool:
    """Whether an observation of an object reads no more than its card: a leaf, a length,
    a truth value, or its identity (`is none`, `is sameas`)."""
    return kind[0] in _CARD_KINDS or (kind[0] == "op" and kind[1] == "same")


def _card_call(function: object) -> bool:
    return getattr(function, "__func__", function) in CARD_CALLS


def wholly(anchors: Anchors) -> Anchors:
    """The same anchors, each read whole."""
    return tuple(a if a.startswith(WHOLE) else WHOLE + a for a in anchors)


def _beyond_card(obj: object, name: str, anchors: Anchors) -> Anchors:
    """`anchors`, with `obj`'s own item read whole when `name` reaches its body."""
    beyond = BEYOND_CARD.get(type(obj))
    if beyond is None or name not in beyond:
        return anchors
    own = ANCHORS[type(obj)](obj)
    return anchors if own is None or WHOLE + own in anchors else (*anchors, WHOLE + own)


class Opaque(Exception):
    """A value the recorder has no path for (a page built from it cannot be replayed)."""


class Recorder:
    """The observations of one page as it renders: (path, kind) → what was seen."""

    def __init__(self) -> None:
        self.seen: dict[tuple[Path, Kind], object] = {}
        self.opaque = False
        # The items whose objects the page read: by their id when it read their card alone,
        # by `WHOLE` + their id when it read more (see `BEYOND_CARD`).
        self.anchors: set[str] = set()
        self.unanchored: list[tuple[Path, Kind]] = []  # questions about no item
        # An argument that belongs to no item (a page's own object, the clock…): which
        # questions it changes is unknown, so the page is asked again on every build.
        self.loose = False

    def note(self, path: Path, kind: Kind, value: object, anchors: Anchors = ()) -> None:
        question = (path, kind)
        if question in self.seen:
            return
        self.seen[question] = value
        if anchors:
            self.anchors.update(anchors if _reads_card(kind) else wholly(anchors))
        else:
            self.unanchored.append(question)

    def depend(self, anchors: Anchors) -> None:
        """An object passed as an argument: the page depends on the items it belongs to
        (wholly: what the callee reads of them is not known, but for `_card_arguments`)."""
        if anchors:
            self.anchors.update(anchors if _active.card_arguments else wholly(anchors))
        else:
            self.loose = True

    def trace(self) -> list[tuple[Path, Kind]]:
        return list(self.seen)

    def values(self) -> list[object]:
        return list(self.seen.values())


class _Active(threading.local):
    """The page rendering now in this thread (`serve` builds in a thread of its own)."""

    recorder: Recorder | None = None
    card_arguments = False  # the arguments being encoded are read by their cards alone


_active = _Active()


def _recorder() -> Recorder | None:
    return _active.recorder


def _encoded_arguments(value: object, card: bool) -> object:
    """`_encode(value)`, its proxies' items noted as read by their cards alone if `card`."""
    outer, _active.card_arguments = _active.card_arguments, card
    try:
        return _encode(value)
    finally:
        _active.card_arguments = outer


def record(render: Callable[[], str]) -> tuple[str, Recorder]:
    """Run `render` with a recorder active; its output and what it read."""
    recorder = Recorder()
    outer, _active.recorder = _active.recorder, recorder
    try:
        return render(), recorder
    finally:
        _active.recorder = outer


def wrap(value: object, path: Path, anchors: Anchors = ()) -> Any:
    """What a template receives at `path`: a plain value (recorded), else a proxy.

    `anchors`: the items whose objects the path went through (see ANCHORS).
    """
    if isinstance(value, LEAVES):
        recorder = _recorder()
        if recorder is not None:
            recorder.note(path, ("value",), _plain(value), anchors)
        return value
    anchor_of = ANCHORS.get(type(value))
    if anchor_of is not None:
        own = anchor_of(value)
        if own is not None and own not in anchors:
            anchors = (*anchors, own)
    return Traced(value, path, anchors)


def _plain(value: object) -> object:
    """A leaf as it is compared: Markup and str alike by their text."""
    return str(value) if isinstance(value, Markup) else value


def _note(path: Path, kind: Kind, value: object, anchors: Anchors = ()) -> None:
    recorder = _recorder()
    if recorder is not None:
        recorder.note(path, kind, value, anchors)


def _opaque() -> None:
    recorder = _recorder()
    if recorder is not None:
        recorder.opaque = True


class Traced:
    """A value of the site model as a template sees it (see the module docstring)."""

    __slots__ = ("_anchors", "_obj", "_path")

    def __init__(self, obj: object, path: Path, anchors: Anchors = ()) -> None:
        object.__setattr__(self, "_obj", obj)
        object.__setattr__(self, "_path", path)
        object.__setattr__(self, "_anchors", anchors)

    def __getattr__(self, name: str) -> Any:
        obj, path, anchors = self._obj, self._path, self._anchors
        if name.startswith("__") or name.startswith("jinja_"):  # Python's and Jinja's protocol
            if name == "__html__" and hasattr(obj, "__html__"):
                return lambda: _observed(obj, path, ("html",), anchors=anchors)
            return getattr(obj, name)
        step = (*path, ("attr", name))
        try:
            value = getattr(obj, name)
        except AttributeError:
            _note(step, ("value",), ("raises", "AttributeError"), anchors)
            raise
        return wrap(value, step, _beyond_card(obj, name, anchors))

    def __getitem__(self, key: object) -> Any:
        try:
            step = (*self._path, ("item", _key(key)))
        except Opaque:
            _opaque()
            step = (*self._path, ("item", "opaque"))
        anchors = _joined(self._anchors, (key,))
        try:
            value = self._obj[unwrap(key)]  # type: ignore[index]
        except (LookupError, TypeError) as error:
            _note(step, ("value",), ("raises", type(error).__name__), anchors)
            raise
        return wrap(value, step, anchors)

    def __iter__(self) -> Iterator[Any]:
        count = 0
        for count, value in enumerate(self._obj, start=1):  # type: ignore[call-overload]
            yield wrap(value, (*self._path, ("at", count - 1)), self._anchors)
        _note(self._path, ("len",), count, self._anchors)

    def __len__(self) -> int:
        return self._seen(("len",))

    def __bool__(self) -> bool:
        return self._seen(("bool",))

    def __str__(self) -> str:
        return self._seen(("str",))

    def __repr__(self) -> str:
        return self._seen(("repr",))

    def __format__(self, spec: str) -> str:
        return self._seen(("format", spec))

    def _seen(self, kind: Kind, other: object = None) -> Any:
        return _observed(self._obj, self._path, kind, other, self._anchors)

    def __contains__(self, other: object) -> bool:
        return self._op("contains", other)

    def __eq__(self, other: object) -> bool:  # type: ignore[override]
        return self._op("eq", other)

    def __ne__(self, other: object) -> bool:  # type: ignore[override]
        return not self._op("eq", other)

    def __lt__(self, other: object) -> bool:
        return self._op("lt", other)

    def __le__(self, other: object) -> bool:
        return self._op("le", other)

    def __gt__(self, other: object) -> bool:
        return self._op("gt", other)

    def __ge__(self, other: object) -> bool:
        return self._op("ge", other)

    def __hash__(self) -> int:
        return hash(self._obj)

    def __call__(self, *args: object, **kwargs: object) -> Any:
        card = _card_call(self._obj)
        try:
            step: Step = (
                "call",
                _encoded_arguments(args, card),
                _encoded_arguments(kwargs, card),
            )
        except Opaque:
            _opaque()
            step = ("call", "opaque")
        value = self._obj(*map(unwrap, args), **{k: unwrap(v) for k, v in kwargs.items()})  # type: ignore[operator]
        # What a call returns is made from its arguments too (`preview_tags(item)`): read
        # through it, the items they belong to are read, wholly (the callee may read a
        # body) unless the function reads cards alone (`CARD_CALLS`).
        anchors = _joined(self._anchors, (*args, *kwargs.values()))
        return wrap(value, (*self._path, step), anchors if card else wholly(anchors))

    def _op(self, name: str, other: object) -> bool:
        try:
            kind: Kind = ("op", name, _encoded_arguments(other, name == "same"))
        except Opaque:
            _opaque()
            return OPERATIONS[name](self._obj, unwrap(other))
        return self._seen(kind, unwrap(other))


def _joined(anchors: Anchors, arguments: tuple) -> Anchors:
    """`anchors` and those of the proxies among `arguments` (in lists and tuples too)."""
    for argument in arguments:
        if isinstance(argument, Traced):
            extra = object.__getattribute__(argument, "_anchors")
        elif isinstance(argument, list | tuple):
            extra = _joined((), tuple(argument))
        else:
            continue
        anchors = (*anchors, *(a for a in extra if a not in anchors))
    return anchors


def unwrap(value: object) -> Any:
    """The real object behind a proxy (plain values as they are)."""
    if isinstance(value, Traced):
        return object.__getattribute__(value, "_obj")
    if isinstance(value, list):
        return [unwrap(v) for v in value]
    if isinstance(value, tuple):
        return tuple(unwrap(v) for v in value)
    return value


OPERATIONS: dict[str, Callable[[Any, Any], bool]] = {
    "contains": lambda a, b: b in a,
    "eq": lambda a, b: a == b,
    "lt": lambda a, b: a < b,
    "le": lambda a, b: a <= b,
    "gt": lambda a, b: a > b,
    "ge": lambda a, b: a >= b,
    "same": lambda a, b: a is b,
}


def observe(obj: object, kind: Kind, other: object = None) -> Any:
    """What a template sees of `obj` when it asks `kind` (the same at record and replay)."""
    what = kind[0]
    if what == "value":
        return _plain(obj)
    if what == "len":
        return len(obj) if hasattr(obj, "__len__") else sum(1 for _ in obj)  # type: ignore[arg-type]
    if what == "bool":
        return bool(obj)
    if what == "str":
        return str(obj)
    if what == "repr":
        return repr(obj)
    if what == "html":
        return str(obj.__html__())  # type: ignore[attr-defined]
    if what == "format":
        return format(obj, kind[1])
    if what == "json":
        return str(htmlsafe_json_dumps(obj, indent=kind[1]))
    return OPERATIONS[what if what != "op" else kind[1]](obj, other)


def _observed(
    obj: object, path: Path, kind: Kind, other: object = None, anchors: Anchors = ()
) -> Any:
    value = observe(obj, kind, other)
    _note(path, kind, value, anchors)
    return value


def _key(key: object) -> object:
    """A subscript as a step: slices as tuples (they are not hashable before 3.12)."""
    if isinstance(key, slice):
        return ("slice", _encode(key.start), _encode(key.stop), _encode(key.step))
    return _encode(key)


def _encode(value: object) -> object:
    """An argument as the next build can give it again: a path, or a plain value."""
    if isinstance(value, Traced):
        recorder = _recorder()
        if recorder is not None:
            recorder.depend(object.__getattribute__(value, "_anchors"))
        return ("ref", object.__getattribute__(value, "_path"))
    if isinstance(value, LEAVES):
        return ("const", _plain(value))
    if isinstance(value, list):
        return ("list", tuple(_encode(v) for v in value))
    if isinstance(value, tuple):
        return ("tuple", tuple(_encode(v) for v in value))
    if isinstance(value, dict):
        return ("dict", tuple((k, _encode(v)) for k, v in value.items()))
    raise Opaque(type(value).__name__)


# Jinja's parts that must see through proxies.


def same_as(value: object, other: object) -> bool:
    """Jinja's `sameas` test, recorded: identity of the objects behind proxies."""
    if isinstance(value, Traced):
        return value._op("same", other)
    if isinstance(other, Traced):
        return other._op("same", value)
    return value is other


def to_json(value: object, indent: int | None = None) -> Markup:
    """Jinja's `tojson` filter, recorded: the JSON of the object behind a proxy."""
    if isinstance(value, Traced):
        return Markup(value._seen(("json", indent)))
    return htmlsafe_json_dumps(unwrap(value), indent=indent)


class RecordingContext(Context):
    """Jinja's context, handing the template every name of the page wrapped, while recording.

    Names resolve to proxies only while a page is recorded: `serve`'s pages (site/hot.py)
    and Pelican's own renders see the plain values.
    """

    def resolve_or_missing(self, key: str) -> Any:
        value = super().resolve_or_missing(key)
        if _active.recorder is None or key in self.vars or key in JINJA_NAMES:
            return value  # set by the template itself (from what it read), or Jinja's
        path = (("name", key),)
        if value is missing:  # a name the page lacks: its absence is read too
            _note(path, ("value",), ("raises", "KeyError"))
            return value
        return value if isinstance(value, _NOT_DATA) else wrap(value, path)


# Jinja's own objects (macros, imported templates, undefined names): never wrapped.
_NOT_DATA = (Traced, Macro, Undefined, TemplateModule, TemplateReference, Namespace, type(missing))


class Replay:
    """Asks a recorded trace of a new build's context (see the module docstring).

    `names`: what the page's template would resolve its names to (Jinja's globals and
    the page's context). `shared`: values of paths from `global_names` (the site model),
    the same for every page of a build, found once a build.
    """

    def __init__(
        self, names: Mapping[str, object], shared: dict[Path, object], global_names: frozenset
    ) -> None:
        self.names = names
        self.shared = shared
        self.global_names = global_names
        self._memo: dict[Path, object] = {}

    def values(self, trace: list[tuple[Path, Kind]]) -> list[object]:
        return [self._shared_answer(path, kind) for path, kind in trace]

    def anchors(self, trace: list[tuple[Path, Kind]]) -> list[Anchors] | None:
        """The items each question goes through now, as `Recorder.note` would note them;
        None when an argument belongs to no item (`Recorder.loose`)."""
        found = []
        for path, kind in trace:
            anchors = self._anchors(path)
            if anchors is None:
                return None
            card = _reads_card(kind)
            if not card:
                anchors = wholly(anchors)
            if kind[0] == "op":
                for ref in _refs(kind[2]):
                    of_ref = self._anchors(ref)
                    if not of_ref:
                        return None
                    # as `Recorder.depend` notes them
                    anchors = (*anchors, *(of_ref if card else wholly(of_ref)))
            found.append(anchors)
        return found

    def _anchors(self, path: Path) -> Anchors | None:
        question = ("anchors", path)  # never a path (see `_shared_answer`)
        memo = self.shared if self._is_shared(path) else self._memo
        found = memo.get(question, _UNKNOWN)
        if found is _UNKNOWN:
            found = memo[question] = self._anchors_of(path)
        return found  # type: ignore[return-value]

    def _anchors_of(self, path: Path) -> Anchors | None:
        anchors: Anchors = ()
        if len(path) > 1:
            head = self._anchors(path[:-1])
            if head is None:
                return None
            anchors = head
        for ref in _refs(path[-1][1:]):
            found = self._anchors(ref)
            if not found:
                return None
            anchors = (*anchors, *(a for a in found if a not in anchors))
        last = path[-1]
        if last[0] in ("call", "attr") and len(path) > 1:  # as `Traced` notes them
            try:
                head_obj = self.evaluate(path[:-1])
            except Exception:
                return anchors if last[0] == "attr" else wholly(anchors)
            if last[0] == "attr":
                anchors = _beyond_card(head_obj, last[1], anchors)
            elif not _card_call(head_obj):
                anchors = wholly(anchors)
        try:
            obj = self.evaluate(path)
        except Exception:  # a failed read: noted with the anchors of what it read from
            return anchors
        anchor_of = ANCHORS.get(type(obj))
        own = None if anchor_of is None else anchor_of(obj)
        return (*anchors, own) if own is not None and own not in anchors else anchors

    def _shared_answer(self, path: Path, kind: Kind) -> object:
        """An answer about the site model is the same for every page: asked once a build."""
        if kind[0] == "op" or path[0][1] not in self.global_names:
            return self._answer(path, kind)
        question = ("answer", path, kind)  # never a path: paths start with a name step
        found = self.shared.get(question, _UNKNOWN)
        if found is _UNKNOWN:
            found = self._answer(path, kind)
            if self._is_shared(path):
                self.shared[question] = found
        return found

    def _answer(self, path: Path, kind: Kind) -> object:
        try:
            obj = self.evaluate(path)
            other = self._decode(kind[2]) if kind[0] == "op" else None
            return observe(obj, kind, other)
        except Exception as error:  # what failed before may fail again: the same answer
            return ("raises", type(error).__name__)

    def evaluate(self, path: Path) -> Any:
        found = self._memo.get(path, _UNKNOWN)
        if found is _UNKNOWN:
            found = self.shared.get(path, _UNKNOWN)
        if found is _UNKNOWN:
            try:
                found = self._step(path)
            except Exception as error:
                found = _Failed(error)
            (self.shared if self._is_shared(path) else self._memo)[path] = found
        if isinstance(found, _Failed):
            raise found.error
        return found

    def _is_shared(self, path: Path) -> bool:
        """A path from the site model's names, with no argument from the page's own."""
        return path[0][1] in self.global_names and not any(
            step[0] in ("call", "item") and "ref" in repr(step) for step in path
        )

    def _step(self, path: Path) -> Any:
        *head, (what, *args) = path
        if what == "name":
            return self.names[args[0]]
        obj = self.evaluate(tuple(head))
        if what == "attr":
            return getattr(obj, args[0])
        if what == "item":
            return obj[self._subscript(args[0])]
        if what == "at":
            return list(obj)[args[0]]
        if what == "call" and args[0] != "opaque":
            return obj(*self._decode(args[0]), **self._decode(args[1]))
        raise Opaque(what)

    def _subscript(self, key: object) -> object:
        if isinstance(key, tuple) and key[0] == "slice":
            return slice(*map(self._decode, key[1:]))
        return self._decode(key)

    def _decode(self, encoded: Any) -> Any:
        what, value = encoded
        if what == "const":
            return value
        if what == "ref":
            return self.evaluate(value)
        if what == "list":
            return [self._decode(v) for v in value]
        if what == "tuple":
            return tuple(self._decode(v) for v in value)
        if what == "dict":
            return {k: self._decode(v) for k, v in value}
        raise Opaque(what)


_UNKNOWN = object()


def refers(path: Path, kind: Kind) -> bool:
    """Whether a question takes an argument from the page (its answer is the page's own)."""
    steps = any(next(_refs(step[1:]), None) is not None for step in path)
    return steps or (kind[0] == "op" and next(_refs(kind[2:]), None) is not None)


def _refs(encoded: object) -> Iterator[Path]:
    """The paths an encoded argument (or a step's arguments) refers to."""
    if isinstance(encoded, tuple) and encoded:
        if encoded[0] == "ref" and len(encoded) == 2 and _is_path(encoded[1]):
            yield encoded[1]
            return
        for part in encoded:
            yield from _refs(part)


class _Failed:
    __slots__ = ("error",)

    def __init__(self, error: Exception) -> None:
        self.error = error


def _is_path(value: object) -> bool:
    return (
        isinstance(value, tuple)
        and bool(value)
        and all(isinstance(step, tuple) and step for step in value)
    )
