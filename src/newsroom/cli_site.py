"""`newsroom build` and `newsroom serve` (the site issue fills this module)."""

from __future__ import annotations

import click

COMMANDS: list[click.Command] = []
