"""The web editor for people who do not use git: Decap CMS, configured from the schema.

`decap_config` turns the content model (`schema.py`) and the site configuration into Decap's
`config.yml`: one folder collection per theme (the folder is the theme), one widget per
schema field, GitHub backend, editorial workflow (a saved draft is a pull request).
`write_admin` writes `admin/` into the built site with the Decap bundle installed by
`scripts/install-decap.sh` — never a script from a third-party CDN.
"""

from __future__ import annotations

import json
import os
import shutil
import types
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

import annotated_types
import jinja2
import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ..config import SiteConfig, load_config
from ..fingerprint import code_digest, digest
from ..ids import ID_LENGTH
from ..networks import NETWORKS
from ..owned_folders import mark, may_replace
from ..schema import ID_ALPHABET, ItemFrontMatter, PageFrontMatter
from .reference import FieldRow, _unwrap, declared_metadata, walk_fields

_TEMPLATES = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)

DECAP_VERSION = "3.16.3"
DECAP_INSTALL = "scripts/install-decap.sh"
# Day.js tokens: what Decap writes is ISO 8601 with the browser's UTC offset, as `check` wants.
DATETIME_FORMAT = "YYYY-MM-DDTHH:mm:ssZ"
LONG_TEXT = 200  # longer limits get a multi-line text box


class DecapMissing(RuntimeError):
    """The Decap CMS bundle is not installed."""


def _label(row: FieldRow, name: str) -> str:
    return row.editor.get("label") or name.replace("_", " ").capitalize()


def _length_pattern(info: FieldInfo) -> list[str] | None:
    low = next((m.min_length for m in info.metadata if isinstance(m, annotated_types.MinLen)), 0)
    high = next(
        (m.max_length for m in info.metadata if isinstance(m, annotated_types.MaxLen)), None
    )
    if not low and high is None:
        return None
    span = f"{low},{high}" if high is not None else f"{low},"
    words = f"between {low} and {high}" if high is not None else f"at least {low}"
    return [f"^[\\s\\S]{{{span}}}$", f"Write {words} characters."]


def _declared_pattern(row: FieldRow) -> str | None:
    """A regular expression declared on the field or on its type (`Annotated[str, …]`)."""
    return next((m.pattern for m in declared_metadata(row) if getattr(m, "pattern", None)), None)


def _text_pattern(row: FieldRow) -> list[str] | None:
    if pattern := _declared_pattern(row):
        return [pattern, f"Must match {pattern}."]
    return _length_pattern(row.info)


def _is_list(annotation: Any) -> bool:
    return get_origin(_unwrap(annotation)) is list


def _base_widget(row: FieldRow) -> dict[str, Any]:
    """The widget for a field's type; fields needing the site configuration are set after."""
    annotation = _unwrap(row.annotation)
    origin = get_origin(annotation)
    if row.model is not None and not _is_list(annotation):
        return {"widget": "object", "collapsed": True}
    if origin in (Union, types.UnionType) and set(map(_unwrap, get_args(annotation))) == {
        str,
        bool,
    }:
        return {"widget": "text"}  # `false` typed as text; admin/newsroom-cms.js saves a boolean
    if origin is Literal:
        return {"widget": "select", "options": list(get_args(annotation))}
    if origin is list:
        widget: dict[str, Any] = {"widget": "list"}
        for item in row.info.metadata:
            if isinstance(item, annotated_types.MinLen):
                widget["min"] = item.min_length
            if isinstance(item, annotated_types.MaxLen):
                widget["max"] = item.max_length
        return widget
    if annotation is datetime:
        return {"widget": "datetime", "format": DATETIME_FORMAT, "default": ""}
    if annotation is date:  # a day without a time (a paper's publication date)
        return {
            "widget": "datetime",
            "format": "YYYY-MM-DD",
            "date_format": "YYYY-MM-DD",
            "time_format": False,
            "default": "",
        }
    if annotation is bool:
        return {"widget": "boolean"}
    if annotation is int:
        return {"widget": "number", "value_type": "int"}
    high = next(
        (m.max_length for m in row.info.metadata if isinstance(m, annotated_types.MaxLen)), 0
    )
    widget = {"widget": "text" if high > LONG_TEXT else "string"}
    if pattern := _text_pattern(row):
        widget["pattern"] = pattern
    return widget


