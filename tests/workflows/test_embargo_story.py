"""An embargoed release, sealed, through the scripts the workflows run (issue #32).

A press officer seals an item whose body and social text carry a canary, and so do its
image (in its metadata) and its attachment (in its bytes) → its pull
request's check, build and social preview (no key, as on GitHub) → merge → publishing runs
with the key before the embargo (nothing of it anywhere) → a run after it without the key
(that item fails with a clear message, the rest is published) → the first run with the key
publishes page, feed entries and every routed post at once. Before it, the journalists'
page is on the site, encrypted (tests/test_embargo.py opens it in a browser)."""

from __future__ import annotations

import io
import os
import re
import subprocess
from pathlib import Path

import yaml
from PIL import Image, PngImagePlugin
from pyrage import x25519

from tests.example_accounts import a_network, example_account
from tests.syndication.loopback import PROJECT, Loopback

from .test_story import NETWORKS, QUANTUM, Story, item, make_newsroom

CANARY = "CANARY-c4n4ry-7781"
SOCIAL_CANARY = "SOCIALCANARY5512"
# The sealed item writes its own text for one network of the story (its `social:` block).
SOCIAL_NETWORK = a_network(lambda network: network.name in NETWORKS)
SOCIAL_ACCOUNT, _ = example_account(SOCIAL_NETWORK)
IMAGE_CANARY = "IMAGECANARY-3141"  # in the image's metadata: never published
FILE_CANARY = "FILECANARY-2718"  # in the attachment's bytes: published after the embargo
CANARIES = (CANARY, SOCIAL_CANARY, IMAGE_CANARY, FILE_CANARY)
IMAGE = "content/images/quantum/memory-crystal.png"
ATTACHMENT = "content/files/quantum-memory-paper.pdf"
EMBARGO = "2026-11-21T09:00:00+01:00"
BEFORE, AFTER = "2026-11-20T12:00:00+01:00", "2026-11-21T09:15:00+01:00"
ITEM = "content/news/quantum/2026/2026-11-21-sealed-quantum-result.md"
SEALED = "content/news/quantum/2026/2026-11-21-wfem8bgz.sealed.md"
OTHER = "content/news/quantum/2026/2026-11-20-cryostat-open-day.md"
NO_KEY = (
    f"{SEALED}:4: embargo: sealed until {EMBARGO}, no key — set NEWSROOM_EMBARGO_KEY in the "
    "social environment"
)


def sealed_item() -> str:
    text = item(
        "wfem8bgz",
        EMBARGO,
        "Quantum memory holds a qubit for an hour",
        "Physicists have kept a qubit coherent for an hour in a crystal, a thousand times "
        "longer than before.",
    )
    social = f"social:\n  {SOCIAL_NETWORK}: 'A qubit kept for an hour {SOCIAL_CANARY}'\n"
    files = (
        f"image: {IMAGE}\nimage_alt: A crystal glowing under a laser\n"
        f"image_credit: 'Photo: Aldermoor University'\nattachments: [{ATTACHMENT}]\n"
    )
    text = text.replace("tags: [quantum, sensors]\n", f"tags: [quantum, sensors]\n{social}{files}")
    return text + f"\nThe result, {CANARY}, appears in Nature on Monday.\n"


