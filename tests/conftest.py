"""Shared fixtures: a small, valid newsroom in a temporary folder."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from newsroom.cli import main
from newsroom.handbook.catalogue import base_item

PROJECT = Path(__file__).resolve().parents[1]
# No test reaches a video provider: builds show the item's image as a video's still
# (tests/site/test_video.py points the seam at a loopback fake).
os.environ["NEWSROOM_VIDEO_STILLS"] = "off"

# The handbook's examples and the tests start from the same item; the tests' image is a PNG
# at the top of content/images/ and their body has two paragraphs.
VALID_ITEM = base_item(
    image="content/images/sensor.png",
    body="The sensor works at room temperature.\n\nIt was built in the campus clean room.\n",
)

VALID_PATH = "content/news/quantum/2026/2026-11-20-quantum-sensor.md"

# The smallest valid PNG: enough for the image rules, which check paths, not pixels.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)


def copy_config(root: Path) -> None:
    """The example `newsroom.yml`, with the logo, favicon, podcast artwork and portraits it names
    (`check` needs them)."""
    shutil.copy(PROJECT / "newsroom.yml", root / "newsroom.yml")
    for folder in CONFIG_FILES:
        shutil.copytree(PROJECT / folder, root / folder, dirs_exist_ok=True)


BRAND_FILES = "content/images/brand"  # the example's site.branding logo and favicon
PODCAST_ARTWORK = "content/images/podcasts"  # the example show's artwork (`podcasts:`)
PORTRAITS = "content/images/people"  # the photos of the example's `authors:`
CONFIG_FILES = (BRAND_FILES, PODCAST_ARTWORK, PORTRAITS)  # every folder newsroom.yml names


@pytest.fixture(scope="session", autouse=True)
def handbook_made_once_per_version(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Each version of the handbook is made once a session, however many newsrooms build it.

    A build makes the handbook once per `handbook_key` and keeps it in that newsroom's
    `.cache/handbook/` (build_assembly): each test's newsroom is a new folder, so every
    test that builds a site made it again (≈ 6 s of processor time, 36 times in tests/site
    alone). Here, for the newsrooms without a mkdocs.yml of their own (their handbook comes
    from this checkout), a version already made in this session is copied into the build
    instead: the product's own cache, shared by the same key. Only the first build of a
    version writes the generated sources (`build/handbook/`) into its newsroom. The
    handbook's own tests (tests/handbook/) call the real `build_handbook` they imported; a
    key the session has not seen, or a newsroom with its own mkdocs.yml, is built for real.
    """
    from newsroom.fingerprint import code_digest
    from newsroom.handbook import build as handbook

    real = handbook.build_handbook
    made = tmp_path_factory.mktemp("handbooks")

    def build_handbook(root: Path, output: Path) -> Path:
        target = output / handbook.HANDBOOK_DIR
        if (root / handbook.MKDOCS_FILE).exists() or target.exists():
            return real(root, output)
        # The folder is claimed as the real one claims it: a folder Newsroom did not make, or
        # one inside the repository's own, is refused the same way.
        site_dir = handbook.claim_folder(root, target, "--output")
        kept = made / handbook.handbook_key(root, code_digest())
        if not kept.is_dir():
            real(root, kept.with_suffix(".making"))
            (kept.with_suffix(".making") / handbook.HANDBOOK_DIR).rename(kept)
        shutil.copytree(kept, site_dir, dirs_exist_ok=True)
        return site_dir

    handbook.build_handbook = build_handbook
    yield
    handbook.build_handbook = real


@pytest.fixture
def newsroom(tmp_path: Path) -> Path:
    """A newsroom with the example configuration, one image and one valid item."""
    copy_config(tmp_path)
    (tmp_path / "content/images").mkdir(parents=True, exist_ok=True)
    (tmp_path / "content/images/sensor.png").write_bytes(PNG)
    write(tmp_path, VALID_PATH, VALID_ITEM)
    return tmp_path


def write(root: Path, rel: str, text: str | bytes) -> Path:
    """Write a file of the newsroom, creating its folders."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def run() -> Callable[..., Result]:
    """Run the `newsroom` command in-process, as a user would from a shell."""

    def invoke(root: Path, *args: str, env: dict[str, str] | None = None) -> Result:
        # GITHUB_ACTIONS switches the default output format: tests choose it explicitly.
        return CliRunner().invoke(
            main, ["--root", str(root), *args], env={"GITHUB_ACTIONS": "false", **(env or {})}
        )

    return invoke


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """Debian's chromium, headless, driven by Playwright: one for the whole session (a
    second Playwright in the same thread while one runs fails), for the site and the
    handbook tests alike."""
    from .site.conftest import AXE, CHROMIUM, CHROMIUM_ARGS, require

    require(CHROMIUM, "Debian's chromium")
    require(AXE, "axe-core")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def shared_servers() -> Iterator:
    """The session's slow servers, one of each, each started when a test first needs it
    (tests/servers/shared.py; the networks' contracts say which); tests isolate themselves."""
    from .servers.shared import SharedServers

    servers = SharedServers()
    yield servers
    servers.stop()


@pytest.fixture(scope="session")
def loopback(shared_servers) -> Iterator:
    """Every network on 127.0.0.1 (tests/syndication/loopback.py), for the end-to-end tests
    of publishing, stats and the workflows: each starts with `loopback.reset_fakes()`."""
    from .syndication.loopback import Loopback

    servers = Loopback.start(shared_servers)
    yield servers
    servers.stop()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def serve_folder() -> Iterator:
    """Serve folders over HTTP on 127.0.0.1 (a free port each); stopped at session end."""
    servers: list[ThreadingHTTPServer] = []

    def start(folder: Path) -> str:
        server = ThreadingHTTPServer(
            ("127.0.0.1", 0), partial(_QuietHandler, directory=str(folder))
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def crashing() -> Iterator:
    """The parent the crash tests' `newsroom publish` runs are forked from, every adapter
    imported (tests/syndication/crashing.py kills them at their points), for the shared
    crash tests and each network's own; and what `publish` imports besides (the engine,
    the content reader, the checks, sealing), which every run imported again (0.12 s of
    processor time each, some 60 runs a session)."""
    from .forked_newsroom import ForkedNewsroom
    from .syndication.crashing import adapter_modules

    publishing = ("newsroom.syndication.engine", "newsroom.syndication.checks",
                  "newsroom.content_cache", "newsroom.sealing")  # fmt: skip
    parent = ForkedNewsroom(*publishing, *adapter_modules())
    yield parent
    parent.stop()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The longest test files first (tests/slowest_first.py: the workers end together)."""
    from .slowest_first import slowest_files_first

    slowest_files_first(items)
