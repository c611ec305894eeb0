"""The editorial site: lead story, theme blocks, related stories, captions and credits,
breadcrumbs, share links, branding, the menu, and the structured data search engines read."""

from __future__ import annotations

import importlib
import importlib.util
import json
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from lxml import html as lxml_html

from newsroom.branding import contrast_ratio, darker
from newsroom.networks import NETWORKS
from newsroom.repository import open_newsroom
from newsroom.site.model import _earlier_first, build_model, og_locale

from ..conftest import VALID_ITEM, write
from ..example_accounts import EXAMPLE_CONFIG
from .conftest import EXAMPLE_NOW, PROJECT, ExampleSite, copy_example

SENSOR = "news/quantum/2026/quantum-sensor-maps-brain-activity-without-a-scanner/index.html"
OPEN_DAY = "news/events/2026/open-day-on-5-december-meet-our-teams-and-visit-the-labs/index.html"
NIGHT = "news/events/2026/european-researchers-night-at-aldermoor/index.html"


def share_links() -> list[str]:
    """The share link of each network whose folder says the item page offers one
    (`SHARE` of tests/networks/<name>/test_<name>_share.py)."""
    modules = [f"tests.networks.{name}.test_{name}_share" for name in NETWORKS]
    return [
        importlib.import_module(module).SHARE
        for module in modules
        if importlib.util.find_spec(module) is not None
    ]


SHARES = share_links()


@pytest.fixture
def site(example_site: ExampleSite) -> Path:
    """The example site, built once for the session (tests/site/conftest.py); read only."""
    return example_site.output


def page(output: Path, rel: str):  # type: ignore[no-untyped-def]
    return lxml_html.fromstring((output / rel).read_text(encoding="utf-8"))


def json_ld(tree, kind: str) -> dict:  # type: ignore[no-untyped-def]
    found = [json.loads(s) for s in tree.xpath("//script[@type='application/ld+json']/text()")]
    [data] = [d for d in found if d["@type"] == kind]
    return data


def example_model():  # type: ignore[no-untyped-def]
    return build_model(open_newsroom(PROJECT), EXAMPLE_NOW)


def test_the_front_page_leads_with_the_newest_featured_item(site: Path) -> None:
    model = example_model()
    featured = [v for v in model.items if v.featured]
    assert featured, "the example marks an item `featured: true`"
    home = page(site, "index.html")
    [main] = home.xpath("//main")
    first = main.xpath(".//article")[0]
    assert "lead-story" in first.get("class")
    assert first.xpath("string(.//h2)").strip() == featured[0].title
    # The lead is not repeated among the latest news below it.
    latest = home.xpath("//section[@class='latest']//h3/a/text()")
    assert featured[0].title not in latest and latest
    # Then upcoming events and one block per theme, each linking to its theme page.
    assert home.xpath("//section[@class='upcoming']//li")
    blocks = home.xpath("//section[@class='theme-blocks']//div[@class='block']")
    assert [b.xpath("string(h3)") for b in blocks] == [t.name for t in model.themes]
    assert all(b.xpath("h3/a/@href")[0].startswith("/news/") for b in blocks)


def test_later_pages_of_the_home_are_a_plain_list(site: Path) -> None:
    second = page(site, "page/2/index.html")
    assert not second.xpath("//*[contains(@class, 'lead-story')]")
    assert not second.xpath("//section[@class='theme-blocks']")
    assert second.xpath("string(//h1)") == "Latest news, page 2"
    assert second.xpath("//article[@class='card']")


def test_without_a_featured_item_the_lead_is_the_newest_item_with_an_image(
    tmp_path: Path, newsroom: Path
) -> None:
    older = VALID_ITEM.replace("id: ", "id: 2", 1).replace("2026-11-20T", "2026-11-18T")
    write(newsroom, "content/news/quantum/2026/2026-11-18-older.md", older)
    newest = (
        VALID_ITEM.replace("id: ", "id: 3", 1)
        .replace("2026-11-20T", "2026-11-21T")
        .replace("image: content/images/sensor.png\n", "")
    )
    newest = "\n".join(line for line in newest.split("\n") if not line.startswith("image_alt"))
    write(newsroom, "content/news/quantum/2026/2026-11-21-newest.md", newest)
    model = build_model(open_newsroom(newsroom), EXAMPLE_NOW)
    lead = model.lead()
    assert lead is not None and lead.item.path.endswith("2026-11-20-quantum-sensor.md")
    assert model.lead("quantum") is lead and model.lead("climate") is None
    # Marking the older one featured makes it the lead, of the site and of its theme.
    featured = older.replace("tags:", "featured: true\ntags:")
    write(newsroom, "content/news/quantum/2026/2026-11-18-older.md", featured)
    model = build_model(open_newsroom(newsroom), EXAMPLE_NOW)
    assert model.lead().item.path.endswith("2026-11-18-older.md")  # type: ignore[union-attr]
    assert model.lead("quantum") is model.lead()


