"""Every URL field accepts only web addresses: a bad scheme is a `check` error at its line.

Issue #14.3: `event.online_url: javascript:…` was filtered on pages but written as is into
the `.ics` files; `cms.auth_url: javascript:…` was accepted. Each hostile address is tried
in each field, through the real `newsroom check` and `newsroom build`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsroom.web_urls import check_email, check_web_url

from .conftest import VALID_ITEM, VALID_PATH, write
from .example_accounts import example_account, networks_where

HOSTILE = [
    "javascript:alert(1)",
    " JaVaScRiPt:alert(document.cookie)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example/x",
    "https://",
    "https://exa mple.org/",
    'https://example.org/"><script>alert(1)</script>',
    "https://example.org:99999/",
    "ftp://example.org/",
]


@pytest.mark.parametrize("address", HOSTILE)
def test_hostile_addresses_are_not_web_addresses(address):
    with pytest.raises(ValueError):
        check_web_url(address)


@pytest.mark.parametrize(
    "address", ["https://example.org", "http://example.org/a?b=c&d=e#f", "https://x.example:8443/"]
)
def test_web_addresses_pass(address):
    assert check_web_url(address) == address


def test_contact_email_is_one_address():
    assert check_email("press@example.edu") == "press@example.edu"
    assert check_email("") == ""
    for bad in ["javascript:alert(1)", "a@b", 'x@y.z"><script>', "a b@c.d", "a@b.c,d@e.f"]:
        with pytest.raises(ValueError):
            check_email(bad)


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize("field", ["online_url", "registration_url"])
@pytest.mark.parametrize("address", ["javascript:alert(1)", "data:text/html,x"])
def test_event_links_with_a_bad_scheme_fail_check_at_their_line(newsroom, run, field, address):
    event = (
        "event:\n"
        "  start: 2026-12-05T10:00:00+01:00\n"
        "  end: 2026-12-05T12:00:00+01:00\n"
        "  location: Great Hall\n"
        f'  {field}: "{address}"\n'
    )
    text = VALID_ITEM.replace("tags: [quantum, neuroscience]\n", f"tags: [quantum]\n{event}")
    write(newsroom, VALID_PATH, text)
    result = run(newsroom, "check")
    assert result.exit_code == 1, result.output
    expected = f"{VALID_PATH}:{line_of(text, field)}: event.{field}:"
    assert expected in result.output, result.output
    assert "not a web address" in result.output
    build = run(newsroom, "build", "--output", str(newsroom / "site"))
    assert build.exit_code != 0 and not (newsroom / "site").exists()


# The instance address of the first example account that names one (`base_url`).
INSTANCE = next(
    account["base_url"]
    for account in (example_account(network)[1] for network in networks_where())
    if "base_url" in account
)


@pytest.mark.parametrize(
    ("key", "replace"),
    [
        ("auth_url", ("auth_url: https://cms-auth.aldermoor.example", "auth_url: {}")),
        ("url", ("  - id: zoe-okafor\n", "  - id: zoe-okafor\n    url: {}\n")),
        ("base_url", (f"base_url: {INSTANCE}", "base_url: {}")),
    ],
)
def test_config_links_with_a_bad_scheme_fail_check_at_their_line(newsroom, run, key, replace):
    config = newsroom / "newsroom.yml"
    old, new = replace
    text = config.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new.format('"javascript:alert(1)"'), 1)
    config.write_text(text, encoding="utf-8")
    result = run(newsroom, "check")
    assert result.exit_code == 1, result.output
    line = line_of(text, "javascript:alert(1)")
    assert re.search(
        rf"newsroom\.yml:{line}: [\w.\[\]-]*{key}: .*not a web address", result.output
    ), result.output


def test_the_example_calendar_links_are_web_addresses(tmp_path: Path):
    """Every URL an .ics of the example carries is an http(s) address (read back)."""
    from .site.conftest import copy_example

    root = copy_example(tmp_path)
    from newsroom.build_assembly import build_site

    output = build_site(root, tmp_path / "site", with_handbook=False, use_git=False).output
    calendars = list(output.rglob("*.ics"))
    assert calendars
    for path in calendars:
        for url in re.findall(r"^URL[^:]*:(.*)$", path.read_text(encoding="utf-8"), re.M):
            check_web_url(url.strip())
