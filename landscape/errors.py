"""Errors a user can cause and fix; the CLI prints them as one line, without a traceback."""

from __future__ import annotations

from landscape.i18n import _, ngettext


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
        text = ": ".join(parts)
        if more:
            text += " " + ngettext("(and {n} more error)", "(and {n} more errors)", more).format(n=more)
        super().__init__(text)


class NotFound(LandscapeError):
    """A reference (id, name, alias) that matches no record."""
