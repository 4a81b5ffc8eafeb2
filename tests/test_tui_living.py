"""The living map in the dashboard: edit and add records in a form, notes, contacts, history, own
assessments on the grid, the agenda on home, retired records, undo. Every change goes through
`landscape.store.changes.apply_change`; these tests read the result back from the database."""

from __future__ import annotations

import sqlite3

from landscape.store.changes import Change, SourceSpec, apply_change
from landscape.store.database import Store
from tests.tui_helpers import burst, make_app, option_texts, settle


def page(app) -> list[str]:
    return option_texts(app.screen.query_one("#detail"))


async def open_detail(app, pilot, kind: str, record_id: str) -> None:
    await settle(app, pilot)
    app.open_record(kind, record_id)
    await settle(app, pilot)


async def test_edit_a_plan_in_the_form_and_see_the_detail_update(real_db):
    app = make_app(real_db)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_detail(app, pilot, "plan", "plan-33-fne-2024")
        assert any(line.startswith("status: ") and "written, unsigned" in line for line in page(app))
        await pilot.press("e")
        await settle(app, pilot)
        form = app.screen
        assert type(form).__name__ == "RecordForm"
        form.query_one("#field-status").value = "adopted"
        form.query_one("#field-source-mode").value = "note"
        await settle(app, pilot)
        form.query_one("#field-source-note").focus()
        burst(app, *"met the director on 2026-11-18")
        await settle(app, pilot)
        assert form.query_one("#field-source-note").value == "met the director on 2026-11-18"
        await pilot.press("enter")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "DetailScreen"
        lines = page(app)
        assert any(line.startswith("status: ") and "adopted" in line for line in lines)
        assert any("status: \"finalised_unsigned\" → \"adopted\"" in line or "status: finalised_unsigned → adopted" in line
                   for line in lines), lines
        assert app.data.index("plans")["plan-33-fne-2024"].status == "adopted"
    conn = sqlite3.connect(real_db)
    assert conn.execute("SELECT status FROM plans WHERE id = 'plan-33-fne-2024'").fetchone()[0] == "adopted"
    assert conn.execute("SELECT kind FROM sources s JOIN journal j ON j.record_id = s.id "
                        "WHERE j.record_table = 'sources'").fetchone()[0] == "own_observation"


async def test_a_refused_change_shows_its_error_beside_the_field_and_keeps_the_form(real_db):
    app = make_app(real_db)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        await open_detail(app, pilot, "event", sorted(e.id for e in app.data.events)[0])
        await pilot.press("e")
        await settle(app, pilot)
        form = app.screen
        date = form.query_one("#field-date")
        date.value = "2026-13-45"
        form.query_one("#field-source-mode").value = "url"
        await settle(app, pilot)
        form.query_one("#field-source-url").value = "https://example.org/news"
        await pilot.click("#form-save")
        await settle(app, pilot)
        assert app.screen is form
        error = form.query_one("#error-date")
        assert error.has_class("-shown") and "not a real date" in str(error.render())
        assert date.has_focus and date.value == "2026-13-45"
        date.value = "2026-11-20"
        await pilot.click("#form-save")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "DetailScreen"
        assert any(line.startswith("date: 2026-11-20") for line in page(app))


async def test_a_note_and_a_contact_added_from_the_detail(real_db):
    app = make_app(real_db)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_detail(app, pilot, "actor", "wetechcare")
        assert any("No note or contact yet" in line for line in page(app))
        await pilot.press("N")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "NoteForm"
        burst(app, *"Asked for the [b]2026[/b] impact figures")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "DetailScreen"
        assert any("Asked for the [b]2026[/b] impact figures" in line for line in page(app))
        await pilot.press("L")
        await settle(app, pilot)
        form = app.screen
        assert type(form).__name__ == "LogForm" and form.query_one("#field-summary").has_focus
        burst(app, *"Pix partnership")
        await settle(app, pilot)
        form.query_one("#field-with").focus()
        burst(app, *"emmaus connect", "enter")   # Enter before the matches arrive takes the first one
        await settle(app, pilot)
        assert form.query_one("#field-with").value == ["emmaus-connect"]
        form.query_one("#field-next").value = "send the draft convention"
        form.query_one("#field-due").value = "2026-12-01"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "DetailScreen"
        lines = page(app)
        assert any("▸ send the draft convention" in line and "due 2026-12-01" in line for line in lines)
        assert any("Pix partnership" in line and "with Emmaüs Connect" in line for line in lines), lines
    conn = sqlite3.connect(real_db)
    assert conn.execute("SELECT count(*) FROM notes").fetchone()[0] == 1
    assert conn.execute("SELECT people FROM contacts").fetchone()[0] == '["emmaus-connect"]'


async def test_the_grid_moves_an_actor_with_its_reason(real_db):
    app = make_app(real_db, focal="wetechcare")
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app, pilot)
        await pilot.press("w", "w")
        await settle(app, pilot)
        grid = app.screen.query_one("PowerGrid")
        assert grid.has_focus and grid.selected_entry["id"] == "wetechcare"
        curated = (grid.selected_entry["influence"], grid.selected_entry["interest"])
        await pilot.press("shift+up" if curated[0] < 5 else "shift+down")
        await settle(app, pilot)
        form = app.screen
        assert type(form).__name__ == "AssessForm"
        await pilot.press("enter")   # no reason: refused beside the field
        await settle(app, pilot)
        assert app.screen is form and form.query_one("#error-why").has_class("-shown")
        burst(app, *"leads the FNE hub work", "enter")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "PositioningScreen"
        entry = grid.selected_entry
        moved = curated[0] + 1 if curated[0] < 5 else curated[0] - 1
        assert entry["id"] == "wetechcare" and entry["influence"] == moved and entry["curated"] == curated
        assert entry["own"]["why"] == "leads the FNE hub work"
        info = str(app.screen.query_one("#grid-info").render())
        assert "° your assessment" in info and f"curated {curated[0]}/{curated[1]}" in info
    conn = sqlite3.connect(real_db)
    assert conn.execute("SELECT influence, why FROM assessments WHERE actor_id = 'wetechcare'").fetchone() == (
        moved, "leads the FNE hub work")


