"""`newsroom accounts check` and `accounts refresh` as users run them, against the contract
fakes of X, LinkedIn and Facebook on 127.0.0.1 (real HTTP), adapters handed in by a Session."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from newsroom.cli import Session, main
from newsroom.networks.base import Adapter, RefreshedToken, Sent, make_adapter
from tests.networks.facebook.fake import FakeFacebook
from tests.networks.linkedin.fake import FakeLinkedIn
from tests.networks.x.fake import FakeX

DAY = 86400
PAGE = "104857600123456"
ORG = "urn:li:organization:1"
# Canary secrets with the characters encoders change: never in any output, in any form.
SECRETS = {
    "NR_X_KEY": "x-key+/=&%-93be0d",
    "NR_X_KEY_SECRET": "x-key-secret+/=&%-1d7e55",
    "NR_X_TOKEN": "1-x-token+/=&%-4f9a1c",
    "NR_X_TOKEN_SECRET": "x-token-secret+/=&%-6a2c90",
    "NR_LI_TOKEN": "li-token+/=&%-c0ffee",
    "NR_LI_CLIENT_ID": "li-client-77ab02",
    "NR_LI_CLIENT_SECRET": "li-client-secret+/=&%-5e6d3f",
    "NR_FB_TOKEN": "fb-token+/=&%-0badf00d",
}


def config(base: Mapping[str, str]) -> dict[str, object]:
    return {
        "site": {
            "name": "T",
            "publisher": "T",
            "url": "https://news.example.edu",
            "timezone": "Europe/Paris",
        },
        "themes": [{"slug": "quantum", "name": "Quantum"}],
        "authors": [{"id": "press", "name": "Press"}],
        "accounts": {
            "uni-x": {
                "network": "x",
                "handle": "@Uni",
                "base_url": base["x"],
                "credentials": {
                    "consumer_key": "NR_X_KEY",
                    "consumer_secret": "NR_X_KEY_SECRET",
                    "access_token": "NR_X_TOKEN",
                    "access_token_secret": "NR_X_TOKEN_SECRET",
                },
            },
            "uni-linkedin": {
                "network": "linkedin",
                "handle": ORG,
                "base_url": base["linkedin"],
                "credentials": {
                    "access_token": "NR_LI_TOKEN",
                    "client_id": "NR_LI_CLIENT_ID",
                    "client_secret": "NR_LI_CLIENT_SECRET",
                },
            },
            "uni-facebook": {
                "network": "facebook",
                "handle": PAGE,
                "base_url": base["facebook"],
                "credentials": {"page_access_token": "NR_FB_TOKEN"},
            },
        },
        "routing": {"every_theme": ["uni-x", "uni-linkedin", "uni-facebook"]},
    }


@pytest.fixture(scope="module")
def fakes() -> Iterator[dict[str, object]]:
    x, li, fb = FakeX().start(), FakeLinkedIn().start(), FakeFacebook().start()
    yield {"x": x, "linkedin": li, "facebook": fb}
    for fake in (x, li, fb):
        fake.stop()


@pytest.fixture
def room(tmp_path: Path, fakes: dict[str, object], monkeypatch: pytest.MonkeyPatch) -> Path:
    """A newsroom whose three accounts are valid for 60 days on their fakes."""
    x, li, fb = fakes["x"], fakes["linkedin"], fakes["facebook"]
    for fake in (x, li, fb):
        fake.reset()  # type: ignore[attr-defined]
    x.users.clear()  # type: ignore[attr-defined]
    x.add_user(  # type: ignore[attr-defined]
        "Uni",
        consumer_key=SECRETS["NR_X_KEY"],
        consumer_secret=SECRETS["NR_X_KEY_SECRET"],
        access_token=SECRETS["NR_X_TOKEN"],
        access_token_secret=SECRETS["NR_X_TOKEN_SECRET"],
    )
    li.add_client(SECRETS["NR_LI_CLIENT_ID"], SECRETS["NR_LI_CLIENT_SECRET"])  # type: ignore[attr-defined]
    li.add_token(SECRETS["NR_LI_TOKEN"], ORG)  # type: ignore[attr-defined]
    fb.add_token(SECRETS["NR_FB_TOKEN"], PAGE, expires_at=int(time.time() + 60 * DAY))  # type: ignore[attr-defined]
    base = {name: fake.url for name, fake in fakes.items()}  # type: ignore[attr-defined]
    (tmp_path / "newsroom.yml").write_text(yaml.safe_dump(config(base)), encoding="utf-8")
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    return tmp_path


def run(root: Path, *args: str, factory: object = None, env: dict[str, str] | None = None):
    return CliRunner().invoke(
        main,
        ["--root", str(root), "accounts", *args],
        env={"GITHUB_ACTIONS": "false", **(env or {})},
        obj=Session(adapter_factory=factory),  # type: ignore[arg-type]
    )


def no_secret_in(text: str) -> None:
    from newsroom.syndication.credentials import encoded_forms

    for value in SECRETS.values():
        for form in encoded_forms(value):
            assert form not in text, f"a secret ({form!r}) was printed"


def test_all_well_exits_0_with_dates(room: Path) -> None:
    result = run(room, "check")
    assert result.exit_code == 0, result.output
    assert result.output.count("         ok  ") == 3
    assert "LinkedIn-Version 202608" in result.output and "token valid until" in result.output
    no_secret_in(result.output)


def test_json_lists_each_account_and_exit_1_for_a_soon_expiring_token(
    room: Path, fakes: dict[str, FakeFacebook]
) -> None:
    fakes["facebook"].add_token(SECRETS["NR_FB_TOKEN"], PAGE, expires_at=int(time.time() + 3 * DAY))
    result = run(room, "check", "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.output)
    by_account = {a["account"]: a for a in document["accounts"]}
    facebook = by_account["uni-facebook"]
    assert facebook["state"] == "expiring" and "expires on" in facebook["warnings"][0]
    assert "renew the Page access token" in facebook["warnings"][0]
    assert by_account["uni-x"]["state"] == "ok"
    assert by_account["uni-linkedin"]["variables"]["access_token"] == "NR_LI_TOKEN"
    no_secret_in(result.output)
    # A shorter warning window: the same token is fine.
    assert run(room, "check", "--warn-days", "2").exit_code == 0


def test_expired_refused_and_under_scoped_tokens_are_problems(
    room: Path, fakes: dict[str, object]
) -> None:
    fakes["linkedin"].add_token(SECRETS["NR_LI_TOKEN"], ORG, expires_in=-DAY)  # type: ignore[attr-defined]
    fakes["facebook"].add_token(SECRETS["NR_FB_TOKEN"], PAGE, scopes=("pages_manage_posts",))  # type: ignore[attr-defined]
    fakes["x"].refuse_access(SECRETS["NR_X_TOKEN"], "client-not-enrolled")  # type: ignore[attr-defined]
    result = run(room, "check", "--format", "github")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any(
        line.startswith("::error file=newsroom.yml,line=1,title=accounts.uni-linkedin::")
        and "token is expired" in line
        for line in lines
    ), result.output
    assert any("uni-facebook" in line and "lacks pages_read_engagement" in line for line in lines)
    assert any("uni-x" in line and "client-not-enrolled" in line for line in lines)
    no_secret_in(result.output)


def test_a_missing_variable_is_a_problem_even_in_a_dry_run(
    room: Path, monkeypatch: pytest.MonkeyPatch, fakes: dict[str, FakeX]
) -> None:
    monkeypatch.delenv("NR_FB_TOKEN")
    result = run(room, "check", "--dry-run")
    assert result.exit_code == 1
    assert "environment variable NR_FB_TOKEN not set" in result.output
    assert all(not fake.requests for fake in fakes.values())  # type: ignore[attr-defined]


def test_disabled_accounts_are_listed_not_asked(room: Path, fakes: dict[str, FakeX]) -> None:
    data = yaml.safe_load((room / "newsroom.yml").read_text(encoding="utf-8"))
    data["accounts"]["uni-x"]["enabled"] = False
    (room / "newsroom.yml").write_text(yaml.safe_dump(data), encoding="utf-8")
    result = run(room, "check")
    assert result.exit_code == 0 and "disabled  uni-x" in result.output
    assert not fakes["x"].requests


def test_unreachable_network_is_a_problem_not_a_traceback(
    room: Path, fakes: dict[str, FakeX]
) -> None:
    fakes["x"].fail(503, times=5)
    result = run(room, "check")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "server error 503" in result.output


class Refreshable(Adapter):
    """An adapter of a network that refreshes tokens (as Threads does), in-process."""

    network = "facebook"
    ends_in_days = 5.0

    def publish(self, post: object) -> Sent:
        raise AssertionError

    def find(self, post: object) -> Sent | None:
        return None

    def check_account(self):  # type: ignore[no-untyped-def]
        from newsroom.networks.base import AccountStatus

        ends = datetime.now(UTC) + timedelta(days=self.ends_in_days)
        return AccountStatus(reachable=True, expires_at=ends)

    def refresh_token(self) -> RefreshedToken | None:
        new = "fresh+/=&%-token-" + self.secrets["page_access_token"][-4:]
        return RefreshedToken("page_access_token", new, datetime.now(UTC) + timedelta(days=60))


def refreshing(account: str, settings: object, secrets: Mapping[str, str]) -> Adapter:
    if account == "uni-facebook":
        return Refreshable(account, settings, secrets)  # type: ignore[arg-type]
    return make_adapter(account, settings, secrets)


def test_check_says_which_accounts_can_refresh(room: Path) -> None:
    result = run(room, "check", "--format", "json", factory=refreshing)
    by_account = {a["account"]: a for a in json.loads(result.output)["accounts"]}
    assert by_account["uni-facebook"]["can_refresh"] is True
    assert "accounts refresh" in by_account["uni-facebook"]["warnings"][0]
    assert by_account["uni-x"]["can_refresh"] is False


def test_refresh_writes_new_tokens_to_the_file_only_masked_first(
    room: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    output = tmp_path_factory.mktemp("runner") / "refreshed.json"
    result = run(
        room, "refresh", "--output", str(output), factory=refreshing, env={"GITHUB_ACTIONS": "true"}
    )
    assert result.exit_code == 0, result.output
    [entry] = json.loads(output.read_text(encoding="utf-8"))
    assert entry["account"] == "uni-facebook" and entry["variable"] == "NR_FB_TOKEN"
    assert entry["token"].startswith("fresh+/=&%-token-")
    assert output.stat().st_mode & 0o777 == 0o600
    first, *rest = result.output.splitlines()
    assert first == f"::add-mask::{entry['token']}"
    assert entry["token"] not in "\n".join(rest)
    assert "refreshed  uni-facebook  (NR_FB_TOKEN)" in result.output
    no_secret_in(result.output)


def test_refresh_leaves_tokens_that_are_not_due(room: Path, tmp_path: Path) -> None:
    Refreshable.ends_in_days = 40
    try:
        result = run(room, "refresh", "--dry-run", factory=refreshing)
    finally:
        Refreshable.ends_in_days = 5.0
    assert result.exit_code == 0 and "not due  uni-facebook" in result.output
    assert "would refresh" in run(room, "refresh", "--dry-run", factory=refreshing).output


def test_refresh_never_writes_tokens_inside_the_repository(room: Path) -> None:
    result = run(room, "refresh", "--output", str(room / "tokens.json"), factory=refreshing)
    assert result.exit_code == 1 and "outside" in result.output
    assert not (room / "tokens.json").exists()
    assert run(room, "refresh", factory=refreshing).exit_code == 2  # --output or --dry-run


def test_rules_checked_over_six_months_ago_are_a_warning_naming_their_sources(
    room: Path,
) -> None:
    # Every declared rule names its page and the day it was last checked there; six months
    # on, the daily check asks for them to be checked again (its issue lists the warning).
    from newsroom.networks import NETWORKS

    oldest = min(NETWORKS[name].rules_checked() for name in ("x", "linkedin", "facebook"))
    fresh = datetime.combine(oldest + timedelta(days=180), datetime.min.time(), UTC)
    result = run(room, "check", "--dry-run", env={"NEWSROOM_NOW": fresh.isoformat()})
    assert result.exit_code == 0, result.output
    stale = fresh + timedelta(days=5)
    result = run(
        room, "check", "--dry-run", "--format", "json", env={"NEWSROOM_NOW": stale.isoformat()}
    )
    assert result.exit_code == 1, result.output
    by_account = {a["account"]: a for a in json.loads(result.output)["accounts"]}
    warned = [a for a in by_account.values() if a["warnings"]]
    assert warned, result.output
    for entry in warned:
        network = NETWORKS[entry["network"]]
        [warning] = entry["warnings"]
        assert f"{network.label}'s rules were last checked at their sources on" in warning
        assert "more than 6 months ago" in warning and "https://" in warning
        assert all(s.url in warning for s in network.stale_sources(stale.date()))
