"""Forms that change the map: a record's fields (built from its model), a note, a contact, a reason.

Each form builds a `landscape.store.changes.Change` and hands it to the app (`LivingMap.apply`), which
writes it in a thread worker. A refusal (`RecordError`) is shown beside the field it names and the
form stays open with what was typed; on success the form closes and every screen redraws.
"""

from __future__ import annotations

import re
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Select, Static

from landscape.model.labels import FIELD_VOCABULARY, LABELS, label

from ..format import plain
from ..widgets.record_picker import RecordPicker

TEXT = {
    "edit": "Edit {kind} · {name}",
    "add": "Add a {kind}",
    "note": "Note on {name}",
    "log": "Log a contact with {name}",
    "assess": "Your assessment of {name}",
    "save": "Save",
    "cancel": "Cancel",
    "saving": "Saving…",
    "keys": "Enter or ctrl+s saves · Tab next field · Esc cancels",
    "source": "source",
    "source_help": "A fact needs a source: an existing one, a web page, or your own observation.",
    "id": "id (optional)",
    "id_help": "derived from the name when empty",
    "roles_help": "role:level, … (levels: primary, secondary)",
    "list_help": "comma-separated",
    "date_help": "YYYY, YYYY-MM or YYYY-MM-DD",
    "departement_help": "code: 33, 2A, 974",
    "assess_line": "Move to influence {influence} · interest {interest}",
    "curated_line": "Curated: influence {influence} · interest {interest}",
    "own_line": "Yours until now: influence {influence} · interest {interest}",
    "why": "why",
}
SOURCE_MODES = [("an existing source", "existing"), ("a web page (URL)", "url"), ("my own observation", "note")]
# Fields that name actors: chosen with the picker, by name.
ACTOR_FIELDS = {("plan", "carriers"), ("plan", "partners"), ("event", "actors"), ("relation", "source"),
                ("relation", "target"), ("competitor", "actor"), ("competitor", "competitor"), ("offer", "owner")}
SKIPPED = {"id", "sources", "disputes", "positioning"}  # kept by their own commands (sources, disputes, assess)
LABEL_WIDTH = 16
CAPTIONS = {"departement_code": "dép. code", "departement_name": "département", "departement": "département"}


def field_of(error: Any) -> str | None:
    """The form field a `RecordError` names: ``actors[0]`` and ``roles[1].level`` are fields of the form too."""
    name = getattr(error, "field", None)
    return re.split(r"[.\[]", name, maxsplit=1)[0] if name else None


def editable_fields(model: type) -> list[str]:
    """The fields a form shows for `model`, in the model's order (French twins come with issue 14)."""
    return [name for name in model.model_fields if name not in SKIPPED and not name.endswith("_fr")]


def is_list(model: type, name: str) -> bool:
    return str(model.model_fields[name].annotation).startswith("list[")


def is_required(model: type, name: str) -> bool:
    return model.model_fields[name].is_required()


def shown_value(model: type, name: str, value: Any) -> str:
    """A field's value as typed in a text field."""
    if value is None:
        return ""
    if name == "roles":
        return ", ".join(f"{r['role']}:{r['level']}" for r in value)
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


