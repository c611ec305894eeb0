"""One declaration per network (issue #18): the folders, the adapters and the rest agree.

A network is a folder of `newsroom.networks` with `NETWORK` in its `__init__.py` and an
`Adapter` in `adapter.py`. Everything else derives from the declarations: these tests fail
when an adapter's limits drift from its declaration, when a file outside `networks/` names
a network, or when the configuration accepts an account its network would refuse.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml

from newsroom import networks
from newsroom.config import AccountSettings
from newsroom.networks import NETWORKS, Limits, Network, RateLimit, label
from newsroom.networks.base import Adapter, adapter_class
from tests.cli_process import run_newsroom, small_newsroom
from tests.example_accounts import a_network

from .conftest import network_sdks

SRC = Path(networks.__file__).resolve().parents[1]  # src/newsroom
PROJECT = SRC.parents[1]


def test_every_folder_of_networks_is_a_declared_network() -> None:
    folders = sorted(m.name for m in pkgutil.iter_modules(networks.__path__) if m.ispkg)
    assert sorted(NETWORKS) == folders
    for name, network in NETWORKS.items():
        assert network.name == name, f"networks/{name}/ declares {network.name!r}"
        assert issubclass(adapter_class(name), Adapter)
        assert adapter_class(name).network == name


def test_declarations_are_complete_and_distinct() -> None:
    orders = [n.order for n in NETWORKS.values()]
    assert orders == sorted(orders) and len(set(orders)) == len(orders)
    colours = [n.colour for n in NETWORKS.values()]
    assert len(set(colours)) == len(colours)
    for network in NETWORKS.values():
        assert re.fullmatch(r"#[0-9a-f]{6}", network.colour), network.name
        assert network.credentials, f"{network.name}: an account names at least one secret"
        assert network.counted and network.renew and network.stats_reads > 0
        assert network.limits.max_length > 0
        assert network.measure("abc") == 3, f"{network.name}: plain letters count one"
        example = AccountSettings.model_validate(dict(network.example_account))
        assert example.network == network.name
        if network.api_version is not None:
            assert network.api_version_pattern is not None
            assert re.fullmatch(network.api_version_pattern, network.api_version)
        if not network.link_clickable:
            assert network.link_wording, f"{network.name}: the post must say where the link is"


def test_declarations_import_no_sdk() -> None:
    """Config validation reads the declarations: they must not drag an SDK in (start-up)."""
    sdks = sorted(network_sdks() | {"httpx", "requests"})  # and the HTTP clients
    code = (
        "import sys; from newsroom.networks import NETWORKS; list(NETWORKS); "
        f"heavy = set({sdks!r}) & set(sys.modules); "
        "print(sorted(heavy))"
    )
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


class _Settings:
    def __init__(self, network: str) -> None:
        self.network = network
        self.handle = "someone"
        self.base_url = None
        self.api_version = None
        self.credentials: dict[str, str] = {}


@pytest.mark.parametrize("name", list(NETWORKS))
def test_each_adapter_composes_with_its_declared_limits(name: str) -> None:
    """The limits an adapter gives the composer are its declaration's, unless the network
    tells its own at publish time (then only the length figures may differ)."""
    cls = adapter_class(name)
    adapter = cls(f"test-{name}", _Settings(name), {})  # type: ignore[arg-type]
    declared = NETWORKS[name]
    if cls.limits is Adapter.limits:
        assert adapter.limits() == declared.limits
    else:  # asks the network (its instance tells its own): tested against its server there
        assert declared.preview_note, f"{name}: previews must say the limit is a default"
    if cls.measure is Adapter.measure:
        for text in ("abc", "Forschung 🔬 zeigt ♾️ © https://example.org/x #tag", "क्षि"):
            assert adapter.measure(text) == declared.measure(text)


# Words that name a network in the package outside `networks/`: its name in quotes (the
# value users write, in any case) and its label as a word, as the label is written (a proper
# noun, while the same word in lower case may be ordinary code).
def _naming(network: Network) -> re.Pattern[str]:
    words = [re.escape(network.label)] if len(network.label) > 1 else []
    quoted = rf"(?i:[\"']{re.escape(network.name)}[\"'])"
    return re.compile("|".join([quoted, *(rf"\b{w}\b" for w in words)]))


def test_no_file_outside_networks_names_a_network() -> None:
    patterns = {name: _naming(network) for name, network in NETWORKS.items()}
    found = []
    for path in sorted(SRC.rglob("*")):
        if not path.is_file() or path.suffix not in {".py", ".html", ".j2", ".js", ".yml"}:
            continue
        rel = path.relative_to(SRC).as_posix()
        if rel.startswith("networks/"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for name, pattern in patterns.items():
                if pattern.search(line):
                    found.append(f"{rel}:{number}: names {name}: {line.strip()}")
    assert not found, "\n".join(found)


def test_the_pattern_finds_a_network_named_outside() -> None:
    """The test above can fail: a line naming a network the old way is caught."""
    pattern = _naming(NETWORKS[next(iter(NETWORKS))])
    network = next(iter(NETWORKS.values()))
    assert pattern.search(f'if account.network == "{network.name}":')


def test_unknown_names_keep_their_spelling_and_the_registry_is_ordered() -> None:
    assert label("gopher") == "gopher"
    assert [label(name) for name in NETWORKS] == [n.label for n in NETWORKS.values()]
    assert list(NETWORKS) == [n.name for n in sorted(NETWORKS.values(), key=lambda n: n.order)]


@pytest.mark.parametrize("name", list(NETWORKS))
def test_every_declared_rule_names_its_source_and_when_it_was_checked(name: str) -> None:
    network = NETWORKS[name]
    sourced = [rule for source in network.sources for rule in source.rules]
    assert sorted(sourced) == sorted(network.declared_rules()), "each rule exactly one source"
    for source in network.sources:
        assert source.url.startswith("https://") and " " not in source.url
        assert date(2025, 1, 1) <= source.checked <= date.today()
    assert network.rules_checked() == min(s.checked for s in network.sources)


def test_a_rule_without_a_source_is_seen() -> None:
    """The test above can fail: a declared hashtag cap with no source is found."""
    network = NETWORKS[a_network(lambda n: n.limits.max_hashtags is None)]
    capped = replace(network, limits=replace(network.limits, max_hashtags=3))
    assert "hashtags" in capped.declared_rules()
    assert "hashtags" not in [r for s in capped.sources for r in s.rules]
    checked = network.sources[0].checked
    assert network.sources[0] not in network.stale_sources(checked + timedelta(days=183))
    assert network.sources[0] in network.stale_sources(checked + timedelta(days=184))


def test_fits_enforces_links_hashtags_bytes_and_refused_characters() -> None:
    base = next(iter(NETWORKS.values()))
    plain = replace(base, refused=frozenset("\ufeff"))
    capped = replace(
        plain,
        limits=Limits(1000, "characters", max_links=2, max_hashtags=2, max_bytes=300),
        measure=len,
    )
    assert capped.fits("see a.org and b.org #one #two")
    assert capped.too_many("see a.org, b.org and c.org") == "3/2 links"
    assert not capped.fits("see a.org, b.org and c.org")
    assert not capped.fits("#one #two #three")
    assert not capped.fits("é" * 151), "301 bytes"
    assert not capped.fits("ok\ufeff")
    assert str(RateLimit(250, __import__("datetime").timedelta(hours=24))) == "250 posts per 24 h"


def _config_with(tmp_path: Path, account: str) -> Path:
    """A small newsroom whose `accounts:` start with `account` (YAML text)."""
    root = small_newsroom(tmp_path)
    config = root / "newsroom.yml"
    source = config.read_text(encoding="utf-8")
    marker = "\naccounts:\n"
    assert marker in source
    config.write_text(source.replace(marker, marker + account, 1), encoding="utf-8")
    return root


def _account_yaml(account_id: str, account: dict[str, object]) -> str:
    text = yaml.safe_dump({account_id: account}, sort_keys=False, allow_unicode=True)
    return "".join(f"  {line}\n" for line in text.splitlines())


def _account(network: Network, **changes: object) -> dict[str, object]:
    """The network's example account, as the declaration gives it, with `changes`."""
    return {**dict(network.example_account), **changes}


