"""The handbook and the web editor are kept between builds (build_assembly._adopt_made):
two builds of one repository at the same moment (a `serve` and a `build`, two test workers)
may both keep the same version. The second must not fail, and its site is still whole."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newsroom import build_assembly
from newsroom.site.output_cache import OutputCache


def make_handbook(scratch: Path) -> Path:
    folder = scratch / "handbook"
    folder.mkdir()
    (folder / "index.html").write_text("<h1>Handbook</h1>\n", encoding="utf-8")
    return folder


def test_a_version_kept_by_another_build_at_the_same_moment_is_no_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept, key = tmp_path / "repo/.cache/handbook", "v1"
    removing = shutil.rmtree

    def other_build_keeps_it_meanwhile(path: Path, *args: object, **options: object) -> None:
        removing(path, *args, **options)  # type: ignore[arg-type]
        if Path(path) == kept:  # the other build's rename lands right after the clean-up
            (kept / key).mkdir(parents=True)
            make_handbook(kept / key)

    monkeypatch.setattr(shutil, "rmtree", other_build_keeps_it_meanwhile)
    files = OutputCache(tmp_path / "site")
    build_assembly._adopt_made(files, kept, key, "handbook", True, make_handbook)
    assert (tmp_path / "site/handbook/index.html").read_text() == "<h1>Handbook</h1>\n"
    # The version kept is whole, and the next build takes it as it is.
    assert (kept / key / "handbook/index.html").is_file()