class FormScreen(ModalScreen):
    """A modal form: labelled rows, an error line under each, Save and Cancel; errors keep it open."""

    DEFAULT_CSS = """
    FormScreen { align: center middle; }
    FormScreen > #form { width: 94%; max-width: 110; height: auto; max-height: 100%;
                         border: round $primary; background: $surface; padding: 0 1; }
    FormScreen #form-body { height: auto; }
    FormScreen .form-row { height: auto; }
    FormScreen .form-label { width: 16; height: 1; color: $text-muted; }
    FormScreen .form-row > Input, FormScreen .form-row > Select, FormScreen .form-row > RecordPicker,
    FormScreen .form-row > Vertical { width: 1fr; }
    FormScreen .form-error { color: $error; text-style: bold; height: auto; padding-left: 16; display: none; }
    FormScreen .form-error.-shown { display: block; }
    FormScreen .form-help { color: $text-muted; height: auto; padding-left: 16; }
    FormScreen #form-message { color: $error; text-style: bold; height: auto; display: none; }
    FormScreen #form-message.-shown { display: block; }
    FormScreen #form-buttons { height: 1; align-horizontal: right; }
    FormScreen #form-buttons Button { margin-left: 2; }
    FormScreen #form-keys { width: 1fr; color: $text-muted; height: 1; }
    """
    # Priority: Tab moves focus as it arrives, so that characters typed right after it land in the next field.
    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save", priority=True),
                Binding("tab", "app.focus_next", "Next field", show=False, priority=True),
                Binding("shift+tab", "app.focus_previous", "Previous field", show=False, priority=True)]
    AUTO_FOCUS = "#form-body Input, #form-body Select"
    title_text = ""

    def __init__(self) -> None:
        super().__init__()
        self.saving = False

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            with VerticalScroll(id="form-body"):
                yield from self.rows()
            yield Static("", id="form-message", markup=False)
            with Horizontal(id="form-buttons"):
                yield Static(TEXT["keys"], id="form-keys", markup=False)
                yield Button(TEXT["save"], variant="primary", id="form-save", compact=True)
                yield Button(TEXT["cancel"], id="form-cancel", compact=True)

    def rows(self) -> ComposeResult:
        """The form's rows (`row()` for each field)."""
        yield from ()

    def row(self, name: str, caption: str, widget: Widget, help_text: str = "") -> ComposeResult:
        """One field: its label and widget on a line, a hint, and its error line (shown on refusal)."""
        with Horizontal(classes="form-row", id=f"row-{name}"):
            text = plain(caption)
            text.truncate(LABEL_WIDTH - 1, overflow="ellipsis")
            yield Static(text, classes="form-label", markup=False)
            yield widget
        if help_text:
            yield Static(plain(help_text), classes="form-help", markup=False)
        yield Static("", classes="form-error", id=f"error-{name}", markup=False)

    def on_mount(self) -> None:
        self.query_one("#form").border_title = self.title_text
        first = self.query(self.AUTO_FOCUS).first() if self.query(self.AUTO_FOCUS) else None
        if first is not None:
            first.focus()
        self.call_after_refresh(self.app.release_keys)  # type: ignore[attr-defined]  # keys typed meanwhile

    # --- saving ------------------------------------------------------------------------------------
    def change(self) -> Any:
        """The `Change` the form's values make (raise `RecordError` for what the form itself refuses)."""
        raise NotImplementedError

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#form-cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    @on(Button.Pressed, "#form-save")
    def action_save(self) -> None:
        from landscape.errors import LandscapeError

        if self.saving:
            return
        self.clear_errors()
        try:
            change = self.change()
        except LandscapeError as exc:
            self.failed(exc)
            return
        self.saving = True
        self.show_message(TEXT["saving"], error=False)
        self.app.apply(change, done=self.saved, failed=self.failed)  # type: ignore[attr-defined]

    def saved(self, entry: Any) -> None:
        self.saving = False
        self.dismiss(entry)

    def failed(self, error: Any) -> None:
        """Show the refusal beside the field it names (else above the buttons); the form stays open."""
        self.saving = False
        self.show_message("", error=False)
        name = field_of(error)
        message = getattr(error, "message", None) or str(error)
        target = self.query(f"#error-{name}") if name else None
        if target:
            line = target.first(Static)
            line.update(plain(f"⚠ {message}"))
            line.add_class("-shown")
            widget = self.query_one(f"#row-{name}").children[-1]
            widget.focus()
            self.call_after_refresh(line.scroll_visible, animate=False)
        else:
            self.show_message(f"⚠ {error}", error=True)

    def clear_errors(self) -> None:
        for line in self.query(".form-error.-shown"):
            line.remove_class("-shown")

    def show_message(self, text: str, *, error: bool) -> None:
        message = self.query_one("#form-message", Static)
        message.update(plain(text))
        message.set_class(bool(text), "-shown")
        message.styles.color = None if error else "gray"

    # --- values --------------------------------------------------------------------------------------
    def text(self, name: str) -> str | None:
        value = self.query_one(f"#field-{name}", Input).value.strip()
        return value or None

    def choice(self, name: str) -> str | None:
        value = self.query_one(f"#field-{name}", Select).value
        return value if isinstance(value, str) else None

    def source_rows(self) -> ComposeResult:
        """Where the change's fact comes from: an existing source, a web page, or the user's own note."""
        yield Static(plain(TEXT["source_help"]), classes="form-help", markup=False)
        yield from self.row("source", TEXT["source"], Select(
            [(Text(text), mode) for text, mode in SOURCE_MODES], value="existing", allow_blank=False,
            id="field-source-mode", compact=True))
        with Vertical(id="source-existing"):
            yield from self.row("source-id", "existing source", RecordPicker("source", multiple=False,
                                                                             id="field-source-id"))
        with Vertical(id="source-url"):
            yield from self.row("source-url", "URL", Input(placeholder="https://…", id="field-source-url",
                                                          compact=True))
            yield from self.row("source-title", "title", Input(placeholder="the page's title",
                                                              id="field-source-title", compact=True))
        with Vertical(id="source-note"):
            yield from self.row("source-note", "observation", Input(placeholder="met X on DATE: what you learnt",
                                                                   id="field-source-note", compact=True))

    @on(Select.Changed, "#field-source-mode")
    def _source_mode(self, event: Select.Changed) -> None:
        for mode in ("existing", "url", "note"):
            self.query_one(f"#source-{mode}").display = event.value == mode

    def source(self) -> Any:
        from landscape.store.changes import SourceSpec

        mode = self.choice("source-mode")
        if mode == "existing":
            source_id = self.query_one("#field-source-id", RecordPicker).value
            return SourceSpec(id=source_id) if source_id else None
        if mode == "url":
            url = self.text("source-url")
            return SourceSpec(url=url, title=self.text("source-title")) if url else None
        note = self.text("source-note")
        return SourceSpec(note=note) if note else None


