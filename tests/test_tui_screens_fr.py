"""The positioning, map, timeline, influence, competitors, compare, brief, département, stale, diff and inbox
screens in French (Pilot, tiny map with a few French twins): what a reader sees is French, and nothing
English is left that has a translation."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from tui.widgets.dropdown import Dropdown
from textual.widgets import Input

from landscape import i18n
from landscape.i18n import set_lang
from landscape.settings import Settings
from landscape.store.database import build
from tests.factories import tiny_map
from tests.tui_helpers import option_texts, settle
from tui.app import create_app
from tui.screens.competitors import CompetitorsScreen
from tui.screens.influence import InfluenceScreen
from tui.screens.positioning import PositioningScreen
from tui.screens.side_by_side import CompareScreen
from tui.screens.snapshot_diff import DiffScreen
from tui.screens.timeline import TimelineScreen
from tui.widgets.france_map import FranceMap
from tui.widgets.link_list import LinkList
from tui.widgets.power_grid import PowerGrid
from tui.widgets.record_table import RecordTable

ROOT = Path(__file__).resolve().parent.parent
SCREENS = [ROOT / "tui" / "screens" / f"{name}.py" for name in (
    "positioning", "plans_map", "influence", "competitors", "timeline", "brief", "departement", "side_by_side",
    "snapshot_diff", "inbox", "stale")] + [ROOT / "tui" / "widgets" / f"{name}.py" for name in (
        "power_grid", "france_map")] + [ROOT / "tui" / "coverage.py"]


@lru_cache(maxsize=1)
def english_fragments() -> list[re.Pattern[str]]:
    """The English pieces of these screens' messages that read differently in French (placeholders cut out)."""
    keywords = {"_": None, "N_": None, "ngettext": (1, 2)}
    patterns = []
    for path in SCREENS:
        for _line, message, _comments, _context in extract_from_file("python", path, keywords=keywords):
            msgids = message if isinstance(message, tuple) else (message,)
            french = " ".join(i18n._catalog("fr").ngettext(*msgids, n) for n in (1, 2)) if len(msgids) == 2 \
                else i18n._catalog("fr").gettext(msgids[0])
            for msgid in msgids:
                for piece in re.split(r"\{[^}]*\}", msgid):
                    piece = piece.strip(" :;·—()")
                    if piece in french:
                        continue  # the same in both languages ("PageRank", "influence")
                    if len(piece) >= 5 and re.search(r"[A-Za-z]{3}", piece):
                        patterns.append(re.compile(r"(?<![\w-])" + re.escape(piece) + r"(?![\w-])"))
    return patterns


def screen_lines(app) -> list[str]:
    """The terminal's lines as drawn, the footer's keys included."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def page(app) -> str:
    """The screen as text, French no-break spaces read as spaces (one test checks they are there)."""
    return "\n".join(screen_lines(app)).replace("\u00a0", " ").replace("\u202f", " ")


def english_left(app, text: str | None = None) -> list[str]:
    """The English fragments of these screens' messages found in `text` (by default the whole screen)."""
    text = page(app) if text is None else text
    return sorted({p.pattern for p in english_fragments() if p.search(text)})


@pytest.fixture
def fr_db(tmp_path) -> Path:
    """The tiny map, some of its curated texts with their French twin."""
    data = tiny_map()
    alpha = data.index("actors")["alpha"]
    positioning = alpha.positioning.model_copy(update={"rationale_fr": "Alpha mène le terrain."})
    data.actors[data.actors.index(alpha)] = alpha.model_copy(update={"positioning": positioning})
    event = data.index("events")["ev-2017"]
    data.events[data.events.index(event)] = event.model_copy(update={"title_fr": "Lancement de la stratégie nationale"})
    rivalry = data.competitors[0]
    data.competitors[0] = rivalry.model_copy(update={"arena_fr": "plateformes de formation",
                                                     "note_fr": "Beta fabrique des outils ; Alpha forme sur place."})
    path = tmp_path / "fr.db"
    build(path, data)
    return path


def app_in(db, lang: str):
    set_lang(lang)  # the setting says so too: the app may choose its language from it
    return create_app(db, settings=Settings(focal_actor="alpha", lang=lang), debounce=0.01)


