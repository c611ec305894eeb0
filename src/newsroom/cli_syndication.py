"""`newsroom publish` and `newsroom preview-posts` (the syndication issue fills this module)."""

from __future__ import annotations

import click

COMMANDS: list[click.Command] = []
