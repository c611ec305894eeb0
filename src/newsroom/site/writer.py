"""Pelican's writer, made incremental: each page gets a key and goes through the OutputCache.

The generators (Newsroom's, site/generator.py, writing with Pelican's own code) decide
which pages exist and with which context; this writer only changes how a page is
written. Instead of rendering at once, it asks what the page read when an earlier build
rendered it (`PageKeys.known`, see site/recording.py): if every answer is the same, the
page keeps its key and the build's `OutputCache` links it from that build; otherwise it
is rendered later (on two cores), recording what it reads, and gets the key of that.
Pagination is Pelican's own (`pelican.paginator.Paginator`), as in
`pelican.writers.Writer.write_file`.
"""

from __future__ import annotations

import pickle
from collections import ChainMap
from collections.abc import Mapping
from dataclasses import dataclass, fields, is_dataclass
from functools import cache
from operator import is_
from typing import TYPE_CHECKING, Any, ClassVar
from uuid import uuid4

from jinja2 import Environment
from pelican.contents import Article
from pelican.paginator import Paginator
from pelican.plugins import signals
from pelican.utils import get_relative_path, path_to_url, sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer
from pydantic import BaseModel

from ..fingerprint import digest
from .model import ItemView, SiteModel
from .output_cache import Made, OutputCache
from .recording import (
    ANCHORS,
    BEYOND_CARD,
    CARD_CALLS,
    WHOLE,
    Kind,
    Path,
    RecordingContext,
    Replay,
    record,
    refers,
    same_as,
    to_json,
)

if TYPE_CHECKING:
    from ..build_cache import BuildCache
    from .hot import HotPages


def template_fields(
    value: object, leave_out: frozenset[str] = frozenset(), memo: dict[int, object] | None = None
) -> list[object]:
    """A view as a template can see it: every field of the dataclass, with its whole value.

    All the view's fields are taken (`dataclasses.fields`), so a field added to a view is
    part of every key without a list here to edit; nested dataclasses the same way, and
    pydantic models as their JSON. Fields that are not part of a value (`compare=False`,
    like an item's line numbers) are left out. The result is plain lists and strings,
    hashed as one `repr` (`PageKeys._digests`): a key costs one hash update, not hundreds.

    `memo`: the plain values of nested dataclasses and models seen more than once, by
    identity, for a caller whose objects do not change meanwhile (`PageKeys`, one build):
    10,000 items share a dozen themes, their people and contacts.
    """
    return [
        (name, field if type(field) is str else _plain(field, memo))  # strings: most fields
        for name in _compared(type(value))
        if name not in leave_out
        for field in (getattr(value, name),)
    ]


@cache
def _compared(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(kind) if f.compare)  # type: ignore[arg-type]


# How `_plain` writes out a value, by the value's exact type (decided once a type, as
# `isinstance` decides it): ≈ 400,000 values a build of 10,000 items, most of them
# strings, dates and numbers, each tested against four kinds before.
_AS_IS, _EACH, _JSON, _FIELDS, _REPR = range(5)
_HOW: dict[type, int] = {str: _AS_IS, list: _EACH, tuple: _EACH}


def _how(kind: type) -> int:
    if issubclass(kind, str):
        how = _AS_IS
    elif issubclass(kind, list | tuple):
        how = _EACH
    elif issubclass(kind, BaseModel):
        how = _JSON
    elif not issubclass(kind, type) and is_dataclass(kind):  # an instance, not a class
        how = _FIELDS
    else:
        how = _REPR
    _HOW[kind] = how
    return how


def _plain(value: object, memo: dict[int, object] | None = None) -> object:
    how = _HOW.get(type(value))
    if how is None:
        how = _how(type(value))
    if how == _AS_IS:  # most values: taken as they are, the fastest
        return value
    if how == _EACH:
        return [entry if type(entry) is str else _plain(entry, memo) for entry in value]  # type: ignore[attr-defined]
    if how == _REPR:
        return repr(value)
    if memo is not None and (known := memo.get(id(value))):
        return known[1]  # type: ignore[index]
    plain = value.model_dump_json() if how == _JSON else template_fields(value, memo=memo)  # type: ignore[attr-defined]
    if memo is not None:
        # Kept from its second sighting (with the object: its id is not reused): an
        # item's own objects are seen once, what the items share thousands of times.
        memo[id(value)] = (value, plain) if id(value) in memo else ()
    return plain


