"""Sealed embargoed items (issue #32): `newsroom embargo seal|open|status`, and what
`check`, `build` and `publish` make of a sealed file with and without the key.

The crypto is age's own (pyrage): a sealed file is opened in these tests only by the key it
was sealed to. The whole story through the workflows' scripts, with the loopback networks,
is tests/workflows/test_embargo_story.py."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import subprocess
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pyrage
import pytest
import yaml
from click.testing import Result
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from pyrage import x25519

from newsroom.sealing import SealedHeader, compose, seal_text

from .conftest import PNG, VALID_ITEM, VALID_PATH, write

BEFORE, AFTER = "2026-11-19T12:00:00+01:00", "2026-11-20T10:05:00+01:00"
SEALED = "content/news/quantum/2026/2026-11-20-k7q2m9ab.sealed.md"
SEALED_IMAGE = "content/news/quantum/2026/2026-11-20-k7q2m9ab.sealed-1.age"
IMAGE = "content/images/sensor.png"
OWN = "content/images/other-news.png"
CANARY = "CANARY-91c3"
TITLE = "Quantum sensor maps brain activity"

Run = Callable[..., Result]


@pytest.fixture
def press(newsroom: Path) -> tuple[Path, x25519.Identity]:
    """The newsroom, its item carrying a canary, and the press office's key in newsroom.yml."""
    identity = x25519.Identity.generate()
    config = yaml.safe_load((newsroom / "newsroom.yml").read_text(encoding="utf-8"))
    config["embargo"] = {"recipients": [str(identity.to_public())]}
    (newsroom / "newsroom.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    write(
        newsroom, VALID_PATH, VALID_ITEM.replace("The sensor works", f"{CANARY} The sensor works")
    )
    return newsroom, identity


def key_env(identity: x25519.Identity, now: str = BEFORE) -> dict[str, str]:
    return {"NEWSROOM_EMBARGO_KEY": str(identity), "NEWSROOM_NOW": now}


def seal(run: Run, root: Path, identity: x25519.Identity) -> Result:
    """`newsroom embargo seal` of the valid item, with the key: it must succeed."""
    result = run(
        root,
        "embargo",
        "seal",
        "--by",
        "Press <press@x.example>",
        str(root / VALID_PATH),
        env=key_env(identity),
    )
    assert result.exit_code == 0, result.output
    return result


def sealed(run: Run, root: Path, identity: x25519.Identity) -> str:
    seal(run, root, identity)
    return (root / SEALED).read_text(encoding="utf-8")


def test_seal_keeps_only_the_public_header_readable(press, run: Run) -> None:
    root, identity = press
    result = seal(run, root, identity)
    text = (root / SEALED).read_text(encoding="utf-8")

    assert not (root / VALID_PATH).exists(), "removed once the sealed file opened again"
    assert not (root / IMAGE).exists(), "its image, sealed with it, is removed too"
    assert "sealed content/images/sensor.png → " + SEALED_IMAGE in result.output
    assert "not sealed" not in result.output
    assert text.startswith(
        "---\nsealed: 1\nid: k7q2m9ab\nembargo: 2026-11-20T10:00:00+01:00\n"
        'sealed_by: "Press <press@x.example>"\n---\n-----BEGIN AGE ENCRYPTED FILE-----\n'
    )
    for secret in (CANARY, TITLE, "physicists", "quantum-sensor", "neuroscience"):
        assert secret not in text
    armored = text.split("---\n", 2)[2]
    opened = pyrage.decrypt(armored.encode(), [identity]).decode()  # age itself opens it
    assert CANARY in opened and TITLE in opened
    assert "sensor.png" not in text  # its path is inside the seal
    image = pyrage.decrypt((root / SEALED_IMAGE).read_bytes(), [identity])
    assert image == PNG and PNG not in (root / SEALED_IMAGE).read_bytes()


def test_open_gives_back_the_item_and_its_files_byte_for_byte(press, run: Run) -> None:
    root, identity = press
    item = (root / VALID_PATH).read_bytes()
    sealed(run, root, identity)
    result = run(root, "embargo", "open", str(root / SEALED), env=key_env(identity))
    assert result.exit_code == 0, result.output
    assert (root / VALID_PATH).read_bytes() == item and (root / IMAGE).read_bytes() == PNG
    assert not (root / SEALED).exists() and not (root / SEALED_IMAGE).exists()


def test_a_file_another_item_references_stays_unsealed_and_seal_says_so(press, run) -> None:
    root, identity = press
    other = VALID_ITEM.replace("k7q2m9ab", "k7q2m9ac").replace("quantum-sensor", "other-one")
    write(root, VALID_PATH.replace("quantum-sensor", "other-one"), other)
    result = run(
        root, "embargo", "seal", "--by", "P", str(root / VALID_PATH), env=key_env(identity)
    )
    assert result.exit_code == 0, result.output
    assert "warning: content/images/sensor.png is not sealed: another item" in result.output
    assert (root / IMAGE).read_bytes() == PNG and not (root / SEALED_IMAGE).exists()


