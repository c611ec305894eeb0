"""Demonstrate mastodon-mock with the real Mastodon.py client.

    pip install mastodon-mock==0.6.1 Mastodon.py==2.3.3     # in a venv
    python tests/servers/demo_mastodon.py [--slow]

Shows: app registration + token (as the mock requires), /api/v2/instance limits,
idempotent posting, media with a description, the 422 past max_characters, and the
fault-injection control plane (429 with reset headers, 500/502/503, a timeout, a malformed
body). ``--slow`` also waits out the mock's 30 s hold to show that a timed-out POST is
dropped (never executed), so a retry does not duplicate it. Exits non-zero if an expectation does not hold.
"""

from __future__ import annotations

import struct
import sys
import time
import uuid
import zlib
from pathlib import Path

# This directory holds a module named `mastodon` (the helper): take it off sys.path so that
# `import mastodon` finds Mastodon.py, and import the helper as tests.servers.mastodon.
_here = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _here]
sys.path.insert(0, str(_here.parents[1]))

from mastodon import Mastodon  # noqa: E402
from mastodon import errors as mx  # noqa: E402

from tests.servers.mastodon import SEED_TOKEN, SEED_USERNAME, MastodonMock  # noqa: E402


def tiny_png(width: int = 4, height: int = 4) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    raw = b"".join(b"\x00" + b"\x20\x80\xc0" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def describe(exc: BaseException) -> str:
    return f"{type(exc).__module__}.{type(exc).__name__}{exc.args!r}"


failures: list[str] = []


def check(cond: bool, what: str) -> None:
    print(f"  [{'ok' if cond else 'FAIL'}] {what}")
    if not cond:
        failures.append(what)


def main(slow: bool = False) -> int:
    with MastodonMock() as m:
        print(
            f"mastodon_mock at {m.base_url}, ready in {m.startup_seconds:.2f}s "
            f"(pid {m.pid}); helper token for @{m.username}: {m.access_token[:10]}..."
        )

        # 1. Apps and tokens, the Mastodon.py way ------------------------------------------
        print("\n1. create_app / log_in with Mastodon.py")
        cid, csecret = Mastodon.create_app(
            "newsroom-demo", scopes=["read", "write"], api_base_url=m.base_url
        )
        anon = Mastodon(client_id=cid, client_secret=csecret, api_base_url=m.base_url)
        try:
            anon.log_in(SEED_USERNAME, "password", scopes=["read", "write"])
        except mx.MastodonError as e:
            print(f"  password grant -> {describe(e)}")
        try:
            anon.log_in(code=f"mockcode_{SEED_USERNAME}", scopes=["read", "write"])
        except mx.MastodonError as e:
            print(f"  code grant over http without allow_http -> {describe(e)}")
        url = anon.auth_request_url(scopes=["read", "write"], allow_http=True)
        print(f"  auth_request_url -> {url[:70]}...")
        token = anon.log_in(
            code=f"mockcode_{SEED_USERNAME}", scopes=["read", "write"], allow_http=True
        )
        print(f"  code grant with code 'mockcode_{SEED_USERNAME}' -> token {token[:10]}...")
        api = Mastodon(
            access_token=token, api_base_url=m.base_url, ratelimit_method="throw", request_timeout=3
        )
        me = api.account_verify_credentials()
        check(me.username == SEED_USERNAME, f"token belongs to @{SEED_USERNAME}")
        print(f"  app_verify_credentials -> {api.app_verify_credentials().name!r}")
        seeded = Mastodon(access_token=SEED_TOKEN, api_base_url=m.base_url)
        check(
            seeded.account_verify_credentials().username == SEED_USERNAME,
            f"seeded token {SEED_TOKEN!r} also works",
        )
        try:
            Mastodon(access_token="bogus", api_base_url=m.base_url).account_verify_credentials()
        except mx.MastodonError as e:
            print(f"  bogus token -> {describe(e)}")

        # 2. Instance limits ----------------------------------------------------------------
        print("\n2. /api/v2/instance")
        inst = api.instance_v2()
        st = inst.configuration.statuses
        print(
            f"  version={inst.version} max_characters={st.max_characters} "
            f"characters_reserved_per_url={st.characters_reserved_per_url} "
            f"max_media_attachments={st.max_media_attachments}"
        )
        print(f"  media: {dict(inst.configuration.media_attachments)}")
        check(st.max_characters == 500 and st.characters_reserved_per_url == 23, "limits 500 / 23")

        # 3. Idempotency ----------------------------------------------------------------------
        print("\n3. status_post with idempotency_key")
        key = str(uuid.uuid4())
        s1 = api.status_post(
            "Bonjour — première publication",
            idempotency_key=key,
            visibility="public",
            language="fr",
        )
        s2 = api.status_post(
            "Bonjour — première publication",
            idempotency_key=key,
            visibility="public",
            language="fr",
        )
        s3 = api.status_post("a different text, same key", idempotency_key=key)
        s4 = api.status_post("Bonjour — première publication", idempotency_key=str(uuid.uuid4()))
        print(f"  ids: first={s1.id} same key={s2.id} same key+other text={s3.id} new key={s4.id}")
        print(f"  url={s1.url} uri={s1.uri}")
        check(s1.id == s2.id == s3.id, "same key -> same status (even with another text)")
        check(s4.id != s1.id, "new key -> new status")

        # 4. Media with a description -------------------------------------------------------
        print("\n4. media_post with description")
        media = api.media_post(
            tiny_png(),
            mime_type="image/png",
            description="Alt text: a blue square",
            file_name="sq.png",
        )
        print(
            f"  id={media.id} type={media.type} url={media.url} description={media.description!r}"
        )
        check(media.description == "Alt text: a blue square", "description stored")
        sm = api.status_post("with media", media_ids=[media])
        check(
            sm.media_attachments[0].description == "Alt text: a blue square",
            "attachment carries its description on the status",
        )
        try:
            bad = api.media_post(b"just text", mime_type="text/plain", file_name="a.txt")
            print(f"  text/plain upload accepted as type={bad.type} (no mime check)")
        except mx.MastodonError as e:
            print(f"  text/plain upload -> {describe(e)}")
        try:
            api.status_post(
                "five",
                media_ids=[api.media_post(tiny_png(), mime_type="image/png") for _ in range(5)],
            )
        except mx.MastodonError as e:
            print(f"  5 attachments -> {describe(e)}")

        # 5. Length limit -------------------------------------------------------------------
        print("\n5. max_characters")
        ok500 = api.status_post("é" * 500)
        check(ok500.id is not None, "500 characters accepted")
        try:
            api.status_post("é" * 501)
            check(False, "501 characters refused")
        except mx.MastodonAPIError as e:
            print(f"  501 chars -> {describe(e)}")
            check(
                type(e) is mx.MastodonAPIError and e.args[1] == 422,
                "501 chars -> MastodonAPIError (plain), args[1] == 422",
            )
        long_url = "https://news.aldermoor.example/" + "a" * 70  # 101 chars, Mastodon counts 23
        text = "x" * 420 + " " + long_url  # raw 522, as Mastodon counts: 444
        try:
            api.status_post(text)
            print("  420 chars + a 101-char URL accepted (URL counted as 23)")
        except mx.MastodonAPIError as e:
            print(f"  420 chars + a 101-char URL (444 by Mastodon's rule) -> {describe(e)}")
        try:
            api.status_post("🇫🇷" * 250)  # 250 graphemes, 500 code points
            print("  250 flag emoji (500 code points) accepted")
        except mx.MastodonAPIError as e:
            print(f"  250 flag emoji (500 code points) -> {describe(e)}")
        try:
            api.status_post("🇫🇷" * 251)  # 251 graphemes, 502 code points
            print("  251 flag emoji (502 code points) accepted")
        except mx.MastodonAPIError as e:
            print(f"  251 flag emoji (502 code points) -> {describe(e)}")
        try:
            api.status_post("   ")
        except mx.MastodonAPIError as e:
            print(f"  blank status -> {describe(e)}")

        # 6. Fault injection ----------------------------------------------------------------
        print("\n6. fault injection")
        rid = m.rate_limit("/api/v1/statuses", reset_in=2)
        print(f"  rules: {m.faults()}")
        try:
            api.status_post("rate limited")
            check(False, "429 raises with ratelimit_method='throw'")
        except mx.MastodonRatelimitError as e:
            print(
                f"  429 (throw) -> {describe(e)}; api.ratelimit_reset in "
                f"{api.ratelimit_reset - time.time():.1f}s, remaining={api.ratelimit_remaining}, "
                f"limit={api.ratelimit_limit}"
            )
            # Mastodon.py shifts the reset by (local clock - Date header); Date has 1 s
            # resolution and uvicorn refreshes it about once a second: up to ~2 s later.
            check(
                0 < api.ratelimit_reset - time.time() <= 2 + 2.5,
                "reset header parsed (ISO 8601), give or take the Date-header skew",
            )
        check(m.faults() == [], f"rule {rid} consumed (count=1)")

        m.rate_limit("/api/v1/statuses", reset_in=2, iso_reset=False)
        waiting = Mastodon(access_token=token, api_base_url=m.base_url)  # default: "wait"
        t = time.monotonic()
        sw = waiting.status_post("posted after waiting out a 429")
        print(
            f"  429 (default ratelimit_method='wait', epoch reset) -> slept "
            f"{time.monotonic() - t:.1f}s and retried, got status {sw.id}"
        )

        for code, exc in (
            (500, mx.MastodonInternalServerError),
            (502, mx.MastodonBadGatewayError),
            (503, mx.MastodonServiceUnavailableError),
            (504, mx.MastodonGatewayTimeoutError),
        ):
            m.server_error("/api/v1/statuses", status=code)
            try:
                api.status_post(f"{code}")
            except mx.MastodonError as e:
                print(f"  {code} -> {describe(e)}")
                check(type(e) is exc, f"{code} -> {exc.__name__}")
        m.server_error("/api/v2/media", status=500)
        try:
            api.media_post(tiny_png(), mime_type="image/png")
        except mx.MastodonError as e:
            print(f"  media 500 -> {type(e).__name__}")

        m.malformed("/api/v1/statuses")
        try:
            api.status_post("malformed answer")
        except mx.MastodonError as e:
            print(f"  malformed 200 -> {type(e).__name__}: {str(e)[:110]}...")

        before = len(api.account_statuses(me, limit=40))
        key = str(uuid.uuid4())
        m.timeout("/api/v1/statuses")
        t = time.monotonic()
        try:
            api.status_post("held by the mock", idempotency_key=key)  # request_timeout=3
            check(False, "timeout raises")
        except mx.MastodonNetworkError as e:
            print(
                f"  timeout after {time.monotonic() - t:.1f}s -> {type(e).__name__}: {str(e)[:120]}"
            )
            check(
                type(e) is mx.MastodonNetworkError,
                "timeout -> MastodonNetworkError (not ReadTimeout)",
            )
        retry = api.status_post("held by the mock", idempotency_key=key)
        print(f"  retry with the same idempotency key -> status {retry.id}")
        if slow:
            print("  waiting 31 s: would the held request still be executed?")
            time.sleep(31)
            after = api.account_statuses(me, limit=40)
            held = [s for s in after if "held by the mock" in s.content]
            print(f"  statuses before={before} after={len(after)}; 'held' copies: {len(held)}")
            check(len(held) == 1, "only the retry exists: the timed-out POST was dropped")

        m.latency(300, "/api/v1/accounts/verify_credentials")
        t = time.monotonic()
        api.account_verify_credentials()
        print(f"  latency 300 ms -> call took {time.monotonic() - t:.2f}s")

        # 7. Misc -----------------------------------------------------------------------------
        print("\n7. misc")
        try:
            api.status("999999999")
        except mx.MastodonError as e:
            print(f"  unknown status -> {describe(e)}")
        other = m.create_account("newsroom_bot")
        bot = Mastodon(access_token=other, api_base_url=m.base_url, ratelimit_method="throw")
        print(f"  create_account -> @{bot.account_verify_credentials().acct}")
        try:
            bot.status_delete(s1.id)
        except mx.MastodonError as e:
            print(f"  deleting someone else's status -> {describe(e)}")
        d = api.status_delete(s1.id)
        print(f"  status_delete -> returns the deleted status (text={d.get('text')!r})")
        m.reset()
        try:
            api.account_verify_credentials()
        except mx.MastodonError as e:
            print(f"  old token after m.reset() -> {describe(e)}")
        fresh = Mastodon(access_token=m.access_token, api_base_url=m.base_url)
        check(
            fresh.account_verify_credentials().username == SEED_USERNAME,
            "m.access_token refreshed by reset()",
        )

    try:
        api.account_verify_credentials()
    except mx.MastodonError as e:
        print(f"\n8. after stop (connection refused) -> {type(e).__name__}: {str(e)[:90]}...")

    print(f"\n{'ALL OK' if not failures else 'FAILURES: ' + '; '.join(failures)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(slow="--slow" in sys.argv))
