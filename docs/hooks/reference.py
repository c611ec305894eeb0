"""MkDocs hook: fill the handbook's generated sections from the code, at build time.

A page asks for a generated section with a marker on a line of its own, e.g.
`<!-- newsroom:front-matter -->`; the text never lives in git, so it cannot drift from the
schema, the configuration models, the network rules or `check`'s messages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from newsroom.config import load_config
from newsroom.handbook import catalogue, reference


def _root(config: Any) -> Path:
    return Path(config.config_file_path).resolve().parent


GENERATORS = {
    "front-matter": lambda root: reference.front_matter_reference(),
    "configuration": lambda root: reference.configuration_reference(),
    "network-limits": lambda root: reference.network_limits_table(),
    "errors": lambda root: catalogue.errors_markdown(),
    "themes": lambda root: _themes_table(root),
    "secrets": lambda root: _secrets_table(root),
}


def _secrets_table(root: Path) -> str:
    site = load_config(root)
    lines = [
        "| secret (environment variable) | account | network | what it holds |",
        "|---|---|---|---|",
    ]
    for account_id, account in site.accounts.items():
        for purpose, variable in account.credentials.items():
            lines.append(f"| `{variable}` | `{account_id}` | {account.network} | {purpose} |")
    return "\n".join(lines) + "\n"


def _themes_table(root: Path) -> str:
    site = load_config(root)
    lines = ["| theme | folder | accounts (before per-item changes) |", "|---|---|---|"]
    for theme in site.themes:
        accounts = ", ".join(f"`{a}`" for a in site.accounts_for_theme(theme.slug)) or "none"
        lines.append(f"| {theme.name} | `content/news/{theme.slug}/` | {accounts} |")
    return "\n".join(lines) + "\n"


def on_config(config: Any, **kwargs: Any) -> Any:
    """Name the handbook after the site and place it under the site's `/handbook/`."""
    site = load_config(_root(config))
    config.site_name = f"{site.site.name} — handbook"
    config.site_url = f"{site.site.url}/handbook/"
    return config


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any, **kwargs: Any) -> str:
    """Replace every `<!-- newsroom:NAME -->` line by the section it names."""
    if "<!-- newsroom:" not in markdown:
        return markdown
    root = _root(config)
    lines = []
    for line in markdown.splitlines():
        stripped = line.strip()
        if stripped.startswith("<!-- newsroom:") and stripped.endswith("-->"):
            name = stripped.removeprefix("<!-- newsroom:").removesuffix("-->").strip()
            if name not in GENERATORS:
                raise ValueError(f"{page.file.src_uri}: unknown generated section {name!r}")
            lines.append(GENERATORS[name](root))
        else:
            lines.append(line)
    return "\n".join(lines)
