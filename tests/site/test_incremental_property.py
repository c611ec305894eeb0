"""Whatever a theme shows and whatever is edited, an incremental build is a clean build.

An institution customises its templates first (a "Latest news" aside on every story, a
count of stories per theme in the footer…): page keys that guess what the shipped
templates show go stale there (issue 27). Hypothesis draws theme customisations from the
template variables the handbook documents (docs/site-templates.md: `site`, its
collections, slices, filters and attributes, Pelican's `articles`, `tags`, `dates`…) put
in any template, `base.html` and the 404 included, and a sequence of everyday edits; after
every edit the incremental build must be byte for byte the clean build of the same
commit at the same time.

Few examples by default (each is a series of real builds); `HYPOTHESIS_PROFILE=thorough`
runs more.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from newsroom.build_assembly import build_site
from newsroom.site.build import BuildResult
from newsroom.site.hot import HotPages
from newsroom.site.settings import PROJECT_DIR
from newsroom.syndication.checks import ITEM_CHECKS

from ..audio_files import mp3
from ..conftest import copy_config

settings.register_profile(
    "default-incremental", max_examples=4, deadline=None, derandomize=True, print_blob=True
)
settings.register_profile("thorough", max_examples=60, deadline=None)
PROFILE = (
    "thorough" if os.environ.get("HYPOTHESIS_PROFILE") == "thorough" else "default-incremental"
)

# What an institution writes into its templates: the documented variables, read in the
# ways Jinja allows (loops, slices, filters, tests, method calls, attributes).
SNIPPETS = (
    '{% for v in site.items[:3] %}<a href="{{ v.url }}">{{ v.title }}</a>{% endfor %}',
    "{% for t in site.themes %}{{ t.name }}: {{ site.items_of(t.slug) | length }};{% endfor %}",
    "{{ site.items | length }} stories, latest {{ (site.items | first).title if site.items }}",
    "{% for v in site.items | sort(attribute='title') %}{{ v.title }},{% endfor %}",
    "{% for y, n in site.years() %}{{ y }}={{ n }} {% endfor %}",
    "{% for v in site.events() %}{{ v.title }}{{ ' (past)' if site.is_past(v) }}{% endfor %}",
    "{% for v in site.upcoming_events()[:2] %}{{ v.title }}{% endfor %}",
    "{{ site.items | selectattr('featured') | map(attribute='title') | join(', ') }}",
    "{% for v in site.items if v.date.year == 2025 %}{{ v.title }}|{% endfor %}",
    "{{ site.items[-1].title if site.items }} {{ site.items[1:3] | map(attribute='id') | list }}",
    "{% for v in site.items %}{{ v.author_names | join('+') }}{{ v.tags | join('/') }}{% endfor %}",
    # The people registry, read through the model (an `author` edit renames a person).
    "{% for p in site.people.values() %}{{ p.name }}={{ p.stories | length }};{% endfor %}",
    "{% for v in site.items[:2] %}{% for a in v.authors %}{{ a.name }}{{ a.url }}{% endfor %}"
    "{% endfor %}",
    "{% for p in site.pages.values() %}{{ p.title }}: {{ p.summary }}{% endfor %}",
    "{% set l = site.lead() %}{{ l.title if l else 'no lead' }}",
    "{% for tag, listed in tags %}{{ tag }}({{ listed | length }}){% endfor %}",
    "{{ articles | length }} {% for a in dates[:2] %}{{ a.title }}{{ a.date | iso }}{% endfor %}",
    "{% for c, listed in categories %}{{ c.name }}={{ listed | map(attribute='title') | join }}"
    "{% endfor %}",
    "{% for v in site.items | groupby('theme.slug') %}{{ v.grouper }}{{ v.list | length }}"
    "{% endfor %}",
    "{% for v in site.items %}{% if v.event and not site.is_past(v) %}{{ v.title }}{% endif %}"
    "{% endfor %}",
    "{{ site.items | map(attribute='summary') | map('truncate', 12) | join }}",
    "{% for v in site.items %}{% for r in v.related %}{{ r.title }}{% endfor %}{% endfor %}",
    # Other stories' text, not only their cards: read directly, or the whole views compared
    # (a fix to a body re-asks these pages, not those showing its card alone).
    "{% for v in site.items[:2] %}{{ v.html | length }} {{ v.item.body | wordcount }}{% endfor %}",
    "{% for v in site.items[-2:] %}{{ v == site.items[0] }}{% endfor %}",
    # Functions given an item, items compared with one another, pure calls of leaves read.
    "{% for v in site.items[:2] %}{% for k, n, c in preview_tags(v) %}{{ c }}{% endfor %}"
    "{% endfor %}",
    "{% for v in site.items %}{{ v.title if v is sameas site.lead() }}{% endfor %}",
    "{{ site.href(site.items[0].title) if site.items }} {{ breadcrumbs(site.items[-1]) if site.items }}",
    # Podcasts: the shows, their episodes, what the audio files say.
    "{% for s in site.shows %}{{ s.title }}: {% for v in site.episodes(s.id) %}{{ v.title }} "
    "{{ v.episode.audio.duration }} {{ v.episode.audio.file.length }};{% endfor %}{% endfor %}",
)
TEMPLATES = (
    "base.html", "article.html", "page.html", "index.html", "404.html", "tag.html", "podcast.html",
)  # fmt: skip
AUDIO = "content/files/podcasts/episode.mp3"  # every episode's audio (the edits change it)

START = datetime(2026, 11, 25, 12, tzinfo=UTC)
THEMES = ("quantum", "climate", "health")
TAGS = ("quantum", "energy", "campus", "awards")


@dataclass
class Story:
    """One item file, as the edits change it."""

    id: str
    title: str
    date: datetime
    theme: str
    tags: tuple[str, ...]
    draft: bool = False
    summary: str = "A short summary of the story for the cards."
    event_end: datetime | None = None
    episode: int | None = None  # an episode of the example's podcast show

    def path(self) -> str:
        return f"content/news/{self.theme}/{self.date.year}/{self.date:%Y-%m-%d}-{self.id}.md"

    def text(self) -> str:
        lines = [
            "---",
            f"id: {self.id}",
            f'title: "{self.title}"',
            f"date: {self.date.isoformat()}",
            f"summary: {self.summary}",
            "authors: [amelie-durand]",
            f"tags: [{', '.join(self.tags)}]",
        ]
        if self.draft:
            lines.append("draft: true")
        if self.event_end is not None:
            start = self.event_end - timedelta(hours=2)
            lines += [
                "event:",
                f"  start: {start.isoformat()}",
                f"  end: {self.event_end.isoformat()}",
                "  location:",
                '    name: "Great Hall"',
            ]
        if self.episode is not None:
            lines += [
                "podcast:",
                "  show: lab-notes",
                f"  audio: {AUDIO}",
                f"  transcript: {AUDIO.replace('.mp3', '.vtt')}",
                f"  episode: {self.episode}",
            ]
        return "\n".join([*lines, "---", f"The body of {self.title}.", ""])


class Newsroom:
    """A small newsroom on disk, its clock, and the edits of the test."""

    def __init__(self, root: Path, snippets: list[tuple[str, str]]) -> None:
        self.root = root
        self.now = START
        copy_config(root)
        theme = root / "themes/newsroom"
        shutil.copytree(PROJECT_DIR / "themes/newsroom", theme)
        for template, snippet in snippets:
            customise(theme / "templates" / template, snippet)
        self.stories = [
            Story("aaaa0001", "First story", START - timedelta(days=400), "quantum", ("quantum",)),
            Story(
                "aaaa0002",
                "Second story",
                START - timedelta(days=30),
                "climate",
                ("energy",),
                episode=1,
            ),
            Story(
                "aaaa0003",
                "Open day",
                START - timedelta(days=3),
                "health",
                ("campus",),
                event_end=START + timedelta(days=2),
            ),
            Story("aaaa0004", "Newest story", START - timedelta(days=1), "quantum", ("awards",)),
        ]
        for story in self.stories:
            self.write(story)
        (root / AUDIO).parent.mkdir(parents=True)
        (root / AUDIO).write_bytes(mp3(3))
        (root / AUDIO.replace(".mp3", ".vtt")).write_text("WEBVTT\n", encoding="utf-8")
        page = root / "content/pages/about.md"
        page.parent.mkdir(parents=True)
        page.write_text("---\ntitle: About us\n---\nWho we are.\n", encoding="utf-8")
        self.made = 4

    def write(self, story: Story) -> None:
        path = self.root / story.path()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(story.text(), encoding="utf-8")

    def change(self, story: Story, **fields: object) -> None:
        (self.root / story.path()).unlink()
        for name, value in fields.items():
            setattr(story, name, value)
        self.write(story)

    def apply(self, edit: tuple[str, int, int]) -> None:
        kind, which, amount = edit
        if kind == "add" or not self.stories:
            self.made += 1
            story = Story(
                f"bbbb{self.made:04d}",
                f"Added story {self.made}",
                self.now - timedelta(hours=amount + 1),
                THEMES[amount % 3],
                (TAGS[amount % 4],),
            )
            self.stories.append(story)
            self.write(story)
            return
        story = self.stories[which % len(self.stories)]
        if kind == "retitle":
            self.change(story, title=f"{story.title} (updated {amount})")
        elif kind == "redate":  # across years, older or newer than the others
            self.change(story, date=self.now - timedelta(days=amount * 97 + 1))
        elif kind == "remove":
            (self.root / story.path()).unlink()
            self.stories.remove(story)
        elif kind == "draft":
            self.change(story, draft=not story.draft)
        elif kind == "move":
            self.change(story, theme=THEMES[(THEMES.index(story.theme) + 1) % 3])
        elif kind == "episode":  # an episode no more, or a story becomes one
            self.change(story, episode=None if story.episode else amount)
        elif kind == "audio":  # the episodes' audio file, exported again at another length
            (self.root / AUDIO).write_bytes(mp3(amount + 1))
        elif kind == "tags":
            self.change(story, tags=(TAGS[amount % 4], TAGS[(amount + 1) % 4]))
        elif kind == "author":
            config = self.root / "newsroom.yml"
            text = config.read_text(encoding="utf-8")
            config.write_text(
                text.replace("name: Amélie Durand", f"name: Amélie Durand-{amount}", 1).replace(
                    f"name: Amélie Durand-{amount - 1}", f"name: Amélie Durand-{amount}", 1
                ),
                encoding="utf-8",
            )
        elif kind == "clock":  # time passes: events end, the year may turn
            self.now += timedelta(days=amount + 1)
        elif kind == "body":  # a fix to the text: the story stays where it is
            path = self.root / story.path()
            path.write_text(f"{path.read_text(encoding='utf-8')}A fix ({amount}).\n")
        elif kind == "page":
            page = self.root / "content/pages/about.md"
            page.write_text(
                f"---\ntitle: About us {amount}\nsummary: Who we are, {amount}.\n---\nUs.\n",
                encoding="utf-8",
            )


def customise(template: Path, snippet: str) -> None:
    """Put `snippet` where the page shows it: in the content block, or base.html's footer."""
    text = template.read_text(encoding="utf-8")
    marker = "</footer>" if template.name == "base.html" else "{% block content %}"
    at = text.index(marker) + (0 if template.name == "base.html" else len(marker))
    template.write_text(f"{text[:at]}<aside>{snippet}</aside>{text[at:]}", encoding="utf-8")


