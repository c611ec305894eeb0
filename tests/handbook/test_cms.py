"""The web editor's config is generated from the schema, and what Decap writes passes check."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import Field, create_model

from newsroom.config import load_config
from newsroom.handbook.cms import (
    DATETIME_FORMAT,
    DecapMissing,
    _choices,
    decap_config,
    decap_fields,
    write_admin,
)
from newsroom.handbook.reference import walk_fields
from newsroom.schema import ItemFrontMatter, PageFrontMatter, editor

from ..conftest import PROJECT, copy_config, write
from ..example_accounts import EXAMPLE_CONFIG, networks_where

# A news item exactly as Decap CMS 3.16 saves it: its YAML library (yaml 1.x, `createNode`
# then `Document.toString()`) writes block lists, folds long plain strings at 80 columns,
# quotes strings containing `: ` or ` #`, writes dates as the datetime widget's Day.js format
# produced them (`YYYY-MM-DDTHH:mm:ssZ`, browser offset), orders keys as the fields are
# declared, and the image path is `public_folder` + file name. The id is the one our save
# hook generated; empty optional fields were dropped by it. (Generated once with the yaml
# package Decap bundles, from the same data.)
# Its `social:` writes a text for the first declared network, skips the last one (keys in
# their declared order) and adds an example account that `routing.every_theme` leaves out
# and that takes English items.
WRITTEN_FOR, SKIPPED = networks_where()[0], networks_where()[-1]
EXAMPLE = yaml.safe_load(EXAMPLE_CONFIG.read_text(encoding="utf-8"))
ADDED = next(
    account_id
    for account_id, account in EXAMPLE["accounts"].items()
    if account_id not in EXAMPLE["routing"]["every_theme"]
    and "en" in account.get("languages", ["en"])
)
DECAP_PATH = (
    "content/news/climate/2026/2026-11-20-solar-powered-sensors-track-glacier-melt-in-real-time.md"
)
DECAP_ITEM = f"""\
---
id: m4x9r2tb
title: "Solar-powered sensors track glacier melt in real time: a first"
date: 2026-11-20T10:00:00+01:00
summary: Glaciologists have installed a network of solar-powered sensors on the
  Aletsch glacier that report melt rates every ten minutes.
authors:
  - amelie-durand
  - press-office
image: content/images/climate/glacier-sensors.png
image_alt: A solar panel and a white sensor mast on a glacier under a blue sky.
tags:
  - climate
  - glaciers
lang: en
social:
  {WRITTEN_FOR}: "Solar-powered sensors now report glacier melt every ten minutes. #data"
  {SKIPPED}: false
  accounts:
    add:
      - {ADDED}
updated: 2026-11-21T09:00:00+01:00
draft: false
event:
  start: 2026-12-01T10:00:00+01:00
  end: 2026-12-01T12:00:00+01:00
  location: Main hall
---
The sensors were installed in **September** by a team of six.

