"""Demonstrate the loopback Bluesky PDS with the real `atproto` Python SDK.

    scripts/install-test-servers.sh          # Node 22 + @atproto/dev-env
    pip install atproto==0.0.73              # in a venv
    python tests/servers/demo_bluesky.py

Shows: session via com.atproto.server.createSession, blob upload, an app.bsky.feed.post
with an explicit TID rkey + external link card (thumb) + link facet (UTF-8 byte offsets),
the refusal of a second create_record with the same rkey, get_record, list_records,
and what fails without an app view. Exits non-zero if an expectation does not hold.
"""

from __future__ import annotations

import os
import secrets
import struct
import sys
import time
import warnings
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from atproto import Client, Session, models
from atproto import exceptions as atx
from atproto_client.models.string_formats import validate_tid

from tests.servers.pds import BlueskyPDS

# --------------------------------------------------------------------------------------
# TID: atproto (Python) 0.0.73 has no TID *generator*, only a validator
# (atproto_client.models.string_formats.validate_tid / the `Tid` type). Spec:
# 64-bit int, top bit 0, 53 bits of microseconds since the epoch, 10 bits of clock id,
# base32-sortable ("234567abcdefghijklmnopqrstuvwxyz"), always 13 chars.
_S32 = "234567abcdefghijklmnopqrstuvwxyz"
_CLOCK_ID = secrets.randbelow(1024)
_last_us = 0


def next_tid(now_us: int | None = None, clock_id: int = _CLOCK_ID) -> str:
    global _last_us
    us = now_us if now_us is not None else time.time_ns() // 1000
    if now_us is None:  # strictly increasing within this process
        us = max(us, _last_us + 1)
        _last_us = us
    n = ((us & ((1 << 53) - 1)) << 10) | (clock_id & 0x3FF)
    out = []
    for _ in range(13):
        out.append(_S32[n & 31])
        n >>= 5
    return "".join(reversed(out))


