"""Every network on 127.0.0.1 for end-to-end publishing: the real adapters and SDKs
(tweepy, Mastodon.py, atproto, httpx) over real HTTP to the adapter engineer's servers —
fakes of the HTTP APIs (tests/servers/fake_*.py), mastodon-mock, and a real Bluesky PDS."""

from __future__ import annotations

import copy
import html
import json
import re
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tests.servers.fake_analytics import FakeMatomo, FakePlausible
from tests.servers.fake_facebook import FakeFacebook
from tests.servers.fake_instagram import FakeInstagram
from tests.servers.fake_linkedin import FakeLinkedIn
from tests.servers.fake_threads import FakeThreads
from tests.servers.fake_x import FakeX
from tests.servers.mastodon import MastodonMock
from tests.servers.pds import Account, BlueskyPDS
from tests.servers.shared import SharedServers

PROJECT = Path(__file__).resolve().parents[2]
X_USER = "AldermoorUni"
LINKEDIN_ORG = "urn:li:organization:12345678"
# Bluesky accounts by account id: the first label of their handles (a number follows it,
# new for each fresh account, see `Loopback.reset_fakes`).
BLUESKY = {"uni-bluesky": "aldermoor", "quantum-bluesky": "aldermoorq"}
MASTODON_USERS = {"uni-mastodon": "testuser", "students-mastodon": "students"}
# Canaries: every secret holds `+ / = & %`, the characters that percent-encoding, JSON and
# base64 change, so a leak in any printed form is caught (test_loopback's secret test).
X_KEYS = {
    "consumer_key": "lb-ck+1a/2b=3c&4d%5e",
    "consumer_secret": "lb-cs+3c/4d=5e&6f%7a",
    "access_token": "lb-at+5e/6f=7a&8b%9c",
    "access_token_secret": "lb-as+7a/8b=9c&0d%1e",
}
LINKEDIN_TOKEN = "lb-li+9c/0d=1e&2f%3a"
# Facebook Pages by account id: (page id, Page access token).
FACEBOOK_PAGES = {
    "uni-facebook": ("104857600123456", "lb-fb+2b/3c=4d&5e%6f"),
    "partenariats-facebook": ("104857600654321", "lb-fb+4d/5e=6f&7a%8b"),
}
# The site's analytics (newsroom stats' visits): site id and token of each fake.
MATOMO_SITE, MATOMO_TOKEN = 7, "lb-mt+6f/7a=8b&9c%0d"
PLAUSIBLE_SITE, PLAUSIBLE_TOKEN = "news.aldermoor.example", "lb-pl+8b/9c=0d&1e%2f"
ANALYTICS_ENV = "NR_LB_ANALYTICS_TOKEN"
# Threads profiles by account id: (user id, username, long-lived token). The fake "fetches"
# images only from the sites' hosts (the example's and the tests' CONFIG).
THREADS = {"uni-threads": ("26001234567890123", "aldermoor", "lb-th+5c/6d=7e&8f%9a")}
THREADS_IMAGE_HOSTS = ("news.aldermoor.example", "news.aldermoor.edu")
# Instagram professional accounts by account id: (Instagram user id, username, token).
INSTAGRAM = {"uni-instagram": ("17841400000000001", "aldermoor_uni", "lb-ig+6d/7e=8f&9a%0b")}
BLUESKY_PASSWORDS = {
    "uni-bluesky": "lb-bs+1e/2f=3a&4b%5c",
    "quantum-bluesky": "lb-bs+3a/4b=5c&6d%7e",
}


def env_name(account: str, key: str) -> str:
    return f"NR_LB_{account.upper().replace('-', '_')}_{key.upper()}"


