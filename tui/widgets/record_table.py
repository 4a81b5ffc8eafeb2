"""A DataTable of records: one row per record (row key = record id), vim keys, sort on demand."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import DataTable

from landscape.i18n import N_


class RecordTable(DataTable):
    BINDINGS = [
        Binding("j", "cursor_down", N_("Down"), show=False),
        Binding("k", "cursor_up", N_("Up"), show=False),
        Binding("g", "scroll_top", N_("Top"), show=False),
        Binding("G", "scroll_bottom", N_("Bottom"), show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)

    @property
    def current_id(self) -> str | None:
        if not self.row_count:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        except Exception:  # cursor outside the rows while the table refills
            return None
        return key.value
