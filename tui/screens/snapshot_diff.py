"""Compare the current map with a snapshot file: pick the file, then read what moved since.

`SnapshotDialog` asks for the file (typed with path completion, or chosen in a folder tree), reads
and diffs it in a thread worker, and shows a bad file as one line. `DiffScreen` lists records added,
removed and changed per kind with the fields that changed; Enter opens a record that still exists.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import DirectoryTree, Input, Static

from landscape.errors import LandscapeError
from landscape.i18n import N_, _, format_number, ngettext

from ..format import plain
from ..widgets.footer import Footer
from ..widgets.link_list import Link, LinkList
from ..widgets.title_bar import TitleBar
from .base import BaseScreen

ROWS_PER_KIND = 300
SINGULAR = {"actors": "actor", "plans": "plan", "events": "event", "relations": "relation",
            "competitors": "competitor", "offers": "offer", "sources": "source", "lieux": "lieu"}
MARKS = {"added": ("+", "bold green"), "removed": ("−", "bold red"), "changed": ("~", "bold yellow")}
KIND_HEADINGS = {"actors": N_("actors"), "plans": N_("plans"), "events": N_("events"), "relations": N_("relations"),
                 "competitors": N_("competitors"), "offers": N_("offers"), "sources": N_("sources"),
                 "lieux": N_("places")}
MORE = {"added": N_("  … and {n} more added (x exports them all)"),
        "changed": N_("  … and {n} more changed (x exports them all)"),
        "removed": N_("  … and {n} more removed (x exports them all)")}
TEXT = {
    "file": N_("Snapshot file (from 'landscape export'):"),
    "placeholder": N_("path/to/snapshot.json"),
    "keys": N_("Enter compares · → completes the path · Tab: folder tree · Esc cancels"),
    "dialog": N_("Compare the current map with a snapshot"),
    "no_path": N_("Type the path of a snapshot file."),
    "loading": N_("The map is still loading; try again in a moment."),
    "cannot": N_("{path}: cannot compare ({error})"),
    "title": N_("Compare with {file}"),
    "snapshot_word": N_("snapshot"),
    "snapshot": N_("snapshot "),
    "of": N_(" of "),
    "current": N_("  →  current map"),
    "equal": N_("No differences: the map is as the snapshot recorded it."),
    "opens": N_("   Enter opens a record"),
    "removed_since": N_("  removed since"),
}


class PathSuggester(Suggester):
    """Completes the last part of a path with the first matching folder or .json file."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        folder, stem = os.path.split(os.path.expanduser(value))
        try:
            names = sorted(os.listdir(folder or "."))
        except OSError:
            return None
        for name in names:
            if not name.startswith(stem) or name == stem or (name.startswith(".") and not stem.startswith(".")):
                continue
            is_dir = os.path.isdir(os.path.join(folder or ".", name))
            if is_dir or name.endswith(".json"):
                return value + name[len(stem):] + ("/" if is_dir else "")
        return None


class SnapshotTree(DirectoryTree):
    """Folders and JSON files only."""

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [p for p in paths if not p.name.startswith(".") and (p.is_dir() or p.suffix == ".json")]


def one_line(message: str) -> str:
    return " ".join(str(message).split())


def compare_with(store, path: str) -> dict[str, Any]:
    """Diff of the snapshot file at `path` (old) against the map in `store` (new). Raises LandscapeError."""
    from landscape.analysis.diff import diff
    from landscape.io.snapshot import export_document, load_snapshot, read_lieux

    snap = load_snapshot(Path(path).expanduser())
    old = export_document(snap.data, lieux=snap.lieux, generated_at=snap.generated_at or "")
    lieux = None
    with store.lock:
        data = store.map()
        if snap.lieux is not None:  # places are compared only when the snapshot has them
            lieux = read_lieux(store.db) if store.db["lieux"].exists() else []
    new = export_document(data, lieux=lieux)
    result = diff(old, new)
    result["old"]["file"] = snap.file
    result["new"]["file"] = "current map"
    return result


