"""Forms that change the map: a record's fields (built from its model), a note, a contact, a reason.

Each form builds a `landscape.store.changes.Change` and hands it to the app (`LivingMap.apply`), which
writes it in a thread worker. A refusal (`RecordError`) is shown beside the field it names and the
form stays open with what was typed; on success the form closes and every screen redraws. Its texts
follow a switch of language (`relabel`), keeping what was typed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Select, Static

from landscape.i18n import N_, _, get_lang
from landscape.model.labels import FIELD_VOCABULARY, LABELS, label

from ..format import FIELD_LABELS, FIELD_MSGIDS, plain, record_name
from ..language import TranslatedKeys
from ..widgets.record_picker import RecordPicker

TEXT = {  # msgids, translated where shown
    "edit": N_("Edit {kind} · {name}"),
    "note": N_("Note on {name}"),
    "log": N_("Log a contact with {name}"),
    "assess": N_("Your assessment of {name}"),
    "save": N_("Save"),
    "cancel": N_("Cancel"),
    "saving": N_("Saving…"),
    "keys": N_("Enter or ctrl+s saves · Esc cancels"),
    "source": N_("source"),
    "source_help": N_("A fact needs a source: an existing one, a web page, or your own observation."),
    "id": N_("id (optional)"),
    "id_help": N_("derived from the name when empty"),
    "roles_help": N_("role:level, … (levels: primary, secondary)"),
    "list_help": N_("comma-separated"),
    "date_help": N_("YYYY, YYYY-MM or YYYY-MM-DD"),
    "departement_help": N_("code: 33, 2A, 974"),
    "assess_line": N_("Move to influence {influence} · interest {interest}"),
    "curated_line": N_("Curated: influence {influence} · interest {interest}"),
    "own_line": N_("Yours until now: influence {influence} · interest {interest}"),
    "why": N_("why"),
}
ADD = {"source": N_("Add a source"), "actor": N_("Add an actor"), "plan": N_("Add a plan"), "event": N_("Add an event"),
       "relation": N_("Add a relation"), "competitor": N_("Add a competitor"), "offer": N_("Add an offer")}
SOURCE_MODES = [(N_("an existing source"), "existing"), (N_("a web page (URL)"), "url"),
                (N_("my own observation"), "note")]
# Fields that name actors: chosen with the picker, by name.
ACTOR_FIELDS = {("plan", "carriers"), ("plan", "partners"), ("event", "actors"), ("relation", "source"),
                ("relation", "target"), ("competitor", "actor"), ("competitor", "competitor"), ("offer", "owner")}
SKIPPED = {"id", "sources", "disputes", "positioning"}  # kept by their own commands (sources, disputes, assess)
LABEL_WIDTH = 16
CAPTIONS = {"departement_code": N_("dép. code")}  # shorter than the field's label, to fit LABEL_WIDTH


def field_of(error: Any) -> str | None:
    """The form field a `RecordError` names: ``actors[0]`` and ``roles[1].level`` are fields of the form too."""
    name = getattr(error, "field", None)
    return re.split(r"[.\[]", name, maxsplit=1)[0] if name else None


def editable_fields(model: type) -> list[str]:
    """The fields a form shows for `model`, in the model's order (a French twin right after its text)."""
    return [name for name in model.model_fields if name not in SKIPPED]


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


