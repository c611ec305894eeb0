"""Incremental builds: two site folders, each file keyed by its inputs, rendered on two cores.

The output folder is a link to one of two folders beside it, `.output-a` and `.output-b`.
A build updates the folder that is *not* live, then switches the link in one atomic
rename: visitors see the whole previous site until the whole new one replaces it.

Every file of a build is scheduled with a key: the hash of everything it is made from
(code, templates, settings, and the data of the items it shows). Each folder keeps a
manifest of the key of each of its files, so a build

- leaves a file alone when the folder already holds it with the same key,
- hard-links it from the live folder when that one holds it with the same key,
- renders it otherwise — at `flush`, split over two processes when there are many,
- and deletes the files of the folder that this build no longer makes.

A file is never written in place (always a new file renamed over the old one): the two
folders share the files they have in common. A folder whose update was interrupted has no
manifest, and is rebuilt from nothing by the next build. An incremental build is
byte-identical to a clean one as long as the keys name every input: that is tested by
tests/site/test_incremental.py, which builds both and compares them.
"""

from __future__ import annotations

import fcntl
import gc
import json
import os
import platform
import shutil
import subprocess
import tempfile
import traceback
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path
from typing import Any

from ..atomic_files import write_atomically
from ..fingerprint import digest
from ..forking import can_fork, in_two_processes
from ..image_metadata import RULES_VERSION, without_metadata
from ..owned_folders import MARKER, is_ours, mark, may_replace

# Below this many files to render, a second process costs more than it saves.
PARALLEL_FROM = 200
# Linking is file-system work (the GIL is released): a few threads keep the disk busy.
LINK_THREADS = 4
# While the garbage collector is paused, the young objects are collected every this many
# files rendered (see `_young_garbage_collected`).
COLLECT_EVERY = 200
MANIFEST_FORMAT = 2  # files: {site path: [key, size, mtime_ns]}


@dataclass(frozen=True)
class Made:
    """A file whose key is known once it is made: a page keyed by what it read."""

    content: str | bytes
    key: str
    note: object = None  # what the key was made from, for `OutputCache.keep_note`


Render = Callable[[], "str | bytes | Made"]
Job = tuple[str, str, Render]  # site path, key, renders the content
Files = dict[str, list]  # a manifest: site path → [key, size, mtime_ns] of the file made


class RenderFailed(Exception):
    """A file could not be rendered: which one, and the template error (or the trace)."""


