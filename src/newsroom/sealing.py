"""Sealed embargoed items: their file format, and sealing and opening them with age.

A sealed item is one file, `content/news/<theme>/<YYYY>/<YYYY-MM-DD>-<id>.sealed.md`:

    ---
    sealed: 1                              # the format's version
    id: k7q2m9                             # the item's permanent id
    embargo: 2026-12-08T09:00:00+01:00     # its date: nothing of it is published before
    sealed_by: Press office <press@uni.example>
    ---
    -----BEGIN AGE ENCRYPTED FILE-----
    …
    -----END AGE ENCRYPTED FILE-----

The front matter is the public header (the folder is the theme); the body is the ASCII-armored
age payload, encrypted to every key of `embargo.recipients` in newsroom.yml. The payload is
JSON: the item file's name and its whole text (front matter and body), so title, summary,
social texts and body are all sealed; and the repository files only it references (its
image, attachments, body images, video captions), each sealed into a binary age file beside
it, `<YYYY-MM-DD>-<id>.sealed-<n>.age`, listed in the payload by path and SHA-256. Beside,
not inside: an image inside the JSON would grow by a third twice (base64, then armor), and
every re-seal of the text would rewrite it in git; a binary age file adds ~200 bytes.
The private key comes from `NEWSROOM_EMBARGO_KEY` only: never a file in the repository.
See docs/embargo.md for the threat model.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from .ids import ID_ALPHABET
from .problems import Problem
from .schema import AwareDateTime, _item_id
from .validation import problems_from_validation
from .yamlsource import LoadedYaml, YamlSyntaxError, load_yaml

SUFFIX = ".sealed.md"
KEY_ENV = "NEWSROOM_EMBARGO_KEY"
FORMAT = 1
ARMOR_BEGIN = "-----BEGIN AGE ENCRYPTED FILE-----"
ARMOR_END = "-----END AGE ENCRYPTED FILE-----"
# `<YYYY-MM-DD>-<id>.sealed.md`: the date is the embargo's, public anyway; no slug, which
# would tell the title.
SEALED_NAME = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})-(?P<id>[0-9a-z]+)\.sealed\.md$")
ITEM_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*\.md$")
NO_KEY = "set NEWSROOM_EMBARGO_KEY in the social environment"


class SealedHeader(BaseModel):
    """The public header of a sealed item: what everyone who can read the repository sees."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    sealed: Literal[1] = Field(description="The sealed file's format version: 1.")
    id: Annotated[str, AfterValidator(_item_id)] = Field(
        description="The item's permanent id (the same inside the sealed text)."
    )
    embargo: AwareDateTime = Field(
        description="The embargo time, with its UTC offset: the item's `date` inside."
    )
    sealed_by: str = Field(min_length=1, description="Who sealed it (a name, an e-mail).")


@dataclass(frozen=True)
class SealedFile:
    """A sealed item file read from disk: its header (None when invalid) and its payload."""

    header: SealedHeader | None
    armored: str
    source: LoadedYaml
    body_line: int


@dataclass(frozen=True)
class JournalistsPreview:
    """The journalists' page of a sealed item before its embargo: where, and its passphrase."""

    token: str  # the page is /embargo/<token>/: unguessable, never listed
    passphrase: str


@dataclass(frozen=True)
class SealedFileRef:
    """A repository file sealed with its item: where it was, where its age file is (a name
    beside the sealed item), and the SHA-256 of its bytes."""

    path: str
    sealed: str
    sha256: str


@dataclass(frozen=True)
class Opened:
    """What a sealed file holds: the item file's name and its text (and the journalists'
    page's token and passphrase, when the item has one; the files sealed with it)."""

    name: str
    text: str
    journalists: JournalistsPreview | None = None
    files: tuple[SealedFileRef, ...] = ()


class SealError(Exception):
    """Sealing or opening failed for a reason a person can fix (the message says how)."""


def is_sealed(rel: str) -> bool:
    """Whether a content path is a sealed item file."""
    return rel.endswith(SUFFIX)


def sealed_name(embargo: datetime, item_id: str) -> str:
    """The sealed file's name: the embargo's date and the id, never the slug."""
    return f"{embargo.date().isoformat()}-{item_id}{SUFFIX}"