def _missing_credentials() -> tuple[dict[str, object], str]:
    """An account giving only a middle one of its network's several credentials."""
    network = NETWORKS[a_network(lambda n: len(n.credentials) >= 3)]
    given = network.credentials[len(network.credentials) // 2]
    missing = ", ".join(c for c in network.credentials if c != given)
    account = _account(network, credentials={given: "NR_A"})
    return (
        account,
        rf"newsroom\.yml:\d+: accounts\.new-acct\.credentials: {network.label} needs {missing}",
    )


def _misspelt_credential() -> tuple[dict[str, object], str]:
    """An account of a one-credential network naming it with a letter missing."""
    network = NETWORKS[a_network(lambda n: len(n.credentials) == 1)]
    [credential] = network.credentials
    cut = len(credential) * 2 // 3
    typo = credential[:cut] + credential[cut + 1 :]
    account = _account(network, credentials={typo: "NR_A"})
    return account, (
        rf"'{typo}' is not a credential of {network.label} \(did you mean '{credential}'\?\)"
    )


def _wrong_api_version() -> tuple[dict[str, object], str]:
    """An API version not written as its network writes them."""
    network = NETWORKS[a_network(lambda n: n.api_version_pattern is not None)]
    assert not re.fullmatch(str(network.api_version_pattern), "v2")
    return _account(network, api_version="v2"), (
        rf"accounts\.new-acct\.api_version: 'v2' is not a {network.label} API version — write "
        rf"it like {re.escape(str(network.api_version))}"
    )


def _api_version_of_an_unversioned_network() -> tuple[dict[str, object], str]:
    network = NETWORKS[a_network(lambda n: n.api_version_pattern is None)]
    return _account(network, api_version="1"), (
        rf"{network.label} has no API versions — remove `api_version`"
    )


@pytest.mark.parametrize(
    "case",
    [
        _missing_credentials,
        _misspelt_credential,
        _wrong_api_version,
        _api_version_of_an_unversioned_network,
    ],
)
def test_check_refuses_an_account_its_network_would_refuse(
    tmp_path: Path, case: Callable[[], tuple[dict[str, object], str]]
) -> None:
    account, expected = case()
    root = _config_with(tmp_path, _account_yaml("new-acct", account))
    result = run_newsroom(root, "check", "newsroom.yml")
    assert result.returncode == 1, result.stdout + result.stderr
    assert re.search(expected, result.stdout + result.stderr), result.stdout + result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("name", list(NETWORKS))
def test_check_refuses_per_theme_settings_the_network_does_not_declare(
    tmp_path: Path, name: str
) -> None:
    """`per_theme` takes only the settings a network declares (`theme_settings`), named at
    their line with the declared ones; a network declaring none takes no `per_theme`."""
    network = NETWORKS[name]
    account = dict(network.example_account)
    declared = [setting.name for setting in network.theme_settings]
    typo = f"{declared[0]}z" if declared else "board"
    account["per_theme"] = {"quantum": {typo: "1"}}
    root = _config_with(tmp_path, _account_yaml("new-acct", account))
    result = run_newsroom(root, "check", "newsroom.yml")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    where = r"newsroom\.yml:\d+: accounts\.new-acct\.per_theme"
    if declared:
        expected = rf"{where}\.quantum\.{typo}: not a setting of {network.label} \(did you mean "
        assert re.search(expected + rf"'{declared[0]}'\?\) — it takes: ", output), output
    else:
        assert re.search(rf"{where}: {network.label} takes no setting per theme", output), output


def test_every_network_module_imports_alone() -> None:
    for name in NETWORKS:
        importlib.import_module(f"newsroom.networks.{name}")
