"""Errors a user can cause and fix; the CLI prints them as one line, without a traceback."""

from __future__ import annotations

from typing import Any

from landscape.i18n import N_, _, colon, get_lang, ngettext


class LandscapeError(Exception):
    """A user-facing error: bad input, unknown reference, unreadable file."""

    exit_code = 2


class RecordError(LandscapeError):
    """A record that cannot enter the map, located by file, record and field."""

    def __init__(self, message: str, *, file: str | None = None, kind: str | None = None,
                 record: str | None = None, field: str | None = None, more: int = 0):
        self.file, self.kind, self.record, self.field, self.message = file, kind, record, field, message
        self.more = more
        parts = []
        if file:
            parts.append(file)
        where = []
        if kind or record:
            where.append(f"{kind or _('record')} {record!r}" if record else f"{kind}")
        if field:
            where.append(_("field {name!r}").format(name=field))
        if where:
            parts.append(", ".join(where))
        parts.append(message)
        text = (colon() + " ").join(parts)
        if more:
            text += " " + ngettext("(and {n} more error)", "(and {n} more errors)", more).format(n=more)
        super().__init__(text)


class NotFound(LandscapeError):
    """A reference (id, name, alias) that matches no record."""


# French for the pydantic errors people meet, keyed on the error's type and filled from its context;
# in English, pydantic's own message stays.
PYDANTIC_MESSAGES = {
    "missing": N_("missing required field"),
    "extra_forbidden": N_("unknown field"),
    "string_type": N_("expected text"),
    "int_type": N_("expected a whole number"),
    "int_parsing": N_("expected a whole number"),
    "int_from_float": N_("expected a whole number"),
    "float_type": N_("expected a number"),
    "float_parsing": N_("expected a number"),
    "bool_type": N_("expected true or false"),
    "bool_parsing": N_("expected true or false"),
    "list_type": N_("expected a list"),
    "dict_type": N_("expected an object"),
    "model_type": N_("expected an object"),
    "model_attributes_type": N_("expected an object"),
    "string_too_short": N_("text too short: at least {min_length} characters"),
    "string_too_long": N_("text too long: at most {max_length} characters"),
    "string_pattern_mismatch": N_("does not have the expected form ({pattern})"),
    "too_short": N_("too few items: at least {min_length}"),
    "too_long": N_("too many items: at most {max_length}"),
    "greater_than": N_("expected a number greater than {gt}"),
    "greater_than_equal": N_("expected a number of at least {ge}"),
    "less_than": N_("expected a number less than {lt}"),
    "less_than_equal": N_("expected a number of at most {le}"),
    "enum": N_("expected one of {expected}"),
    "url_parsing": N_("not a valid URL"),
    "url_type": N_("not a valid URL"),
    "date_from_datetime_parsing": N_("not a valid date"),
    "date_parsing": N_("not a valid date"),
    "date_type": N_("not a valid date"),
    "datetime_parsing": N_("not a valid date and time"),
    "datetime_type": N_("not a valid date and time"),
}


def validation_message(error: dict[str, Any]) -> str:
    """One pydantic error (an item of ``ValidationError.errors()``) as the message of a `RecordError`."""
    kind, msg = error.get("type", ""), str(error.get("msg", ""))
    if kind == "value_error":  # our validators' own messages, already in the current language
        return msg.removeprefix("Value error, ")
    if kind == "literal_error":
        expected = msg.removeprefix("Input should be ").replace("Input should be", "expected")
        if get_lang() != "en":
            expected = str((error.get("ctx") or {}).get("expected", expected)).replace(" or ", _(" or "))
        return _("{value} is not allowed: {expected}").format(value=repr(error.get("input")), expected=expected)
    if kind == "extra_forbidden":
        return _(PYDANTIC_MESSAGES[kind])
    if get_lang() != "en" and kind in PYDANTIC_MESSAGES:
        try:
            return _(PYDANTIC_MESSAGES[kind]).format(**(error.get("ctx") or {}))
        except (KeyError, IndexError, ValueError):
            pass
    return msg.removeprefix("Value error, ")