class FormScreen(TranslatedKeys, ModalScreen):
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
    FormScreen #form-buttons Button { margin-left: 2; min-width: 10; }
    FormScreen #form-keys { width: 1fr; color: $text-muted; height: 1; text-wrap: nowrap; text-overflow: ellipsis; }
    """
    # Priority: Tab moves focus as it arrives, so that characters typed right after it land in the next field.
    BINDINGS = [Binding("escape", "cancel", N_("Cancel")), Binding("ctrl+s", "save", N_("Save"), priority=True),
                Binding("tab", "app.focus_next", N_("Next field"), show=False, priority=True),
                Binding("shift+tab", "app.focus_previous", N_("Previous field"), show=False, priority=True)]
    AUTO_FOCUS = "#form-body Input, #form-body Select"

    def __init__(self) -> None:
        super().__init__()
        self.saving = False
        self.labels: list[Callable[[], None]] = []  # each sets one text of the form in the current language

    @property
    def title_text(self) -> str:
        """The form's title, in the current language."""
        return ""

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            with VerticalScroll(id="form-body"):
                yield from self.rows()
            yield Static("", id="form-message", markup=False)
            with Horizontal(id="form-buttons"):
                yield self.translated(Static("", id="form-keys", markup=False), TEXT["keys"])
                yield self.translated(Button("", variant="primary", id="form-save", compact=True), TEXT["save"],
                                      "label")
                yield self.translated(Button("", id="form-cancel", compact=True), TEXT["cancel"], "label")

    def translated(self, widget: Widget, msgid: str, attribute: str = "", suffix: str = "",
                   width: int = 0) -> Widget:
        """`widget` showing `msgid` (its content, or `attribute`: a placeholder, a label), now and after a switch."""
        def show() -> None:
            text = _(msgid) + suffix
            if attribute:
                setattr(widget, attribute, text)
                return
            content = plain(text)
            if width:
                content.truncate(width, overflow="ellipsis")
            widget.update(content)  # type: ignore[attr-defined]

        self.labels.append(show)
        show()
        return widget

    def choices(self, select: Select, options: Callable[[], list[tuple[str, Any]]]) -> Select:
        """A Select whose options (texts, values) are named in the current language, now and after a switch."""
        def show() -> None:
            value = select.value
            with select.prevent(Select.Changed):
                select.set_options([(Text(text), code) for text, code in options()])
                if value is not Select.NULL:
                    select.value = value

        self.labels.append(show)
        return select

    def relabel(self) -> None:
        """Show the form in the current language, keeping what was typed."""
        self.query_one("#form").border_title = self.title_text
        for show in self.labels:
            show()
        self.refresh_bindings()

    def rows(self) -> ComposeResult:
        """The form's rows (`row()` for each field)."""
        yield from ()

    def row(self, name: str, caption: str, widget: Widget, help_text: str = "", *, required: bool = False,
            suffix: str = "") -> ComposeResult:
        """One field: its label and widget on a line, a hint, and its error line (shown on refusal).

        The label and the hint are msgids: the form shows them in the current language, now and after a switch.
        """
        with Horizontal(classes="form-row", id=f"row-{name}"):
            yield self.translated(Static("", classes="form-label", markup=False), caption,
                                  suffix=suffix + (" *" if required else ""), width=LABEL_WIDTH - 1)
            yield widget
        if help_text:
            yield self.translated(Static("", classes="form-help", markup=False), help_text)
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
        self.show_message(_(TEXT["saving"]), error=False)
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
        yield self.translated(Static("", classes="form-help", markup=False), TEXT["source_help"])
        yield from self.row("source", TEXT["source"], self.choices(Select(
            [(Text(_(text)), mode) for text, mode in SOURCE_MODES], value="existing", allow_blank=False,
            id="field-source-mode", compact=True), lambda: [(_(text), mode) for text, mode in SOURCE_MODES]))
        with Vertical(id="source-existing"):
            yield from self.row("source-id", N_("existing source"), RecordPicker("source", multiple=False,
                                                                                 id="field-source-id"))
        with Vertical(id="source-url"):
            yield from self.row("source-url", N_("URL"), Input(placeholder="https://…", id="field-source-url",
                                                              compact=True))
            yield from self.row("source-title", N_("title"), self.translated(
                Input(id="field-source-title", compact=True), N_("the page's title"), "placeholder"))
        with Vertical(id="source-note"):
            yield from self.row("source-note", N_("observation"), self.translated(
                Input(id="field-source-note", compact=True), N_("met X on DATE: what you learnt"), "placeholder"))

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

    @property
    def title_text(self) -> str:
        if self.record is not None:
            return _(TEXT["edit"]).format(kind=label("record_kind", self.kind),
                                          name=record_name(self.record, getattr(self.app, "data", None)))
        return _(ADD[self.kind])

    def rows(self) -> ComposeResult:
        if self.record is None:
            yield from self.row("id", TEXT["id"], self.translated(Input(id="field-id", compact=True),
                                                                  TEXT["id_help"], "placeholder"))
        for name in editable_fields(self.model):
            yield from self.field_row(name)
        if self.model.sources_required:
            yield from self.source_rows()

    def field_row(self, name: str) -> ComposeResult:
        value = self.before.get(name)
        base = name.removesuffix("_fr")  # a French twin: its text's label, then "(fr)"
        caption = CAPTIONS.get(base) or (FIELD_MSGIDS.get(base) if get_lang() != "en" else None) \
            or FIELD_LABELS.get(base) or base.replace("_", " ")
        vocabulary = FIELD_VOCABULARY.get((self.kind, name))
        help_text = ""
        if vocabulary:
            required = is_required(self.model, name)

            def options(vocabulary: str = vocabulary) -> list[tuple[str, str]]:
                return [(label(vocabulary, code), code) for code in LABELS[vocabulary]
                        if not (vocabulary == "plan_status" and code == "none_known")]

            widget: Widget = self.choices(Select([(Text(text), code) for text, code in options()],
                                                 value=value if value is not None else Select.NULL,
                                                 allow_blank=not required or value is None, id=f"field-{name}",
                                                 compact=True), options)
        elif (self.kind, name) in ACTOR_FIELDS:
            widget = RecordPicker("actor", multiple=is_list(self.model, name), value=value, id=f"field-{name}")
        else:
            widget = Input(shown_value(self.model, name, value), id=f"field-{name}", compact=True)
            annotation = str(self.model.model_fields[name].annotation)
            if name == "roles":
                help_text = TEXT["roles_help"]
            elif "check_partial_date" in annotation:
                self.translated(widget, TEXT["date_help"], "placeholder")
            elif name == "departement" or name == "departement_code":
                self.translated(widget, TEXT["departement_help"], "placeholder")
            elif is_list(self.model, name):
                self.translated(widget, TEXT["list_help"], "placeholder")
        yield from self.row(name, caption, widget, help_text, required=is_required(self.model, name),
                            suffix=" (fr)" if base != name else "")

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

    @property
    def title_text(self) -> str:
        return _(TEXT["note"]).format(name=record_name(self.record, getattr(self.app, "data", None)))

    def rows(self) -> ComposeResult:
        from landscape.store.journal import today

        yield from self.row("text", N_("note"), Input(id="field-text", compact=True), required=True)
        yield from self.row("date", N_("date"), self.translated(Input(today(), id="field-date", compact=True),
                                                                 TEXT["date_help"], "placeholder"))

    def change(self) -> Any:
        from landscape.store.changes import Change

        return Change("note", self.table, self.record.id, text=self.text("text"), date=self.text("date"))