def start_folder() -> Path:
    from landscape.paths import exports_dir

    folder = exports_dir()
    return folder if folder.is_dir() else Path.cwd()


class SnapshotDialog(ModalScreen[None]):
    """The snapshot file to compare with: type its path (→ completes) or pick it in the tree."""

    DEFAULT_CSS = """
    SnapshotDialog { align: center middle; }
    #snapshot-dialog {
        width: 90%; max-width: 100; height: auto; max-height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    #snapshot-error { height: auto; }
    #snapshot-tree { height: 12; }
    """
    BINDINGS = [Binding("escape", "dismiss_dialog", N_("Cancel"))]

    def compose(self) -> ComposeResult:
        folder = start_folder()
        with Vertical(id="snapshot-dialog"):
            yield Static("", id="snapshot-file", markup=False)  # texts: `relabel()`
            yield Input(value=f"{folder}/", suggester=PathSuggester(), select_on_focus=False, id="snapshot-path")
            yield Static("", id="snapshot-error", markup=False)
            yield SnapshotTree(folder, id="snapshot-tree")
            yield Static("", id="snapshot-keys", markup=False)

    def relabel(self) -> None:
        """The dialog's texts in the current language (again after a switch: the app calls it)."""
        self.query_one("#snapshot-dialog").border_title = _(TEXT["dialog"])
        self.query_one("#snapshot-file", Static).update(Text(_(TEXT["file"]), style="bold"))
        self.query_one("#snapshot-path", Input).placeholder = _(TEXT["placeholder"])
        self.query_one("#snapshot-keys", Static).update(Text(_(TEXT["keys"]), style="dim"))
        self.refresh_bindings()

    def on_mount(self) -> None:
        self.relabel()
        self.query_one("#snapshot-error").display = False
        path_input = self.query_one("#snapshot-path", Input)
        path_input.focus()
        path_input.cursor_position = len(path_input.value)

    def action_dismiss_dialog(self) -> None:
        self.dismiss()

    @on(Input.Submitted, "#snapshot-path")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.start(event.value.strip())

    @on(DirectoryTree.FileSelected)
    def _file_chosen(self, event: DirectoryTree.FileSelected) -> None:
        event.stop()
        self.query_one("#snapshot-path", Input).value = str(event.path)
        self.start(str(event.path))

    def start(self, path: str) -> None:
        if not path:
            self.show_error(_(TEXT["no_path"]))
            return
        if self.app.store is None:  # type: ignore[attr-defined]
            self.show_error(_(TEXT["loading"]))
            return
        self.show_error(None)
        self.query_one("#snapshot-path", Input).loading = True
        self.compare(path)

    def show_error(self, message: str | None) -> None:
        error = self.query_one("#snapshot-error", Static)
        error.display = message is not None
        error.update(Text(one_line(message or ""), style="bold red"))

    @work(thread=True, exclusive=True, group="snapshot-diff", exit_on_error=False)
    def compare(self, path: str) -> None:
        try:
            result = compare_with(self.app.store, path)  # type: ignore[attr-defined]
        except LandscapeError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - any unreadable file is one line, never a crash
            self.app.call_from_thread(self._failed, _(TEXT["cannot"]).format(path=path, error=exc))
            return
        self.app.call_from_thread(self._done, result)

    def _failed(self, message: str) -> None:
        path_input = self.query_one("#snapshot-path", Input)
        path_input.loading = False
        self.show_error(message)
        path_input.focus()

    def _done(self, result: dict[str, Any]) -> None:
        self.dismiss()
        self.app.push_screen(DiffScreen(result))


def shown(value: Any, width: int) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= width else text[:width - 1] + "…"