def test_a_theme_page_leads_with_its_own_story(site: Path) -> None:
    model = example_model()
    lead = model.lead("climate")
    assert lead is not None
    theme = page(site, "news/climate/index.html")
    assert theme.xpath("string(//main//article[1]//h2)").strip() == lead.title
    assert lead.title not in theme.xpath("//article[@class='card']//h2/a/text()")


def test_related_stories_share_the_theme_and_tags_newest_first() -> None:
    model = example_model()
    for view in model.items:
        related = view.related
        # One version of each other story: the listed one (issue #28).
        others = [o for o in model.items_of(view.item.theme) if o is not view]
        others = [o for o in others if o not in view.translations]
        assert len(related) == min(3, len(others))
        assert all(any(o is r for o in others) for r in related)
        assert all(other.item.theme == view.item.theme for other in related)
        assert [o.date for o in related] == sorted((o.date for o in related), reverse=True)
        # A story sharing a tag always comes before one that shares none.
        tagged = [o for o in model.items_of(view.item.theme) if set(o.tags) & set(view.tags)]
        tagged = [o for o in tagged if o is not view and o not in view.translations]
        sharing = [o for o in related if set(o.tags) & set(view.tags)]
        assert len(sharing) == min(3, len(tagged))


@given(st.sets(st.integers(0, 40), max_size=15), st.integers(0, 40))
def test_related_candidates_are_taken_earlier_stories_first_nearest_first(
    positions: set[int], i: int
) -> None:
    """`_earlier_first` (a plain sort, 20,000 a build at 10,000 items) orders the candidate
    related stories as the key `(j < i, |j - i|)` does: the stories after `i` in the list,
    newest first (so the earlier ones), nearest first, then the later ones."""
    expected = sorted(positions, key=lambda j: (j < i, abs(j - i)))
    assert _earlier_first(positions, i) == expected
    assert _earlier_first(sorted(positions, reverse=True), i) == expected


def test_item_page_caption_credit_breadcrumbs_and_share_links(site: Path) -> None:
    item = page(site, SENSOR)
    caption = item.xpath("//figure[@class='item-figure']/figcaption")[0]
    assert "magnetic field of a firing neuron" in caption.text_content()
    assert caption.xpath("string(span[@class='credit'])").startswith("Illustration:")
    [article] = [
        d for d in map(json.loads, item.xpath("//script[@type='application/ld+json']/text()"))
        if d["@type"] == "NewsArticle"
    ]  # fmt: skip
    assert article["image"][0]["creditText"].startswith("Illustration:")
    crumbs = item.xpath("//nav[@aria-label='Breadcrumb']//a")
    assert [a.text for a in crumbs][:2] == ["Home", "Quantum & Materials"]
    assert crumbs[-1].get("aria-current") == "page"
    trail = json_ld(item, "BreadcrumbList")["itemListElement"]
    assert [step["position"] for step in trail] == [1, 2, 3]
    assert trail[-1]["item"] == article["url"]
    shares = item.xpath("//nav[@class='share']//a/@href")
    offsite = [h for h in shares if not h.startswith("mailto:")]
    matched = [link for h in offsite for link in SHARES if h.startswith(link)]
    # Each network's share link once, and no other link.
    assert SHARES and len(matched) == len(offsite) and sorted(matched) == sorted(SHARES), offsite
    assert any(h.startswith("mailto:?subject=") for h in shares)
    assert all("news.aldermoor.example" in h for h in shares)  # each shares this item's link
    # No script on the page other than structured data.
    assert item.xpath("//script[not(@type='application/ld+json')]") == []
    related = item.xpath("//section[@class='related']//h3/a/@href")
    assert len(related) == 3


def test_json_ld_authors_publisher_locale_and_postal_address(site: Path) -> None:
    item = page(site, SENSOR)
    article = json_ld(item, "NewsArticle")
    authors = {a["name"]: a for a in article["author"]}
    assert authors["Press Office"]["@type"] == "Organization"
    # `url`: the person's page on the site; the profile declared in newsroom.yml is `sameAs`.
    assert authors["Amélie Durand"] == {
        "@type": "Person",
        "name": "Amélie Durand",
        "url": "https://news.aldermoor.example/people/amelie-durand/",
        "sameAs": ["https://www.aldermoor.example/people/amelie-durand"],
    }
    publisher = article["publisher"]
    assert publisher["logo"]["url"].endswith("/images/brand/aldermoor-logo.svg")
    # Every example account's public profile, as its network makes it from the handle (each
    # network's own rule is checked in its folder: tests/networks/<name>/test_<name>_profile.py).
    accounts = yaml.safe_load(EXAMPLE_CONFIG.read_text(encoding="utf-8"))["accounts"].values()
    profiles = [
        url
        for account in accounts
        if (
            url := NETWORKS[account["network"]].profile_url(
                account["handle"], account.get("base_url")
            )
        )
    ]
    assert len(profiles) >= 3 and set(profiles) <= set(publisher["sameAs"])
    assert item.xpath("//meta[@property='og:locale']/@content") == ["en_GB"]
    event = json_ld(page(site, OPEN_DAY), "Event")
    assert event["location"]["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "1 College Road",
        "addressLocality": "Aldermoor",
        "postalCode": "AL1 4QX",
        "addressCountry": "GB",
    }
    # The old plain-text location still works: it is the place's name.
    night = json_ld(page(site, NIGHT), "Event")
    assert night["location"]["name"] == "Science Quarter, Aldermoor main campus"
    home = json_ld(page(site, "index.html"), "WebSite")
    assert home["publisher"]["sameAs"] == publisher["sameAs"]