def test_without_a_key_the_plaintext_is_kept_and_a_dry_run_writes_nothing(press, run) -> None:
    root, _ = press
    dry = run(
        root,
        "embargo",
        "seal",
        "--by",
        "P",
        "--dry-run",
        str(root / VALID_PATH),
        env={"NEWSROOM_NOW": BEFORE},
    )
    assert dry.exit_code == 0, dry.output
    assert f"would write {SEALED}" in dry.output and not (root / SEALED).exists()
    assert f"would seal {IMAGE} → 2026-11-20-k7q2m9ab.sealed-1.age" in dry.output

    kept = run(
        root, "embargo", "seal", "--by", "P", str(root / VALID_PATH), env={"NEWSROOM_NOW": BEFORE}
    )
    assert kept.exit_code == 0, kept.output
    assert (root / SEALED).exists() and (root / VALID_PATH).exists()
    assert f"kept {VALID_PATH}, {IMAGE}: no $NEWSROOM_EMBARGO_KEY" in kept.output
    check = run(root, "check", env={"NEWSROOM_NOW": BEFORE})
    assert check.exit_code == 1 and "delete its plain file (never commit it)" in check.output


def test_seal_refuses_what_it_cannot_seal(press, run: Run) -> None:
    root, identity = press
    late = run(
        root, "embargo", "seal", "--by", "P", str(root / VALID_PATH), env=key_env(identity, AFTER)
    )
    assert late.exit_code == 1
    assert f"{VALID_PATH}:4: date: its date has come" in late.output
    config = yaml.safe_load((root / "newsroom.yml").read_text(encoding="utf-8"))
    del config["embargo"]
    (root / "newsroom.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    unset = run(root, "embargo", "seal", "--by", "P", str(root / VALID_PATH), env=key_env(identity))
    assert unset.exit_code == 1
    assert (
        "declares no `embargo.recipients` — add the press office's age public keys" in unset.output
    )
    assert (root / VALID_PATH).exists() and not (root / SEALED).exists()


def test_status_and_open_never_print_the_key(press, run: Run) -> None:
    root, identity = press
    sealed(run, root, identity)
    status = run(root, "embargo", "status", env=key_env(identity))
    assert status.exit_code == 0, status.output
    assert (
        f"{SEALED}: k7q2m9ab, theme quantum, until 2026-11-20T10:00:00+01:00 (sealed)"
        in status.output
    )
    assert "opens with the key here" in status.output
    other = x25519.Identity.generate()
    assert "does NOT open" in run(root, "embargo", "status", env=key_env(other)).output
    assert "not opened here" in run(root, "embargo", "status", env={"NEWSROOM_NOW": BEFORE}).output
    garbage = run(root, "embargo", "status", env={"NEWSROOM_EMBARGO_KEY": "hunter2-not-a-key"})
    assert garbage.exit_code == 1 and "hunter2" not in garbage.output
    assert "is not an age secret key" in garbage.output

    refused = run(root, "embargo", "open", str(root / SEALED), env={"NEWSROOM_NOW": BEFORE})
    assert refused.exit_code == 1 and "no key — set $NEWSROOM_EMBARGO_KEY" in refused.output
    opened = run(root, "embargo", "open", str(root / SEALED), env=key_env(identity))
    assert opened.exit_code == 0, opened.output
    assert "never commit" in opened.output
    assert CANARY in (root / VALID_PATH).read_text(encoding="utf-8")
    assert not (root / SEALED).exists()
    for result in (status, opened):
        assert str(identity) not in result.output


def test_check_reads_the_header_everywhere_and_the_sealed_text_with_the_key(press, run) -> None:
    root, identity = press
    text = sealed(run, root, identity)
    assert run(root, "check", env={"NEWSROOM_NOW": BEFORE}).exit_code == 0
    with_key = run(root, "check", env=key_env(identity))  # its image checked from its seal
    assert with_key.exit_code == 0, with_key.output
    assert not (root / IMAGE).exists(), "and never laid in the repository before the embargo"
    write(root, SEALED, text.replace("sealed_by:", "sealed_bye:"))
    wrong = run(root, "check", env={"NEWSROOM_NOW": BEFORE})
    assert wrong.exit_code == 1
    assert f"{SEALED}:5: sealed_bye: unknown field (did you mean 'sealed_by'?)" in wrong.output
    write(root, SEALED, text)

    # A mistake inside (sealed by hand: `seal` checks first), said with the key at its line.
    inner = VALID_ITEM.replace("tags: [", "lang: Secret-Language\ntags: [")
    header = SealedHeader(
        sealed=1,
        id="k7q2m9ab",
        embargo=datetime.fromisoformat("2026-11-20T10:00:00+01:00"),
        sealed_by="P",
    )
    armored = seal_text(Path(VALID_PATH).name, inner, [str(identity.to_public())])
    write(root, SEALED, compose(header, armored))
    (root / IMAGE).write_bytes(PNG)  # this seal lists no file: its image is a plain one
    inside = run(root, "check", env=key_env(identity))
    assert inside.exit_code == 1
    assert f"{SEALED}:7: lang: (sealed text, line 10)" in inside.output, inside.output
    assert "Secret" in inside.output  # on the press officer's machine, in full
    # In a GitHub Actions log before the embargo, never a word of the sealed text.
    ci = run(root, "check", env={**key_env(identity), "GITHUB_ACTIONS": "true"})
    assert ci.exit_code == 1 and "Secret" not in ci.output
    assert "1 problem(s) in the sealed text" in ci.output
    assert run(root, "check", env={"NEWSROOM_NOW": BEFORE}).exit_code == 0, "no key: header only"


def test_after_the_embargo_without_the_key_check_warns_and_build_goes_on(press, run) -> None:
    root, identity = press
    sealed(run, root, identity)
    other = VALID_ITEM.replace("k7q2m9ab", "k7q2m9zz").replace("2026-11-20T10", "2026-11-19T10")
    write(root, "content/news/quantum/2026/2026-11-19-other-news.md", other.replace(IMAGE, OWN))
    (root / OWN).write_bytes(PNG)  # the sealed item's image is sealed with it
    message = (
        f"{SEALED}:4: embargo: sealed until 2026-11-20T10:00:00+01:00, no key — set "
        "NEWSROOM_EMBARGO_KEY in the social environment"
    )
    check = run(root, "check", env={"NEWSROOM_NOW": AFTER})
    assert check.exit_code == 0 and f"warning: {message}" in check.output, check.output
    built = run(root, "build", "--output", str(root / "out"), env={"NEWSROOM_NOW": AFTER})
    assert built.exit_code == 0 and message in built.output, built.output
    assert (root / "out/news/quantum/2026/other-news/index.html").exists(), "the rest goes on"
    assert not (root / "out/s/k7q2m9ab").exists()
    assert not [
        p for p in (root / "out").rglob("*") if p.is_file() and CANARY.encode() in p.read_bytes()
    ]

    other = x25519.Identity.generate()
    wrong = run(root, "check", env=key_env(other, AFTER))
    assert wrong.exit_code == 0 and "cannot be opened with NEWSROOM_EMBARGO_KEY" in wrong.output


def test_the_item_opens_at_its_embargo_and_in_a_local_preview_before(press, run: Run) -> None:
    root, identity = press
    sealed(run, root, identity)
    page = "news/quantum/2026/quantum-sensor/index.html"
    before = run(root, "build", "--output", str(root / "before"), env=key_env(identity))
    assert before.exit_code == 0, before.output
    assert not (root / "before" / page).exists()
    preview = run(
        root, "build", "--preview", "--output", str(root / "preview"), env=key_env(identity)
    )
    assert preview.exit_code == 0, preview.output
    assert CANARY in (root / "preview" / page).read_text(encoding="utf-8")
    assert f"its sealed files are opened for the preview ({IMAGE})" in preview.output
    laid_out = run(root, "build", "--output", str(root / "before"), env=key_env(identity))
    assert laid_out.exit_code == 1, laid_out.output
    assert f"{IMAGE}:1: is a plain copy of a file sealed with {SEALED} until" in laid_out.output
    (root / IMAGE).unlink()
    after = run(root, "build", "--output", str(root / "before"), env=key_env(identity, AFTER))
    assert after.exit_code == 0, after.output
    assert CANARY in (root / "before" / page).read_text(encoding="utf-8")
    assert (root / "before/s/k7q2m9ab/index.html").exists()


def nu_problems(page: Path) -> str:
    """What the Nu HTML Checker (vnu.jar, the site tests' oracle) finds wrong in a page."""
    from .site.conftest import VNU, require

    require(VNU, "the Nu HTML Checker (vnu.jar)")
    java = shutil.which("java")
    assert java, "java not found — run scripts/install-browser.sh"
    checked = subprocess.run(
        [java, "-Xss4m", "-jar", str(VNU), "--format", "gnu", "--also-check-css", str(page)],
        capture_output=True,
        text=True,
    )
    return checked.stdout + checked.stderr


def test_the_journalists_page_opens_with_the_passphrase_only_and_until_the_embargo(
    press, run: Run, browser, serve_folder
) -> None:
    from .site.test_browser import axe_violations

    root, identity = press
    result = run(
        root,
        "embargo",
        "seal",
        "--journalists",
        "--by",
        "P",
        str(root / VALID_PATH),
        env=key_env(identity),
    )
    assert result.exit_code == 0, result.output
    url = re.search(r"journalists' page, .*: (https://\S+)", result.output)[1]
    passphrase = re.search(r"^passphrase: (\S+)$", result.output, re.M)[1]
    path = urlsplit(url).path
    assert url in run(root, "embargo", "status", env=key_env(identity)).output

    built = run(root, "build", "--output", str(root / "out"), env=key_env(identity))
    assert built.exit_code == 0, built.output
    html = (root / "out" / path.strip("/") / "index.html").read_text(encoding="utf-8")
    assert CANARY not in html and TITLE not in html and "noindex" in html
    site = [p.read_bytes() for p in (root / "out").rglob("*") if p.is_file()]
    assert sum(path.encode() in data for data in site) == 0, "listed nowhere (no link to it)"
    sealed = json.loads(
        re.search(r'<script type="application/json" id="sealed">(.*?)</script>', html)[1]
    )
    assert sealed["iterations"] >= 600_000
    key = hashlib.pbkdf2_hmac(
        "sha256", passphrase.encode(), base64.b64decode(sealed["salt"]), sealed["iterations"], 32
    )
    plain = AESGCM(key).decrypt(
        base64.b64decode(sealed["iv"]), base64.b64decode(sealed["data"]), None
    )
    assert CANARY in json.loads(plain)["html"]  # the cryptography library as the oracle

    nu = nu_problems(root / "out" / path.strip("/") / "index.html")
    assert nu == "", nu

    page = browser.new_page()
    assert page.goto(serve_folder(root / "out") + path).ok
    assert "Embargoed until" in page.inner_text("main")
    assert axe_violations(page) == []
    page.fill("#passphrase", "wrong-passphrase-00000")
    page.click("button")
    page.wait_for_function("document.getElementById('problem').textContent.includes('does not')")
    assert CANARY not in page.inner_text("main")
    page.fill("#passphrase", passphrase)
    page.click("button")
    page.wait_for_selector(f"text={TITLE}", timeout=30_000)  # 600,000 PBKDF2 rounds
    assert CANARY in page.inner_text("main")
    page.close()

    after = run(root, "build", "--output", str(root / "out"), env=key_env(identity, AFTER))
    assert after.exit_code == 0, after.output
    assert not (root / "out" / path.strip("/")).exists(), "gone at the embargo"
    none = run(root, "build", "--output", str(root / "none"), env={"NEWSROOM_NOW": BEFORE})
    assert none.exit_code == 0 and not (root / "none/embargo").exists(), "no key, no page"


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (lambda t: t.replace("\n", "\r\n"), None),  # saved with CRLF: still fine
        (lambda t: "\ufeff" + t, None),  # with a byte-order mark: still fine
        (lambda t: t.split("-----BEGIN")[0], ":7: body: the sealed text is damaged (no age armor)"),
        (lambda t: "just text\n", ":1: not a sealed item — seal items with"),
        (lambda t: "---\n- a\n- b\n---\n" + t.split("---\n", 2)[2], ":2: the header must be"),
        (lambda t: t.replace("id: k7q2m9ab", "id: [k7q2m9ab]"), ":3: id: expected text"),
        (lambda t: t.replace("2026-11-20T10:00:00+01:00", "2026-11-20T10:00:00"), ":4: embargo:"),
    ],
)
def test_a_damaged_sealed_file_is_a_problem_at_its_line_never_a_traceback(
    press, run: Run, damage, expected: str | None
) -> None:
    root, identity = press
    write(root, SEALED, damage(sealed(run, root, identity)))
    for env in ({"NEWSROOM_NOW": BEFORE}, key_env(identity, AFTER)):
        check = run(root, "check", env=env)
        assert check.exception is None or isinstance(check.exception, SystemExit), check.output
        if expected is None:
            assert check.exit_code == 0, check.output
        else:
            assert check.exit_code == 1 and f"{SEALED}{expected}" in check.output, check.output


def test_a_missing_or_damaged_sealed_file_is_a_problem_at_the_sealed_item(press, run) -> None:
    root, identity = press
    sealed(run, root, identity)
    (root / SEALED_IMAGE).write_bytes((root / SEALED_IMAGE).read_bytes()[:-9])
    damaged = run(root, "check", env=key_env(identity))
    assert damaged.exit_code == 1 and "Traceback" not in damaged.output
    assert f"{SEALED}:7: body: 2026-11-20-k7q2m9ab.sealed-1.age does not open" in damaged.output
    (root / SEALED_IMAGE).unlink()
    missing = run(root, "check", env=key_env(identity))
    assert missing.exit_code == 1, missing.output
    assert "sealed-1.age, a file sealed with it, is missing — take it again" in missing.output
    assert "sensor.png" not in damaged.output + missing.output  # its name tells the story
