"""Text shared by every part: folding for lookups and search, and text made safe for a terminal."""

from __future__ import annotations

import io
import json
import re
import sys
import unicodedata
from functools import lru_cache
from typing import Any, TextIO

_NON_WORD = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Lower-case ASCII words separated by single spaces: ``"Emmaüs  Connect!"`` -> ``"emmaus connect"``.

    Ligatures and letters with accents decompose (``œ`` -> ``oe``); anything else that is not a
    letter or digit becomes a space.
    """
    return _NON_WORD.sub(" ", _strip_marks(text)).strip()


def _strip_marks(text: str) -> str:
    """Case-folded, accents removed, ligatures spelt out."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.replace("œ", "oe").replace("æ", "ae").replace("ß", "ss")


_ASCII_WORD = re.compile(r"[0-9A-Za-z]+")


@lru_cache(maxsize=8192)
def _decompose(char: str) -> str:
    return _strip_marks(char)


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """`fold(text)` and, for each of its characters, the index of the original character it came from.

    Lets a match found in folded text be shown as spans of the original text. ASCII text takes a
    regex fast path; other characters use cached decompositions.
    """
    out: list[str] = []
    origin: list[int] = []
    if text.isascii():
        for m in _ASCII_WORD.finditer(text):
            if out:
                out.append(" ")
                origin.append(m.start())
            out.append(m.group().lower())
            origin.extend(range(m.start(), m.end()))
        return "".join(out), origin
    pending_space = False
    for i, char in enumerate(text):
        for c in (char.lower() if char.isascii() else _decompose(char)):
            if ("a" <= c <= "z") or ("0" <= c <= "9"):
                if pending_space and out:
                    out.append(" ")
                    origin.append(i)
                pending_space = False
                out.append(c)
                origin.append(i)
            else:
                pending_space = True
    return "".join(out), origin



# --- terminal safety: one mechanism for text, Markdown and JSON ----------------------------------
# Every C0/C1 control but tab and newline (a carriage return rewrites the line), and the Unicode
# bidirectional controls, which reorder what follows them on screen.
_C0_C1 = (*range(0x00, 0x09), *range(0x0b, 0x20), 0x7f, *range(0x80, 0xa0))
_BIDI = (0x061c, 0x200e, 0x200f, *range(0x202a, 0x202f), *range(0x2066, 0x206a))
_CONTROL = {c: f"\\x{c:02x}" for c in _C0_C1}
_CONTROL.update({c: f"\\u{c:04x}" for c in _BIDI})
# In JSON text the same characters become JSON escapes (C0 ones json.dumps already escapes).
_JSON_CONTROL = {c: f"\\u{c:04x}" for c in (*_C0_C1, *_BIDI)}
UNSAFE = re.compile("[" + "".join(re.escape(chr(c)) for c in (*_C0_C1, *_BIDI)) + "]")
"""Any character `printable` escapes."""


def printable(text: str) -> str:
    """`text` with control characters (escape sequences, carriage returns, bidirectional overrides)
    shown as ``\\xNN`` or ``\\uNNNN``, never obeyed."""
    return text.translate(_CONTROL)


def json_text(value: Any, *, indent: int | None = 2) -> str:
    """`value` as JSON (UTF-8 friendly) whose text carries no raw C0, C1 or bidi control: each is a ``\\uXXXX``.

    The escapes are inside JSON strings (the only place such characters can be), so the document
    decodes to the same value.
    """
    return json.dumps(value, ensure_ascii=False, indent=indent).translate(_JSON_CONTROL)


# Styles the CLI adds itself (click.style): Select Graphic Rendition, nothing else.
_SGR = re.compile(r"\x1b\[[0-9;]*m")


def terminal_safe(text: str) -> str:
    """`text` as it may reach a terminal: controls escaped, except the colour and bold codes of our styles.

    Data is made `printable` before it is styled, so an SGR code here is ours; an OSC, a C1 CSI, a
    carriage return or a bidi override is shown, never obeyed.
    """
    if not UNSAFE.search(text):
        return text
    parts, at = [], 0
    for m in _SGR.finditer(text):
        parts.append(printable(text[at:m.start()]))
        parts.append(m.group())
        at = m.end()
    parts.append(printable(text[at:]))
    return "".join(parts)


class TerminalWriter(io.TextIOBase):
    """A text stream in front of stdout or stderr that passes everything through `terminal_safe`.

    It has no ``buffer``, so nothing (click included) can write bytes around it; `unfiltered` is the
    stream behind it, for the few lines the program writes itself with a carriage return (progress).
    """

    def __init__(self, stream: TextIO):
        self.unfiltered = stream

    def write(self, text: str) -> int:
        safe = terminal_safe(text)
        try:
            self.unfiltered.write(safe)
        except UnicodeEncodeError:  # a terminal that is not UTF-8: show what it cannot print as escapes
            encoding = getattr(self.unfiltered, "encoding", None) or "ascii"
            self.unfiltered.write(safe.encode(encoding, "backslashreplace").decode(encoding))
        return len(text)

    def flush(self) -> None:
        self.unfiltered.flush()

    def isatty(self) -> bool:
        return self.unfiltered.isatty()

    def fileno(self) -> int:
        return self.unfiltered.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:
        return getattr(self.unfiltered, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str:
        return getattr(self.unfiltered, "errors", None) or "strict"


def guard_streams() -> None:
    """Put a `TerminalWriter` in front of ``sys.stdout`` and ``sys.stderr`` (for a CLI command's run)."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is not None and not isinstance(stream, TerminalWriter):
            setattr(sys, name, TerminalWriter(stream))


def unguard_streams() -> None:
    """Undo `guard_streams` (the writer keeps nothing back: what it was given is already in the stream behind)."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if isinstance(stream, TerminalWriter):
            setattr(sys, name, stream.unfiltered)


def unfiltered(stream: TextIO) -> TextIO:
    """The stream behind a `TerminalWriter` (or `stream` itself): for text the program composed alone."""
    return getattr(stream, "unfiltered", stream)