def parse_sealed(text: str, rel: str, zone: Any, problems: list[Problem]) -> SealedFile | None:
    """Read a sealed file's header and payload; record what is wrong at its line."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")  # as an editor may save it
    match = re.match(r"\A---\n(.*?\n)---\n", text, re.S)
    if match is None:
        problems.append(
            Problem(rel, 1, "", "not a sealed item — seal items with `newsroom embargo seal`")
        )
        return None
    try:
        source = load_yaml(match[1], 2)
    except YamlSyntaxError as error:
        problems.append(Problem(rel, error.line, error.field, error.message))
        return None
    body_line = match[0].count("\n") + 1
    armored = text[match.end() :].strip()
    header = None
    if isinstance(source.data, dict):
        try:
            header = SealedHeader.model_validate(source.data, context={"zone": zone})
        except ValidationError as error:
            problems += problems_from_validation(error, SealedHeader, source, rel)
    else:
        problems.append(
            Problem(
                rel,
                2,
                "",
                "the header must be `key: value` lines — take the file again from git, or "
                "seal the item again",
            )
        )
    if not (armored.startswith(ARMOR_BEGIN) and armored.endswith(ARMOR_END)):
        problems.append(
            Problem(
                rel,
                body_line,
                "body",
                "the sealed text is damaged (no age armor) — take the file again from git, or "
                "seal the item again with `newsroom embargo seal`",
            )
        )
        return None
    return SealedFile(header, armored, source, body_line)


def layout_problems(rel: str, sealed: SealedFile, themes: list[str]) -> list[Problem]:
    """Where a sealed file must live, and what its name must say (the header's date and id)."""
    parts, header = PurePosixPath(rel).parts, sealed.header
    problems = []
    if len(parts) == 5 and parts[2] not in themes:
        problems.append(
            Problem(rel, 1, "theme", f"folder {parts[2]!r} is not a declared theme — move the file")
        )
    match = SEALED_NAME.match(parts[-1])
    if header is None:
        return problems
    expected = sealed_name(header.embargo, header.id)
    if len(parts) != 5 or match is None or match["id"] != header.id or parts[3] != expected[:4]:
        problems.append(
            Problem(
                rel,
                1,
                "",
                f"a sealed item lives at content/news/<theme>/<YYYY>/<YYYY-MM-DD>-<id>.sealed.md "
                f"— rename it content/news/<theme>/{expected[:4]}/{expected}",
            )
        )
    elif match["date"] != expected[:10]:
        problems.append(
            Problem(
                rel,
                sealed.source.line_of(("embargo",)),
                "embargo",
                f"the file name says {match['date']} but the embargo is "
                f"{header.embargo.isoformat()} — the embargo is the sealed item's date: put "
                "back the time it was sealed with, or `newsroom embargo open` the item, change "
                "its date and seal it again",
            )
        )
    return problems


def compose(header: SealedHeader, armored: str) -> str:
    """The sealed file's text: the public header, then the armored payload."""
    return (
        "---\n"
        f"sealed: {header.sealed}\n"
        f"id: {header.id}\n"
        f"embargo: {header.embargo.isoformat()}\n"
        f"sealed_by: {json.dumps(header.sealed_by, ensure_ascii=False)}\n"
        "---\n"
        f"{armored.strip()}\n"
    )


def new_journalists_preview() -> JournalistsPreview:
    """A fresh token (128 bits) and passphrase (125 bits, five groups read aloud easily)."""
    token = "".join(secrets.choice(ID_ALPHABET) for _ in range(26))
    groups = ["".join(secrets.choice(ID_ALPHABET) for _ in range(5)) for _ in range(5)]
    return JournalistsPreview(token, "-".join(groups))


def sealed_file_name(sealed_item: str, number: int) -> str:
    """The name of the `number`th file sealed with the item `sealed_item` (a name only: the
    file's own name could tell the story)."""
    return f"{sealed_item.removesuffix(SUFFIX)}.sealed-{number}.age"


def seal_text(
    name: str,
    text: str,
    recipients: list[str],
    journalists: JournalistsPreview | None = None,
    files: tuple[SealedFileRef, ...] = (),
) -> str:
    """Encrypt an item file (its name and text, the list of files sealed with it) to every
    recipient; the armored payload."""
    sealed: dict[str, object] = {"format": FORMAT, "name": name, "text": text}
    if journalists is not None:
        sealed["journalists"] = {"token": journalists.token, "passphrase": journalists.passphrase}
    if files:
        sealed["files"] = [{"path": f.path, "sealed": f.sealed, "sha256": f.sha256} for f in files]
    payload = json.dumps(sealed, ensure_ascii=False)
    return bytes(_encrypt(payload.encode("utf-8"), recipients, armored=True)).decode("ascii")


def seal_bytes(data: bytes, recipients: list[str]) -> bytes:
    """Encrypt a repository file's bytes to every recipient: a binary age file."""
    return _encrypt(data, recipients, armored=False)


def _encrypt(data: bytes, recipients: list[str], *, armored: bool) -> bytes:
    import pyrage

    if not recipients:
        raise SealError(
            "newsroom.yml declares no `embargo.recipients` — add the press office's age public "
            "keys (age1…), e.g. `embargo: {recipients: [age1…]}`"
        )
    try:
        keys = [pyrage.x25519.Recipient.from_str(key) for key in recipients]
        return bytes(pyrage.encrypt(data, keys, armored=armored))
    except (pyrage.RecipientError, pyrage.EncryptError) as error:
        raise SealError(f"cannot seal to `embargo.recipients`: {error}") from None


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def open_sealed_file(folder: Path, ref: SealedFileRef, identities: list[Any]) -> bytes:
    """The bytes of a file sealed with an item (its age file in `folder`), checked against
    the SHA-256 the seal recorded; SealError when missing, other keys, or damaged."""
    import pyrage

    how = "take it again from git, or `newsroom embargo open` and seal the item again"
    try:
        data = bytes(pyrage.decrypt((folder / ref.sealed).read_bytes(), identities))
    except OSError:
        raise SealError(f"{ref.sealed}, a file sealed with it, is missing — {how}") from None
    except pyrage.DecryptError:
        raise SealError(f"{ref.sealed} does not open with {KEY_ENV} — {how}") from None
    if sha256(data) != ref.sha256:
        raise SealError(f"{ref.sealed} does not open to the bytes sealed — {how}")
    return data


def identities_from_env() -> list[Any] | None:
    """The press office's private keys from NEWSROOM_EMBARGO_KEY (one per line), or None.

    Raises SealError when the variable is set but holds no valid key (never quoting it).
    """
    import pyrage

    value = os.environ.get(KEY_ENV, "").strip()
    if not value:
        return None
    identities = []
    for line in value.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            try:
                identities.append(pyrage.x25519.Identity.from_str(line.strip()))
            except pyrage.IdentityError:
                raise SealError(
                    f"{KEY_ENV} holds something that is not an age secret key "
                    "(AGE-SECRET-KEY-1…) — set it to the press office's key, one per line"
                ) from None
    return identities or None


def open_payload(armored: str, identities: list[Any]) -> Opened:
    """Decrypt a sealed payload with the given keys; SealError when they cannot."""
    import pyrage

    try:
        plain = pyrage.decrypt(armored.encode("ascii"), identities)
    except (pyrage.DecryptError, UnicodeEncodeError):
        raise SealError(
            f"cannot be opened with {KEY_ENV}: sealed to other keys, or damaged — use a key "
            "of `embargo.recipients`, or take the file again from git"
        ) from None
    try:
        data = json.loads(bytes(plain).decode("utf-8"))
        name, text = data["name"], data["text"]
    except (ValueError, KeyError, TypeError):
        raise SealError("the sealed text is not a Newsroom item — seal it again") from None
    if not (isinstance(name, str) and isinstance(text, str) and ITEM_NAME.match(name)):
        raise SealError("the sealed text names no item file — seal it again")
    return Opened(name, text, _journalists(data.get("journalists")), _files(data.get("files")))


def _files(data: object) -> tuple[SealedFileRef, ...]:
    if not isinstance(data, list):
        return ()
    refs = []
    for entry in data:
        fields = [entry.get(key) if isinstance(entry, dict) else None for key in _REF_KEYS]
        path, sealed, digest = fields
        if not all(isinstance(value, str) for value in fields):
            raise SealError("the sealed text lists its files wrongly — seal it again")
        good_name = re.fullmatch(r"[0-9a-z-]+\.sealed-\d+\.age", str(sealed))
        if not good_name or not str(path).startswith("content/") or ".." in str(path):
            raise SealError("the sealed text lists its files wrongly — seal it again")
        refs.append(SealedFileRef(str(path), str(sealed), str(digest)))
    return tuple(refs)


_REF_KEYS = ("path", "sealed", "sha256")


def _journalists(data: object) -> JournalistsPreview | None:
    if not isinstance(data, dict):
        return None
    token, passphrase = data.get("token"), data.get("passphrase")
    good_token = isinstance(token, str) and re.fullmatch(r"[0-9a-z]{20,64}", token)
    if good_token and isinstance(passphrase, str) and len(passphrase) >= 20:
        return JournalistsPreview(str(token), passphrase)
    return None


def overlay(root: Path, into: Path, looked_at: list[str], files: dict[str, bytes]) -> None:
    """Lay out in `into` what checking an opened item reads: the files sealed with it (from
    memory) and the repository files it also looks at, as they are in `root` (a symbolic
    link stays one, so that it is refused as in the repository)."""
    for rel in dict.fromkeys(looked_at):
        source, target = root / rel, into / rel
        if rel in files or ".." in PurePosixPath(rel).parts or not os.path.lexists(source):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            target.symlink_to(os.readlink(source))
        elif source.is_file():
            shutil.copyfile(source, target)
    for rel, data in files.items():
        (into / rel).parent.mkdir(parents=True, exist_ok=True)
        (into / rel).write_bytes(data)


def materialize(root: Path, files: dict[str, bytes]) -> list[str]:
    """Write the files sealed with an item whose embargo is over at their paths, for the
    build and the posts to publish them; the paths that hold other bytes already."""
    clashes = []
    for rel, data in files.items():
        target = root / rel
        if target.is_symlink() or (target.exists() and target.read_bytes() != data):
            clashes.append(rel)
        elif not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    return clashes
