"""The ``landscape`` command: a thin layer over the library.

Each command module registers its commands on `main`; every command opens the store through
`AppContext`, calls the library and formats the result (``--json`` for scripts).

The terminal dashboard is not part of the library: the ``landscape`` console script
(`tui.command.run`) adds its ``tui`` command to `main`, and ``landscape`` alone opens it.

The command modules import the store, the models and the rest of the library, which takes longer
than the dashboard needs to draw its first frame; so `main` imports them only when a command other
than the dashboard's is looked up (`LazyGroup`). Add a new command module to `COMMAND_MODULES`.
"""

from __future__ import annotations

import sqlite3
import sys

import click

from landscape.errors import LandscapeError
from landscape.i18n import N_, _
from landscape.cli.common import AppContext
from landscape.cli.help import VERSION_OPTION, Command, Group, route_click_messages

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
COMMAND_MODULES = ("core", "departements", "edit", "fetch", "positioning", "search", "snapshot", "veille")  # each registers its commands on `main`
# The module of the commands that must start fast: only it is imported to run them.
COMMAND_HOME = {"search": "search", "show": "core", "stats": "core", "list": "core", "departement": "departements",
                "departements": "departements"}


class LazyGroup(Group):
    """The ``landscape`` group: it sets the language before anything is printed, and imports its
    command modules on the first lookup of a command they define."""

    _loaded = False
    command_class = Command
    group_class = Group

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        from landscape.i18n import LANGUAGES, resolve_lang, set_lang

        wanted = lang_option(args)  # before --help or a usage error prints, whatever the options' order
        set_lang(resolve_lang(wanted, None if wanted in LANGUAGES else lang_setting()))
        return super().parse_args(ctx, args)

    def load_commands(self) -> None:
        if not self._loaded:
            from importlib import import_module

            for name in COMMAND_MODULES:
                import_module(f"{__name__}.{name}")
            self._loaded = True

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMAND_HOME:
            from importlib import import_module

            import_module(f"{__name__}.{COMMAND_HOME[cmd_name]}")
        if cmd_name not in self.commands:
            self.load_commands()
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self.load_commands()
        return super().list_commands(ctx)


@click.group(cls=LazyGroup, invoke_without_command=True, context_settings=CONTEXT_SETTINGS, help=N_(
    "Map of France's digital-inclusion landscape: actors, plans, events, relations and their sources.\n\n"
    "Run without a command to open the terminal dashboard."))
@click.option("--db", "db_path", type=click.Path(dir_okay=False), envvar="LANDSCAPE_DB", help=N_(
    "Database file (default: $LANDSCAPE_DB, else landscape.db in your user data directory; built from the "
    "bundled datasets on first use)."))
@click.option("--lang", type=click.Choice(["fr", "en"]), help=N_(
    "Language of what is printed (default: the 'lang' setting, else French when the locale is French). "
    "JSON is the same in both."))
@click.option("--debug", is_flag=True, is_eager=True, expose_value=False, callback=lambda c, p, v: _debug(v),
              help=N_("On an unexpected error, print the Python traceback after the one-line message."))
@click.version_option(package_name="landscape", message="landscape %(version)s", help=VERSION_OPTION)
@click.pass_context
def main(ctx: click.Context, db_path: str | None, lang: str | None) -> None:
    # The language is set by `LazyGroup.parse_args`, before --help or an error can print.
    ctx.obj = AppContext(db_path)
    from landscape.io.files import protect

    protect(ctx.obj.db_path)  # no export, brief or report may be written over it
    if ctx.invoked_subcommand not in (None, "tui"):  # the dashboard owns the terminal itself
        from landscape.text import guard_streams

        guard_streams()
    if ctx.invoked_subcommand is None:
        dashboard = main.commands.get("tui")  # added by the UI's entry point (tui/command.py)
        if dashboard is None:
            click.echo(ctx.get_help())
            return
        ctx.invoke(dashboard)


