"""The dashboard in French: switching the language redraws what is shown, and no English is left on screen.

`test_no_english_is_left_on_the_french_screens` drives the dashboard in French with Pilot over a map whose
curated texts all have their French twins, collects every text it shows (each frame, and the content of its
widgets: lists, tables, filters, fields, titles, footer, palette, help), and looks there for the English of
the interface: each msgid of the catalog these modules use whose French differs, and each string written in
their source that is not a msgid (a string someone forgot to wrap would be found that way).
"""

from __future__ import annotations

import ast
import re
import string
import threading
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po
from tui.widgets.dropdown import Dropdown
from textual.widgets import Button, DataTable, Input, OptionList, Select, Static

from landscape import i18n
from landscape.i18n import _, get_lang, set_lang, using_lang
from landscape.model.vocab import ROLES
from landscape.settings import Settings, load_settings
from landscape.store.database import build
from tests.factories import tiny_map
from tests.tui_helpers import help_lines, option_texts, settle
from tui.app import create_app
from tui.format import ROLE_DESCRIPTIONS
from tui.screens.detail import DetailScreen
from tui.screens.help import HelpScreen
from tui.screens.home import HomeScreen
from tui.widgets.link_list import LinkList

ROOT = Path(__file__).resolve().parent.parent
# The modules whose screens this file drives (the other screens have their own tests).
MODULES = ["tui/app.py", "tui/commands.py", "tui/actor_actions.py", "tui/format.py", "tui/groups.py",
           "tui/language.py", "tui/layer.py", "tui/screens/base.py", "tui/screens/home.py", "tui/screens/help.py",
           "tui/screens/search.py", "tui/screens/lists.py", "tui/screens/detail.py", "tui/screens/record_form.py",
           "tui/widgets/search_panel.py", "tui/widgets/record_table.py", "tui/widgets/record_picker.py",
           "tui/widgets/link_list.py"]
# Strings of the source that read the same in both languages: the program's name and its commands, the
# languages' own names, key names.
SAME_IN_BOTH = {"landscape", "landscape conflicts", "landscape agenda", "landscape fetch lieux", "textual-dark",
                "textual-light", "Langue / Language", "français", "English", "Tab", "https://…"}
BILINGUAL = ("Langue / Language", "Français → English", "English → français")  # the language command, on purpose


def french_map():
    """The tiny map with a French twin for every curated text, so that English on screen can only be the UI's."""
    data = tiny_map()
    twin = {"summary": "summary_fr", "title": "title_fr", "arena": "arena_fr", "note": "note_fr"}
    for table in ("actors", "plans", "events", "competitors", "offers", "relations"):
        records = []
        for record in data.table(table):
            update = {fr: f"Texte rédigé pour {record.id}" for name, fr in twin.items()
                      if getattr(record, name, None) and fr in type(record).model_fields}
            if getattr(record, "positioning", None) is not None:
                update["positioning"] = record.positioning.model_copy(
                    update={"rationale_fr": f"Raison française de {record.id}"})
            if getattr(record, "disputes", None):
                update["disputes"] = [d.model_copy(update={"note_fr": "Les sources divergent."})
                                      for d in record.disputes]
            records.append(record.model_copy(update=update))
        setattr(data, table, records)
    return data


@pytest.fixture
def french_db(tmp_path):
    path = tmp_path / "fr.db"
    build(path, french_map())
    return path


def fr_app(db, lang: str = "fr", focal: str = "alpha"):
    return create_app(db, settings=Settings(focal_actor=focal), debounce=0.01, lang=lang)


