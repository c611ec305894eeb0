"""The site's analytics: the snippet in the pages (only when configured), the reporting API
clients against the contract fakes, and the archive's old schema still read."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import yaml
from lxml import html as lxml_html

from newsroom.build_assembly import build_site
from newsroom.config import AnalyticsSettings
from newsroom.stats.analytics import (
    AnalyticsDenied,
    AnalyticsError,
    AnalyticsRateLimited,
    LinkQuery,
    Matomo,
    Plausible,
    open_analytics,
)
from newsroom.stats.archive import Archive, Snapshot, VisitsReading
from tests.example_accounts import example_account, networks_where
from tests.servers.fake_analytics import FakeMatomo, FakePlausible

NOW = datetime.fromisoformat("2026-12-01T00:00:00+00:00")
PAGE = "/news/research/2026/item/"
# The link's `utm_source` is its network's name; another network's visits are not counted.
SOURCE, OTHER = networks_where()[:2]
ACCOUNT, _ = example_account(SOURCE)
QUERY = LinkQuery(SOURCE, "research", PAGE, date(2026, 12, 1), date(2026, 12, 3))


def with_analytics(root: Path, analytics: dict[str, object]) -> None:
    config = yaml.safe_load((root / "newsroom.yml").read_text())
    config["analytics"] = analytics
    (root / "newsroom.yml").write_text(yaml.safe_dump(config, sort_keys=False))


def scripts(output: Path) -> list[str]:
    page = lxml_html.fromstring((output / "index.html").read_bytes())
    return [
        lxml_html.tostring(s, encoding="unicode")
        for s in page.xpath("//script[not(@type='application/ld+json')]")
    ]


def test_no_analytics_no_script(newsroom: Path, tmp_path: Path) -> None:
    assert scripts(build_site(newsroom, tmp_path / "out", now=NOW).output) == []


def test_matomo_snippet_is_the_consent_exempt_tracker(newsroom: Path, tmp_path: Path) -> None:
    url = "https://stats.aldermoor.example/matomo/"
    with_analytics(newsroom, {"provider": "matomo", "base_url": url, "site_id": 7})
    output = build_site(newsroom, tmp_path / "out", now=NOW).output
    (script,) = scripts(output)
    assert script.index('"disableCookies"') < script.index('"trackPageView"')
    assert f'var u = "{url}";' in script and '"setSiteId", "7"' in script
    assert "setUserId" not in script and "CrossDomain" not in script
    item = next((output / "news").rglob("*/index.html"))
    assert len(scripts(item.parent)) == 1


def test_plausible_snippet_and_a_hostile_site_id_stays_text(newsroom: Path, tmp_path: Path) -> None:
    hostile = 'news.example"><script>alert(1)</script>'
    analytics = {
        "provider": "plausible",
        "base_url": "https://plausible.example",
        "site_id": hostile,
    }
    with_analytics(newsroom, analytics)
    output = build_site(newsroom, tmp_path / "out", now=NOW).output
    page = lxml_html.fromstring((output / "index.html").read_bytes())
    (tag,) = page.xpath("//script[@data-domain]")
    assert tag.get("src") == "https://plausible.example/js/script.js"
    assert tag.get("data-domain") == hostile and tag.get("defer") is not None
    assert len(page.xpath("//script[not(@type='application/ld+json')]")) == 1


def test_an_incomplete_analytics_section_is_refused() -> None:
    with pytest.raises(ValueError, match="needs base_url and site_id"):
        AnalyticsSettings.model_validate({"provider": "matomo"})
    with pytest.raises(ValueError):
        AnalyticsSettings.model_validate({"provider": "matomo", "token": "not a name"})


@pytest.fixture
def matomo() -> Iterator[FakeMatomo]:
    fake = FakeMatomo(7, "tok+en/=").start()
    yield fake
    fake.stop()


@pytest.fixture
def plausible() -> Iterator[FakePlausible]:
    fake = FakePlausible("news.example", "key+/=").start()
    yield fake
    fake.stop()


def settings(provider: str, url: str, site: str | int) -> AnalyticsSettings:
    return AnalyticsSettings(provider=provider, base_url=url + "/", site_id=site, token="TOKEN")


def test_matomo_counts_the_link_in_range_and_on_its_page(matomo: FakeMatomo) -> None:
    matomo.add_visits(SOURCE, "research", PAGE, date(2026, 12, 1), 5)
    matomo.add_visits(SOURCE.upper(), "Research", PAGE, date(2026, 12, 3), 2)  # Matomo lower-cases
    matomo.add_visits(SOURCE, "research", PAGE, date(2026, 12, 4), 40)  # after the range
    matomo.add_visits(SOURCE, "research", "/news/research/2026/other/", date(2026, 12, 1), 30)
    matomo.add_visits(OTHER, "research", PAGE, date(2026, 12, 1), 70)
    client = open_analytics(settings("matomo", matomo.url, 7), {"TOKEN": "tok+en/="})
    assert isinstance(client, Matomo) and client.visits(QUERY) == 7
    whole_campaign = LinkQuery(SOURCE, "research", None, date(2026, 12, 1), date(2026, 12, 3))
    assert client.visits(whole_campaign) == 37
    (sent,) = [r for r in matomo.requests if r.path == "/index.php"][:1]
    assert sent.method == "POST" and "tok" not in sent.raw_query


def test_matomo_refusals(matomo: FakeMatomo) -> None:
    wrong = open_analytics(settings("matomo", matomo.url, 7), {"TOKEN": "wrong"})
    with pytest.raises(AnalyticsDenied, match="token"):
        wrong.visits(QUERY)
    other_site = Matomo(settings("matomo", matomo.url, 8), "tok+en/=")
    with pytest.raises(AnalyticsError, match="couldn't be found"):
        other_site.visits(QUERY)
    good = Matomo(settings("matomo", matomo.url, 7), "tok+en/=")
    matomo.rate_limit()
    with pytest.raises(AnalyticsRateLimited):
        good.visits(QUERY)
    matomo.fail(503)
    with pytest.raises(AnalyticsError, match="503"):
        good.visits(QUERY)
    with pytest.raises(AnalyticsDenied, match="TOKEN"):
        open_analytics(settings("matomo", matomo.url, 7), {})


def test_plausible_query_filters_and_refusals(plausible: FakePlausible) -> None:
    plausible.add_visits(SOURCE, "research", PAGE, date(2026, 12, 2), 4)
    shouted = SOURCE.upper()  # Plausible keeps case: another source
    plausible.add_visits(shouted, "research", PAGE, date(2026, 12, 2), 9)
    plausible.add_visits(SOURCE, "research", PAGE, date(2026, 11, 30), 9)  # before the post
    client = open_analytics(
        settings("plausible", plausible.url, "news.example"), {"TOKEN": "key+/="}
    )
    assert isinstance(client, Plausible) and client.visits(QUERY) == 4
    body = plausible.requests[-1].json()
    assert body["date_range"] == ["2026-12-01", "2026-12-03"] and body["metrics"] == ["visits"]
    plausible.rate_limit()
    with pytest.raises(AnalyticsRateLimited):
        client.visits(QUERY)
    with pytest.raises(AnalyticsDenied, match="401"):
        Plausible(settings("plausible", plausible.url, "news.example"), "nope").visits(QUERY)
    with pytest.raises(AnalyticsDenied):
        Plausible(settings("plausible", plausible.url, "other.example"), "key+/=").visits(QUERY)


def test_unreachable_analytics_is_an_error_not_a_crash() -> None:
    client = Plausible(settings("plausible", "http://127.0.0.1:9", "news.example"), "k")
    with pytest.raises(AnalyticsError, match="no answer from Plausible"):
        client.visits(QUERY)


def test_archive_reads_schema_1_lines_beside_schema_2(tmp_path: Path) -> None:
    folder = tmp_path / "stats/snapshots"
    folder.mkdir(parents=True)
    old = (
        f'{{"item": "aaaaaaaa", "account": "{ACCOUNT}", "network": "{SOURCE}", '
        '"post_id": "1", '
        '"at": "2026-11-10T12:00:00Z", "status": "ok", "counts": {"likes": 2, "replies": 1}}\n'
    )
    (folder / "2026-11.jsonl").write_text(old)
    archive = Archive.open(tmp_path)
    assert archive.snapshots[0].interactions == 3 and archive.visits == []
    at = datetime(2026, 12, 2, 8, tzinfo=UTC)
    visits = VisitsReading("aaaaaaaa", SOURCE, "research", (SOURCE,), at, "ok", "matomo", 12)
    clicked = Snapshot("aaaaaaaa", ACCOUNT, SOURCE, "1", at, "ok", {"likes": 3, "clicks": 4})
    archive.append([clicked, visits])
    assert (folder / "2026-11.jsonl").read_text() == old  # never rewritten
    again = Archive.open(tmp_path)
    assert [s.counts.get("clicks") for s in again.snapshots] == [None, 4]
    assert again.visits == [visits] and again.snapshots[1].interactions == 3


def test_a_newer_schema_is_named_not_misread(tmp_path: Path) -> None:
    from newsroom.problems import ProblemsFound

    folder = tmp_path / "stats/snapshots"
    folder.mkdir(parents=True)
    (folder / "2026-12.jsonl").write_text('{"v": 3, "kind": "post"}\n')
    with pytest.raises(ProblemsFound, match="newer Newsroom"):
        Archive.open(tmp_path)