def tiny_png(width: int = 4, height: int = 4, rgb: tuple[int, int, int] = (200, 30, 60)) -> bytes:
    """A valid RGB PNG built with zlib only (no Pillow)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def describe(exc: BaseException) -> str:
    resp = getattr(exc, "response", None)
    status = getattr(resp, "status_code", None)
    content = getattr(resp, "content", None)
    err = getattr(content, "error", None)
    msg = getattr(content, "message", None)
    return (
        f"{type(exc).__module__}.{type(exc).__name__} status={status} error={err!r} message={msg!r}"
    )


def utf8_slice(text: str, sub: str) -> models.AppBskyRichtextFacet.ByteSlice:
    """Byte offsets (UTF-8, end exclusive) of the first occurrence of `sub` in `text`."""
    start_chars = text.index(sub)
    start = len(text[:start_chars].encode("utf-8"))
    return models.AppBskyRichtextFacet.ByteSlice(
        byte_start=start, byte_end=start + len(sub.encode("utf-8"))
    )


failures: list[str] = []


def check(cond: bool, what: str) -> None:
    print(f"  [{'ok' if cond else 'FAIL'}] {what}")
    if not cond:
        failures.append(what)


def main() -> int:
    with BlueskyPDS([("alice.test", "alice-pass"), ("bob.test", "bob-pass")]) as pds:
        print(f"PDS {pds.pds_url}  PLC {pds.plc_url}  started in {pds.startup_seconds:.2f}s")
        print(f"  in-process timings (ms): {pds.info.get('startup_ms')}")
        alice = pds.account("alice.test")

        # 1. Client.login() without an app view -------------------------------------
        print("\n1. Client.login() (default fetch_bsky_profile=True)")
        c0 = Client(base_url=pds.pds_url)
        try:
            with warnings.catch_warnings(record=True) as w:
                warnings.simplefilter("always")
                me = c0.login(alice.handle, alice.password)
            print(f"  login returned {me!r}; warnings: {[str(x.message)[:120] for x in w]}")
        except atx.AtProtocolError as e:
            print(f"  login raised {describe(e)}")
        c0b = Client(base_url=pds.pds_url)
        me = c0b.login(alice.handle, alice.password, fetch_bsky_profile=False)
        check(
            me is None and c0b._session is not None,
            "login(..., fetch_bsky_profile=False) works (returns None, session set)",
        )

        # 2. Session via com.atproto.server.createSession --------------------------------
        print("\n2. com.atproto.server.create_session")
        client = Client(base_url=pds.pds_url)
        s = client.com.atproto.server.create_session(
            models.ComAtprotoServerCreateSession.Data(
                identifier=alice.handle, password=alice.password
            )
        )
        print(f"  did={s.did} handle={s.handle} active={s.active} email={s.email}")
        check(s.did == alice.did, "session DID matches the account created by the script")
        # Hand the tokens to the client (public API: import a session string).
        client.login(
            session_string=Session(
                s.handle, s.did, s.access_jwt, s.refresh_jwt, pds.pds_url
            ).encode(),
            fetch_bsky_profile=False,
        )
        try:
            client.com.atproto.server.create_session(
                models.ComAtprotoServerCreateSession.Data(identifier=alice.handle, password="wrong")
            )
        except atx.AtProtocolError as e:
            print(f"  wrong password -> {describe(e)}")

        # 3. Blob upload ---------------------------------------------------------------
        print("\n3. upload_blob (PNG)")
        png = tiny_png()
        up = client.com.atproto.repo.upload_blob(png)
        blob = up.blob
        print(
            f"  blob ref={blob.ref.link if hasattr(blob.ref, 'link') else blob.ref} "
            f"mime={blob.mime_type} size={blob.size}"
        )
        check(blob.mime_type == "image/png" and blob.size == len(png), "blob mime/size")

        # 4. Post with explicit TID rkey, link card, link facet ------------------------
        print("\n4. create_record app.bsky.feed.post with explicit TID rkey")
        rkey = next_tid()
        validate_tid(rkey, None)  # raises ValueError when malformed
        print(f"  rkey={rkey}")
        url = "https://news.aldermoor.example/2026/11/qubits-à-température-ambiante"
        text = f"Qubits à température ambiante — « percée » 🧪 {url}"
        facet = models.AppBskyRichtextFacet.Main(
            index=utf8_slice(text, url),
            features=[models.AppBskyRichtextFacet.Link(uri=url)],
        )
        print(
            f"  chars={len(text)} bytes={len(text.encode())} facet bytes="
            f"{facet.index.byte_start}..{facet.index.byte_end}"
        )
        check(
            text.encode()[facet.index.byte_start : facet.index.byte_end].decode() == url,
            "facet byte slice covers exactly the URL",
        )
        record = models.AppBskyFeedPost.Record(
            text=text,
            created_at=client.get_current_time_iso(),
            langs=["fr"],
            facets=[facet],
            embed=models.AppBskyEmbedExternal.Main(
                external=models.AppBskyEmbedExternal.External(
                    uri=url,
                    title="Qubits à température ambiante",
                    description="Une équipe d'Aldermoor maintient la cohérence 2 ms à 300 K.",
                    thumb=blob,
                )
            ),
        )
        data = models.ComAtprotoRepoCreateRecord.Data(
            repo=s.did, collection="app.bsky.feed.post", rkey=rkey, record=record
        )
        created = client.com.atproto.repo.create_record(data)
        print(
            f"  uri={created.uri} cid={created.cid} validation_status={created.validation_status}"
        )
        check(created.uri == f"at://{s.did}/app.bsky.feed.post/{rkey}", "URI uses our rkey")

        # 5. Same rkey again ------------------------------------------------------------
        print("\n5. create_record again with the same rkey")
        try:
            client.com.atproto.repo.create_record(data)
            check(False, "second create_record with the same rkey is refused")
        except atx.AtProtocolError as e:
            print(f"  -> {describe(e)}")
            check(
                isinstance(e, atx.RequestException)
                and e.response is not None
                and e.response.status_code == 500,
                "refused as RequestException, HTTP 500 (no 409/'RecordAlreadyExists')",
            )

        # 6. get_record --------------------------------------------------------------
        print("\n6. get_record")
        got = client.com.atproto.repo.get_record(
            models.ComAtprotoRepoGetRecord.Params(
                repo=s.did, collection="app.bsky.feed.post", rkey=rkey
            )
        )
        v = got.value
        print(f"  cid={got.cid} type={type(v).__name__} text={v.text!r}")
        check(got.cid == created.cid, "get_record returns the first record's CID (unchanged)")
        check(v.facets[0].index.byte_start == facet.index.byte_start, "facet round-trips")
        check(v.embed.external.thumb.ref.link == blob.ref.link, "thumb blob ref round-trips")
        try:
            client.com.atproto.repo.get_record(
                models.ComAtprotoRepoGetRecord.Params(
                    repo=s.did, collection="app.bsky.feed.post", rkey=next_tid()
                )
            )
        except atx.AtProtocolError as e:
            print(f"  missing rkey -> {describe(e)}")

        # 7. list_records (recent posts without an app view) ---------------------------
        print("\n7. list_records")
        second = client.com.atproto.repo.create_record(
            models.ComAtprotoRepoCreateRecord.Data(
                repo=s.did,
                collection="app.bsky.feed.post",
                record=models.AppBskyFeedPost.Record(
                    text="second post", created_at=client.get_current_time_iso()
                ),
            )
        )
        lst = client.com.atproto.repo.list_records(
            models.ComAtprotoRepoListRecords.Params(
                repo=s.did, collection="app.bsky.feed.post", limit=10
            )
        )
        print(f"  {[r.uri.rsplit('/', 1)[1] for r in lst.records]} cursor={lst.cursor}")
        check(lst.records[0].uri == second.uri, "newest first (reverse rkey order) by default")
        lst_rev = client.com.atproto.repo.list_records(
            models.ComAtprotoRepoListRecords.Params(
                repo=s.did, collection="app.bsky.feed.post", limit=10, reverse=True
            )
        )
        check(lst_rev.records[0].uri == created.uri, "reverse=True gives oldest first")

        # 8. Lexicon validation by the PDS ---------------------------------------------
        print("\n8. PDS-side validation")
        try:
            client.com.atproto.repo.create_record(
                models.ComAtprotoRepoCreateRecord.Data(
                    repo=s.did,
                    collection="app.bsky.feed.post",
                    record=models.AppBskyFeedPost.Record(
                        text="x" * 301, created_at=client.get_current_time_iso()
                    ),
                )
            )
            print("  301-grapheme post accepted (!)")
        except atx.AtProtocolError as e:
            print(f"  301 graphemes -> {describe(e)}")
        try:
            client.com.atproto.repo.create_record(
                models.ComAtprotoRepoCreateRecord.Data(
                    repo=s.did,
                    collection="app.bsky.feed.post",
                    rkey="not a tid",
                    record=models.AppBskyFeedPost.Record(
                        text="bad rkey", created_at=client.get_current_time_iso()
                    ),
                )
            )
            print("  rkey 'not a tid' accepted (!)")
        except Exception as e:
            print(f"  rkey 'not a tid' -> {describe(e)}")
        try:
            client.com.atproto.repo.create_record(
                models.ComAtprotoRepoCreateRecord.Data(
                    repo=s.did,
                    collection="app.bsky.feed.post",
                    rkey="custom-key",
                    record=models.AppBskyFeedPost.Record(
                        text="non-TID rkey", created_at=client.get_current_time_iso()
                    ),
                )
            )
            print("  rkey 'custom-key' (valid rkey, not a TID) accepted")
        except atx.AtProtocolError as e:
            print(f"  rkey 'custom-key' -> {describe(e)}")
        txt = client.com.atproto.repo.upload_blob(b"plain text, not an image")
        print(f"  text blob uploaded as mime={txt.blob.mime_type}")
        try:
            client.com.atproto.repo.create_record(
                models.ComAtprotoRepoCreateRecord.Data(
                    repo=s.did,
                    collection="app.bsky.feed.post",
                    record=models.AppBskyFeedPost.Record(
                        text="card with a non-image thumb",
                        created_at=client.get_current_time_iso(),
                        embed=models.AppBskyEmbedExternal.Main(
                            external=models.AppBskyEmbedExternal.External(
                                uri=url, title="t", description="d", thumb=txt.blob
                            )
                        ),
                    ),
                )
            )
            print("  non-image thumb accepted (!)")
        except atx.AtProtocolError as e:
            print(f"  non-image thumb -> {describe(e)}")

        # 9. put_record / delete_record (what an 'update' / 'retract' would use) --------
        print("\n9. put_record (upsert) and delete_record")
        put = client.com.atproto.repo.put_record(
            models.ComAtprotoRepoPutRecord.Data(
                repo=s.did,
                collection="app.bsky.feed.post",
                rkey=rkey,
                record=models.AppBskyFeedPost.Record(
                    text="edited", created_at=client.get_current_time_iso()
                ),
                swap_record=created.cid,
            )
        )
        print(f"  put_record with swap_record=<old cid> -> cid={put.cid}")
        try:
            client.com.atproto.repo.put_record(
                models.ComAtprotoRepoPutRecord.Data(
                    repo=s.did,
                    collection="app.bsky.feed.post",
                    rkey=rkey,
                    record=models.AppBskyFeedPost.Record(
                        text="edited twice", created_at=client.get_current_time_iso()
                    ),
                    swap_record=created.cid,  # stale now
                )
            )
        except atx.AtProtocolError as e:
            print(f"  put_record with a stale swap_record -> {describe(e)}")
        client.com.atproto.repo.delete_record(
            models.ComAtprotoRepoDeleteRecord.Data(
                repo=s.did, collection="app.bsky.feed.post", rkey=rkey
            )
        )
        try:
            client.com.atproto.repo.delete_record(
                models.ComAtprotoRepoDeleteRecord.Data(
                    repo=s.did, collection="app.bsky.feed.post", rkey=rkey
                )
            )
            print("  deleting an already deleted record: no error (idempotent)")
        except atx.AtProtocolError as e:
            print(f"  second delete -> {describe(e)}")

        # 10. What needs an app view ---------------------------------------------------
        print("\n10. app.bsky.* reads (need an app view)")
        try:
            client.app.bsky.feed.get_author_feed(
                models.AppBskyFeedGetAuthorFeed.Params(actor=s.did)
            )
        except atx.AtProtocolError as e:
            print(f"  get_author_feed -> {describe(e)}")

        # 11. Unauthenticated write ----------------------------------------------------
        anon = Client(base_url=pds.pds_url)
        try:
            anon.com.atproto.repo.create_record(data)
        except atx.AtProtocolError as e:
            print(f"\n11. create_record without a session -> {describe(e)}")

    # 12. Server gone ---------------------------------------------------------------------
    try:
        client.com.atproto.repo.list_records(
            models.ComAtprotoRepoListRecords.Params(repo=s.did, collection="app.bsky.feed.post")
        )
    except atx.AtProtocolError as e:
        print(f"12. after stop (connection refused) -> {describe(e)}")

    print(f"\n{'ALL OK' if not failures else 'FAILURES: ' + '; '.join(failures)}")
    return 1 if failures else 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONWARNINGS", "default")
    sys.exit(main())