@dataclass
class Loopback:
    """Running servers, and what a newsroom needs to reach them."""

    x: FakeX
    linkedin: FakeLinkedIn
    mastodon: MastodonMock
    pds: BlueskyPDS
    facebook: FakeFacebook
    mastodon_tokens: dict[str, str] = field(default_factory=dict)
    matomo: FakeMatomo = field(default_factory=lambda: FakeMatomo(MATOMO_SITE, MATOMO_TOKEN))
    plausible: FakePlausible = field(
        default_factory=lambda: FakePlausible(PLAUSIBLE_SITE, PLAUSIBLE_TOKEN)
    )
    threads: FakeThreads = field(default_factory=lambda: FakeThreads(THREADS_IMAGE_HOSTS))
    # One IN_PROGRESS status read per container: the adapter's real poll waits stay short.
    instagram: FakeInstagram = field(default_factory=lambda: FakeInstagram(in_progress_polls=1))
    # Newsrooms whose ledgers tell which item an Instagram caption is (it holds no link).
    watched: list[Path] = field(default_factory=list)
    # The Bluesky account of each account id: the PDS is shared by the whole session.
    bluesky: dict[str, Account] = field(default_factory=dict)

    @classmethod
    def start(cls, shared: SharedServers) -> Loopback:
        """The in-process fakes, started here, beside the session's PDS and mastodon-mock."""
        pds, mastodon = shared.both()
        x = FakeX().start()
        x.add_user(X_USER, **X_KEYS)
        linkedin = FakeLinkedIn().start()
        linkedin.add_token(LINKEDIN_TOKEN, LINKEDIN_ORG)
        facebook = FakeFacebook().start()
        for page, token in FACEBOOK_PAGES.values():
            facebook.add_token(token, page)
        servers = cls(x, linkedin, mastodon, pds, facebook)
        servers.fresh_mastodon()
        for account in BLUESKY:
            servers.fresh_bluesky(account)
        servers.matomo.start()
        servers.plausible.start()
        servers.threads.start()
        for user_id, username, token in THREADS.values():
            servers.threads.add_token(token, user_id, username)
        servers.instagram.start()
        for user_id, username, token in INSTAGRAM.values():
            servers.instagram.add_user(user_id, username)
            servers.instagram.add_token(token, user_id)
        return servers

    def stop(self) -> None:
        """Stop the in-process fakes (the PDS and mastodon-mock belong to the session)."""
        self.x.stop()
        self.linkedin.stop()
        self.facebook.stop()
        self.matomo.stop()
        self.plausible.stop()
        self.threads.stop()
        self.instagram.stop()

    def reset_fakes(self) -> None:
        """Every account as new: the fakes cleared, mastodon-mock reset, and a fresh Bluesky
        account for each one that holds posts (the PDS cannot be emptied, and is shared by
        the whole session)."""
        self.x.reset()
        self.linkedin.reset()
        self.facebook.reset()
        self.matomo.reset()
        self.plausible.reset()
        self.threads.reset()
        self.instagram.reset()
        self.watched.clear()
        self.fresh_mastodon()
        for account, known in self.bluesky.items():
            if self._bluesky_records(known.did, limit=1):
                self.fresh_bluesky(account)

    def fresh_mastodon(self) -> None:
        """mastodon-mock emptied (posts, accounts, faults), our users and tokens made again."""
        self.mastodon.reset()
        self.mastodon.create_account(MASTODON_USERS["students-mastodon"])
        self.mastodon_tokens = {
            "uni-mastodon": self.mastodon.access_token,
            "students-mastodon": self.mastodon.user_token(MASTODON_USERS["students-mastodon"]),
        }

    def fresh_bluesky(self, account: str) -> None:
        """A new Bluesky account (new handle, new DID, no post) for `account`."""
        handle = f"{BLUESKY[account]}{len(self.pds.accounts)}.test"
        self.bluesky[account] = self.pds.create_account(handle, BLUESKY_PASSWORDS[account])

    # -- a newsroom wired to these servers ---------------------------------------------------

    def configure(self, config: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
        """A copy of `config` whose accounts point here, and the environment with secrets."""
        config, env = copy.deepcopy(config), {}
        for account_id, account in config["accounts"].items():
            network = account["network"]
            if network == "x":
                account["base_url"], secrets = self.x.url, X_KEYS
                account["handle"] = f"@{X_USER}"
            elif network == "linkedin":
                account["base_url"], secrets = self.linkedin.url, {"access_token": LINKEDIN_TOKEN}
                account["handle"] = LINKEDIN_ORG
            elif network == "mastodon":
                account["base_url"] = self.mastodon.base_url
                secrets = {"access_token": self.mastodon_tokens[account_id]}
            elif network == "facebook":
                page, token = FACEBOOK_PAGES[account_id]
                account["base_url"], account["handle"] = self.facebook.url, page
                secrets = {"page_access_token": token}
            elif network == "threads":
                _, username, token = THREADS[account_id]
                account["base_url"], account["handle"] = self.threads.url, f"@{username}"
                secrets = {"access_token": token}
            elif network == "instagram":
                user_id, _, token = INSTAGRAM[account_id]
                account["base_url"], account["handle"] = self.instagram.url, user_id
                # The tests' caps (100 a day) are above Instagram's 50 posts per 24 h.
                account["spacing"] = {"min_interval_minutes": 0, "daily_cap": 50}
                secrets = {"access_token": token}
            elif network == "bluesky":
                account["base_url"] = self.pds.pds_url
                account["handle"] = self.bluesky[account_id].handle
                secrets = {"app_password": BLUESKY_PASSWORDS[account_id]}
            else:
                raise ValueError(network)
            account["credentials"] = {key: env_name(account_id, key) for key in secrets}
            env.update({env_name(account_id, key): value for key, value in secrets.items()})
        return config, env

    def example_newsroom(self, root: Path) -> dict[str, str]:
        """The example newsroom (content, images) copied into `root`, wired here; its env."""
        import shutil

        shutil.copytree(PROJECT / "content", root / "content")
        config = yaml.safe_load((PROJECT / "newsroom.yml").read_text(encoding="utf-8"))
        for account in config["accounts"].values():
            account.pop("since", None)  # the tests post the whole example, archive included
        config, env = self.configure(config)
        config["spacing"] = {"min_interval_minutes": 0, "daily_cap": 100}
        (root / "newsroom.yml").write_text(yaml.safe_dump(config, sort_keys=False))
        self.watch(root)
        return env

    def watch(self, root: Path) -> None:
        """Count the Instagram posts of the newsroom in `root` by item (see `posts`)."""
        self.watched.append(root)

    def add_analytics(self, root: Path, provider: str) -> dict[str, str]:
        """Point `root`'s newsroom.yml `analytics:` at the fake Matomo or Plausible; its env."""
        path = root / "newsroom.yml"
        config = yaml.safe_load(path.read_text(encoding="utf-8"))
        fake, site, token = (
            (self.matomo, MATOMO_SITE, MATOMO_TOKEN)
            if provider == "matomo"
            else (self.plausible, PLAUSIBLE_SITE, PLAUSIBLE_TOKEN)
        )
        config["analytics"] = {
            "provider": provider,
            "base_url": fake.url + "/",
            "site_id": site,
            "token": ANALYTICS_ENV,
        }
        path.write_text(yaml.safe_dump(config, sort_keys=False))
        return {ANALYTICS_ENV: token}

    # -- what the servers hold ---------------------------------------------------------------

    def posts(self) -> dict[str, list[str]]:
        """Every post on every account, as text containing its link, by account id."""
        user = next(u for u in self.x.users.values() if u.username == X_USER)
        found = {
            "uni-x": [t["original_text"] for t in self.x.tweets if t["author_id"] == user.id],
            "uni-linkedin": [
                p["content"]["article"]["source"]
                for p in self.linkedin.posts
                if p["author"] == LINKEDIN_ORG
            ],
        }
        for account, (page, _) in FACEBOOK_PAGES.items():
            found[account] = [p["message"] for p in self.facebook.posts if p["page"] == page]
        for account, (user_id, _, _) in THREADS.items():
            found[account] = [t["text"] for t in self.threads.threads if t["user"] == user_id]
        for account, (user_id, _, _) in INSTAGRAM.items():
            # A caption holds no link: each is shown with the link its watched newsroom's
            # ledger recorded for that exact text (the intent comes before the post).
            links = self._links_by_text(account)
            found[account] = [
                f"{m['caption']} {links.get(m['caption'], '')}".strip()
                for m in self.instagram.media
                if m["user"] == user_id
            ]
        for account, token in self.mastodon_tokens.items():
            found[account] = self._mastodon_statuses(token)
        for account, known in self.bluesky.items():
            found[account] = [r["value"]["text"] for r in self._bluesky_records(known.did)]
        return found

    def count(self, item_id: str) -> dict[str, int]:
        """How many posts of the item each account holds (by its unique link, whole).

        The id must end there: `/s/hyg3qt` is not counted in a post of `/s/hyg3qtekmy`.
        """
        link = re.compile(rf"/s/{re.escape(item_id)}(?![a-z0-9])")
        return {a: sum(bool(link.search(t)) for t in texts) for a, texts in self.posts().items()}

    def _links_by_text(self, account: str) -> dict[str, str]:
        """Post text → link, from the intents the watched newsrooms recorded for `account`."""
        links = {}
        for root in self.watched:
            for path in sorted((root / "ledger/posts").glob("*.jsonl")):
                for record in read_jsonl(path):
                    if record["account"] == account and record["type"] == "intent":
                        links[record["text"]] = record["link"]
        return links

    def _mastodon_statuses(self, token: str) -> list[str]:
        _, _, me = self.mastodon.request("GET", "/api/v1/accounts/verify_credentials", token=token)
        texts, max_id = [], ""
        while True:
            query = "limit=40" + (f"&max_id={max_id}" if max_id else "")
            _, _, page = self.mastodon.request(
                "GET", f"/api/v1/accounts/{me['id']}/statuses?{query}", token=token
            )
            if not page:
                return texts
            texts += [html.unescape(s["content"]) for s in page]
            max_id = page[-1]["id"]

    def _bluesky_records(self, did: str, limit: int | None = None) -> list[dict[str, Any]]:
        """The account's posts (all of them, or the first `limit`)."""
        records: list[dict[str, Any]] = []
        cursor = ""
        while True:
            params = {"repo": did, "collection": "app.bsky.feed.post", "limit": str(limit or 100)}
            if cursor:
                params["cursor"] = cursor
            status, page = self.pds.xrpc("com.atproto.repo.listRecords", params=params)
            assert status == 200, page
            records += page["records"]
            cursor = page.get("cursor")
            if limit or not cursor or not page["records"]:
                return records


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def quote(value: str) -> str:
    return urllib.parse.quote(value, safe="")
