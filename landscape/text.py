"""Text folding shared by lookups and search: case, accents and punctuation do not matter."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Lower-case ASCII words separated by single spaces: ``"Emmaüs  Connect!"`` -> ``"emmaus connect"``.

    Ligatures and letters with accents decompose (``œ`` -> ``oe``); anything else that is not a
    letter or digit becomes a space.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = stripped.replace("œ", "oe").replace("æ", "ae").replace("ß", "ss")
    return _NON_WORD.sub(" ", stripped).strip()


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """`fold(text)` and, for each character of it, the index of the original character it came from.

    Lets a match found in folded text be shown as spans of the original text.
    """
    out: list[str] = []
    origin: list[int] = []
    pending_space = False
    for i, char in enumerate(text):
        piece = unicodedata.normalize("NFKD", char.casefold())
        piece = "".join(c for c in piece if not unicodedata.combining(c))
        piece = piece.replace("œ", "oe").replace("æ", "ae").replace("ß", "ss")
        for c in piece:
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


_CONTROL = {c: f"\\x{c:02x}" for c in (*range(0x00, 0x09), 0x0b, 0x0c, *range(0x0e, 0x20), 0x7f)}
_CONTROL.update({c: f"\\x{c:02x}" for c in range(0x80, 0xa0)})


def printable(text: str) -> str:
    """`text` with control characters (escape sequences included) shown as ``\\xNN``, never obeyed."""
    return text.translate(_CONTROL)