def french_app(db):
    return app_in(db, "fr")


def rows(table) -> list[list[str]]:
    return [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_the_roles_matrix_and_the_grid_in_french_at_80x24(fr_db):
    app = french_app(fr_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("w")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, PositioningScreen)
        table = screen.query_one("#roles", RecordTable)
        headings = [c.label.plain for c in table.columns.values()]
        assert headings == ["acteur", "Déc", "Fin", "Coo", "Ter", "Out", "Exp", "Rep", "OSP", "Pla", "For", "I/i"]
        shown = rows(table)
        assert shown[0][0].startswith("Σ ● principal") and shown[1][0].startswith("Σ ○ secondaire")
        text = page(app)
        assert "Positionnement · matrice des rôles" in text
        assert "5 acteurs · 3 notés" in text and "tous types" in text and "tous secteurs" in text
        assert "filtrer par nom…" in text and "Matrice des rôles" in text and "Grille pouvoir–intérêt" in text
        assert "association · économie sociale et solidaire" in text  # the focal actor's card
        assert "gérer de près  influence ●●●●○ 4  intérêt ●●●●● 5" in text
        assert "● accompagnement de terrain" in text
        assert english_left(app) == []

        table.move_cursor(row=0)
        await pilot.pause()
        assert "Colonnes : Déc décideur public · Fin financeur" in page(app)
        assert "Colonnes\u00a0:" in "\n".join(screen_lines(app))  # French punctuation: a no-break space

        await pilot.press("w")
        await settle(app, pilot)
        text = page(app)
        assert "Positionnement · grille pouvoir–intérêt" in text
        for name in ("satisfaire", "gérer de près", "surveiller", "tenir informé"):
            assert f"─ {name} ─" in text  # the quadrants on the grid's borders
        assert text.count("inf↑") == 1 and text.count("int→") == 1
        assert "Alpha mène le terrain." in text  # the French twin of the rationale
        assert "Alpha leads the field." not in text
        assert english_left(app) == []

        await pilot.press("left", "left", "down", "down")  # an empty cell, low on both scores
        await pilot.pause()
        text = page(app)
        assert "surveiller  influence 2 · intérêt 3" in text
        assert "Aucun acteur dans cette case. ←↑↓→ passer d'une case à l'autre." in text
        assert english_left(app) == []


async def test_the_grid_cuts_a_long_label_with_an_ellipsis(fr_db):
    grid = PowerGrid()
    assert grid.labels((4, 4), 1, 12) == []
    grid.cells[(4, 4)] = [{"id": f"a{i}", "name": f"Acteur numéro {i}", "label": f"Acteur {i}", "focal": False}
                          for i in range(9)]
    set_lang("fr")
    lines = grid.labels((4, 4), 3, 8)
    assert lines[-1] == ("+7 autr…", "more")  # « +7 autres » does not fit in 8 cells: cut, and says so
    assert all(len(text) <= 8 for text, _ in lines)


async def test_the_plans_map_in_french(fr_db):
    app = french_app(fr_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("m")
        await settle(app, pilot)
        app.screen.query_one(FranceMap).selected = "64"
        await pilot.pause()
        text = page(app)
        assert "Carte des plans" in text
        assert "Situation d'après les plans les plus récents : ■ aucun connu 99" in text
        assert "■ en préparation 2" in text
        assert "feuille de route FNE 2024-2027  ■ en préparation  2024-2027" in text
        assert english_left(app) == []
        await pilot.press("g")  # as of the newest generation, then the 2019 charters, then the 2018 strategies
        await pilot.press("g", "g")
        await pilot.pause()
        text = page(app)
        assert "Carte des plans · à la date de la stratégie de 20…" in text  # the title, cut with an ellipsis
        assert "Situation à la date de la stratégie de 2018 : " in text and "■ adopté 1" in text
        assert english_left(app) == []

    app = french_app(fr_db)
    async with app.run_test(size=(160, 50)) as pilot:  # wide: one line per plan, its carriers, the keys
        await settle(app, pilot)
        await pilot.press("m")
        await settle(app, pilot)
        app.screen.query_one(FranceMap).selected = "64"
        await pilot.pause()
        text = page(app)
        lines = [line.rstrip() for line in text.splitlines()]
        at = next(i for i, line in enumerate(lines) if line.endswith("feuille de route FNE 2024-2027"))
        assert lines[at + 1].endswith("■ en préparation  2024-2027")  # wrapped between pieces, never inside one
        at = next(i for i, line in enumerate(lines) if line.endswith("stratégie de 2018  ■ adopté"))
        assert lines[at + 1].endswith("adopté en octobre 2017")
        assert "↑↓←→ se déplacer · Entrée ouvre le" in text and "département · g génération · l" in text
        assert english_left(app) == []


def test_a_legend_flows_by_whole_entries():
    from rich.text import Text

    from tui.coverage import flow

    items = [Text(f"■ entrée numéro {i}") for i in range(5)]  # 17 cells each
    lines = flow(Text("Titre : "), items, 40).plain.split("\n")
    assert lines == ["Titre : ■ entrée numéro 0", "■ entrée numéro 1  ■ entrée numéro 2",
                     "■ entrée numéro 3  ■ entrée numéro 4"]


async def test_the_timeline_in_french(fr_db):
    app = french_app(fr_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        assert isinstance(app.screen, TimelineScreen)
        lines = option_texts(app.screen.query_one("#events", LinkList))
        assert any(re.match(r"12 décembre +lancement +Lancement de la stratégie nationale", line) for line in lines)
        assert any(re.match(r"février +création +Alpha is created", line) for line in lines)  # the year is above
        text = page(app)
        assert "Frise chronologique" in text and "3 événements" in text
        assert "tous types" in text and "tous acteurs" in text and "toutes portées" in text
        assert english_left(app) == []
        app.screen.set_filter("kind", "law")
        await pilot.pause()
        text = page(app)
        assert "Aucun événement ne correspond à ces filtres (0 les efface)." in text and "0 sur 3 événements" in text


async def test_measured_influence_in_french(fr_db):
    app = french_app(fr_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("i")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, InfluenceScreen)
        table = screen.query_one(RecordTable)
        assert [c.label.plain for c in table.columns.values()][:9] == [
            "n°", "acteur", "PageRk▼", "inter.", "deg", "est", "mes", "éc.", "⚠"]
        assert all("," in row[2] and "." not in row[2] for row in rows(table))  # 0,2345: a decimal comma
        text = page(app)
        assert "Influence mesurée" in text and "5 acteurs · tri : PageRank · ⚠" in text
        assert "mesurée = quintile de PageRank" in text
        await pilot.press("s")
        await pilot.pause()
        assert "tri : intermédiarité" in page(app)
        # The sentences under the rule that explain each figure come from the analysis: left out of the check.
        assert english_left(app, page(app).split("────")[0]) == []


async def test_competitors_in_french_with_the_french_arena_and_note(fr_db):
    app = french_app(fr_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.push_screen(CompetitorsScreen("alpha"))
        await settle(app, pilot)
        text = page(app)
        assert "Concurrents · Alpha Connect" in text
        assert "Concurrents — Alpha Connect  1 enregistré dans 1 domaine · 0 suggéré" in text
        assert "Alpha Connect :  influence estimée 4 · influence mesurée" in text
        assert " plateformes de formation   chevauchement moyen" in text
        assert "Beta Tech  chevauchement moyen  enregistré" in text
        assert "avantages pour Alpha Connect : influence estimée 4 contre 2" in text
        assert "Beta fabrique des outils ; Alpha forme sur place." in text
        assert "suggérés : pas encore enregistrés" in text
        assert english_left(app) == []


async def test_compare_in_french(fr_db):
    app = french_app(fr_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.push_screen(CompareScreen())
        await pilot.pause()
        screen = app.screen
        assert screen.query_one("#compare-add", Input).placeholder == "+ ajouter un acteur\u00a0: tapez un nom…"
        screen.add("alpha")
        screen.add("beta")
        await settle(app, pilot)
        cells = [[cell.plain for cell in screen.query_one("#compare-table").get_row_at(i)]
                 for i in range(screen.query_one("#compare-table").row_count)]
        assert [" type ", " type "] in cells
        assert ["association · économie sociale et solidaire"] * 2 in cells
        assert [" positionnement ", " positionnement "] in cells and ["gérer de près", "tenir informé"] in cells
        assert ["Alpha mène le terrain.", "Small but keen."] in cells  # a French twin where there is one
        text = page(app)
        assert "Comparer" in text and "2 sur 4 : Alpha Connect, Beta Tech" in text
        assert "En commun : financeurs Gamma Foundation" in text
        assert "Rivaux : Beta Tech contre Alpha Connect — plateformes de formation (chevauchement moyen)" in text
        assert english_left(app) == []


async def test_the_brief_and_the_departement_page_are_written_in_french_off_the_ui_thread(fr_db):
    app = french_app(fr_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.open_brief("alpha")
        await settle(app, pilot)
        text = page(app)
        assert "Fiche · Alpha Connect" in text and "Alpha Connect — fiche" in text  # built in a thread worker
        assert english_left(app, text.splitlines()[0]) == []  # the page itself is `landscape.analysis.brief`'s
        app.open_departement("64")
        await settle(app, pilot)
        text = page(app)
        assert "Département · Pyrénées-Atlantiques (64)" in text and "Plans par génération" in text
        assert english_left(app, text.splitlines()[0]) == []


async def test_stale_records_a_diff_and_an_empty_inbox_in_french(fr_db):
    app = french_app(fr_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.goto("stale")
        await settle(app, pilot)
        text = page(app)
        assert "Non confirmés depuis 12 mois" in text
        assert "enregistrements dont la source ou la modification la plus récente a plus de 12 mois" in text
        assert re.search(r"2020 +acteur +Alpha Connect", text)
        assert english_left(app) == []

        result = {"old": {"file": "avant.json", "generated_at": "2026-01-02"}, "new": {"file": "current map"},
                  "equal": False, "summary": {"actors": {"added": 1, "removed": 0, "changed": 2}},
                  "kinds": {"actors": {"added": [{"id": "alpha", "label": "Alpha Connect"}], "removed": [],
                                       "changed": []}}}
        app.push_screen(DiffScreen(result))
        await pilot.pause()
        text = page(app)
        assert "Comparaison avec avant.json" in text
        assert "instantané avant.json du 2026-01-02  →  carte actuelle" in text
        assert "1 ajout · 0 suppression · 2 modifications   Entrée ouvre un enregistrement" in text
        assert " acteurs  +1 −0 ~2" in text
        assert english_left(app) == []

        await pilot.press("n")
        await settle(app, pilot)
        text = page(app)
        assert "Veille · 0" in text and "La veille est vide. u lit les flux" in text
        assert english_left(app) == []


async def test_after_a_switch_of_language_the_screens_draw_again_in_french_and_keep_their_filters(fr_db):
    """« Langue / Language »: the screen shown is drawn again at once, the one underneath when it comes back."""
    app = app_in(fr_db, "en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        timeline = app.screen
        timeline.set_filter("kind", "launch")
        await pilot.pause()
        assert "1 of 3 events" in page(app)
        await pilot.press("w")
        await settle(app, pilot)
        positioning = app.screen
        positioning.query_one("#pos-sector", Dropdown).value = "ess"
        await pilot.pause()
        assert "2 of 5 actors" in page(app)

        app.set_language("fr")  # what the palette's command does
        await settle(app, pilot)
        text = page(app)
        assert "2 sur 5 acteurs" in text and "économie sociale et solidaire" in text  # the filter kept
        assert positioning.query_one("#pos-sector", Dropdown).value == "ess"
        assert english_left(app) == []
        await pilot.press("t")  # the same timeline, kept while another top-level screen was shown
        await pilot.pause()
        assert app.screen is timeline
        text = page(app)
        assert "1 sur 3 événements" in text and "lancement" in text and "Frise chronologique" in text
        assert timeline.query_one("#tl-kind", Dropdown).value == "launch"
        assert english_left(app) == []


async def test_the_snapshot_dialog_follows_a_switch_of_language(fr_db):
    app = app_in(fr_db, "en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("d")
        await pilot.pause()
        assert "Compare the current map with a snapshot" in page(app)
        app.set_language("fr")
        await pilot.pause()
        text = page(app)
        assert "Comparer la carte actuelle avec un instantané" in text and "Fichier d'instantané" in text
        assert "Entrée compare · → complète le chemin" in text  # (the folder tree shows file names: not checked)
