"""Bluesky's public profile of an account (its handle on bsky.app): the site's JSON-LD `sameAs`."""

from __future__ import annotations

from newsroom.networks import NETWORKS
from tests.example_accounts import example_account


def test_the_example_account_s_profile_page() -> None:
    _, account = example_account("bluesky")
    profile = NETWORKS["bluesky"].profile_url(account["handle"], account.get("base_url"))
    assert profile == "https://bsky.app/profile/aldermoor.example"
