"""`newsroom serve`: build, serve on 127.0.0.1, rebuild on change, reload open pages.

The built files are never changed for serving: the server adds a small polling script to
HTML responses, which reloads the page when the build number at `RELOAD_PATH` changes.
Without JavaScript the site works the same; only the automatic reload is missing.
"""

from __future__ import annotations

import threading
import time
import traceback
from datetime import datetime
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import click
import watchfiles

from .build_assembly import BuildFailed, build_site
from .config import CONFIG_FILE
from .problems import ProblemsFound, format_human
from .site.hot import HotPages
from .site.settings import plugins_dir, theme_dir
from .syndication.checks import ITEM_CHECKS

RELOAD_PATH = "/__newsroom__/build"
# Polls the build number and reloads the page when it changes (serve only, never built).
RELOAD_SCRIPT = (
    "<script>(function(){var seen=null;function poll(){fetch('" + RELOAD_PATH + "',"
    "{cache:'no-store'}).then(function(r){return r.text()}).then(function(n){"
    "if(seen!==null&&n!==seen){location.reload()}seen=n}).catch(function(){})"
    ".finally(function(){setTimeout(poll,700)})}poll()})();</script>"
)


class BuildCounter:
    """The number of the last successful build, shared with request threads."""

    def __init__(self) -> None:
        self.number = 0
        self.lock = threading.Lock()

    def bump(self) -> None:
        with self.lock:
            self.number += 1


class LiveHandler(SimpleHTTPRequestHandler):
    """Serves the output folder under the site's base path, with the reload script."""

    def __init__(self, *args, counter: BuildCounter, base_path: str, **kwargs):
        self.counter = counter
        self.base_path = base_path
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        if urlsplit(self.path).path == RELOAD_PATH:
            return self._send(200, str(self.counter.number).encode(), "text/plain")
        target = self._file()
        if target is not None and target.suffix == ".html":
            return self._send(200, _with_reload(target.read_bytes()), "text/html; charset=utf-8")
        return super().do_GET()

    def translate_path(self, path: str) -> str:
        # The site lives under the path of site.url (often "/"): serve it there.
        url_path = urlsplit(path).path
        if self.base_path and url_path.startswith(self.base_path + "/"):
            path = url_path[len(self.base_path) :]
        return super().translate_path(path)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None):
        page = Path(self.directory) / "404.html"
        if code == 404 and page.is_file():
            return self._send(404, _with_reload(page.read_bytes()), "text/html; charset=utf-8")
        return super().send_error(code, message, explain)

    def log_message(self, format: str, *args) -> None:
        pass  # quiet: the console is for build results and problems

    def _file(self) -> Path | None:
        """The HTML file a GET would serve, if any (directory URLs end with a slash)."""
        path = Path(self.translate_path(self.path))
        if path.is_dir() and urlsplit(self.path).path.endswith("/"):
            path = path / "index.html"
        return path if path.is_file() else None

    def _send(self, status: int, body: bytes, media_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def _with_reload(html: bytes) -> bytes:
    marker = b"</body>"
    index = html.rfind(marker)
    script = RELOAD_SCRIPT.encode()
    return html[:index] + script + html[index:] if index >= 0 else html + script


def serve_site(
    root: Path,
    port: int = 8000,
    preview: bool = False,
    output: Path | None = None,
    watch: bool = True,
    now: datetime | None = None,
) -> None:
    """Build, then serve until interrupted; rebuild on every change when `watch`.

    With `watch`, the item pages are kept ready to be remade at once when only a story's
    body, title, summary, tags, date within the day, image caption or credit changes
    (site/hot.py), before the full rebuild.
    """
    hot = HotPages(ITEM_CHECKS) if watch else None
    result = build_site(root, output, preview=preview, now=now, hot=hot)  # problems: exit
    counter = BuildCounter()
    counter.bump()
    _say_warnings(result.warnings)
    click.secho(f"✓ Built {result.items} items in {result.seconds:.2f} s", fg="green")
    handler = partial(
        LiveHandler,
        directory=str(result.output),
        counter=counter,
        base_path=result.base_path,
    )
    try:
        server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as error:
        raise click.ClickException(
            f"cannot serve on 127.0.0.1:{port} ({error.strerror}) — choose another --port"
        ) from None
    host, bound_port = server.server_address[:2]
    click.echo(f"Serving http://{host}:{bound_port}/ — press Ctrl+C to stop", err=False)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        if watch:
            _rebuild_on_change(root, result.output, preview, now, counter, hot)
        else:
            thread.join()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()


def watched_paths(root: Path) -> list[Path]:
    """Content, configuration, theme, plugins and the handbook: what a rebuild depends on."""
    paths = [root / "content", root / CONFIG_FILE, theme_dir(root), plugins_dir(root)]
    paths += [root / "docs", root / "mkdocs.yml"]
    return [p for p in paths if p.exists()]


def _rebuild_on_change(
    root: Path,
    output: Path,
    preview: bool,
    now: datetime | None,
    counter: BuildCounter,
    hot: HotPages | None = None,
) -> None:
    for changes in watchfiles.watch(*watched_paths(root), debounce=50, step=20):
        names = sorted({Path(path).name for _, path in changes})
        click.echo(f"Changed: {', '.join(names)} — rebuilding")
        if hot is not None and _patched(hot, changes):
            counter.bump()
        try:
            result = build_site(root, output, preview=preview, now=now, hot=hot)
        except ProblemsFound as found:
            click.echo(format_human(found.problems))
            click.secho("✗ not rebuilt: fix the problems above", fg="red")
            continue
        except BuildFailed as failure:
            click.secho(f"✗ build failed:\n{failure}", fg="red")
            continue
        except Exception as error:
            # The last good build stays online: a rebuild never takes the server down.
            click.secho(f"✗ not rebuilt ({type(error).__name__}: {error})", fg="red")
            click.echo(traceback.format_exc() if _is_bug(error) else "", nl=False)
            continue
        counter.bump()
        _say_warnings(result.warnings)
        click.secho(f"✓ Rebuilt in {result.seconds:.2f} s", fg="green")


def _say_warnings(warnings: list[str]) -> None:
    """What `build` warns about, `serve` says too: a still not fetched, sealed files a
    preview laid out in the working copy (never to be committed)."""
    for warning in warnings:
        click.secho(f"warning: {warning}", fg="yellow", err=True)


def _patched(hot: HotPages, changes: set[tuple[watchfiles.Change, str]]) -> bool:
    """Whether the pages of edited stories were remade at once (site/hot.py)."""
    started = time.perf_counter()
    try:
        made = hot.patch(sorted(Path(path) for _, path in changes))
    except Exception:  # never worse than without: the full build reports what is wrong
        return False
    if made:
        seconds = time.perf_counter() - started
        click.secho(f"✓ Updated {', '.join(made)} in {seconds:.2f} s", fg="green")
    return bool(made)


def _is_bug(error: Exception) -> bool:
    """Not a file-system refusal a user can fix (disk full, permissions): show its trace."""
    from .problems import system_problem

    return not (isinstance(error, OSError) and system_problem(error) is not None)