class LogForm(FormScreen):
    """A contact (meeting, call…) with a record, and the next step it leads to."""

    AUTO_FOCUS = "#field-summary"

    def __init__(self, table: str, record: Any) -> None:
        super().__init__()
        self.table, self.record = table, record

    @property
    def title_text(self) -> str:
        return _(TEXT["log"]).format(name=record_name(self.record, getattr(self.app, "data", None)))

    def rows(self) -> ComposeResult:
        from landscape.store.journal import CONTACT_KINDS as KINDS, today

        def kinds() -> list[tuple[str, str]]:
            return [(label("contact_kind", k), k) for k in KINDS]

        yield from self.row("kind", N_("kind"), self.choices(Select(
            [(Text(text), k) for text, k in kinds()], value="meeting", allow_blank=False, id="field-kind",
            compact=True), kinds), required=True)
        yield from self.row("date", N_("date"), Input(today(), id="field-date", compact=True), required=True)
        yield from self.row("summary", N_("summary"), self.translated(Input(id="field-summary", compact=True),
                                                                       N_("what was said"), "placeholder"),
                            required=True)
        yield from self.row("with", N_("with"), RecordPicker("actor", multiple=True, id="field-with"))
        yield from self.row("next", N_("next step"), self.translated(Input(id="field-next", compact=True),
                                                                      N_("what to do next"), "placeholder"))
        yield from self.row("due", N_("due"), self.translated(Input(id="field-due", compact=True),
                                                               TEXT["date_help"], "placeholder"))

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
        self.actor_name = name

    @property
    def title_text(self) -> str:
        return _(TEXT["assess"]).format(name=self.actor_name)

    def scores(self) -> Text:
        lines = Text(_(TEXT["assess_line"]).format(influence=self.influence, interest=self.interest), style="bold")
        if self.curated:
            lines.append("\n" + _(TEXT["curated_line"]).format(influence=self.curated[0], interest=self.curated[1]),
                         style="dim")
        if self.own:
            lines.append("\n" + _(TEXT["own_line"]).format(influence=self.own[0], interest=self.own[1]), style="dim")
        return lines

    def rows(self) -> ComposeResult:
        scores = Static(self.scores(), markup=False)
        self.labels.append(lambda: scores.update(self.scores()))
        yield scores
        yield from self.row("why", TEXT["why"], self.translated(Input(id="field-why", compact=True),
                                                                N_("what you know that the map does not"),
                                                                "placeholder"), required=True)

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
    BINDINGS = [Binding("y,o,enter", "answer(True)", N_("Yes")), Binding("n,escape", "answer(False)", N_("No"))]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        yield Static(plain(self.question), markup=False)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