def build(newsroom: Newsroom, output: Path, *, incremental: bool = True) -> BuildResult:
    return build_site(
        newsroom.root,
        output,
        now=newsroom.now,
        use_git=False,
        with_handbook=False,
        incremental=incremental,
    )


def site_files(output: Path) -> dict[str, bytes]:
    return {
        p.relative_to(output).as_posix(): p.read_bytes() for p in output.rglob("*") if p.is_file()
    }


def differing(warm: Path, clean: Path) -> list[str]:
    """The files of the two builds that differ (or exist in one only)."""
    first, second = site_files(warm), site_files(clean)
    return sorted(
        name for name in first.keys() | second.keys() if first.get(name) != second.get(name)
    )


def age_files(root: Path) -> None:
    """Every file written a minute ago: an edit within the second a build started in is
    never taken for an unchanged file (site/unchanged.py), and these are not edits."""
    for path in root.rglob("*"):
        stat = path.stat()
        os.utime(path, (stat.st_atime, stat.st_mtime - 60), follow_symlinks=False)


EDIT_KINDS = (
    "retitle", "redate", "add", "remove", "draft", "move", "tags", "author", "clock", "page",
    "episode", "audio", "body",
)  # fmt: skip
EDITS = st.tuples(
    st.sampled_from(EDIT_KINDS),
    st.integers(0, 5),
    st.integers(1, 6),
)
CUSTOMISATIONS = st.lists(
    st.tuples(st.sampled_from(TEMPLATES), st.sampled_from(SNIPPETS)), min_size=1, max_size=3
)


