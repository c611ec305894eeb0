"""Pinterest on 127.0.0.1 for the shared harness: tests/networks/pinterest/fake.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.networks.pinterest.fake import FakePinterest
from tests.servers.contract import Contract as Base

# Pinterest business accounts by account id: (username, token).
ACCOUNTS = {"uni-pinterest": ("aldermooruni", "lb-pi+4d/5e=6f&7a%8b")}


def per_theme(boards: dict[str, str]) -> dict[str, dict[str, str]]:
    """An account's `per_theme` settings giving each theme its board."""
    return {theme: {"board": board} for theme, board in boards.items()}


class Contract(Base):
    name = "pinterest"

    def __init__(self) -> None:
        self.fake = FakePinterest()
        self.wired: set[str] = set()  # the accounts a newsroom points here since the reset

    def start(self, shared: object = None) -> None:
        """The fake is in-process: nothing of the session's shared servers (`shared`, which
        the harness passes on main since the PDS and mastodon-mock start once) is needed."""
        self.fake.start()
        for username, token in ACCOUNTS.values():
            self.fake.add_token(token, username)

    def stop(self) -> None:
        self.fake.stop()

    def reset(self) -> None:
        self.fake.reset()
        self.wired.clear()

    def wire(self, account_id: str, account: dict[str, Any]) -> dict[str, str]:
        """The account's boards (its `per_theme` board ids) become boards it owns on the fake."""
        username, token = ACCOUNTS[account_id]
        self.wired.add(account_id)
        account["base_url"], account["handle"] = self.fake.url, username
        for settings in (account.get("per_theme") or {}).values():
            self.fake.add_board(str(settings["board"]), username)
        return {"access_token": token}

    def posts(self, watched: list[Path]) -> dict[str, list[str]]:
        """Each pin as its description and its link (the pin's own link, with its UTM), for
        the accounts wired since the last reset (a newsroom without Pinterest has none)."""
        return {
            account: [
                f"{p['description']} {p['link']}"
                for p in self.fake.pins
                if p["board_owner"]["username"] == username
            ]
            for account, (username, _) in ACCOUNTS.items()
            if account in self.wired
        }

    def set_counts(self, account_id: str, post_id: str, counts: dict[str, int]) -> None:
        """Saves are the report's reposts, outbound clicks its clicks; a pin has no likes,
        replies or quotes in its analytics."""
        pin = self.fake.pin(post_id)
        assert pin is not None, post_id
        for name, metric in (("reposts", "SAVE"), ("clicks", "OUTBOUND_CLICK")):
            if name in counts:
                pin["metrics"][metric] = counts[name]

    def counts(self, account_id: str, post_id: str) -> dict[str, int] | None:
        pin = self.fake.pin(post_id)
        if pin is None:
            return None
        metrics = pin["metrics"]
        return {"likes": 0, "reposts": metrics["SAVE"], "replies": 0, "quotes": 0,
                "clicks": metrics["OUTBOUND_CLICK"]}  # fmt: skip

    def delete(self, account_id: str, post_id: str) -> None:
        self.fake.pins[:] = [p for p in self.fake.pins if p["id"] != post_id]
