"""A fix to a story's text re-asks only the pages that read its text (issue 27).

Every page records what it read of each item (site/recording.py): its card (what a listing
shows: title, summary, date, image…) or the whole item (its body, through `html`, `item`,
a call given the story, the view seen whole). A body edit changes the whole item, not its
card: the listings, the person pages and the issue's "latest news" aside on every story
page are reused without their questions being asked again (`BuildResult.asked`), and the
site is still a clean build byte for byte. A retitle changes the card: they are rendered
again, like the story's own page after a body fix, without being asked first
(`BuildResult.redone`: an item they read changed, see writer.PageKeys.read_changed).
"""

from __future__ import annotations

from pathlib import Path

from .test_incremental_property import SNIPPETS, Newsroom, age_files, build, differing

# Issue 27's customisations: the latest stories on every story page, a count per theme in
# every footer; and a template that reads other stories' bodies.
LATEST_AND_COUNT = [("article.html", SNIPPETS[0]), ("base.html", SNIPPETS[1])]
BODIES_IN_THE_FOOTER = [("base.html", SNIPPETS[22])]


def edited(tmp_path: Path, customisation: list, edit: tuple[str, int, int]) -> tuple[int, int, int]:
    """The incremental build after `edit`, checked against a clean build of the same: the
    pages it asked again, those it rendered again without asking, and those a build asks
    when no file changed but in its times (a person's page gives the person, no item, to a
    function: `Recorder.loose`)."""
    (tmp_path / "newsroom").mkdir()
    newsroom = Newsroom(tmp_path / "newsroom", customisation)
    output = tmp_path / "site"
    age_files(newsroom.root)
    build(newsroom, output)
    age_files(newsroom.root)  # the files' times changed: built again (both folders exist)
    always = build(newsroom, output).asked
    newsroom.apply(edit)
    result = build(newsroom, output)
    build(newsroom, tmp_path / "clean", incremental=False)
    assert differing(output, tmp_path / "clean") == []
    return result.asked, result.redone, always


def test_a_body_fix_asks_no_page_that_shows_only_the_story_s_card(tmp_path: Path) -> None:
    # The newest story (aaaa0004): in the aside of every story page, on the home page, its
    # theme's, tag's, year's and its author's pages.
    asked, redone, always = edited(tmp_path, LATEST_AND_COUNT, ("body", 3, 1))
    assert always == 0  # people's pages too: they give the person's id to `person_data`
    assert (asked, redone) == (0, 1)  # its own page, which shows its text: rendered again


def test_a_retitle_renders_the_pages_that_show_the_story_s_card(tmp_path: Path) -> None:
    asked, redone, always = edited(tmp_path, LATEST_AND_COUNT, ("retitle", 3, 1))
    assert asked == always  # none asked: each read the card that changed
    assert redone > 5  # the other story pages' asides, the listings


def test_a_body_fix_renders_the_pages_that_read_the_story_s_text(tmp_path: Path) -> None:
    # The footer reads the two newest stories' HTML and bodies: every page is rendered.
    asked, redone, always = edited(tmp_path, BODIES_IN_THE_FOOTER, ("body", 3, 1))
    assert redone > 5 and asked == always