# A card (listings, lead story, related stories, short-link pages) shows everything of an
# item but its body: a fix to a story's text re-renders its own page, not every listing.
_NOT_ON_CARDS = frozenset({"translations", "html", "item"})
# What a page may show of an item without changing where the item is or which pages
# list it: a change to these re-asks only the pages that read the item (PageKeys.unchanged).
_CONTENT = frozenset({"title", "summary"})
_NOT_PLACEMENT = _NOT_ON_CARDS  # the same: a view's fields are made once for both
_ITEM_PLACEMENT_LEAVES_OUT = frozenset({"meta", "body"})
# What a page sees of a part of its context: a plain value, a length, a truth value.
_PARTS = frozenset({"value", "len", "bool"})
# Functions of their arguments and of the build's configuration alone (both in the build
# key): called with plain values, they answer the same as long as the build key does. A
# story's page calls them with its own id or path: left out, its questions about no item
# are those of every other story's page, asked once a build for all of them.
_OF_THE_BUILD = frozenset(
    {(("name", "site"), ("attr", "href")), (("name", "site"), ("attr", "absolute"))}
)


def _of_the_build(path: Path) -> bool:
    """A call of one of `_OF_THE_BUILD` or of the `urls` module, with plain values."""
    *callee, last = path
    if last[0] != "call" or len(last) != 3:  # ("call", "opaque"): an argument with no path
        return False
    args, kwargs = last[1], last[2]
    if kwargs != ("dict", ()) or any(arg[0] != "const" for arg in args[1]):
        return False
    return tuple(callee) in _OF_THE_BUILD or (
        len(callee) == 2 and callee[0] == ("name", "urls") and callee[1][0] == "attr"
    )


def _item_of(content: Any) -> str | None:
    view = getattr(content, "item", None)
    return view.item.id if isinstance(view, ItemView) else None


# What a call returns is noted with the items of its arguments (recording.ANCHORS): the
# functions templates call (the JINJA_GLOBALS of site/settings.py, the model's methods)
# read of the model only its configuration, its structure and their arguments' items
# (with their translations, in `PageKeys.item`).
ANCHORS[ItemView] = lambda view: view.item.id
ANCHORS[Article] = _item_of
# A view's card is everything but these (`_NOT_ON_CARDS`): its item holds the body, its
# translations are other views with theirs. Pelican's article holds no body (site/reader.py):
# reached through it, the view is read by its own attributes.
BEYOND_CARD[ItemView] = _NOT_ON_CARDS
CARD_CALLS.add(SiteModel.is_past)  # an event's end (the card) and the build's clock

# What a page's reads depend on besides its questions' answers, kept with its trace:
# its template, the build's structure, the content of each item it read (its anchor and
# digest: the whole item's for `WHOLE` + its id, else its card's, see recording.BEYOND_CARD),
# its questions about no item asked by many pages, with the digest of their answers, and
# those taking an argument from the page, with their answers.
Dependencies = tuple[str, str, tuple[tuple[str, str], ...], tuple | None, tuple]