![A sensor mast on the ice](content/images/climate/glacier-sensors.png)
"""


def _names(fields: list[dict[str, Any]], prefix: str = "") -> list[str]:
    names = []
    for field in fields:
        names.append(prefix + field["name"])
        if field["widget"] == "object":
            names += _names(field["fields"], prefix + field["name"] + ".")
        elif "fields" in field:  # a list of mappings (a gallery's photos)
            names += _names(field["fields"], prefix + field["name"] + "[].")
    return names


def _schema_names(model: Any) -> list[str]:
    return [row.name for row in walk_fields(model)]


@pytest.fixture(scope="module")
def config():
    return load_config(PROJECT)


def test_config_yml_is_valid_yaml_matching_the_schema(
    tmp_path: Path, config, decap_installed
) -> None:
    admin = write_admin(PROJECT, tmp_path, config=config)

    document = yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))

    assert document["backend"]["name"] == "github"
    assert document["publish_mode"] == "editorial_workflow"
    themes = [c for c in document["collections"] if c["name"].startswith("news-")]
    assert [c["folder"] for c in themes] == [f"content/news/{t.slug}" for t in config.themes]
    for collection in themes:
        fields = collection["fields"]
        assert _names(fields) == [*_schema_names(ItemFrontMatter), "body"]
        by_name = {f["name"]: f for f in fields}
        schema = ItemFrontMatter.model_fields
        for name, field in by_name.items():
            if name not in ("id", "body"):
                assert field["required"] == schema[name].is_required(), name
        assert by_name["date"]["format"] == DATETIME_FORMAT
        assert by_name["updated"]["widget"] == "datetime"
        assert by_name["draft"]["widget"] == "boolean"
        assert by_name["tags"]["widget"] == "list"
        assert by_name["image"]["widget"] == "image"
        assert by_name["gallery"]["widget"] == "list"
        assert by_name["gallery"]["fields"][0]["widget"] == "image"  # each photo: a file
        assert by_name["body"]["widget"] == "markdown"
        assert {o["value"] for o in by_name["authors"]["options"]} == {a.id for a in config.authors}
        assert collection["media_folder"] == "/" + collection["public_folder"]
        assert collection["public_folder"].startswith("content/images/")
    pages = next(c for c in document["collections"] if c["name"] == "pages")
    assert _names(pages["fields"]) == [*_schema_names(PageFrontMatter), "body"]
    assert (admin / "decap-cms.js").is_file()
    assert 'src="decap-cms.js' in (admin / "index.html").read_text(encoding="utf-8")


def test_a_field_added_to_the_schema_appears_in_the_cms(config) -> None:
    extended = create_model(
        "ExtendedItem",
        __base__=ItemFrontMatter,
        subtitle=(str | None, Field(None, max_length=80, description="A line under the title.")),
    )

    fields = decap_config(config, item_model=extended)["collections"][0]["fields"]

    subtitle = next(f for f in fields if f["name"] == "subtitle")
    assert subtitle["widget"] == "string"
    assert subtitle["required"] is False
    assert subtitle["hint"] == "A line under the title."
    assert "subtitle" not in _names(decap_fields(ItemFrontMatter, config))


def test_editor_hints_declared_on_a_field_reach_its_widget(config) -> None:
    """Labels, widgets and choices live on the declaration: a new field can carry its own."""
    extended = create_model(
        "ExtendedItem",
        __base__=ItemFrontMatter,
        reviewers=(
            list[str],
            Field(
                default_factory=list,
                description="Who read it first.",
                json_schema_extra=editor("Read by", {"widget": "select"}, choices="authors"),
            ),
        ),
    )

    fields = decap_config(config, item_model=extended)["collections"][0]["fields"]

    reviewers = next(f for f in fields if f["name"] == "reviewers")
    assert (reviewers["label"], reviewers["widget"]) == ("Read by", "select")
    assert [o["value"] for o in reviewers["options"]] == [a.id for a in config.authors]


def test_every_declared_choice_names_a_list_of_the_configuration(config) -> None:
    known = set(_choices(config))
    for model in (ItemFrontMatter, PageFrontMatter):
        for row in walk_fields(model):
            assert row.editor.get("choices", "authors") in known, row.name
            assert set(row.editor) <= {"label", "widget", "choices"}, row.name


def test_local_backend_only_when_asked(config) -> None:
    assert "local_backend" not in decap_config(config)
    assert decap_config(config, local_backend=True)["local_backend"] is True


def test_a_file_written_by_decap_passes_check_and_builds(example_newsroom: Path, run) -> None:
    write(example_newsroom, DECAP_PATH, DECAP_ITEM)

    checked = run(example_newsroom, "check", "--format", "json")
    assert checked.exit_code == 0, checked.output

    built = run(example_newsroom, "build", "--output", str(example_newsroom / "site"))
    assert built.exit_code == 0, built.output
    pages = list((example_newsroom / "site").rglob("*solar-powered-sensors*"))
    assert pages, "the item page was not built"


def test_decap_file_name_and_folders_match_the_layout(config) -> None:
    collection = decap_config(config)["collections"][0]
    # Decap's path: `{{year}}/` then the slug, itself the date of `date` then the title.
    assert collection["path"] == "{{year}}/{{slug}}"
    assert collection["slug"].startswith("{{fields.date | date('YYYY-MM-DD')}}-")
    assert collection["extension"] == "md" and collection["format"] == "yaml-frontmatter"


def test_missing_decap_names_the_install_script(tmp_path: Path, monkeypatch, config) -> None:
    monkeypatch.setenv("NEWSROOM_DECAP_DIR", str(tmp_path / "nowhere"))

    with pytest.raises(DecapMissing, match=r"scripts/install-decap\.sh"):
        write_admin(PROJECT, tmp_path / "out", config=config)


def test_a_hostile_site_name_is_text_in_the_editors_page(tmp_path, run):
    """Issue #14.3: `site.name` reached admin/index.html by string replacement."""
    from lxml import html as lxml_html

    hostile = "Press</title><script>alert(1)</script>'\"&"
    copy_config(tmp_path)
    config = (PROJECT / "newsroom.yml").read_text(encoding="utf-8")
    config = config.replace("  name: Aldermoor University News", f"  name: {json.dumps(hostile)}")
    (tmp_path / "newsroom.yml").write_text(config, encoding="utf-8")
    result = run(tmp_path, "admin", "--output", str(tmp_path / "site"))
    assert result.exit_code == 0, result.output
    page = (tmp_path / "site/admin/index.html").read_text(encoding="utf-8")
    doc = lxml_html.fromstring(page)
    assert doc.findtext(".//title") == f"Write news — {hostile}"
    scripts = doc.findall(".//script")
    assert all(s.get("src") for s in scripts) and not any(
        "alert" in (s.text or "") for s in scripts
    )


def test_the_site_builds_without_the_editors_bundle(newsroom, run, tmp_path_factory):
    """Issue #16: a missing Decap bundle leaves /admin/ out with a warning, never the site."""
    empty = tmp_path_factory.mktemp("no-decap")
    result = run(newsroom, "build", env={"NEWSROOM_DECAP_DIR": str(empty)})
    assert result.exit_code == 0, result.output
    assert "web editor (/admin/) was left out" in result.output
    assert "scripts/install-decap.sh" in result.output
    assert (newsroom / "output/index.html").is_file()
    assert not (newsroom / "output/admin").exists()