def canary_image() -> bytes:
    """A PNG whose metadata (a text chunk, as cameras and editors write) holds a canary."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Description", f"Embargoed figure {IMAGE_CANARY}")
    out = io.BytesIO()
    Image.new("RGB", (1200, 630), (30, 60, 120)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def canary_pdf() -> bytes:
    return b"%PDF-1.4\n% " + FILE_CANARY.encode() + b"\n%%EOF\n"


def files_containing(folder: Path, *needles: str) -> list[str]:
    """Every file under `folder` holding a needle (git's objects are compressed: see
    `in_history` for them)."""
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            if any(needle.encode() in data for needle in needles):
                found.append(str(path.relative_to(folder)))
    return found


def in_history(story: Story, repository: Path, *needles: str) -> bool:
    """Whether any commit of any branch of `repository` holds a needle, as git shows it
    (binary files too: `--text` shows their bytes)."""
    done = subprocess.run(
        ["git", "log", "--all", "-p", "--text", "--format=%H %s"],
        cwd=repository,
        env=story.env,
        capture_output=True,
        check=True,
    )
    return any(needle.encode() in done.stdout for needle in needles)


def test_a_sealed_release_leaks_nowhere_then_goes_out_everywhere_at_once(
    loopback: Loopback, newsroom_by_fork: Path, tmp_path: Path
) -> None:
    loopback.reset_fakes()
    identity = x25519.Identity.generate()
    key = {"NEWSROOM_EMBARGO_KEY": str(identity)}
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "GH_"))}
    env.pop("NEWSROOM_EMBARGO_KEY", None)
    env |= {
        "PATH": f"{PROJECT / '.venv/bin'}{os.pathsep}{env['PATH']}",
        "NEWSROOM": str(newsroom_by_fork),  # what the scripts run (conftest)
        "NEWSROOM_RETRY_WAIT": "0",
        "NEWSROOM_POLL_WAIT": "0.01",
        "GIT_CONFIG_GLOBAL": "/dev/null",
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    story = Story(tmp_path, env)
    story.env |= make_newsroom(story.work, loopback)
    config = yaml.safe_load((story.work / "newsroom.yml").read_text(encoding="utf-8"))
    config["embargo"] = {"recipients": [str(identity.to_public())]}
    (story.work / "newsroom.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    story.publish_newsroom()

    # -- the press officer seals the release on their machine (with the key) ----------------
    story.git(story.work, "switch", "--quiet", "-c", "embargoed")
    (story.work / ITEM).parent.mkdir(parents=True)
    (story.work / ITEM).write_text(sealed_item(), encoding="utf-8")
    for path, data in ((IMAGE, canary_image()), (ATTACHMENT, canary_pdf())):
        (story.work / path).parent.mkdir(parents=True, exist_ok=True)
        (story.work / path).write_bytes(data)
    (story.work / OTHER).write_text(
        item(
            "wfpd3nkc",
            "2026-11-20T10:00:00+01:00",
            "The cryostat lab opens its doors",
            "On Saturday the quantum materials lab shows its new cryostat to the public.",
        ),
        encoding="utf-8",
    )
    seal = subprocess.run(
        [
            "newsroom",
            "embargo",
            "seal",
            "--journalists",
            "--by",
            "Press <p@aldermoor.example>",
            ITEM,
        ],
        cwd=story.work,
        env={**story.env, "NEWSROOM_NOW": BEFORE, **key},
        capture_output=True,
        text=True,
    )
    assert seal.returncode == 0, seal.stdout + seal.stderr
    assert not (story.work / ITEM).exists() and (story.work / SEALED).exists()
    assert not (story.work / IMAGE).exists() and not (story.work / ATTACHMENT).exists()
    journalists = re.search(r"https://[^/]+/(embargo/[0-9a-z]+)/", seal.stdout)[1]
    story.git(story.work, "add", ".")
    story.git(story.work, "commit", "--quiet", "-m", "Embargoed: the quantum memory release")
    logs = [seal.stdout, seal.stderr]

    # -- its pull request: check, preview build, social preview (no key on GitHub) -----------
    pr = story.script(story.work, "check-and-build", "--preview", "output", NEWSROOM_NOW=BEFORE)
    assert pr.returncode == 0, pr.stdout + pr.stderr
    body = story.script(story.work, "pr-comment-body", "main", "preview", PR_NUMBER="9")
    assert body.returncode == 0, body.stdout + body.stderr
    logs += [pr.stdout, pr.stderr, body.stdout, body.stderr]
    assert (story.work / "output/news/quantum/2026/cryostat-open-day/index.html").exists()
    assert "/s/wfpd3nkc?" in body.stdout  # the preview works for the other item
    # The repository's history, the preview site, its artifacts, the logs.
    assert not in_history(story, story.work, *CANARIES)
    assert files_containing(story.work, *CANARIES) == []
    assert not any(canary in log for log in logs for canary in CANARIES)
    assert "memory-crystal" not in story.git(story.work, "log", "--all", "--stat")

    story.git(story.work, "switch", "--quiet", "main")
    story.git(story.work, "merge", "--quiet", "--no-ff", "-m", "Merge pull request #9", "embargoed")
    story.git(story.work, "push", "--quiet", "origin", "main")

    # -- publishing runs before the embargo, with the key: nothing of it, anywhere ----------
    story.env |= key
    runner, before = story.publishing_run(BEFORE)
    assert before.returncode == 0, before.stdout + before.stderr
    assert loopback.count("wfem8bgz") == dict.fromkeys(loopback.count("wfem8bgz"), 0)
    assert loopback.count("wfpd3nkc")[SOCIAL_ACCOUNT] == 1  # the rest is published
    assert not (runner / "output/s/wfem8bgz").exists()
    assert (runner / "output" / journalists / "index.html").exists(), "encrypted for journalists"
    # The built site, the caches main saves for the next run, the ledger branch, the logs.
    assert files_containing(runner, *CANARIES) == []
    assert not in_history(story, story.origin, *CANARIES)
    assert not any(canary in before.stdout + before.stderr for canary in CANARIES)

    # -- after the embargo, a run without the key: that item fails, clearly ------------------
    del story.env["NEWSROOM_EMBARGO_KEY"]
    runner, without = story.publishing_run(AFTER)
    assert without.returncode == 1, without.stdout + without.stderr
    assert NO_KEY in without.stderr, without.stderr
    assert loopback.count("wfem8bgz") == dict.fromkeys(loopback.count("wfem8bgz"), 0)
    assert not (runner / "output/s/wfem8bgz").exists()
    assert files_containing(runner, *CANARIES) == []

    # -- the first run with the key: page, feeds and every routed post, in that one run ------
    story.env |= key
    runner, due = story.publishing_run(AFTER)
    assert due.returncode == 0, due.stdout + due.stderr
    page = runner / "output/news/quantum/2026/sealed-quantum-result/index.html"
    assert CANARY in page.read_text(encoding="utf-8")
    assert (runner / "output/s/wfem8bgz/index.html").exists()
    # Its image and attachment are published with it: the attachment as it was sealed, the
    # image without its metadata, as every published image.
    assert files_containing(runner / "output", FILE_CANARY)
    images = [p for p in (runner / "output").rglob("memory-crystal*.png") if p.is_file()]
    assert images, "the image is published"
    assert files_containing(runner / "output", IMAGE_CANARY) == []
    assert "memory-crystal" in page.read_text(encoding="utf-8")
    assert not (runner / "output" / journalists).exists(), "the journalists' page is gone"
    for feed in ("feeds/all.atom.xml", "feeds/all.rss.xml", "feeds/quantum.atom.xml"):
        assert CANARY in (runner / "output" / feed).read_text(encoding="utf-8"), feed
    counts = loopback.count("wfem8bgz")
    assert {a: counts[a] for a in QUANTUM} == dict.fromkeys(QUANTUM, 1), counts
    assert any(SOCIAL_CANARY in text for text in loopback.posts()[SOCIAL_ACCOUNT])
    assert str(identity) not in due.stdout + due.stderr
    ledger = story.git(story.origin, "log", "-p", "newsroom-ledger")
    assert re.search(r'"item": ?"wfem8bgz"', ledger), "recorded as usual"