def _choices(config: SiteConfig) -> dict[str, list[dict[str, str]]]:
    """The options a field's `choices` hint names, from the site configuration."""
    return {
        "authors": [{"label": a.name, "value": a.id} for a in config.authors],
        "accounts": [
            {"label": f"{a} ({s.network} {s.handle})", "value": a}
            for a, s in config.accounts.items()
        ],
        "podcasts": [{"label": s.title, "value": i} for i, s in config.podcasts.items()],
        "contacts": [
            {"label": f"{c.name} ({c.role})" if c.role else c.name, "value": key}
            for key, c in config.contacts.items()
        ],
    }


def _for_theme(value: Any, theme: str) -> Any:
    """A declared widget with `{theme}` replaced by the collection's theme (folders)."""
    if isinstance(value, dict):
        return {key: _for_theme(entry, theme) for key, entry in value.items()}
    return value.replace("{theme}", theme) if isinstance(value, str) else value


def _declared_widget(row: FieldRow, choices: dict[str, list[dict[str, str]]], theme: str):  # type: ignore[no-untyped-def]
    """The widget entries declared on the field (`schema.editor`), with their options."""
    widget: dict[str, Any] = _for_theme(row.editor.get("widget", {}), theme)
    if "choices" in row.editor:
        widget["options"] = choices[row.editor["choices"]]
    return widget


def decap_fields(
    model: type[BaseModel], config: SiteConfig, theme: str = "", prefix: str = ""
) -> list[dict[str, Any]]:
    """One Decap field per schema field of `model`, nested models as `object` widgets."""
    choices = _choices(config)
    rows = [row for row in walk_fields(model, prefix) if "." not in row.name[len(prefix) :]]
    fields = []
    for row in rows:
        short = row.name[len(prefix) :]
        field: dict[str, Any] = {"label": _label(row, short), "name": short}
        field.update(_base_widget(row))
        field.update(_declared_widget(row, choices, theme))
        # Required inside an optional object is left to `check`: Decap would block the save.
        field["required"] = row.required and short != "id" and not prefix
        field.setdefault("hint", row.info.description or "")
        if row.model is not None and not _is_list(row.annotation):
            field["fields"] = decap_fields(row.model, config, theme, row.name + ".")
        elif row.model is not None:  # a list of mappings (a gallery's photos): their fields
            field["fields"] = decap_fields(row.model, config, theme, row.name + "[].")
        fields.append(field)
    return fields


def _body_field(hint: str) -> dict[str, Any]:
    return {"label": "Text", "name": "body", "widget": "markdown", "required": True, "hint": hint}


def decap_config(
    config: SiteConfig,
    *,
    item_model: type[BaseModel] = ItemFrontMatter,
    page_model: type[BaseModel] = PageFrontMatter,
    local_backend: bool = False,
) -> dict[str, Any]:
    """Decap's `config.yml` as a dict: GitHub backend, editorial workflow, a collection a theme."""
    cms = config.cms
    backend: dict[str, Any] = {
        "name": "github",
        "repo": cms.repo or os.environ.get("GITHUB_REPOSITORY") or "OWNER/REPOSITORY",
        "branch": cms.branch,
    }
    if cms.auth_url:
        backend.update(base_url=cms.auth_url.rstrip("/"), auth_endpoint=cms.auth_endpoint)
    collections = [
        {
            "name": f"news-{theme.slug}",
            "label": theme.name,
            "label_singular": f"{theme.name} item",
            "description": theme.description,
            "folder": f"content/news/{theme.slug}",
            # `{{year}}` is the UTC year of `date`; the file name takes the date as written.
            "path": "{{year}}/{{slug}}",
            "slug": "{{fields.date | date('YYYY-MM-DD')}}-{{slug}}",
            "create": True,
            "extension": "md",
            "format": "yaml-frontmatter",
            "media_folder": f"/content/images/{theme.slug}",
            "public_folder": f"content/images/{theme.slug}",
            "summary": "{{title}} ({{date | date('YYYY-MM-DD HH:mm')}})",
            "sortable_fields": ["date", "title"],
            "fields": [
                *decap_fields(item_model, config, theme.slug),
                _body_field("The news in Markdown: who, what, when, where, why."),
            ],
        }
        for theme in config.themes
    ]
    collections.append(
        {
            "name": "pages",
            "label": "Pages",
            "label_singular": "page",
            "folder": "content/pages",
            "create": True,
            "extension": "md",
            "format": "yaml-frontmatter",
            "slug": "{{slug}}",
            "media_folder": "/content/images/pages",
            "public_folder": "content/images/pages",
            "fields": [*decap_fields(page_model, config, "pages"), _body_field("The page text.")],
        }
    )
    decap: dict[str, Any] = {
        "backend": backend,
        "publish_mode": "editorial_workflow",
        "media_folder": "content/images",
        "public_folder": "content/images",
        "site_url": config.site.url,
        "display_url": config.site.url,
        "locale": "en",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": collections,
    }
    if local_backend:
        decap["local_backend"] = True
    return decap