@dataclass
class OutputCache:
    """Schedules the files of one build into `folder`.

    `current`: what `folder` holds now (its manifest; empty for a new folder). `live` and
    `live_files`: the folder visitors see and its manifest, to link unchanged files from.
    A manifest also records each file's size and modification time: a file that another
    command rewrote since (`newsroom admin`, say) is never taken for the one the key names.
    """

    folder: Path
    current: Files = field(default_factory=dict)
    live: Path | None = None
    live_files: Files = field(default_factory=dict)
    kept: int = 0
    linked: int = 0
    rendered: int = 0
    asked: int = 0  # pages asked their recorded questions again (told by the build)
    redone: int = 0  # pages rendered again without being asked (told by the build)
    manifest: dict[str, str] = field(default_factory=dict)
    _kept: Files = field(default_factory=dict)  # entries of `current` found unchanged
    _links: list[Job] = field(default_factory=list)
    _pending: list[Job] = field(default_factory=list)
    _made: set[str] = field(default_factory=set)
    # A new folder filled with links to the live folder's files by `cp -al` while the build
    # runs (see SiteFolders.prepare), and the files expected from it, checked at `flush`.
    copying: subprocess.Popen[bytes] | None = None
    _copied: list[Job] = field(default_factory=list)
    # Told the key and note of each `Made` file (the recorded reads of a page), once made.
    keep_note: Callable[[str, object], None] | None = None
    _groups: dict[str, str] = field(default_factory=dict)  # site path → its `put` group

    def put(self, name: str, key: str, render: Render, group: str | None = None) -> None:
        """Schedule the site file `name`, made from inputs whose hash is `key`.

        Files of one `group` put one after the other are rendered one after the other
        in the same process (the variants of one photo: it is decoded once).
        """
        if name in self.manifest:
            raise ValueError(f"two files of the build have the same path: {name}")
        self.manifest[name] = key
        if group is not None:
            self._groups[name] = group
        if self.copying is not None and self.live_files.get(name, [None])[0] == key:
            self._copied.append((name, key, render))
        elif _same(self.current.get(name), key, self.folder / name):
            self.kept += 1
            self._kept[name] = self.current[name]
        elif self.live is not None and self.live_files.get(name, [None])[0] == key:
            self._links.append((name, key, render))
        else:
            self._pending.append((name, key, render))

    def keys_of(self, name: str) -> list[str]:
        """The keys `name` has in this folder and in the live one (the newest first)."""
        return [entry[0] for entry in (self.live_files.get(name), self.current.get(name)) if entry]

    def write(self, name: str, content: str | bytes) -> None:
        """Schedule a file already made (feeds, sitemap…): keyed by its content."""
        self.put(name, digest(content), lambda: content)

    def copy(self, name: str, source: Path) -> None:
        """Publish a repository file (image, document) at `name`; images without metadata.

        Keyed by path, size and modification time (and the rules that strip images): a
        changed file is copied again.
        """
        stat = source.stat()
        self.put(
            name,
            digest("file", RULES_VERSION, source.resolve(), stat.st_size, stat.st_mtime_ns),
            lambda: without_metadata(source.read_bytes()),
        )

    def adopt(self, folder: Path, prefix: str, key: str | None = None) -> None:
        """Schedule every file under `folder` (built elsewhere) at `prefix/…`, by content,
        or by `key` and its path: the digest of what the whole folder was made from."""
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.name != MARKER):
            rel = path.relative_to(folder).as_posix()
            named = digest(key, rel) if key is not None else digest(path.read_bytes())
            self.put(f"{prefix}/{rel}" if prefix else rel, named, path.read_bytes)

    def flush(self) -> None:
        """Link the files the live folder has, then render the others (two cores if many)."""
        self.settle()
        links, self._links = self._links, []
        self._link_all(links)
        jobs, self._pending = self._pending, []
        self.rendered += len(jobs)
        with _young_garbage_collected(self._render) as render:
            if len(jobs) >= PARALLEL_FROM and can_fork():
                keyed = _split_over_two_processes(jobs, render, self._groups.get)
            else:
                keyed = _run(jobs, render)
        for name, key, note in keyed:
            self.manifest[name] = key
            if self.keep_note is not None and note is not None:
                self.keep_note(key, note)

    def settle(self) -> None:
        """Wait for the copy of the live folder; keep what it brought as the manifest says.

        A copied file is kept when it is still the one the live manifest names (size and
        time: the copy is a link to it); otherwise, or if the copy failed (`cp` without
        `-l`, say), it is linked or rendered as in any build, and the copy's leftovers are
        removed so no file this build does not make stays behind.
        """
        if self.copying is None:
            return
        copied = self.copying.wait() == 0
        self.copying = None
        if copied:
            self.current = dict(self.live_files)  # what the folder holds now
        else:
            for entry in self.folder.iterdir():
                if entry.name in _tops(self.live_files):
                    shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
        for job in self._copied:
            name, key, _ = job
            if copied and _same(self.live_files[name], key, self.folder / name):
                self.kept += 1
                self._kept[name] = self.live_files[name]
            else:
                self._links.append(job)
        self._copied = []

    def files(self) -> Files:
        """The manifest of the finished folder (sizes and times read from the files)."""
        made: Files = {}
        for name, key in self.manifest.items():
            if name in self._kept:
                made[name] = self._kept[name]
            else:
                stat = os.stat(self.folder / name)
                made[name] = [key, stat.st_size, stat.st_mtime_ns]
        return made

    def remove_stale(self) -> None:
        """Delete the files the folder held that this build does not make (and empty folders)."""
        for name in self.current.keys() - self.manifest.keys():
            path = self.folder / name
            path.unlink(missing_ok=True)
            parent = path.parent
            while parent != self.folder and parent.is_dir() and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent

    def _link_all(self, links: list[Job]) -> None:
        """Link unchanged files from the live folder (a folder a task); render what vanished."""
        by_folder: dict[str, list[Job]] = defaultdict(list)
        for job in links:
            by_folder[os.path.dirname(job[0])].append(job)

        def link_folder(jobs: list[Job]) -> list[Job]:
            return [job for job in jobs if not self._link(job[0])]

        with ThreadPoolExecutor(LINK_THREADS) as pool:
            for missing in pool.map(link_folder, by_folder.values()):
                self._pending += missing
                self.linked -= len(missing)
        self.linked += len(links)

    def _link(self, name: str) -> bool:
        assert self.live is not None
        source, target = self.live / name, self._target(name)
        if not _same(self.live_files.get(name), self.manifest[name], source):
            return False  # rewritten in the live folder since: render it
        try:
            try:
                os.link(source, target)
            except FileExistsError:  # replace, never write into a file the live folder may share
                temporary = target.with_name(f".{target.name}.link")
                temporary.unlink(missing_ok=True)
                os.link(source, temporary)
                os.replace(temporary, target)
        except FileNotFoundError:
            return False
        except OSError:  # another file system, or no hard links: copy
            if not source.is_file():
                return False
            self._write(target, source.read_bytes())
        return True

    def _render(self, job: Job) -> tuple[str, str, object] | None:
        """Render a file; its path, key and note when the key is known only now (`Made`)."""
        name, _, render = job
        try:
            content = render()
        except Exception as error:  # a template's runtime error: say which file and where
            raise RenderFailed(f"{name}: {_describe(error)}") from error
        keyed = None
        if isinstance(content, Made):
            keyed, content = (name, content.key, content.note), content.content
        self._write(self._target(name), content.encode() if isinstance(content, str) else content)
        return keyed

    def _write(self, target: Path, content: bytes) -> None:
        try:
            with open(target, "xb") as file:
                file.write(content)
        except FileExistsError:  # a new file renamed over the old one (see _link)
            replace_file(target, content)

    def _target(self, name: str) -> Path:
        target = self.folder / name
        parent = str(target.parent)
        if parent not in self._made:  # shared by threads: at worst a folder is made twice
            os.makedirs(parent, exist_ok=True)
            self._made.add(parent)
        return target


