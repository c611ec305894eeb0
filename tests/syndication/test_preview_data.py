"""The trusted side's comment, whatever preview.json holds: every field hostile (hypothesis),
read back as GitHub renders it. No mention, no HTML but the marker, no image, no link."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsroom.networks import NETWORKS
from newsroom.syndication.preview import (
    CardData,
    ItemData,
    ItemState,
    PostData,
    PostState,
    PreviewData,
)
from newsroom.syndication.pull_request import Outcome, PullRequestPreview, comment_body

from ..example_accounts import a_network, example_account
from ..github_markdown import render
from ..test_github_text import hostile_text as any_text

hostile_text = any_text.map(lambda text: text[:90])  # within every field's limit

HEAD = "0123456789abcdef0123456789abcdef01234567"
ALLOWED = {"h2", "h3", "p", "strong", "code", "pre", "ul", "li", "em"}

posts = st.builds(
    PostData,
    account=hostile_text,
    network=st.sampled_from(sorted(NETWORKS)),
    handle=hostile_text,
    skipped=st.none() | hostile_text,
    text=st.none() | hostile_text,
    error=st.none() | hostile_text,
    from_social=st.booleans(),
    cut_at_word=st.booleans(),
    state=st.sampled_from(PostState),
    reason=hostile_text,
)
items = st.builds(
    ItemData,
    path=hostile_text,
    id=hostile_text,
    title=hostile_text,
    language=hostile_text,
    state=st.sampled_from(ItemState),
    when=hostile_text,
    posts=st.lists(posts, max_size=3),
    card=st.builds(
        CardData, title=hostile_text, summary=hostile_text, image=hostile_text, alt=hostile_text
    ),
)


def assert_inert(body: str) -> None:
    page = render(body)
    assert page.mentions == [], page.mentions
    assert page.comments == [" newsroom-preview "], page.html
    assert page.tag_names() <= ALLOWED, page.html


@settings(max_examples=60, deadline=None)
@given(st.lists(items, min_size=1, max_size=3))
def test_any_preview_data_becomes_an_inert_comment(found: list[ItemData]) -> None:
    preview = PullRequestPreview(
        pull_request=7,
        outcome=Outcome.POSTS,
        preview=PreviewData(items=found),
        not_previewed=[item.path for item in found],
    )
    body = comment_body(preview, HEAD)
    assert body.startswith("<!-- newsroom-preview -->\n## Social posts preview")
    assert body.rstrip().endswith("_Preview of commit `0123456789ab` · updated on every push._")
    assert_inert(body)


@settings(max_examples=60, deadline=None)
@given(st.lists(hostile_text, max_size=5))
def test_any_problems_become_an_inert_comment(problems: list[str]) -> None:
    preview = PullRequestPreview(pull_request=7, outcome=Outcome.CHECK_FAILED, problems=problems)
    assert_inert(comment_body(preview, HEAD))


def test_a_preview_too_long_for_one_comment_leaves_items_out() -> None:
    network = a_network()  # any: the size of the comment is what is tested
    account, _ = example_account(network)
    post = PostData(account=account, network=network, text="a" * 9000)
    card = CardData(title="t", summary="s")
    item = ItemData(
        path="p", id="i", title="t", language="English", state=ItemState.PUBLISHED,
        when="2026-11-20", posts=[post] * 5, card=card,
    )  # fmt: skip
    preview = PullRequestPreview(
        pull_request=7, outcome=Outcome.POSTS, preview=PreviewData(items=[item] * 10)
    )
    body = comment_body(preview, HEAD)
    assert len(body) <= 60_000 and "more item(s): the preview is too long" in body
    assert "Preview of commit" in body and body.count("```") % 2 == 0
