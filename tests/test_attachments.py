"""Attachments: allowed and forbidden types, oversize, fake PDFs and missing files are `check` errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from .conftest import VALID_ITEM, VALID_PATH, write

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def attach(root: Path, *paths: str) -> None:
    listed = "".join(f"  - {p}\n" for p in paths)
    write(root, VALID_PATH, VALID_ITEM.replace("tags:", f"attachments:\n{listed}tags:", 1))


def problems(run, root: Path) -> list[dict]:
    result = run(root, "check", "--format", "json")
    return json.loads(result.output)["problems"]


@pytest.mark.parametrize(
    ("name", "data"),
    [("brochure.pdf", PDF), ("results.csv", b"a,b\n1,2\n"), ("Report.DOCX", b"PK\x03\x04")],
)
def test_allowed_types_pass(newsroom: Path, run, name: str, data: bytes) -> None:
    write(newsroom, f"content/files/{name}", data)
    attach(newsroom, f"content/files/{name}")
    assert problems(run, newsroom) == []


@pytest.mark.parametrize(
    ("name", "data", "fragment"),
    [
        ("setup.exe", b"MZ", ".exe files cannot be attached — use one of pdf, docx"),
        ("notes", b"text", ".(none) files cannot be attached"),
        ("brochure.pdf", b"<html>not a pdf</html>", "is not a PDF document (no %PDF- header)"),
    ],
)
def test_forbidden_types_and_fake_pdfs_are_errors_at_their_line(
    newsroom: Path, run, name: str, data: bytes, fragment: str
) -> None:
    write(newsroom, "content/files/ok.pdf", PDF)
    write(newsroom, f"content/files/{name}", data)
    attach(newsroom, "content/files/ok.pdf", f"content/files/{name}")
    (problem,) = problems(run, newsroom)
    assert (problem["file"], problem["field"], problem["line"]) == (
        VALID_PATH,
        "attachments",
        12,  # the second entry of the list
    )
    assert fragment in problem["message"]


def test_an_attachment_over_the_size_limit_is_an_error(newsroom: Path, run) -> None:
    config = yaml.safe_load((newsroom / "newsroom.yml").read_text(encoding="utf-8"))
    config["attachments"] = {"max_bytes": 1000}
    (newsroom / "newsroom.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    write(newsroom, "content/files/big.pdf", PDF + b"0" * 1500)
    attach(newsroom, "content/files/big.pdf")
    (problem,) = problems(run, newsroom)
    assert problem["field"] == "attachments" and problem["line"] == 11
    assert "is 2 KB, over the 1 KB limit" in problem["message"]


def test_types_are_configurable(newsroom: Path, run) -> None:
    config = yaml.safe_load((newsroom / "newsroom.yml").read_text(encoding="utf-8"))
    config["attachments"] = {"types": ["pdf"]}
    (newsroom / "newsroom.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    write(newsroom, "content/files/results.csv", b"a,b\n")
    attach(newsroom, "content/files/results.csv")
    (problem,) = problems(run, newsroom)
    assert "use one of pdf (newsroom.yml `attachments.types`)" in problem["message"]


def test_a_missing_attachment_names_the_file_and_suggests_a_fix(newsroom: Path, run) -> None:
    write(newsroom, "content/files/brochure.pdf", PDF)
    attach(newsroom, "content/files/brochur.pdf")
    (problem,) = problems(run, newsroom)
    assert problem["field"] == "attachments" and problem["line"] == 11
    assert "no file at 'content/files/brochur.pdf'" in problem["message"]
    assert "brochure.pdf" in problem["message"]


def test_an_attachment_outside_the_repository_is_an_error(newsroom: Path, run) -> None:
    attach(newsroom, "../secrets.pdf")
    (problem,) = problems(run, newsroom)
    assert problem["field"] == "attachments" and "leaves its folder" in problem["message"]
