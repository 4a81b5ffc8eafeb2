"""Where each département sits on the tile-grid map of France (hand-placed, roughly geographic).

Each metropolitan département gets one cell on a 13 x 12 grid laid out like the country: Brittany on
the left, Alsace on the right, Nord at the top, Corsica at the bottom right. The overseas départements
sit in a strip of their own below.
"""

from __future__ import annotations

# One row per line, one cell per 3 characters; ".." is sea or abroad.
_METROPOLE = """
.. .. .. .. .. 62 80 59 .. .. .. .. ..
.. .. .. 14 76 95 60 02 08 55 .. .. ..
.. .. 50 61 27 92 75 93 51 54 57 .. ..
29 22 35 53 28 78 94 77 10 52 88 67 ..
.. 56 44 72 41 91 45 89 21 70 90 68 ..
.. .. 85 49 37 36 18 58 71 39 25 .. ..
.. .. 17 79 86 87 23 03 69 01 74 .. ..
.. .. .. 16 24 19 15 63 42 38 73 .. ..
.. .. .. 33 47 46 12 43 07 26 05 .. ..
.. .. .. 40 32 82 81 48 30 84 04 06 ..
.. .. .. 64 65 31 11 34 13 83 .. .. 2B
.. .. .. .. .. 09 66 .. .. .. .. .. 2A
"""

OVERSEAS: tuple[str, ...] = ("971", "972", "973", "974", "976")
"""Guadeloupe, Martinique, Guyane, La Réunion, Mayotte: shown left to right in the strip."""

COLUMNS = 13
ROWS = 12
OVERSEAS_ROW = ROWS + 1  # one empty row between the mainland and the strip


def _cells() -> dict[str, tuple[int, int]]:
    cells: dict[str, tuple[int, int]] = {}
    for y, line in enumerate(_METROPOLE.strip("\n").splitlines()):
        for x, code in enumerate(line.split()):
            if code != "..":
                cells[code] = (x, y)
    for x, code in enumerate(OVERSEAS):
        cells[code] = (x, OVERSEAS_ROW)
    return cells


CELLS: dict[str, tuple[int, int]] = _cells()
"""Département code -> (column, row)."""
AT: dict[tuple[int, int], str] = {xy: code for code, xy in CELLS.items()}
"""(column, row) -> département code."""
