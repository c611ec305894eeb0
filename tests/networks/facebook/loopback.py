"""Facebook Pages on 127.0.0.1 for the shared harness: tests/networks/facebook/fake.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.networks.facebook.fake import FakeFacebook
from tests.servers.contract import Contract as Base
from tests.servers.shared import SharedServers

# Facebook Pages by account id: (page id, Page access token).
PAGES = {
    "uni-facebook": ("104857600123456", "lb-fb+2b/3c=4d&5e%6f"),
    "partenariats-facebook": ("104857600654321", "lb-fb+4d/5e=6f&7a%8b"),
}


class Contract(Base):
    name = "facebook"

    def __init__(self) -> None:
        self.fake = FakeFacebook()

    def start(self, shared: SharedServers) -> None:
        self.fake.start()
        for page, token in PAGES.values():
            self.fake.add_token(token, page)

    def stop(self) -> None:
        self.fake.stop()

    def reset(self) -> None:
        self.fake.reset()

    def wire(self, account_id: str, account: dict[str, Any]) -> dict[str, str]:
        page, token = PAGES[account_id]
        account["base_url"], account["handle"] = self.fake.url, page
        return {"page_access_token": token}

    def posts(self, watched: list[Path]) -> dict[str, list[str]]:
        return {
            account: [p["message"] for p in self.fake.posts if p["page"] == page]
            for account, (page, _) in PAGES.items()
        }

    def _post(self, post_id: str) -> dict[str, Any] | None:
        return next((p for p in self.fake.posts if p["id"] == post_id), None)

    def set_counts(self, account_id: str, post_id: str, counts: dict[str, int]) -> None:
        post = self._post(post_id)
        assert post is not None, post_id
        for name, field in (("likes", "reactions"), ("reposts", "shares"),
                            ("replies", "comments"), ("clicks", "link_clicks")):  # fmt: skip
            if name in counts:
                post[field] = counts[name]

    def counts(self, account_id: str, post_id: str) -> dict[str, int] | None:
        post = self._post(post_id)
        if post is None:
            return None
        return {"likes": post["reactions"], "reposts": post["shares"],
                "replies": post["comments"], "quotes": 0,
                "clicks": post.get("link_clicks", 0)}  # fmt: skip

    def delete(self, account_id: str, post_id: str) -> None:
        self.fake.posts[:] = [p for p in self.fake.posts if p["id"] != post_id]