def lang_option(args: list[str]) -> str | None:
    """The value of ``--lang`` among the group's own options (before the command), or None."""
    at = 0
    while at < len(args):
        arg = args[at]
        if arg == "--lang" and at + 1 < len(args):
            return args[at + 1]
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
        if arg == "--db":
            at += 2
            continue
        if arg == "--" or not arg.startswith("-"):
            return None
        at += 1
    return None


def lang_setting() -> str | None:
    """The ``lang`` setting, or None when unset or the settings cannot be read (their error comes later)."""
    from landscape.settings import load_settings

    try:
        return load_settings().lang
    except LandscapeError:
        return None


route_click_messages()


def error_line(message: str) -> str:
    """The one line a user error prints: Click lists choices on several lines, and messages quote data."""
    from landscape.text import printable

    import re

    one_line = re.sub(r"[^\S\u00a0\u202f]+", " ", printable(message)).strip()  # French no-break spaces stay
    return _("landscape: error: {message}").format(message=one_line)


_state = {"debug": False}
UNEXPECTED = N_("unexpected {kind}: {message} (rerun with --debug for the traceback)")


def _debug(value: bool) -> None:
    _state["debug"] = bool(value)


def _unexpected(exc: BaseException) -> None:
    """The one line (and, with --debug, the traceback) for an error no check foresaw."""
    if _state["debug"]:
        import traceback  # only with --debug: importing it costs a few ms on every start

        traceback.print_exception(exc, file=sys.stderr)
    message = " ".join(str(exc).split())
    if len(message) > 200:
        message = message[:199] + "…"
    click.echo(error_line(_(UNEXPECTED).format(kind=type(exc).__name__, message=message or _("no message"))), err=True)


def run(prog_name: str | None = None) -> None:
    """Entry point: errors print one line on stderr and exit 2 (1: `diff` found differences), never a traceback.

    `prog_name`: the name usage lines show (the console script says "landscape"; by default click's guess).

    Anything no check foresaw is still told in one line, with a hint to rerun with ``--debug``.
    """
    from landscape.io.files import unprotect_all

    _state["debug"] = False
    unprotect_all()
    try:
        try:
            rv = main.main(standalone_mode=False, prog_name=prog_name)
        finally:
            from landscape.text import unguard_streams

            unguard_streams()
    except click.exceptions.Exit as exc:
        raise SystemExit(exc.exit_code) from None
    except click.Abort:
        click.echo(_("landscape: aborted"), err=True)
        raise SystemExit(130) from None
    except click.exceptions.NoArgsIsHelpError as exc:  # a group run without its subcommand
        click.echo(error_line(_("missing command: choose {commands} (see '{path} --help')").format(
            commands=", ".join(exc.ctx.command.list_commands(exc.ctx)), path=exc.ctx.command_path)), err=True)
        raise SystemExit(2) from None
    except click.ClickException as exc:
        click.echo(error_line(exc.format_message()), err=True)
        raise SystemExit(2) from None
    except LandscapeError as exc:
        click.echo(error_line(str(exc)), err=True)
        raise SystemExit(exc.exit_code) from None
    except sqlite3.DatabaseError as exc:
        click.echo(error_line(_("database: {error}").format(error=exc)), err=True)
        raise SystemExit(2) from None
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    except BrokenPipeError:
        sys.stderr.close()
        raise SystemExit(0) from None
    except OSError as exc:  # a file or folder the system refused (full disk, permissions) outside checked paths
        where = f"{exc.filename}: " if exc.filename else ""
        click.echo(error_line(f"{where}{exc.strerror or exc}"), err=True)
        raise SystemExit(2) from None
    except Exception as exc:  # a bug or an input no check foresaw: still one line, never a traceback
        _unexpected(exc)
        raise SystemExit(2) from None
    raise SystemExit(rv if isinstance(rv, int) else 0)

