"""The living map in the dashboard: edit and add records in a form, notes, contacts, history, own
assessments on the grid, the agenda on home, retired records, undo. Every change goes through
`landscape.changes.apply_change`; these tests read the result back from the database."""

from __future__ import annotations

import sqlite3

from landscape.changes import Change, SourceSpec, apply_change
from landscape.store import Store
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
        await open_detail(app, pilot, "plan", "plan-33")
        assert any(line.startswith("status: ") and "in preparation" in line for line in page(app))
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
        assert any("status: \"in_preparation\" → \"adopted\"" in line or "status: in_preparation → adopted" in line
                   for line in lines), lines
        assert app.data.index("plans")["plan-33"].status == "adopted"
    conn = sqlite3.connect(real_db)
    assert conn.execute("SELECT status FROM plans WHERE id = 'plan-33'").fetchone()[0] == "adopted"
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
