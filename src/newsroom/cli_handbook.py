"""`newsroom handbook` and `newsroom admin`: the contributors' handbook and the web editor."""

from __future__ import annotations

import contextlib
import functools
import sys
from pathlib import Path

import click

from .cli_common import port_option, root_of, user_errors


def _output(root: Path, output: Path | None) -> Path:
    if output is not None:
        return output.resolve()
    from .config import load_config

    return root / load_config(root).site.output_dir


@click.command()
@click.option("--serve", "serve_it", is_flag=True, help="Serve with live reload instead.")
@click.option(
    "--reference-only",
    is_flag=True,
    help="Only write the generated sources into build/handbook/ (reference tables, error "
    "catalogue, colours, theme), for `mkdocs build` or `zensical build` to read.",
)
@port_option(8001, " for --serve")
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Build into OUTPUT/handbook/ (default: site.output_dir of newsroom.yml).",
)
@click.pass_context
def handbook(
    ctx: click.Context, serve_it: bool, reference_only: bool, port: int, output: Path | None
) -> None:
    """Build the contributors' handbook (strict), or serve it with live reload.

    The reference tables and the error catalogue are generated from the code and
    newsroom.yml into build/handbook/ first, then Material for MkDocs builds mkdocs.yml.
    """
    from .handbook.build import HandbookFailed, build_handbook, serve_handbook

    @user_errors
    def run() -> None:
        root = root_of(ctx)
        if reference_only:
            from .handbook.build import mkdocs_file
            from .handbook.generated import OVERRIDES, write_sources

            folder = write_sources(root, overrides=mkdocs_file(root).parent / OVERRIDES)
            click.secho(f"✓ Wrote the handbook's generated sources → {folder}", fg="green")
            return
        if serve_it:
            click.echo(f"Serving the handbook on http://127.0.0.1:{port}/ (live reload; Ctrl+C)")
            serve_handbook(root, port)
            return
        try:
            site_dir = build_handbook(root, _output(root, output))
        except HandbookFailed as error:
            click.secho(str(error), fg="red", err=True)
            sys.exit(1)
        click.secho(f"✓ Built the handbook → {site_dir}", fg="green")

    run()


@click.command()
@click.option(
    "--local",
    is_flag=True,
    help="Use a local repository through `npx decap-server` instead of GitHub.",
)
@click.option("--serve", "serve_it", is_flag=True, help="Then serve OUTPUT on 127.0.0.1:PORT.")
@port_option(8002, " for --serve")
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write OUTPUT/admin/ (default: site.output_dir of newsroom.yml).",
)
@click.pass_context
def admin(ctx: click.Context, local: bool, serve_it: bool, port: int, output: Path | None) -> None:
    """Write the web editor (Decap CMS) into OUTPUT/admin/, its config generated from the schema."""
    from .handbook.cms import DecapMissing, write_admin

    @user_errors
    def run() -> None:
        root = root_of(ctx)
        target = _output(root, output)
        try:
            folder = write_admin(root, target, local_backend=local)
        except DecapMissing as error:
            click.secho(str(error), fg="red", err=True)
            sys.exit(1)
        click.secho(f"✓ Wrote the web editor → {folder}", fg="green")
        if serve_it:
            import http.server  # here, not at start-up: only this command serves

            handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=target)
            with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
                click.echo(f"Serving http://127.0.0.1:{server.server_address[1]}/admin/ (Ctrl+C)")
                with contextlib.suppress(KeyboardInterrupt):
                    server.serve_forever()

    run()


COMMANDS: list[click.Command] = [handbook, admin]
