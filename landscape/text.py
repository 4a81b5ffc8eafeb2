"""Text folding shared by lookups and search: case, accents and punctuation do not matter."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

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



# Every C0/C1 control but tab and newline (a carriage return rewrites the line), and the Unicode
# bidirectional controls, which reorder what follows them on screen.
_CONTROL = {c: f"\\x{c:02x}" for c in (*range(0x00, 0x09), *range(0x0b, 0x20), 0x7f, *range(0x80, 0xa0))}
_CONTROL.update({c: f"\\u{c:04x}" for c in (0x061c, 0x200e, 0x200f, *range(0x202a, 0x202f), *range(0x2066, 0x206a))})


def printable(text: str) -> str:
    """`text` with control characters (escape sequences, carriage returns, bidirectional overrides)
    shown as ``\\xNN`` or ``\\uNNNN``, never obeyed."""
    return text.translate(_CONTROL)
