"""``--help`` and Click's own words in the reader's language.

Help texts are written at import time, before ``--lang`` is read: they are marked with `N_()` and
translated here, where Click formats them (`Command`, `Group`, `Option`). A help text that quotes data
(a URL, a list of kinds) holds ``{placeholders}`` filled from ``help_values`` after translation.

Click asks gettext's default "messages" domain for its own words ("Usage:", "Missing argument",
"Show this message and exit."). `route_click_messages` makes it ask our catalog instead, which holds
the French of the ones a user of landscape meets (`CLICK_MESSAGES`); in English they stay Click's.
"""

from __future__ import annotations

import copy
import inspect
from collections.abc import Mapping
from typing import Any

import click

from landscape.i18n import N_, _, colon

def short_help(text: str, limit: int = 45) -> str:
    """A command's line in the list of commands: the first sentence of its help if it fits in `limit`
    characters, else as many whole words as fit, then "..." (Click's rule; Click 9 drops its helper)."""
    words = text.split("\n\n", 1)[0].split()
    if words[:1] == ["\b"]:  # a paragraph Click must not rewrap
        words = words[1:]
    kept: list[str] = []
    length = 0
    for word in words:
        grown = length + len(word) + (1 if kept else 0)
        if grown > limit:
            break
        kept.append(word)
        length = grown
        if word.endswith("."):
            return " ".join(kept)
    else:
        return " ".join(kept)
    while kept and length + len("...") > limit:
        length -= len(kept.pop()) + (1 if kept else 0)
    return " ".join(kept) + "..."


HELP_OPTION = N_("Show this message and exit.")
VERSION_OPTION = N_("Show the version and exit.")
DASHBOARD = N_("Open the terminal dashboard.")  # the help of ``landscape tui``, defined by the UI (tui/command.py)

# Click's words a user of landscape can meet: help headings, its options' help, its errors. The
# msgids are Click's own (a test checks Click still uses each); plurals are two singular entries.
CLICK_MESSAGES = (
    N_("Usage:"), N_("Options"), N_("Commands"), N_("default: {default}"), N_("required"),
    N_("env var: {var}"), N_("Aborted!"), N_("Missing command."), N_("Error: {message}"),
    N_("Try '{command} {option}' for help."), N_("Invalid value: {message}"),
    N_("Invalid value for {param_hint}: {message}"), N_("Missing argument"), N_("Missing option"),
    N_("Missing parameter"), N_("Missing {param_type}"), N_("Missing parameter: {param_name}"),
    N_("No such option {name!r}."), N_("No such command {name!r}."),
    N_("Did you mean {possibility}?"), N_("(Did you mean one of: {possibilities}?)"),
    N_("Got unexpected extra argument ({args})"), N_("Got unexpected extra arguments ({args})"),
    N_("Option {name!r} does not take a value."), N_("Option {name!r} requires an argument."),
    N_("Option {name!r} requires {nargs} arguments."), N_("Argument {name!r} takes {nargs} values."),
    N_("{value!r} is not {choice}."), N_("{value!r} is not one of {choices}."),
    N_("{value!r} is not a valid {number_type}."),
    N_("{value} is not in the range {range}."), N_("{value!r} is not a valid boolean. Recognized values: {states}"),
    N_("file"), N_("directory"), N_("path"), N_("{name} {filename!r} does not exist."),
    N_("{name} {filename!r} is a file."), N_("{name} {filename!r} is a directory."),
    N_("{name} {filename!r} is not readable."), N_("{name} {filename!r} is not writable."),
    N_("Could not open file {filename!r}: {message}"),
)
_CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "termui", "utils")


def _click_gettext(message: str) -> str:
    return _(message)


def _click_ngettext(singular: str, plural: str, n: int) -> str:
    return _(singular if n == 1 else plural)


def route_click_messages() -> None:
    """Make Click translate its words with our catalog (and the language `set_lang` chose)."""
    from importlib import import_module

    for name in _CLICK_MODULES:
        module = import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = _click_gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _click_ngettext  # type: ignore[attr-defined]


def help_text(text: str | None, values: Mapping[str, Any] | None = None) -> str:
    """`text` (a msgid) in the reader's language, its placeholders filled from `values`."""
    if not text:
        return text or ""
    translated = _(text)
    return translated.format(**values) if values else translated


def _translated(param: click.Parameter) -> click.Parameter:
    """A copy of `param` whose help is in the reader's language (the original keeps its msgid)."""
    text = getattr(param, "help", None)
    if not text:
        return param
    shown = copy.copy(param)
    shown.help = help_text(text, getattr(param, "help_values", None))  # type: ignore[attr-defined]
    return shown


class Option(click.Option):
    """An option whose help quotes data: ``help_values`` fill its placeholders after translation."""

    def __init__(self, *args: Any, help_values: Mapping[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help_values = dict(help_values or {})


class Formatter(click.HelpFormatter):
    """Click's help formatter, its headings' colon written as the reader's language writes it (« Options : »)."""

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}{colon()}\n")


class Context(click.Context):
    formatter_class = Formatter


class TranslatedHelp(click.Command):
    """A command whose help, options' help and Click's headings are shown in the reader's language."""

    context_class = Context

    def __init__(self, *args: Any, help_values: Mapping[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help_values = dict(help_values or {})

    def shown_help(self) -> str:
        return help_text(self.help, self.help_values)

    def get_short_help_str(self, limit: int = 45) -> str:
        if self.short_help:
            return inspect.cleandoc(help_text(self.short_help, self.help_values)).strip()
        return short_help(self.shown_help(), limit) if self.help else ""

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        text = inspect.cleandoc(self.shown_help()).partition("\f")[0] if self.help else ""
        if text:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(text)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_OPTION  # Click wrote it in the language of the first call; ours translates it
        return option

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [row for param in self.get_params(ctx) if (row := _translated(param).get_help_record(ctx))]
        if rows:
            with formatter.section(_("Options")):
                formatter.write_dl(rows)


class Command(TranslatedHelp):
    """`click.Command` with its help in the reader's language."""


class Group(TranslatedHelp, click.Group):
    """`click.Group` with its help and its commands' short help in the reader's language."""

    command_class = Command

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)


Group.group_class = Group