def test_branding_menu_and_footer(site: Path) -> None:
    home = page(site, "index.html")
    style = home.xpath("string(//head/style)")
    assert "--brand: #0b3d91" in style and "--accent: #b0122b" in style
    assert home.xpath("//link[@rel='icon']/@href") == ["/images/brand/aldermoor-favicon.svg"]
    assert (site / "images/brand/aldermoor-logo.svg").is_file()
    assert home.xpath("//header//img[@class='brand-logo']/@src") == [
        "/images/brand/aldermoor-logo.svg"
    ]
    # The narrow-screen menu is a <details> disclosure listing every theme.
    menu = home.xpath("//header//details[@class='menu']")[0]
    assert menu.xpath("string(summary)") == "Themes"
    assert len(menu.xpath(".//nav//a")) == len(example_model().themes) + 1  # + all themes
    theme = page(site, "news/climate/index.html")
    assert theme.xpath("//nav[@class='themes-nav']//a[@aria-current='page']/text()") == [
        "Climate & Environment"
    ]
    item = page(site, SENSOR)
    assert item.xpath("//nav[@class='themes-nav']//a[@aria-current]/text()") == [
        "Quantum & Materials"
    ]
    footer = home.xpath("string(//footer)")
    assert "handbook" not in footer.lower()
    for rel in (OPEN_DAY, NIGHT):
        assert "Events events" not in (site / rel).read_text(encoding="utf-8")


def test_contrast_is_the_wcag_formula() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1)
    # #767676 is the lightest grey passing AA on white; #777777 just fails (4.48:1).
    assert contrast_ratio("#767676", "#ffffff") >= 4.5 > contrast_ratio("#777777", "#ffffff")
    assert darker("#ffffff", 0.5) == "#808080"
    assert og_locale("en", "GB") == "en_GB"
    assert og_locale("pt-BR", "GB") == "pt_BR"
    assert og_locale("fr") == "fr_FR"


def _config_with(root: Path, old: str, new: str) -> None:
    config = root / "newsroom.yml"
    text = config.read_text(encoding="utf-8")
    assert old in text
    config.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(root: Path, needle: str) -> int:
    lines = (root / "newsroom.yml").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if needle in line)


def test_check_refuses_pale_colours_and_missing_brand_files(tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    root = copy_example(tmp_path, image_variants=False)  # check only: no build
    _config_with(root, 'accent: "#b0122b"', 'accent: "#ff8080"')
    _config_with(root, "aldermoor-logo.svg", "no-such-logo.svg")
    result = run(root, "check")
    assert result.exit_code == 1
    accent, logo = _line_of(root, "accent:"), _line_of(root, "logo:")
    assert f"newsroom.yml:{accent}: site.branding.accent: " in result.output
    assert "contrast of 2." in result.output and "4.5:1" in result.output
    # The colour error is raised by validation: the file check runs once the colours pass.
    _config_with(root, 'accent: "#ff8080"', 'accent: "#b0122b"')
    result = run(root, "check")
    assert result.exit_code == 1
    assert f"newsroom.yml:{logo}: site.branding.logo: " in result.output
    assert "does not exist" in result.output
    assert "Traceback" not in result.output


def test_check_requires_a_credit_when_the_config_says_so(newsroom: Path, run) -> None:  # type: ignore[no-untyped-def]
    assert run(newsroom, "check").exit_code == 0
    _config_with(newsroom, "  # require_image_credit: true", "  require_image_credit: true")
    result = run(newsroom, "check")
    assert result.exit_code == 1
    item = "content/news/quantum/2026/2026-11-20-quantum-sensor.md"
    image_line = next(
        n
        for n, line in enumerate((newsroom / item).read_text().splitlines(), start=1)
        if line.startswith("image:")
    )
    assert f"{item}:{image_line}: image_credit: " in result.output
    text = (newsroom / item).read_text().replace("tags:", 'image_credit: "Photo: A. B."\ntags:')
    write(newsroom, item, text)
    assert run(newsroom, "check").exit_code == 0
    # A caption with no image is a mistake too.
    text = text.replace("image: content/images/sensor.png\n", "")
    text = "\n".join(line for line in text.split("\n") if not line.startswith("image_alt"))
    write(newsroom, item, text)
    result = run(newsroom, "check")
    assert result.exit_code == 1 and "image_credit: there is no `image`" in result.output