@dataclass
class SiteFolders:
    """`output` as a link to one of two folders beside it; the other is built and switched in."""

    output: Path

    def slot(self, letter: str) -> Path:
        return self.output.with_name(f".{self.output.name}-{letter}")

    def claim(self, root: Path, setting: str = "site.output_dir") -> None:
        """Refuse an output (or one of its two folders) that Newsroom did not make.

        Called before anything is written: `--output .git` or a folder of someone else's
        files ends here with a message, never emptied and replaced by a link.
        """
        slots = (self.slot("a"), self.slot("b"))
        may_replace(root, self.output, setting, ours=slots)
        for slot in slots:
            # A folder with its manifest beside it was made by Newsroom before markers existed.
            if not (is_ours(slot) or _manifest_path(slot).is_file()):
                may_replace(root, slot, setting)

    def live(self) -> Path | None:
        """The folder the output link points to, if it is one of ours."""
        if not self.output.is_symlink():
            return None
        target = self.output.parent / os.readlink(self.output)
        return target if target in (self.slot("a"), self.slot("b")) and target.is_dir() else None

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Lock the folder holding the output (no lock file): a second build waits."""
        folder = os.open(self.output.parent, os.O_RDONLY)
        try:
            fcntl.flock(folder, fcntl.LOCK_EX)
            yield
        finally:
            os.close(folder)  # releases the lock

    def prepare(self, incremental: bool, *, dry_run: bool = False) -> OutputCache:
        """The OutputCache of this build: the other folder (or a temporary one for a dry run)."""
        live = self.live() if incremental else None
        live_files = read_manifest(live) if live is not None else {}
        if dry_run:
            folder = Path(
                tempfile.mkdtemp(prefix=f".{self.output.name}-dry-run-", dir=self.output.parent)
            )
            os.chmod(folder, 0o755)
            return OutputCache(folder, {}, live if live_files else None, live_files)
        folder = self.slot("b" if self.live() == self.slot("a") else "a")  # the one not live
        current = read_manifest(folder) if incremental else {}
        _manifest_path(folder).unlink(missing_ok=True)  # about to change: unknown until done
        if not current:
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(mode=0o755)
        else:  # what the manifest does not name (theme assets, another command's files)
            tops = _tops(current) | {MARKER}
            for entry in folder.iterdir():
                if entry.name not in tops:
                    shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
        if not (folder / MARKER).is_file():
            mark(folder)
        files = OutputCache(folder, current, live if live_files else None, live_files)
        if not current and live is not None and live_files:
            files.copying = _copy_as_links(live, folder, _tops(live_files))
        return files

    def publish(self, files: OutputCache) -> None:
        """Record the finished folder's manifest, then point the output link at it."""
        files.remove_stale()
        _write_json(
            _manifest_path(files.folder), {"format": MANIFEST_FORMAT, "files": files.files()}
        )
        link = self.output.with_name(f".{self.output.name}-link-{os.getpid()}")
        link.unlink(missing_ok=True)
        link.symlink_to(files.folder.name)
        previous = None
        if self.output.exists() and not self.output.is_symlink():  # a folder from elsewhere
            previous = self.output.with_name(f".{self.output.name}-replaced-{os.getpid()}")
            self.output.rename(previous)
        os.replace(link, self.output)  # atomic: the old site or the new one, never a mix
        if previous is not None:
            shutil.rmtree(previous) if previous.is_dir() else previous.unlink()