# --- what the screens show ------------------------------------------------------------------------
def frame_text(app) -> str:
    """The characters on screen (Textual's compositor: the frame as the terminal gets it)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def widget_texts(screen) -> list[str]:
    """Every text the screen's widgets hold, shown or scrolled out of view."""
    out = [screen.title or "", screen.sub_title or ""]
    for widget in screen.query("*"):
        out += [str(widget.border_title or ""), str(widget.border_subtitle or "")]
        if isinstance(widget, OptionList):
            out += option_texts(widget)  # type: ignore[arg-type]
        elif isinstance(widget, DataTable):
            out += [str(getattr(c.label, "plain", c.label)) for c in widget.columns.values()]
            out += [str(getattr(cell, "plain", cell)) for r in range(widget.row_count) for cell in widget.get_row_at(r)]
        elif isinstance(widget, Dropdown):
            out += [str(widget.prompt), widget.render().plain] + [t.plain for t, _ in widget.options]
        elif isinstance(widget, Select):
            out += [str(widget.prompt)] + [str(getattr(p, "plain", p)) for p, _ in getattr(widget, "_options", [])]
        elif isinstance(widget, Input):
            out += [widget.placeholder, widget.value]
        elif isinstance(widget, Button):
            out.append(str(widget.label))
        elif isinstance(widget, Static):
            out.append(str(getattr(widget.render(), "plain", widget.render())))
    out += footer_descriptions(screen)
    return out


def footer_descriptions(screen) -> list[str]:
    """What the footer shows for each key (its description, else the group's name), as last drawn."""
    found = []
    for footer in screen.query("Footer"):
        footer.render()
        for key in footer._keys:
            group = key.binding.group
            found.append(key.binding.description or (group.description if group else ""))
            if group is not None:
                found.append(group.description)
    return found


def english_strings() -> dict[str, str]:
    """English of the interface, each with where it comes from: translated msgids, and strings not wrapped."""
    with open(i18n.LOCALE_DIR / "fr" / "LC_MESSAGES" / "landscape.po", "rb") as fh:
        catalog = read_po(fh)
    keywords = {"_": None, "N_": None, "ngettext": (1, 2)}
    out: dict[str, str] = {}
    msgids: set[str] = set()
    in_french = {s for m in catalog for s in ([m.string] if isinstance(m.string, str) else m.string) if s}
    for module in MODULES:
        for _lineno, message, _comments, _context in extract_from_file("python", ROOT / module, keywords=keywords):
            for msgid in ([message] if isinstance(message, str) else list(message)):
                msgids.add(msgid)
                entry = catalog.get(message)
                french = entry.string if entry is not None else ""
                french = [french] if isinstance(french, str) else list(french)
                for piece in fragments(msgid):
                    if piece not in " ".join(french):
                        out[piece] = f"msgid {msgid!r} ({module})"
    for module in MODULES:
        for text in literals(ROOT / module):
            if text in msgids or text in SAME_IN_BOTH or text in in_french:
                continue
            for piece in fragments(text):
                if re.search(r"[A-Za-z]{3}", piece) and piece not in SAME_IN_BOTH:
                    out.setdefault(piece, f"string {text!r} ({module})")
    return out


def fragments(text: str) -> list[str]:
    """The literal parts of a format string, trimmed: what would be seen verbatim on screen."""
    parts = [literal for literal, *_ in string.Formatter().parse(text)] if "{" in text else [text]
    return [p.strip(" ·:,.()") for p in parts if len(p.strip(" ·:,.()")) >= 2 and re.search(r"[A-Za-z]", p)]