@settings(
    settings.get_profile(PROFILE),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(customisation=CUSTOMISATIONS, edits=st.lists(EDITS, min_size=1, max_size=4))
# Other stories' text read in every footer and on story pages, then fixes to texts: the
# pages showing only cards are reused without being asked, those reading texts are not.
@example(
    customisation=[("base.html", SNIPPETS[22]), ("article.html", SNIPPETS[23])],
    edits=[("body", 3, 1), ("body", 0, 2), ("retitle", 3, 1), ("body", 2, 3)],
)
def test_incremental_builds_equal_clean_builds_for_any_theme_and_edits(
    tmp_path_factory, customisation: list[tuple[str, str]], edits: list[tuple[str, int, int]]
) -> None:
    folder = tmp_path_factory.mktemp("property")
    (folder / "newsroom").mkdir()
    newsroom = Newsroom(folder / "newsroom", customisation)
    output = folder / "site"
    age_files(newsroom.root)
    build(newsroom, output, incremental=True)
    for step, edit in enumerate(edits):
        shown = shown_story(newsroom, edit)
        newsroom.apply(edit)
        result = build(newsroom, output, incremental=True)
        clean = folder / f"clean-{step}"
        build(newsroom, clean, incremental=False)
        assert differing(output, clean) == [], f"after {edits[: step + 1]}"
        if shown and edit[0] in ("body", "retitle"):  # the fast path was taken
            assert result.redone >= 1, f"its page asked, not redone, after {edits[: step + 1]}"
        age_files(newsroom.root)


def shown_story(newsroom: Newsroom, edit: tuple[str, int, int]) -> bool:
    """Whether `edit` changes a story the site shows (not an added story, not a draft):
    its page, which read it, is then rendered without its questions being asked again
    (`BuildResult.redone`, writer.PageKeys.read_changed)."""
    kind, which, _ = edit
    if kind == "add" or not newsroom.stories:
        return False
    return not newsroom.stories[which % len(newsroom.stories)].draft


# What `serve` remakes at once (site/hot.py): a story's title, body, summary, tags, and
# its date within the day of its file's name (the story moves among the others).
SHOWN_EDITS = st.tuples(
    st.sampled_from(["retitle", "body", "summary", "tags", "hour"]),
    st.integers(0, 5),
    st.integers(1, 6),
)


def edit_in_place(newsroom: Newsroom, story: Story, kind: str, amount: int) -> None:
    """One of `SHOWN_EDITS`: the story's file stays where it is."""
    if kind == "retitle":
        newsroom.change(story, title=f"{story.title} (updated {amount})")
    elif kind == "summary":
        newsroom.change(story, summary=f"The story summed up again for the cards ({amount}).")
    elif kind == "tags":
        newsroom.change(story, tags=(TAGS[amount % 4], TAGS[(amount + 1) % 4]))
    elif kind == "hour":
        newsroom.change(story, date=story.date.replace(hour=amount * 2, minute=amount))
    else:
        path = newsroom.root / story.path()
        path.write_text(f"{path.read_text(encoding='utf-8')}A fix ({amount}).\n")


@settings(
    settings.get_profile(PROFILE),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(customisation=CUSTOMISATIONS, edits=st.lists(SHOWN_EDITS, min_size=1, max_size=4))
# Listings in Newsroom's model and in Pelican's context, read on the edited story's page:
# a new hour moves the story among the others, new tags change the related stories.
@example(
    customisation=[
        ("article.html", SNIPPETS[0]),
        ("article.html", SNIPPETS[21]),
        ("article.html", SNIPPETS[16]),
        ("base.html", SNIPPETS[15]),
        ("article.html", SNIPPETS[17]),
    ],
    edits=[("hour", 0, 6), ("tags", 3, 1), ("summary", 1, 2), ("hour", 3, 5), ("tags", 0, 3)],
)
def test_serve_remakes_an_edited_story_s_page_as_a_clean_build_makes_it(
    tmp_path_factory, customisation: list[tuple[str, str]], edits: list[tuple[str, int, int]]
) -> None:
    """serve's fast path, whatever the theme shows: the page it remakes at once is the
    clean build's page, after one edit or several (with or without the full build that
    serve runs after each between them)."""
    folder = tmp_path_factory.mktemp("hot")
    (folder / "newsroom").mkdir()
    newsroom = Newsroom(folder / "newsroom", customisation)
    output, hot = folder / "site", HotPages(ITEM_CHECKS)
    options = {"now": newsroom.now, "use_git": False, "with_handbook": False}
    build_site(newsroom.root, output, hot=hot, **options)
    for step, (kind, which, amount) in enumerate(edits):
        story = newsroom.stories[which % len(newsroom.stories)]
        edit_in_place(newsroom, story, kind, amount)
        made = hot.patch([newsroom.root / story.path()])
        assert made is not None, f"not remade at once after {edits[: step + 1]}"
        clean = folder / f"clean-{step}"
        build(newsroom, clean, incremental=False)
        for name in made:
            assert (output / name).read_bytes() == (clean / name).read_bytes(), edits[: step + 1]
        if amount % 2:  # as serve does after each edit: the full build
            age_files(newsroom.root)
            build_site(newsroom.root, output, hot=hot, **options)


def test_the_issue_s_latest_news_aside_and_footer_count_stay_true(tmp_path: Path) -> None:
    """Issue 27's own case: an aside of the latest stories on every story page, a count of
    stories per theme in every footer; the four edits that went stale."""
    (tmp_path / "newsroom").mkdir()
    customisation = [("article.html", SNIPPETS[0]), ("base.html", SNIPPETS[1])]
    newsroom = Newsroom(tmp_path / "newsroom", customisation)
    edits = [("retitle", 3, 1), ("redate", 0, 1), ("add", 0, 1), ("draft", 4, 1)]
    assert_each_edit_builds_as_a_clean_build(newsroom, tmp_path, edits)


def test_pages_reused_without_asking_follow_what_their_calls_and_comparisons_read(
    tmp_path: Path,
) -> None:
    """Edits that leave every story where it was (retitles, the clock before an event
    ends) reuse pages without asking their questions again (writer.PageKeys.unchanged):
    what functions given an item, `sameas` and pure calls of a title read is followed."""
    (tmp_path / "newsroom").mkdir()
    customisation = [
        ("base.html", SNIPPETS[-3]),
        ("article.html", SNIPPETS[-2]),
        ("404.html", SNIPPETS[-1]),
    ]
    newsroom = Newsroom(tmp_path / "newsroom", customisation)
    edits = [("retitle", 3, 1), ("retitle", 0, 2), ("clock", 0, 0), ("retitle", 1, 3)]
    assert_each_edit_builds_as_a_clean_build(newsroom, tmp_path, edits)


def test_podcast_feeds_and_pages_follow_episodes_and_their_audio(tmp_path: Path) -> None:
    """The show's feed and page, and the episodes' pages, follow an audio file exported
    again (its duration and size change, not the item), a retitled episode, an item that
    leaves the show and one that joins it."""
    (tmp_path / "newsroom").mkdir()
    customisation = [("podcast.html", SNIPPETS[-1]), ("article.html", SNIPPETS[-1])]
    newsroom = Newsroom(tmp_path / "newsroom", customisation)
    edits = [("audio", 0, 4), ("retitle", 1, 2), ("episode", 1, 1), ("episode", 3, 2)]
    assert_each_edit_builds_as_a_clean_build(newsroom, tmp_path, edits)
    feed = (tmp_path / "site/podcasts/lab-notes.xml").read_text(encoding="utf-8")
    assert "aaaa0004" in feed and "aaaa0002" not in feed  # the last two edits reached it


def assert_each_edit_builds_as_a_clean_build(
    newsroom: Newsroom, tmp_path: Path, edits: list[tuple[str, int, int]]
) -> None:
    """Build incrementally, then after each edit: the site equals a clean build of it."""
    output = tmp_path / "site"
    age_files(newsroom.root)
    build(newsroom, output, incremental=True)
    for step, edit in enumerate(edits):
        newsroom.apply(edit)
        build(newsroom, output, incremental=True)
        build(newsroom, tmp_path / f"clean-{step}", incremental=False)
        assert differing(output, tmp_path / f"clean-{step}") == [], edit
        age_files(newsroom.root)