class PageKeys:
    """The keys of a build's files: what each page read when it rendered, asked again.

    A page made from a template (any template of the theme) is keyed by the values it
    read (site/recording.py), with `build`: what every file depends on (code, templates,
    settings, newsroom.yml, the pages named in footers). `traces` keeps, by key, what
    each page read; without it (a clean build) every page is rendered.

    Files Newsroom makes in Python (feeds, search bundles, short-link pages) show what
    their code takes of an item: its whole view as the templates receive it (`item`:
    `template_fields`, with its translations' views and what depends on the build's time), or its
    *card*, the same without the body (`card`).
    """

    def __init__(
        self,
        model: SiteModel,
        build: str,
        traces: BuildCache | None = None,
        global_names: frozenset[str] = frozenset(),
    ) -> None:
        self.model = model
        self.build = build
        self.traces = traces
        self.global_names = global_names
        self._shared: dict = {}  # values of paths from the site model, asked once a build
        self._items: dict[int, str] = {}
        self._own: dict[int, str] = {}
        self._cards: dict[int, str] = {}
        self._view_digests: dict[int, tuple[str, str]] = {}  # card, placement
        self._plain_memo: dict[int, object] = {}  # see `template_fields`
        self._structure: str | None = None
        self._views: dict[str, ItemView] | None = None
        self._loose_answers: dict[int, str] = {}  # by id of the interned questions
        self._interned: dict[str, object] = {}  # questions about no item, one object each
        self._packed: dict[str, bytes] = {}  # traces as kept (`_packed`), by their digest
        self._unpacked: dict[str, list] = {}  # traces asked again this build, by digest
        self._questions: dict[tuple[Path, Kind], tuple[Path, Kind]] = {}
        self.asked = 0  # pages whose questions were asked again (`known`)
        # pages rendered again without asking, an item they read having changed (`known`)
        self.redone = 0
        self._reads: dict[str, str | None] = {}  # `read_of`, once a build per anchor

    def structure(self) -> str:
        """Everything of the build but what its items show (`_CONTENT`, the body).

        While it stays the same, every item is where it was (same position in every
        collection, same pages, same translations and related stories, same clock
        state): what a page read can then change only through the items it read.
        """
        if self._structure is None:
            model = self.model
            self._structure = digest(
                self.build,
                [self._placement(view) for view in model.items],
                [template_fields(page) for page in model.pages.values()],
                # People's pages read their person by its own name (see `_dependencies`).
                [template_fields(person) for person in model.people.values()],
                sorted(model.files.items()),
                sorted(model.skipped),
                _plain(model.logo),
                _plain(model.favicon),
            )
        return self._structure

    def _placement(self, view: ItemView) -> str:
        return self._digests(view)[1]

    def _digests(self, view: ItemView) -> tuple[str, str]:
        """The view's card (without what depends on the build's time) and placement,
        made together once a build: the view's fields but its translations, HTML and
        item, and its item's but meta and body, written out once for both (and not
        kept: 3 KB an item)."""
        known = self._view_digests.get(id(view))
        if known is None:
            memo = self._plain_memo
            fields = repr(
                (
                    template_fields(view, _NOT_PLACEMENT, memo),
                    template_fields(view.item, _ITEM_PLACEMENT_LEAVES_OUT, memo),
                )
            ).encode()
            meta = view.item.meta
            placed = (
                [other.id for other in view.translations],
                [other.id for other in view.related],
                view.event_is_past(self.model.now),
            )
            known = self._view_digests[id(view)] = (
                digest(fields, meta.model_dump_json()),
                digest(fields, meta.model_dump_json(exclude=set(_CONTENT)), repr(placed)),
            )
        return known

    def content_of(self, item_id: str) -> str | None:
        """Everything of an item a page can read (None: not in this build)."""
        view = self._view_of(item_id)
        return None if view is None else self.item(view)

    def read_of(self, anchor: str) -> str | None:
        """What a page read of an item, as noted by its anchor (recording.BEYOND_CARD):
        the whole item (`WHOLE` + id) or its card (None: not in this build)."""
        try:  # ≈ 100,000 reads a build of 10,000 items (related stories on every page)
            return self._reads[anchor]
        except KeyError:
            pass
        if anchor.startswith(WHOLE):
            read = self.content_of(anchor[len(WHOLE) :])
        else:
            view = self._view_of(anchor)
            read = None if view is None else self.card(view)
        self._reads[anchor] = read
        return read

    def _view_of(self, item_id: str) -> ItemView | None:
        if self._views is None:
            self._views = {view.id: view for view in self.model.items}
        return self._views.get(item_id)

    def item(self, view: ItemView) -> str:
        """Everything of one item that a page, a card or a short link can show."""
        known = self._items.get(id(view))
        if known is None:
            known = self._items[id(view)] = digest(
                self._view(view),
                *(self._view(other) for other in view.translations),
                view.event_is_past(self.model.now),
            )
        return known

    def _view(self, view: ItemView) -> str:
        """An item view without its translations (they point back to it), once a build:
        its card's fields and its body."""
        known = self._own.get(id(view))
        if known is None:
            known = self._own[id(view)] = digest(self._card(view), view.html, view.item.body)
        return known

    def _card(self, view: ItemView) -> str:
        """A card without what depends on the build's time: part of the item's own key."""
        return self._digests(view)[0]

    def card(self, view: ItemView) -> str:
        """What a card shows of an item: its view but the body (see the class docstring)."""
        known = self._cards.get(id(view))
        if known is None:
            known = self._cards[id(view)] = digest(
                self._card(view), view.event_is_past(self.model.now)
            )
        return known

    def known(
        self, name: str, template: str, names: Mapping[str, object], candidates: list[str]
    ) -> str | None:
        """The key of a page rendered before whose every read answers the same now, if any.

        `candidates`: the keys its file has in the two site folders; each names the trace
        recorded when it was rendered (see site/recording.py).
        """
        if self.traces is None:
            return None
        redone, asked = False, self.asked
        for key in dict.fromkeys(candidates):
            kept = self.traces.peek(key)
            if kept is None:
                continue
            packed, questions, dependencies = kept
            if self.unchanged(template, dependencies, names):
                self.traces.get(key)  # kept for the next build
                return key
            if redone or self.read_changed(template, dependencies):
                # Rendered, unless the other folder's key is unchanged: its questions, of
                # an older build, are not asked either (they pay off only when an edit is
                # undone, and cost as much as rendering the page).
                redone = True
                continue
            self.asked += 1
            trace = self._trace(questions, packed)
            replay = Replay(names, self._shared, self.global_names)
            answers = replay.values(trace)
            if self._traced_key(name, template, questions, answers) == key:
                # Kept for the next build, with what its reads depend on now: the next
                # build need not ask them again if nothing of that changes.
                self.traces.get(key)
                anchors = replay.anchors(trace)
                now = None
                if anchors is not None:
                    unanchored = [q for q, a in zip(trace, anchors, strict=True) if not a]
                    read = {item for found in anchors for item in found}
                    now = self._dependencies(
                        template, unanchored, read, dict(zip(trace, answers, strict=True))
                    )
                if now != dependencies:
                    self.traces.add(key, (packed, questions, now))
                return key
        self.redone += redone and self.asked == asked  # rendered without asking
        return None

    def read_changed(self, template: str, dependencies: Dependencies | None) -> bool:
        """Whether an item the page read has another content now, in a build of the same
        structure: the page is then rendered again without asking its questions.

        It read the item for what it shows of it, so asking finds a change almost always,
        and asking costs about as much as rendering: the press office's page (5,000 cards)
        took 1 s a trace to ask, twice (a key in each site folder), after a retitle. When
        it asked for nothing that changed (an item's date, not its new title), rendering
        makes the same file, with the same key: only the time of a render is lost.
        """
        if dependencies is None:
            return False
        kept_template, structure, items, _, _ = dependencies
        if kept_template != template or structure != self.structure():
            return False  # asked: most pages still answer the same (a new item, a date)
        return self._any_read_changed(items)

    def unchanged(
        self, template: str, dependencies: Dependencies | None, names: Mapping[str, object]
    ) -> bool:
        """Whether nothing a page read can have changed, without asking its questions.

        True when the build's structure is the one the page was rendered (or last asked)
        in, every item it read has the same content, and its questions about no item
        (`site.now`, counts…) have the same answers (asked once a build for all pages).
        """
        if dependencies is None:
            return False
        kept_template, structure, items, loose, own = dependencies
        if kept_template != template or structure != self.structure():
            return False
        if self._any_read_changed(items):
            return False
        if loose is not None and self._loose_answers_of(loose[0], names) != loose[1]:
            return False
        if not own:
            return True
        questions, answers = own
        return Replay(names, self._shared, self.global_names).values(list(questions)) == answers

    def _any_read_changed(self, items: tuple[tuple[str, str], ...]) -> bool:
        """Whether an item a page read (anchor, what it read then) reads otherwise now:
        `read_of`, with the anchors already read this build looked up in place (≈ 120,000
        a build of 10,000 items, most of them related stories' cards)."""
        reads = self._reads
        for anchor, content in items:
            read = reads[anchor] if anchor in reads else self.read_of(anchor)
            if read != content:
                return True
        return False

    def _loose_answers_of(self, questions: tuple, names: Mapping[str, object]) -> str:
        known = self._loose_answers.get(id(questions))
        if known is None:
            answers = Replay(names, self._shared, self.global_names).values(list(questions))
            known = self._loose_answers[id(questions)] = digest(repr(answers))
        return known

    def _dependencies(
        self,
        template: str,
        unanchored: list[tuple[Path, Kind]],
        read: set[str],
        answers: Mapping[tuple[Path, Kind], object],
    ) -> Dependencies | None:
        """What a page's reads depend on (see `unchanged`); None when it cannot be told.

        `unanchored`: its questions about no item; `read`: the items it read; `answers`:
        what each question was answered.
        """
        loose: list[tuple[Path, Kind]] = []
        own: list[tuple[Path, Kind]] = []
        known = self._questions  # kept by every page until the build's end: one object each
        for question in unanchored:
            path, kind = question
            root = path[0][1]
            if refers(path, kind):  # its answer is the page's own: asked for each page
                own.append(known.setdefault(question, question))
            elif root in self.global_names:
                if not _of_the_build(path):
                    loose.append(question)  # the site model's: asked once a build
            elif kind[0] not in _PARTS:  # a whole object seen (`{{ articles }}`): its own
                own.append(known.setdefault(question, question))
            # Otherwise a part of a name of the page's own context (Pelican's): made from
            # the build's structure and the page's path alone.
        # An item read whole is not asked by its card as well.
        whole = {anchor for anchor in read if anchor.startswith(WHOLE)}
        items = tuple(
            (anchor, self.read_of(anchor) or "")
            for anchor in sorted(read)
            if WHOLE + anchor not in whole
        )
        told = None
        if loose:
            common = self._intern(tuple(loose))
            told = (common, digest(repr([answers[question] for question in loose])))
        mine = (tuple(own), [answers[question] for question in own]) if own else ()
        return (template, self.structure(), items, told, mine)

    def _intern(self, questions: tuple) -> tuple:
        """One object for the same questions: kept once, their answers asked once a build."""
        return self._interned.setdefault(digest(repr(questions)), questions)  # type: ignore[return-value]

    def keep(self, key: str, note: object) -> None:
        """Keep a rendered page's trace for the next build: traces and questions asked
        by many pages (every story's page asks the same) are kept once."""
        assert self.traces is not None
        trace, questions, dependencies = note  # type: ignore[misc]
        trace = self._interned_trace(questions, trace)
        if dependencies is not None and dependencies[3] is not None:
            loose, answers = dependencies[3]
            dependencies = (*dependencies[:3], (self._intern(loose), answers), dependencies[4])
        self.traces.add(key, (trace, questions, dependencies))

    def _interned_trace(self, questions: str, trace: list | bytes) -> bytes:
        """A trace as kept (`_packed`), one object for the pages that ask the same (every
        story's page of a kind)."""
        packed = self._packed.get(questions)
        if packed is None:
            packed = trace if isinstance(trace, bytes) else _packed(trace)
            self._packed[questions] = packed
        return packed

    def _trace(self, questions: str, packed: bytes) -> list[tuple[Path, Kind]]:
        """A kept trace's questions, unpacked once a build."""
        trace = self._unpacked.get(questions)
        if trace is None:
            trace = self._unpacked[questions] = pickle.loads(packed)
        return trace

    def render(self, name: str, template: Any, local: dict[str, Any]) -> Made:
        """Render a page, recording what it reads: its key is made from that."""
        content, recorder = record(lambda: template.render(local))
        if recorder.opaque or self.traces is None:
            return Made(content, unknown_key())
        trace, answers = _asked_again(recorder.seen)
        questions = digest(repr(trace))  # kept with the trace: hashed once, not every build
        # Interned now: the notes of every page rendered wait for the end of the rendering,
        # here and in the second rendering process (sent back once each, pickle's memo).
        trace = self._interned_trace(questions, trace)
        key = self._traced_key(name, template.name, questions, answers)
        dependencies = None
        if not recorder.loose:
            dependencies = self._dependencies(
                template.name, recorder.unanchored, recorder.anchors, recorder.seen
            )
        return Made(content, key, (trace, questions, dependencies))  # kept by `keep`

    def _traced_key(self, name: str, template: str, questions: str, answers: list) -> str:
        """The page's key: the build's, the page's, what it asked and what it was told."""
        return digest(self.build, name, template, questions, repr(answers))