class RecordForm(FormScreen):
    """Add or edit a record of any kind: its model says which fields, vocabularies and references."""

    DEFAULT_CSS = """
    RecordForm > #form { height: 100%; }
    RecordForm #form-body { height: 1fr; }
    """

    def __init__(self, kind: str, record: Any | None = None) -> None:
        from landscape.model.models import BY_KIND

        super().__init__()
        self.kind = kind
        self.model = BY_KIND[kind]
        self.record = record
        self.before: dict[str, Any] = record.model_dump(mode="json", exclude_none=True) if record else {}
        what = label("record_kind", kind)
        self.title_text = (TEXT["edit"].format(kind=what, name=record.label) if record
                           else TEXT["add"].format(kind=what))

    def rows(self) -> ComposeResult:
        if self.record is None:
            yield from self.row("id", TEXT["id"], Input(placeholder=TEXT["id_help"], id="field-id", compact=True))
        for name in editable_fields(self.model):
            yield from self.field_row(name)
        if self.model.sources_required:
            yield from self.source_rows()

    def field_row(self, name: str) -> ComposeResult:
        value = self.before.get(name)
        caption = CAPTIONS.get(name, name.replace("_", " ")) + (" *" if is_required(self.model, name) else "")
        vocabulary = FIELD_VOCABULARY.get((self.kind, name))
        help_text = ""
        if vocabulary:
            options = [(Text(text), code) for code, text in LABELS[vocabulary].items()
                       if not (vocabulary == "plan_status" and code == "none_known")]
            required = is_required(self.model, name)
            widget: Widget = Select(options, value=value if value is not None else Select.NULL,
                                    allow_blank=not required or value is None, id=f"field-{name}", compact=True)
        elif (self.kind, name) in ACTOR_FIELDS:
            widget = RecordPicker("actor", multiple=is_list(self.model, name), value=value, id=f"field-{name}")
        else:
            widget = Input(shown_value(self.model, name, value), id=f"field-{name}", compact=True)
            annotation = str(self.model.model_fields[name].annotation)
            if name == "roles":
                help_text = TEXT["roles_help"]
            elif "check_partial_date" in annotation:
                widget.placeholder = TEXT["date_help"]
            elif name == "departement" or name == "departement_code":
                widget.placeholder = TEXT["departement_help"]
            elif is_list(self.model, name):
                widget.placeholder = TEXT["list_help"]
        yield from self.row(name, caption, widget, help_text)

    def on_mount(self) -> None:
        super().on_mount()
        for mode in ("url", "note"):
            for found in self.query(f"#source-{mode}"):
                found.display = False

    def value(self, name: str) -> Any:
        from landscape.store.changes import coerce

        widget = self.query_one(f"#field-{name}")
        if isinstance(widget, RecordPicker):
            return widget.value if widget.value else ([] if widget.multiple else None)
        if isinstance(widget, Select):
            return self.choice(name)
        text = self.text(name)
        if text is None:
            return [] if is_list(self.model, name) else None
        return coerce(self.model, name, text)

    def change(self) -> Any:
        from landscape.store.changes import Change

        source = self.source() if self.model.sources_required else None
        if self.record is None:
            fields = {}
            for name in editable_fields(self.model):
                value = self.value(name)
                if value not in (None, [], ""):
                    fields[name] = value
            return Change("add", self.kind, self.text("id"), fields=fields, source=source)
        fields, unset = {}, []
        for name in editable_fields(self.model):
            value, old = self.value(name), self.before.get(name)
            if value == old or (value in (None, []) and old in (None, [])):
                continue
            if value is None:
                unset.append(name)
            else:
                fields[name] = value
        return Change("edit", self.kind, self.record.id, fields=fields, unset=unset, source=source)