def literals(path: Path) -> list[str]:
    """The strings written in a module, docstrings, CSS and keys of the map's data left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body \
                and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant):
            skip.add(id(node.body[0].value))
        if isinstance(node, ast.Subscript):  # row["next"], KIND_STYLES["actor"]: keys, not text
            skip.update(id(n) for n in ast.walk(node.slice))
        if isinstance(node, ast.keyword) and node.arg in ("style", "id", "classes", "group", "name", "variant",
                                                          "severity", "overflow", "key", "justify", "exclusive"):
            skip.update(id(n) for n in ast.walk(node.value))
        if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
                "query", "query_one", "get", "startswith", "endswith", "split", "replace", "getattr",
                "lazy_screen", "screen_class", "import_module", "Binding", "execute", "add_class", "set_class",
                "has_class", "remove_class", "goto", "screen_named", "push_screen", "Link", "label", "Column",
                "Filter", "ListSpec", "work", "field", "text", "removesuffix", "index", "table", "relation_heading",
                "records", "fit_widths", "CONTACT_KINDS", "field_label", "search", "compile", "match"):
            skip.update(id(n) for arg in node.args for n in ast.walk(arg))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            text = node.value
            if "\n" in text.strip() or "{" in text and "}" in text and ":" in text and ";" in text:
                continue  # CSS
            if re.fullmatch(r"[a-z0-9_.#*>+\-:,\[\] ]*", text) and " " not in text.strip():
                continue  # ids, codes, keys, actions, styles: never read
            found.append(text)
    return found


def english_on(texts: list[str], english: dict[str, str]) -> list[str]:
    found = []
    for phrase in BILINGUAL:
        texts = [text.replace(phrase, "") for text in texts]
    for piece, origin in english.items():
        pattern = re.compile(r"(?<![\w-])" + re.escape(piece) + r"(?![\w-])")
        for text in texts:
            if pattern.search(text):
                found.append(f"{piece!r} from {origin}, in: {text.strip()[:120]!r}")
                break
    return found


# --- tests ------------------------------------------------------------------------------------------
def test_the_language_is_the_process_s_and_a_block_may_override_it():
    """Worker threads see the language the UI thread chose; `using_lang` changes it for its block only."""
    set_lang("fr")
    try:
        seen = []
        thread = threading.Thread(target=lambda: seen.append((get_lang(), _("Back"))))
        thread.start()
        thread.join()
        assert seen == [("fr", "Retour")]
        with using_lang("en"):
            assert _("Back") == "Back"
            other = threading.Thread(target=lambda: seen.append(get_lang()))
            other.start()
            other.join()
        assert seen[-1] == "fr" and get_lang() == "fr"
        assert _("") == ""  # never the catalog's header
    finally:
        set_lang("en")


def test_role_descriptions_are_the_vocabulary_s():
    with using_lang("en"):
        assert dict(ROLE_DESCRIPTIONS) == ROLES


async def test_no_english_is_left_on_the_french_screens(french_db, monkeypatch, tmp_path):
    monkeypatch.setenv("LANDSCAPE_EXPORTS", str(tmp_path / "exports"))
    english = english_strings()
    assert len(english) > 300  # the check below looks for something
    app = fr_app(french_db)
    shown: list[str] = []

    def look() -> None:
        shown.append(frame_text(app))
        shown.extend(widget_texts(app.screen))

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        look()
        await pilot.press("slash", *"alpha")
        await settle(app, pilot)
        look()
        await pilot.press("escape")
        for key in "apecor":
            await pilot.press(key)
            await settle(app, pilot)
            look()
            if key == "a":
                await pilot.press("f")  # a filter's options
                await settle(app, pilot)
                look()
                await pilot.press("escape", "plus")  # the form to add a record
                await settle(app, pilot)
                look()
                await pilot.press("escape")
                await settle(app, pilot)
        await pilot.press("h")
        for kind, record_id in (("actor", "alpha"), ("actor", "beta"), ("plan", "plan-64-strategie-2018"),
                                ("event", "ev-2018"), ("source", "src-a"), ("competitor", "beta-vs-alpha"),
                                ("relation", "gamma-funds-alpha"), ("offer", "beta-clicks"), ("actor", "nobody")):
            app.open_record(kind, record_id)
            await settle(app, pilot)
            look()
            await pilot.press("escape")
        app.open_record("actor", "alpha")
        await settle(app, pilot)
        for key in ("e", "L", "N"):  # the forms: edit, log a contact, note (saved)
            await pilot.press(key)
            await settle(app, pilot)
            look()
            if key != "N":
                await pilot.press("escape")
        await pilot.press(*"rencontre", "enter")
        await settle(app, pilot)
        look()  # the note, and the journal's line for it
        await pilot.press("u")
        await settle(app, pilot)
        look()  # the question before an undo
        await pilot.press("y")
        await settle(app, pilot)
        await pilot.press("x")  # an export, and its notification
        await settle(app, pilot)
        look()
        await pilot.press("ctrl+p")
        await settle(app, pilot)
        look()
        palette = app.screen
        await pilot.press(*"alpha")
        await settle(app, pilot)
        look()
        await pilot.press(*"zzz")
        await pilot.pause(0.7)  # the palette says "no matches" after half a second
        look()
        assert any("Aucun résultat" in t for t in shown)
        commands = app.get_system_commands(app.screen_stack[-2])
        shown.extend(f"{c.title} {c.help}" for c in commands)
        await pilot.press("escape")
        assert app.screen is not palette
        await pilot.press("question_mark")
        await settle(app, pilot)
        assert isinstance(app.screen, HelpScreen)
        lines = help_lines(app)
        # The sections of the screens driven here (those of the other screens follow "Frise chronologique").
        ours = lines[: next(i for i, line in enumerate(lines) if line.strip() == "Frise chronologique")]
        shown.extend(ours + lines[-1:])
    left = english_on(shown, english)
    assert left == [], "\n".join(left)
    assert any("Acteur focal" in t for t in shown) and any("Ni note ni contact" in t for t in shown)


async def test_switching_language_redraws_home_a_record_and_help(tiny_db):
    app = fr_app(tiny_db, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.open_record("actor", "alpha")
        await settle(app, pilot)
        await pilot.press("question_mark")
        await settle(app, pilot)
        assert "Everywhere" in "\n".join(help_lines(app))
        await pilot.press("ctrl+p", *"langue")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, HelpScreen)
        assert " Partout" in help_lines(app) and "Touches" in str(app.screen.query_one("#help-body").border_title)
        detail = app.screen_stack[-2]
        assert isinstance(detail, DetailScreen)  # shown under the help: redrawn at once
        assert "type\u00a0: association" in option_texts(detail.query_one(LinkList))
        assert load_settings().lang == "fr"
        await pilot.press("escape")
        await settle(app, pilot)
        footer = footer_descriptions(app.screen)
        assert "Retour" in footer and "Modifier" in footer and "Back" not in footer
        assert detail.sub_title == "acteur · Alpha Connect"
        await pilot.press("escape")  # home was under them: redrawn as it comes back
        await settle(app, pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert "5 acteurs" in home.query_one("#counts").render().plain
        assert str(home.query_one("#focal").border_title).startswith("Acteur focal")
        assert "Rechercher partout" not in home.query_one("#query", Input).placeholder
        assert home.query_one("#query", Input).placeholder.startswith("Tapez /")
        await pilot.press("ctrl+p", *"language")  # found by its English name too
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert "5 actors" in home.query_one("#counts").render().plain
        assert load_settings().lang == "en"


async def test_search_results_and_filters_follow_a_switch(tiny_db):
    app = fr_app(tiny_db, lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"alpha")
        await settle(app, pilot)
        status = str(app.screen.query_one("#search-status").render())
        assert "results for" in status
        await pilot.press("escape")
        await pilot.press("a")
        await settle(app, pilot)
        app.screen.set_filter("sector", "ess")
        await settle(app, pilot)
        app.set_language("fr")
        await settle(app, pilot)
        select = app.screen.query_one("#filter-sector", Dropdown)
        assert select.value == "ess"  # the filter chosen stays
        assert "économie sociale et solidaire" in [str(p) for p, _ in select._options]
        assert str(app.screen.query_one("#count").render()).startswith("2 sur 5 acteurs")
        await pilot.press("h")
        await settle(app, pilot)
        await pilot.press("slash", *"alpha")
        await settle(app, pilot)
        assert "résultats pour" in str(app.screen.query_one("#search-status").render())


@pytest.mark.parametrize("lang", ["fr", "en"])
async def test_the_footer_fits_80_columns(tiny_db, lang):
    """French words are longer: the jump keys, then the actor keys, leave the footer rather than be cut."""
    app = fr_app(tiny_db, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        for keys in ((), ("a",), ("escape", "a", "enter")):
            await pilot.press(*keys)
            await settle(app, pilot)
            line = app.screen.query_one("Footer").render().plain
            assert len(line.rstrip()) <= 80 and "…" not in line, line  # nothing cut
        descriptions = set(footer_descriptions(app.screen))
        assert ({"Retour", "Modifier", "Note", "Contact"} if lang == "fr" else {"Back", "Edit", "Note", "Log"}) \
            <= descriptions