def _packed(trace: list[tuple[Path, Kind]]) -> bytes:
    """A trace as a page's note holds it until the build's end, and the store keeps it:
    pickled, ≈ 10 bytes a question where its tuples take ≈ 200 (a listing of 5,000
    cards asks 100,000 questions of its own: 20 MB as objects). Pages whose traces are
    not asked again never unpack theirs."""
    return pickle.dumps(trace, protocol=pickle.HIGHEST_PROTOCOL)


def _asked_again(seen: Mapping[tuple[Path, Kind], object]) -> tuple[list, list]:
    """A page's questions to ask again, and their answers: all but the calls of functions
    of the build (`_of_the_build`) with plain values.

    Such a call answers what the build key and its arguments make it, and a plain
    argument is the template's own (in the build key) or made from what the page read
    (its other answers): the page's key names it without it. A story's page calls them
    with its own short id: left in, no two stories' traces would be the same list, 2 KB
    a page held until the build's end; left out, every story of a kind shares one.
    """
    kept = [
        (question, answer) for question, answer in seen.items() if not _of_the_build(question[0])
    ]
    return [question for question, _ in kept], [answer for _, answer in kept]


def unknown_key() -> str:
    """A key no file has: the page is rendered (and its real key known once it is)."""
    return f"unknown-{uuid4().hex}"