class NoteForm(FormScreen):
    """A dated note on a record (private to the user's map)."""

    def __init__(self, table: str, record: Any) -> None:
        super().__init__()
        self.table, self.record = table, record
        self.title_text = TEXT["note"].format(name=record.label)

    def rows(self) -> ComposeResult:
        from landscape.store.journal import today

        yield from self.row("text", "note *", Input(id="field-text", compact=True))
        yield from self.row("date", "date", Input(today(), id="field-date", compact=True, placeholder=TEXT["date_help"]))

    def change(self) -> Any:
        from landscape.store.changes import Change

        return Change("note", self.table, self.record.id, text=self.text("text"), date=self.text("date"))


class LogForm(FormScreen):
    """A contact (meeting, call…) with a record, and the next step it leads to."""

    AUTO_FOCUS = "#field-summary"

    def __init__(self, table: str, record: Any) -> None:
        super().__init__()
        self.table, self.record = table, record
        self.title_text = TEXT["log"].format(name=record.label)

    def rows(self) -> ComposeResult:
        from landscape.store.journal import CONTACT_KINDS, today

        yield from self.row("kind", "kind *", Select([(Text(k), k) for k in CONTACT_KINDS], value="meeting",
                                                     allow_blank=False, id="field-kind", compact=True))
        yield from self.row("date", "date *", Input(today(), id="field-date", compact=True))
        yield from self.row("summary", "summary *", Input(id="field-summary", compact=True,
                                                          placeholder="what was said"))
        yield from self.row("with", "with", RecordPicker("actor", multiple=True, id="field-with"))
        yield from self.row("next", "next step", Input(id="field-next", compact=True, placeholder="what to do next"))
        yield from self.row("due", "due", Input(id="field-due", compact=True, placeholder=TEXT["date_help"]))

    def change(self) -> Any:
        from landscape.store.changes import Change

        return Change("log", self.table, self.record.id, contact_kind=self.choice("kind"), date=self.text("date"),
                      text=self.text("summary"), people=self.query_one("#field-with", RecordPicker).value or [],
                      next=self.text("next"), due=self.text("due"))


class AssessForm(FormScreen):
    """The reason for moving an actor on the power–interest grid: the user's own assessment."""

    def __init__(self, actor_id: str, name: str, influence: int, interest: int,
                 curated: tuple[int, int] | None, own: tuple[int, int] | None) -> None:
        super().__init__()
        self.actor_id, self.influence, self.interest = actor_id, influence, interest
        self.curated, self.own = curated, own
        self.title_text = TEXT["assess"].format(name=name)

    def rows(self) -> ComposeResult:
        lines = Text(TEXT["assess_line"].format(influence=self.influence, interest=self.interest), style="bold")
        if self.curated:
            lines.append("\n" + TEXT["curated_line"].format(influence=self.curated[0], interest=self.curated[1]),
                         style="dim")
        if self.own:
            lines.append("\n" + TEXT["own_line"].format(influence=self.own[0], interest=self.own[1]), style="dim")
        yield Static(lines, markup=False)
        yield from self.row("why", TEXT["why"] + " *", Input(id="field-why", compact=True,
                                                             placeholder="what you know that the map does not"))

    def change(self) -> Any:
        from landscape.store.changes import Change

        return Change("assess", "actors", self.actor_id, influence=self.influence, interest=self.interest,
                      why=self.text("why"))


class ConfirmLine(ModalScreen[bool]):
    """One line at the bottom of the screen: y (or Enter) confirms, n (or Escape) does not."""

    DEFAULT_CSS = """
    ConfirmLine { align: center bottom; background: $background 30%; }
    ConfirmLine > Static { width: 100%; height: auto; background: $warning 30%; color: $text; padding: 0 1;
                           text-style: bold; }
    """
    BINDINGS = [Binding("y,enter", "answer(True)", "Yes"), Binding("n,escape", "answer(False)", "No")]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        yield Static(plain(self.question), markup=False)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
