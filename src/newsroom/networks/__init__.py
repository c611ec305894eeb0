"""The social networks Newsroom can post to; each adapter lives in a module of this package."""

from __future__ import annotations

# The names users write in `newsroom.yml` (`network:`) and in an item's `social:` block.
NETWORKS: dict[str, str] = {
    "x": "X",
    "mastodon": "Mastodon",
    "bluesky": "Bluesky",
    "linkedin": "LinkedIn",
    "facebook": "Facebook",
}
