"""`--help` is complete: every command and every visible option says what it does (issue #16)."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from newsroom.cli import main


def commands(command: click.Command, path: tuple[str, ...] = ("newsroom",)):
    yield path, command
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            yield from commands(sub, (*path, name))


ALL = list(commands(main))


@pytest.mark.parametrize(("path", "command"), ALL, ids=[" ".join(p) for p, _ in ALL])
def test_every_command_and_option_has_help(path, command):
    assert command.help, f"{' '.join(path)} has no description"
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            assert param.help, f"{' '.join(path)} {'/'.join(param.opts)} has no help"
    result = CliRunner().invoke(main, [*path[1:], "--help"], terminal_width=100)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and "Usage:" in result.output


def test_the_command_list_cuts_no_description():
    for path, command in ALL[1:]:
        # A command is listed by its group (`newsroom --help`, `newsroom accounts --help`).
        result = CliRunner().invoke(main, [*path[1:-1], "--help"], terminal_width=80)
        listed = result.output.split("Commands:", 1)[1]
        assert "..." not in listed
        first = command.get_short_help_str(limit=1000)
        assert " ".join(first.split()) in " ".join(listed.split()), path