def prepare_environment(environment: Environment) -> None:
    """Let a page's Jinja environment record what its templates read (site/recording.py)."""
    if environment.context_class is not RecordingContext:
        environment.context_class = RecordingContext
        environment.tests["sameas"] = same_as
        environment.filters["tojson"] = to_json


@dataclass(frozen=True)
class PageContext:
    """A scheduled page's template context: Pelican's context, shared by the pages, and
    the page's own names (its path, its article or listing page…).

    Pages render after all of them are scheduled: a whole copy of Pelican's context each
    (~200 names) would live until then, 1.5 GB at 50,000 items. The page's context is
    made whole when it renders (`whole`), as `Writer.write_file` makes it: the copy,
    then the page's names set in the same order.
    """

    shared: dict[str, Any]
    own: dict[str, Any]

    def whole(self) -> dict[str, Any]:
        return {**self.shared, **self.own}


class CachingWriter(Writer):
    """Writes Pelican's pages through the build's OutputCache (see module docstring).

    Pelican's public `Writer` interface (`write_file`), with its rule that a path is
    written once kept in sets of our own, not in the base class's private ones. Pelican
    makes the writer from its output path and settings alone: `for_build` gives it a
    class that knows the build's output cache, page keys and `serve`'s hot pages.
    """

    files: ClassVar[OutputCache]
    keys: ClassVar[PageKeys]
    hot: ClassVar[HotPages | None] = None  # serve's (site/hot.py), when it keeps them

    @classmethod
    def for_build(
        cls, files: OutputCache, keys: PageKeys, hot: HotPages | None
    ) -> type[CachingWriter]:
        """The writer class of one build (what the `get_writer` signal returns)."""
        return type(cls.__name__, (cls,), {"files": files, "keys": keys, "hot": hot})

    def __init__(self, output_path: str, settings: dict[str, Any] | None = None) -> None:
        super().__init__(output_path, settings)
        self._claimed: set[str] = set()
        self._overriding: set[str] = set()
        self._context_copy: dict[str, Any] = {}

    def write_file(
        self,
        name,
        template,
        context,
        relative_urls=False,
        paginated=None,
        template_name=None,
        override_output=False,
        url=None,
        **kwargs,
    ) -> None:
        if not name:  # Pelican: "" or False means "not written"
            return
        if paginated is None:
            paginated = {key: val for key, val in kwargs.items() if key in {"articles", "dates"}}
        if not (paginated and template_name in self.settings["PAGINATED_TEMPLATES"]):
            page_context = self._local_context(context, name, kwargs, relative_urls)
            self._schedule(template, page_context, name, override_output)
            return
        per_page = (
            self.settings["PAGINATED_TEMPLATES"][template_name]
            or self.settings["DEFAULT_PAGINATION"]
        )
        paginators = {
            key: Paginator(name, url, val, self.settings, per_page)
            for key, val in paginated.items()
        }
        # Each page of a listing made once, not once more as its neighbours' previous and
        # next page (Pelican's writer makes three of each: 24,000 at 10,000 items).
        made: dict[tuple[str, int], Any] = {}

        def page_of(key: str, paginator: Paginator, number: int) -> Any:
            if (key, number) not in made:
                made[key, number] = paginator.page(number)
            return made[key, number]

        for number in range(next(iter(paginators.values())).num_pages):
            page_kwargs = kwargs.copy()
            for key, paginator in paginators.items():
                page = page_of(key, paginator, number + 1)
                page_kwargs.update(
                    {
                        f"{key}_paginator": paginator,
                        f"{key}_page": page,
                        f"{key}_previous_page": (
                            page_of(key, paginator, number) if number > 0 else None
                        ),
                        f"{key}_next_page": (
                            page_of(key, paginator, number + 2)
                            if number + 1 < paginator.num_pages
                            else None
                        ),
                    }
                )
            page_context = self._local_context(context, page.save_as, page_kwargs, relative_urls)
            self._schedule(template, page_context, page.save_as, override_output)

    def _local_context(
        self, context: dict, name: str, kwargs: dict, relative_urls: bool
    ) -> PageContext:
        """Pelican's context for one page (as `Writer.write_file` makes it), made whole
        only when the page renders: see `PageContext`."""
        own = {"localsiteurl": context.get("localsiteurl")}
        if relative_urls:
            own["SITEURL"] = own["localsiteurl"] = path_to_url(get_relative_path(name))
        own["output_file"] = name
        own.update(kwargs)
        return PageContext(self._shared_copy(context), own)

    def _shared_copy(self, context: dict) -> dict[str, Any]:
        """A copy of Pelican's context, shared by every page written while the context
        holds the same objects under the same names (Pelican's writes leave it alone)."""
        kept = self._context_copy
        if not (
            len(kept) == len(context)
            and all(map(is_, kept, context))
            and all(map(is_, kept.values(), context.values()))
        ):
            kept = self._context_copy = context.copy()
        return kept

    def _schedule(self, template, page: PageContext, name: str, override: bool) -> None:
        path = sanitised_join(self.output_path, name)
        if not self._claim(path, override):
            return
        if signals.content_written.receivers:  # a plugin sees (and may change) the context
            page = PageContext({}, page.whole())
            signals.content_written.send(path, context=page.own)
        cache, keys = self.files, self.keys
        environment = template.environment
        prepare_environment(environment)
        names = ChainMap(page.own, page.shared, environment.globals)
        key = keys.known(name, template.name, names, cache.keys_of(name))
        if key is not None:
            cache.put(name, key, lambda: template.render(page.whole()))
        else:
            cache.put(name, unknown_key(), lambda: keys.render(name, template, page.whole()))
        hot = self.hot
        if hot is not None and template.name == "article.html" and "article" in page.own:
            hot.keep(template, page.whole(), name)

    def _claim(self, path: str, override: bool) -> bool:
        """Whether to write `path`: Pelican's rule that a path is written once.

        A write marked `override` wins over later ones (they are skipped); replacing a
        page already scheduled is refused, as Pelican refuses a second plain write.
        """
        if path in self._overriding:
            if override:
                raise FileOverwriteFailedError(f'Failed to overwrite "{path}" a second time')
            return False
        if path in self._claimed:
            raise FileOverwriteFailedError(f'Failed to overwrite "{path}": already written')
        if override:
            self._overriding.add(path)
        self._claimed.add(path)
        return True
