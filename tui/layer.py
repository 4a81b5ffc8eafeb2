"""The user's layer as the dashboard shows it, and the one way the dashboard changes the map.

`read_layer` bundles what the screens show beside the curated records (retired records, own
assessments, the agenda, conflicts), read off the UI thread with the map. `LivingMap` is the app's
side of `landscape.store.changes`: every change goes through `apply_change` (or `undo`) in a thread
worker, then the map and the layer are read again and every open screen redraws from them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from textual import work

from landscape.i18n import N_, _

if TYPE_CHECKING:
    from landscape.store.changes import Change, JournalEntry
    from landscape.errors import LandscapeError

TEXT = {  # msgids, translated where shown
    "no_store": N_("The map is still loading."),
    "undone": N_("Undone: {summary}"),
    "nothing": N_("Nothing to undo."),
    "confirm": N_("Undo “{summary}”?  y undo · n keep"),
}


@dataclass
class Layer:
    """What the user added on top of the curated map, as the screens need it."""

    retired: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    assessments: dict[str, dict[str, Any]] = field(default_factory=dict)
    agenda: list[dict[str, Any]] = field(default_factory=list)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    last_change: dict[str, Any] | None = None  # the newest journal entry an undo would revert

    def retired_of(self, table: str, record_id: str) -> dict[str, Any] | None:
        return self.retired.get((table, record_id))

    def due_this_week(self, today: str | None = None) -> list[dict[str, Any]]:
        """Open next steps due within seven days, overdue first (the agenda's order)."""
        today = today or date.today().isoformat()
        horizon = (date.fromisoformat(today) + timedelta(days=7)).isoformat()
        return [row for row in self.agenda if row["due"] and row["due"][:10] <= horizon]


def read_layer(store: Any) -> Layer:
    """The user's layer, read in one go (call off the UI thread)."""
    from landscape.store import journal

    with store.lock:
        conn = store.db.conn
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'journal'").fetchone():
            return Layer()
        retired = {(r["record_table"], r["record_id"]): r for r in journal._rows(conn, "SELECT * FROM retired", [])}
        last = conn.execute("SELECT summary, id FROM journal WHERE undone_by IS NULL AND action != 'undo' "
                            "ORDER BY seq DESC LIMIT 1").fetchone()
        return Layer(retired=retired, assessments=journal.assessments(conn), agenda=journal.agenda(conn),
                     conflicts=journal.conflicts(conn),
                     last_change={"summary": last[0], "id": last[1]} if last else None)


class LivingMap:
    """App mixin: apply a change or undo one off the UI thread, then redraw every screen from the map."""

    layer: Layer

    def apply(self, change: Change, *, done: Callable[[JournalEntry], None] | None = None,
              failed: Callable[[LandscapeError], None] | None = None) -> None:
        """Validate, write and journal `change` in a worker; `done` or `failed` run on the UI thread."""
        if self.store is None:  # type: ignore[attr-defined]
            self.notify(_(TEXT["no_store"]), severity="warning")  # type: ignore[attr-defined]
            return
        self._apply(change, done, failed)

    @work(thread=True, group="write", exit_on_error=False)
    def _apply(self, change: Change, done: Callable | None, failed: Callable | None) -> None:
        from landscape.store.changes import apply_change
        from landscape.errors import LandscapeError

        store = self.store  # type: ignore[attr-defined]
        try:
            entry = apply_change(store, change, origin="tui", author=self.settings.user)  # type: ignore[attr-defined]
        except LandscapeError as exc:
            report = failed or (lambda e: self.notify(str(e), severity="error", markup=False, timeout=15))  # type: ignore[attr-defined]
            self.call_from_thread(report, exc)  # type: ignore[attr-defined]
            return
        self._reload(store)
        if done is not None:
            self.call_from_thread(done, entry)  # type: ignore[attr-defined]

    def _reload(self, store: Any) -> None:
        """Read the map and the layer again and hand them to every screen (from a worker)."""
        data = store.map()
        layer = read_layer(store)
        self.call_from_thread(self._map_loaded, store, data, layer)  # type: ignore[attr-defined]

    # --- undo ------------------------------------------------------------------------------------
    def action_undo(self) -> None:
        """Ask, on one line, whether to undo the newest change."""
        from .screens.record_form import ConfirmLine

        last = self.layer.last_change
        if self.store is None or last is None:  # type: ignore[attr-defined]
            self.notify(_(TEXT["nothing"] if self.store is not None else TEXT["no_store"]))  # type: ignore[attr-defined]
            return
        if isinstance(self.screen, ConfirmLine):  # type: ignore[attr-defined]
            return
        self.push_screen(ConfirmLine(_(TEXT["confirm"]).format(summary=last["summary"])),  # type: ignore[attr-defined]
                         lambda yes: yes and self._undo())

    @work(thread=True, group="write", exit_on_error=False)
    def _undo(self) -> None:
        from landscape.store.changes import undo
        from landscape.errors import LandscapeError

        store = self.store  # type: ignore[attr-defined]
        try:
            entries = undo(store, 1, origin="tui", author=self.settings.user)  # type: ignore[attr-defined]
        except LandscapeError as exc:
            self.call_from_thread(self.notify, str(exc), severity="error", markup=False, timeout=15)  # type: ignore[attr-defined]
            return
        self._reload(store)
        for entry in entries:
            done = _(TEXT["undone"]).format(summary=entry.summary.removeprefix("undo: "))
            self.call_from_thread(self.notify, done, markup=False)  # type: ignore[attr-defined]