class _PlainDumper(yaml.SafeDumper):
    """YAML without anchors and aliases: the file stays readable on its own."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump_config(document: dict[str, Any]) -> str:
    """Decap's config as YAML text."""
    return yaml.dump(document, Dumper=_PlainDumper, sort_keys=False, allow_unicode=True, width=100)


def decap_dist(root: Path) -> Path:
    """The folder holding `decap-cms.js`; DecapMissing names the install script otherwise.

    `$NEWSROOM_DECAP_DIR` (the install folder) wins when set; else the newsroom's own
    `.cache/npm/decap-cms`, then that of the checkout Newsroom runs from.
    """
    if "NEWSROOM_DECAP_DIR" in os.environ:
        candidates = [Path(os.environ["NEWSROOM_DECAP_DIR"]) / "dist"]
    else:
        candidates = [
            root / ".cache/npm/decap-cms/dist",
            Path(__file__).resolve().parents[3] / ".cache/npm/decap-cms/dist",
        ]
    for folder in candidates:
        if (folder / "decap-cms.js").is_file():
            return folder
    raise DecapMissing(
        f"Decap CMS {DECAP_VERSION} is not installed in {candidates[0].parent} — run "
        f"{DECAP_INSTALL} (it fetches the npm package decap-cms into .cache/npm/decap-cms)"
    )


def admin_key(root: Path, config: SiteConfig) -> str:
    """A digest of everything `write_admin` makes the editor from (DecapMissing if absent):
    the configuration, Newsroom's code (our scripts and pages are in the package) and the
    bundle's files (their names, sizes and times)."""
    dist = decap_dist(root)
    bundle = sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in dist.iterdir())
    return digest("admin", DECAP_VERSION, config.model_dump_json(), code_digest(), dist, bundle)


def _settings_script(config: SiteConfig) -> str:
    settings = {
        "site": {"name": config.site.name, "url": config.site.url},
        "idAlphabet": ID_ALPHABET,
        "idLength": ID_LENGTH,
        "networks": {name: network.label for name, network in NETWORKS.items()},
        "limits": {
            name: {
                "max": network.limits.max_length,
                "unit": network.limits.unit,
                "url": network.limits.url_length,
            }
            for name, network in NETWORKS.items()
        },
        "themes": {f"news-{t.slug}": t.name for t in config.themes},
        "authors": {a.id: a.name for a in config.authors},
    }
    return "window.NEWSROOM = " + json.dumps(settings, ensure_ascii=False, indent=2) + ";\n"


def write_admin(
    root: Path, output: Path, *, config: SiteConfig | None = None, local_backend: bool = False
) -> Path:
    """Write `output/admin/`: index.html, config.yml, the Decap bundle and our preview code."""
    admin = output / "admin"
    may_replace(root, admin, "--output")  # never empties a folder someone else made
    config = config or load_config(root)
    dist = decap_dist(root)
    if admin.exists() or admin.is_symlink():
        shutil.rmtree(admin) if admin.is_dir() and not admin.is_symlink() else admin.unlink()
    admin.mkdir(parents=True)
    mark(admin)
    for path in dist.iterdir():
        if path.is_file():
            shutil.copy2(path, admin / path.name)
    assets = resources.files("newsroom") / "admin"
    for name in ("newsroom-cms.js", "preview.css"):
        (admin / name).write_bytes((assets / name).read_bytes())
    # The page names the site: rendered by an autoescaping template, never pasted in.
    page = _TEMPLATES.from_string((assets / "index.html").read_text(encoding="utf-8"))
    (admin / "index.html").write_text(
        page.render(site_name=config.site.name, decap_version=DECAP_VERSION), encoding="utf-8"
    )
    (admin / "newsroom-settings.js").write_text(_settings_script(config), encoding="utf-8")
    document = decap_config(config, local_backend=local_backend)
    header = (
        "# Generated by `newsroom build` from src/newsroom/schema.py and newsroom.yml: "
        "do not edit.\n"
    )
    (admin / "config.yml").write_text(header + dump_config(document), encoding="utf-8")
    return admin