async def test_home_shows_the_agenda_overdue_first_and_conflicts(real_db):
    store = Store.open(real_db)
    for next_step, due in (("call back", "2099-01-01"), ("send the convention", "2000-01-01")):
        apply_change(store, Change("log", "actors", "wetechcare", contact_kind="call", date="2026-01-05",
                                   text="call", next=next_step, due=due))
    from datetime import date, timedelta
    soon = (date.today() + timedelta(days=3)).isoformat()
    apply_change(store, Change("log", "actors", "emmaus-connect", contact_kind="meeting", date="2026-01-05",
                               text="meeting", next="prepare the workshop", due=soon))
    store.close()
    app = make_app(real_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        agenda = app.screen.query_one("#agenda")
        assert agenda.display
        lines = option_texts(agenda)
        assert lines[0].startswith("overdue 2000-01-01  send the convention") and "WeTechCare" in lines[0]
        assert lines[1].startswith(f"due {soon}  prepare the workshop")
        assert not any("call back" in line for line in lines)   # not due this week
        assert "in conflict" not in str(app.screen.query_one("#counts").render())
        await pilot.press("tab")
        agenda.focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "DetailScreen" and app.screen.record_id == "wetechcare"


async def test_retired_records_are_marked_and_undo_asks_first(real_db):
    store = Store.open(real_db)
    apply_change(store, Change("retire", "actors", "fondation-sfr", reason="foundation closed"))
    store.close()
    app = make_app(real_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("a")
        await settle(app, pilot)
        table = app.screen.query_one("#table")
        row = table.get_row("fondation-sfr")
        assert row[0].plain.startswith("Fondation SFR  retired: found") and row[0].spans[0].style == "dim"
        app.open_record("actor", "fondation-sfr")
        await settle(app, pilot)
        assert page(app)[1].startswith("retired: foundation closed")
        await pilot.press("u")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "ConfirmLine"
        assert "retire actor Fondation SFR" in str(app.screen.query_one("Static").render())
        await pilot.press("n")
        await settle(app, pilot)
        assert app.layer.retired_of("actors", "fondation-sfr")
        await pilot.press("u")
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "DetailScreen"
        assert not any(line.startswith("retired:") for line in page(app))
        assert any("undone" in line and "retire actor" in line for line in page(app))
    conn = sqlite3.connect(real_db)
    assert conn.execute("SELECT count(*) FROM retired").fetchone()[0] == 0


async def test_plus_adds_a_record_of_the_kind_listed(real_db):
    app = make_app(real_db)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("e")
        await settle(app, pilot)
        await pilot.press("plus")
        await settle(app, pilot)
        form = app.screen
        assert type(form).__name__ == "RecordForm" and form.kind == "event"
        form.query_one("#field-date").value = "2026-11-20"
        form.query_one("#field-title").value = "Signature de la feuille de route FNE"
        form.query_one("#field-kind").value = "governance"
        form.query_one("#field-scope").value = "departmental"
        form.query_one("#field-actors").pick("cd-gironde")
        await pilot.press("ctrl+s")   # no source: refused beside the source field
        await settle(app, pilot)
        assert app.screen is form and "a source is required" in str(form.query_one("#error-source").render())
        form.query_one("#field-source-id").focus()
        burst(app, *"senat", "enter")
        await settle(app, pilot)
        assert form.query_one("#field-source-id").value
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "DetailScreen"
        assert app.screen.record_id == "signature-de-la-feuille-de-route-fne"
        assert page(app)[0].startswith("Signature de la feuille de route FNE")
        assert any(e.id == "signature-de-la-feuille-de-route-fne" for e in app.data.events)


async def test_a_change_made_by_another_process_reaches_the_open_dashboard(tiny_db, monkeypatch):
    """A CLI edit (another connection) while the dashboard is open: the next look shows it, no restart."""
    import tui.app

    monkeypatch.setattr(tui.app, "OUTSIDE_WRITES_EVERY", 0.05)
    app = make_app(tiny_db)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        assert app.data.index("actors")["gamma"].name == "Gamma Foundation"
        other = Store.open(tiny_db)  # as `landscape edit` in another terminal
        apply_change(other, Change("edit", "actor", "gamma", fields={"name": "Gamma Fondation"},
                                   source=SourceSpec(id="src-a")))
        other.close()
        for _ in range(100):  # bounded: the watch runs every 0.05 s
            await pilot.pause(0.05)
            await app.workers.wait_for_complete()
            if app.data.index("actors")["gamma"].name == "Gamma Fondation":
                break
        assert app.data.index("actors")["gamma"].name == "Gamma Fondation"
        hits = app.search_index.search("gamma fondation", limit=1)
        assert hits and hits[0].id == "gamma"


async def test_the_records_not_confirmed_for_a_year_open_from_the_palette(tiny_db):
    app = make_app(tiny_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.goto("stale")
        await settle(app, pilot)
        lines = option_texts(app.screen.query_one("#stale"))
        assert any("Alpha Connect" in line and line.startswith("2020") for line in lines), lines
        assert not any("Beta Clicks" in line for line in lines[:1])  # oldest first, heading on top
        await pilot.press("down", "enter")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "DetailScreen"