def read_manifest(folder: Path) -> Files:
    """The files a finished folder holds, by key; empty when unknown or unfinished."""
    try:
        data = json.loads(_manifest_path(folder).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT:
        return {}
    files = data.get("files")
    return files if isinstance(files, dict) and folder.is_dir() else {}


def _same(entry: list | None, key: str, path: Path) -> bool:
    """Whether `path` is still the file a manifest entry recorded for `key`."""
    if entry is None or entry[0] != key:
        return False
    try:
        stat = os.stat(path)
    except OSError:
        return False
    return [stat.st_size, stat.st_mtime_ns] == entry[1:]


def manifest_path(folder: Path) -> Path:
    """Where the manifest of a site folder is kept: beside it, `.output-a.json`."""
    return folder.with_name(f"{folder.name}.json")


_manifest_path = manifest_path


def replace_file(target: Path, content: bytes) -> None:
    """`content` as a new file renamed over `target`, readable by all like any built file:
    never written into the old file, which the other site folder may share."""
    write_atomically(target, content, durable=False, mode=0o644)


def _write_json(path: Path, data: object) -> None:
    text = json.dumps(data, separators=(",", ":"))
    write_atomically(path, text.encode("utf-8"), durable=False)


def _tops(files: Files) -> set[str]:
    """The top-level names (files and folders) of a manifest's paths."""
    return {name.split("/", 1)[0] for name in files}


def _copy_as_links(live: Path, folder: Path, tops: set[str]) -> subprocess.Popen[bytes] | None:
    """Start `cp -al` of the live folder's built files into the new, empty `folder`.

    The first build after a cold one fills the second folder with ~34,000 links at 10,000
    items: seconds of file-system calls, done by GNU cp beside the build (another core)
    instead of one by one at `flush`. Only what the manifest names is copied (not the
    theme's assets, which Pelican writes afresh, nor another command's files). None where
    there is no GNU cp: the files are then linked at `flush`, as they always were.
    """
    present = sorted(top for top in tops if os.path.lexists(live / top))
    if platform.system() != "Linux" or not present or shutil.which("cp") is None:
        return None
    return subprocess.Popen(
        ["cp", "-al", "--", *(str(live / top) for top in present), str(folder)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@contextmanager
def _young_garbage_collected(
    work: Callable[[Job], Any], every: int = COLLECT_EVERY
) -> Iterator[Callable[[Job], Any]]:
    """`work`, collecting the cyclic garbage of the last `every` jobs before each next one,
    while the build keeps the garbage collector paused (build_assembly.build_site).

    Rendering a story's page leaves objects in reference cycles (Jinja's), ≈ 100 a page:
    with the collector paused they would stay until the build ends (≈ 0.5 GB at 50,000
    items). The build's own objects are frozen first (`gc.freeze`), so that each
    collection looks at the young objects alone, and a forked process's collections do
    not write to the memory it shares with this one.
    """
    if gc.isenabled():  # the collector does it
        yield work
        return
    done = count(1)

    def collected(job: Job) -> Any:
        if next(done) % every == 0:
            gc.collect(0)
        return work(job)

    gc.freeze()
    try:
        yield collected
    finally:
        gc.unfreeze()  # collectable again, in a process that goes on (`serve`)


def _split_over_two_processes(
    jobs: list[Job], work: Callable[[Any], Any], group_of: Callable[[str], str | None]
) -> list:
    """Run half of `jobs` in a forked child, half here; raise RenderFailed if the child fails.

    The jobs alternate between the two halves, but a run of jobs of the same group
    (`group_of` their site path) stays whole in one half.

    The child inherits the build's objects (templates, site model) as they are, so nothing
    is pickled on the way there; it writes its files itself and reports back an error, or
    what `work` returned for its jobs (the keys known once a page is made, pickled).
    Returns those of both halves.
    """

    def render_theirs() -> tuple[str, list[Any]]:  # what went wrong (or ""), the keys made
        try:  # an exception would lose its text on the way back: it is sent as a message
            return "", _run(theirs, work)
        except Exception as error:
            return (str(error) if isinstance(error, RenderFailed) else _describe(error)), []

    mine, theirs = _halves(jobs, group_of)
    jobs.clear()  # each job (its page's context) goes once done: see `_run`

    def render_mine() -> list[Any]:
        theirs.clear()  # here, after the fork: the child renders them
        return _run(mine, work)

    made_here, handed = in_two_processes(render_mine, render_theirs)
    if handed is None:
        raise RenderFailed("the second rendering process ended without finishing its pages")
    failure, made = handed
    if failure:
        raise RenderFailed(failure[-20_000:])
    return made_here + made


def _halves(jobs: list[Job], group_of: Callable[[str], str | None]) -> tuple[list, list]:
    """`jobs` dealt to two halves in turn, a run of jobs of one group as one job."""
    halves: tuple[list, list] = ([], [])
    side, last = 1, None
    for job in jobs:
        group = group_of(job[0])
        if group is None or group != last:
            side = 1 - side
        last = group
        halves[side].append(job)
    return halves


def _describe(error: BaseException) -> str:
    """A template error as `file:line: message` (as the build says it); others with a trace."""
    if getattr(error, "lineno", None) is not None:
        return f"{getattr(error, 'filename', None) or 'template'}:{error.lineno}: {error}"  # type: ignore[attr-defined]
    return "".join(traceback.format_exception(error))


def _run(jobs: list, work: Callable[[Any], Any]) -> list:
    """Do every job, each dropped from `jobs` once done (a page's render holds its
    context); what the jobs returned, but None."""
    made = []
    for index, job in enumerate(jobs):
        jobs[index] = None
        done = work(job)
        if done is not None:
            made.append(done)
    return made
