"""`newsroom serve`: builds, serves on 127.0.0.1, rebuilds on change, and pages reload."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from ..conftest import VALID_PATH

SERVE_TIMEOUT = 30


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + SERVE_TIMEOUT
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def test_serve_builds_serves_and_reloads_open_pages_on_change(newsroom: Path, browser) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    newsroom_command = Path(sys.executable).parent / "newsroom"
    command = [str(newsroom_command), "--root", str(newsroom), "serve", "--port", str(port)]
    env = {**os.environ, "NEWSROOM_NOW": "2026-12-01T00:00:00+00:00"}
    server = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        wait_for(lambda: fetch(f"{base}/__newsroom__/build") == (200, "1"), "the first build")
        status, home = fetch(f"{base}/")
        assert status == 200 and "Quantum sensor maps brain activity" in home
        assert "/__newsroom__/build" in home  # the reload script, added by the server only
        assert "__newsroom__" not in (newsroom / "output/index.html").read_text()
        assert fetch(f"{base}/no/such/page/")[0] == 404
        page = browser.new_page()
        # The reload script has read the build number before the edit (not a fixed wait:
        # a loaded machine may take longer than any).
        with page.expect_response(lambda response: response.url.endswith("/__newsroom__/build")):
            page.goto(f"{base}/")
        page.wait_for_timeout(100)  # its answer's text read, in the page's next task
        item = newsroom / VALID_PATH
        item.write_text(item.read_text().replace("Quantum sensor maps", "Quantum sensor now maps"))
        # A new title: the story's page at once (site/hot.py), the front page by the
        # full rebuild that follows; each bumps the build number.
        wait_for(lambda: "Quantum sensor now maps" in fetch(f"{base}/")[1], "the rebuild")
        built, settled = None, fetch(f"{base}/__newsroom__/build")
        while settled != built:  # no rebuild left: the number stays the same for 1.5 s
            built = settled
            time.sleep(1.5)
            settled = fetch(f"{base}/__newsroom__/build")
        assert built[0] == 200 and int(built[1]) >= 2
        # The open page reloads by itself and shows the change.
        page.wait_for_function(
            "document.body.innerText.includes('Quantum sensor now maps')", timeout=10000
        )
        page.close()
        # A broken file keeps the last good site served and prints the problems.
        item.write_text(item.read_text().replace("authors: [amelie-durand]", "authors: [nobody]"))
        time.sleep(1.5)
        assert fetch(f"{base}/__newsroom__/build") == built
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=10)
    assert f"Serving http://127.0.0.1:{port}/" in output
    assert f"{VALID_PATH}:7: authors: 'nobody' is not a declared author" in output


def test_a_fixed_sentence_is_written_into_the_live_page_as_a_full_build_writes_it(
    tmp_path: Path,
) -> None:
    """serve's fast path (site/hot.py): byte for byte the page of a clean build, and only
    when the body, title, summary, tags, date within the page's year, image caption or
    credit alone changed."""
    from newsroom.build_assembly import build_site
    from newsroom.site.hot import HotPages
    from newsroom.syndication.checks import ITEM_CHECKS

    from .conftest import EXAMPLE_NOW
    from .test_incremental import SENSOR, clean, example_copy

    root = example_copy(tmp_path)
    output, hot = tmp_path / "site", HotPages(ITEM_CHECKS)
    options = {"now": EXAMPLE_NOW, "use_git": False, "with_handbook": False}
    build_site(root, output, hot=hot, **options)
    item = root / SENSOR
    original = item.read_text(encoding="utf-8")
    picture = next((root / "content/images").rglob("*.jpg")).relative_to(root / "content")
    item.write_text(original + f"\nA fix, and [a picture](../../../{picture.as_posix()}).\n")
    made = hot.patch([item, root / "content/news/.scratch.md~"])  # a scratch file, gone
    assert made is not None and len(made) == 1 and made[0].startswith("news/quantum/")
    assert b"A fix, and" in (output / made[0]).read_bytes()
    assert (output / made[0]).stat().st_mode & 0o777 == 0o644  # as every built file
    assert (output / made[0]).read_bytes() == (
        clean(root, tmp_path / "clean") / made[0]
    ).read_bytes()
    # A second fix to the same story builds on the first.
    item.write_text(item.read_text(encoding="utf-8").replace("A fix, and", "A second fix, and"))
    assert hot.patch([item]) == made
    assert b"A second fix" in (output / made[0]).read_bytes()
    patched = (output / made[0]).read_bytes()
    # A new title, caption and credit are remade at once too, as a clean build makes them.
    shown = item.read_text(encoding="utf-8")
    for field in ("title", "image_caption", "image_credit"):
        shown = shown.replace(f'{field}: "', f'{field}: "Now: ', 1)
    item.write_text(shown, encoding="utf-8")
    assert hot.patch([item]) == made
    patched = (output / made[0]).read_bytes()
    assert patched.count(b"Now: ") >= 3
    assert patched == (clean(root, tmp_path / "clean-shown") / made[0]).read_bytes()
    # A new summary, other tags and an earlier hour of the same day (the story moves
    # among the others, its related stories change): the same, the model put in order.
    shown = (
        shown.replace("summary: >-", "summary: >-\n  Now summed up.", 1)
        .replace("tags: [quantum, ", "tags: [campus, ", 1)
        .replace("date: 2026-11-20T10", "date: 2026-11-20T00", 1)
    )
    item.write_text(shown, encoding="utf-8")
    assert hot.patch([item]) == made
    patched = (output / made[0]).read_bytes()
    assert b"Now summed up." in patched and b"campus" in patched
    assert patched == (clean(root, tmp_path / "clean-listed") / made[0]).read_bytes()
    # Anything that moves the story to another page or out of some listing, a problem, a
    # file the site does not publish yet, a video block (its still and structured data):
    # for the full build, and the page is left as it was.
    for text in (
        shown.replace("date: 2026-11-20T00", "date: 2026-11-19T10", 1),  # the file's name
        shown.replace("date: 2026-11-20T00", "date: 2026-11-20T09", 1).replace(
            "---\n", "---\ndraft: true\n", 1
        ),
        shown.replace("authors: [amelie-durand", "authors: [nobody"),
        shown + "\n[A new file](../../../images/new.pdf)\n",
        shown + "\n[The sensor explained](https://www.youtube.com/watch?v=aqz-KE-bpKQ)\n",
    ):
        if "new.pdf" in text:
            (root / "content/images/new.pdf").write_bytes(b"%PDF-1.4\n")
        assert text != shown
        item.write_text(text, encoding="utf-8")
        assert hot.patch([item]) is None, text
        assert (output / made[0]).read_bytes() == patched
    assert hot.patch([root / "content/news/quantum/2026/2026-12-01-new.md"]) is None