def change_text(change: dict[str, Any]) -> Text:
    """One field's change: ``status: "in_preparation" → "adopted"``; list items added and removed."""
    line = Text.assemble("      ", (change["field"], "bold"), ": ")
    if "added" in change and (change["added"] or change["removed"]):
        parts = [("+ ", v, "green") for v in change["added"]] + [("− ", v, "red") for v in change["removed"]]
        for i, (mark, value, style) in enumerate(parts):
            line.append(", " if i else "")
            line.append(mark, style=style)
            line.append(plain(shown(value, 60)))
        return line
    line.append(plain(shown(change["old"], 45), "red"))
    line.append(" → ")
    line.append(plain(shown(change["new"], 45), "green"))
    return line


class DiffScreen(BaseScreen):
    """What moved between a snapshot file and the current map."""

    DEFAULT_CSS = """
    DiffScreen #diff { height: 1fr; border: none; padding: 0 1; }
    """

    BINDINGS = [
        Binding("escape", "back", N_("Back")),
        Binding("enter", "open", N_("Open record"), show=False),
    ]
    AUTO_FOCUS = "#diff"
    HELP_TITLE = N_("Snapshot diff")

    def __init__(self, result: dict[str, Any]) -> None:
        super().__init__()
        self.result = result

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield LinkList(id="diff")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#diff", LinkList).focus()

    def label(self) -> None:
        """The title and the lines in the current language (again after a switch): they come from the diff."""
        self.sub_title = _(TEXT["title"]).format(file=one_line(self.result["old"].get("file")
                                                              or _(TEXT["snapshot_word"])))
        view = self.query_one("#diff", LinkList)
        view.show(self.lines(view))

    def action_open(self) -> None:
        link = self.query_one("#diff", LinkList).current_link
        if link is not None:
            self.app.open_link(link)

    def lines(self, v: LinkList) -> list:
        r = self.result
        head = Text.assemble((_(TEXT["snapshot"]), "dim"), plain(r["old"].get("file") or "", "bold"))
        if r["old"].get("generated_at"):
            head.append(_(TEXT["of"]))
            head.append(plain(r["old"]["generated_at"]))
        head.append(_(TEXT["current"]), style="bold")
        out = [v.line(head)]
        if r["equal"]:
            out.append(v.line(Text(_(TEXT["equal"]), style="bold green")))
            return out
        totals = {k: sum(s[k] for s in r["summary"].values()) for k in ("added", "removed", "changed")}
        parts = [ngettext("{n} addition", "{n} additions", totals["added"]),
                 ngettext("{n} removal", "{n} removals", totals["removed"]),
                 ngettext("{n} change", "{n} changes", totals["changed"])]
        counts = " · ".join(part.format(n=format_number(n)) for part, n in zip(parts, totals.values()))
        out.append(v.line(Text(counts + _(TEXT["opens"]), style="dim")))
        for kind, parts in r["kinds"].items():
            counts = r["summary"][kind]
            if not any(counts.values()):
                continue
            out.append(v.line(Text.assemble((f" {_(KIND_HEADINGS[kind]) if kind in KIND_HEADINGS else kind} ",
                                             "bold reverse"),
                                            (f" +{counts['added']} −{counts['removed']} ~{counts['changed']}",
                                             "dim"))))
            singular = SINGULAR.get(kind, kind)
            for what in ("added", "changed", "removed"):
                rows = parts[what]
                mark, style = MARKS[what]
                for row in rows[:ROWS_PER_KIND]:
                    line = Text.assemble((f"{mark} ", style), plain(row["label"], "bold"), "  ",
                                         plain(row["id"], "dim"))
                    if what == "removed":
                        line.append(_(TEXT["removed_since"]), style="dim")
                        out.append(v.line(line))
                    else:
                        out.append(v.link(line, Link(singular, row["id"])))
                    for change in row.get("changes", []):
                        out.append(v.line(change_text(change)))
                if len(rows) > ROWS_PER_KIND:
                    out.append(v.line(Text(_(MORE[what]).format(n=format_number(len(rows) - ROWS_PER_KIND)),
                                           style="dim")))
        return out

    def export_payload(self) -> tuple[str, dict[str, Any]] | None:
        return "diff", {"view": "diff", **self.result}
