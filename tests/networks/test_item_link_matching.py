"""Crash recovery recognises an item's post by its whole permanent link (issue #14.2)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsroom.networks.support import carries_item_link, hrefs_in, is_item_link, urls_written_in
from tests.example_accounts import a_network

SITE = "https://news.aldermoor.edu"
SOURCE = a_network()  # the `utm_source` of a tracked link: a network's name
HTML_SOURCE = a_network(lambda n: n.name != SOURCE)
ids = st.text(alphabet="abcdefghijkmnpqrstuvwxyz23456789", min_size=6, max_size=16)


def test_a_link_that_starts_like_another_is_not_it():
    assert not is_item_link(f"{SITE}/s/hyg3qtekmy", f"{SITE}/s/hyg3qt")
    assert not is_item_link(f"{SITE}/s/hyg3qt", f"{SITE}/s/hyg3qtekmy")
    assert is_item_link(f"{SITE}/s/hyg3qt/", f"{SITE}/s/hyg3qt")
    assert is_item_link(
        f"{SITE}/s/hyg3qt?utm_source={SOURCE}", f"{SITE}/s/hyg3qt?utm_source={SOURCE}"
    )


def test_other_hosts_schemes_and_junk_are_not_the_link():
    link = f"{SITE}/s/hyg3qt"
    assert not is_item_link("https://evil.example/s/hyg3qt", link)
    assert not is_item_link("http://news.aldermoor.edu/s/hyg3qt", link)
    assert not is_item_link("https://news.aldermoor.edu:99999/s/hyg3qt", link)
    assert not is_item_link(None, link)
    assert not is_item_link(42, link)


def test_links_are_read_from_text_and_html_whole():
    text = f"Read it ({SITE}/s/hyg3qtekmy?utm_source={SOURCE}). And {SITE}/s/abc234!"
    assert urls_written_in(text) == [f"{SITE}/s/hyg3qtekmy?utm_source={SOURCE}", f"{SITE}/s/abc234"]
    html = f'<p>See <a href="{SITE}/s/hyg3qt?utm_source={HTML_SOURCE}&amp;utm_medium=social">news</a></p>'
    assert hrefs_in(html) == [f"{SITE}/s/hyg3qt?utm_source={HTML_SOURCE}&utm_medium=social"]


@given(ids, ids, st.sampled_from(["", f"?utm_source={SOURCE}&utm_medium=social"]))
def test_only_the_same_id_matches(mine, other, query):
    link = f"{SITE}/s/{mine}{query}"
    text = f"News {SITE}/s/{other}{query}."
    assert carries_item_link(urls_written_in(text), link) == (mine == other)
