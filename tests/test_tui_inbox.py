"""The Inbox screen: unread count on home, items best first, chips that open records, accept with a form."""

from __future__ import annotations

from landscape.store.database import Store
from landscape.veille import inbox
from landscape.veille.feeds import FeedItem
from landscape.veille.linking import linker_for
from tests.tui_helpers import make_app, option_texts, settle


def fill(db) -> None:
    store = Store.open(db)
    conn = store.db.conn
    inbox.ensure_schema(conn, defaults=False)
    feed = inbox.add_feed(conn, "https://www.banquedesterritoires.fr/rss.xml", name="Localtis",
                          publisher="Banque des Territoires")
    items = [
        FeedItem("a", "https://www.banquedesterritoires.fr/localtis/hubs-morbihan",
                 "L'ANCT relance les hubs dans le Morbihan", "Avec La MedNum et Emmaüs Connect.",
                 "2026-03-11T08:00:00+00:00"),
        FeedItem("b", "https://www.banquedesterritoires.fr/localtis/pixel", "Le pixel art à Lyon",
                 "Une exposition.", "2026-03-10T08:00:00+00:00"),
    ]
    inbox.store_items(conn, feed, items, linker_for(store), focal="anct")
    store.close()


async def test_inbox_lists_items_opens_chips_and_accepts_once(real_db):
    fill(real_db)
    app = make_app(real_db, focal="anct")
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        assert "2 unread in the inbox" in str(app.screen.query_one("#counts").render())
        await pilot.press("n")
        await settle(app, pilot)
        items = option_texts(app.screen.query_one("#inbox-items"))
        assert items[0].startswith("2026-03-11 L'ANCT relance les hubs") and "Le pixel art" in items[1]
        card = option_texts(app.screen.query_one("#inbox-item"))
        assert any("Agence nationale de la cohésion des territoires" in line and "“ANCT”" in line for line in card)
        assert any(" Morbihan " in line and "département" in line for line in card)
        # a chip opens its record
        await pilot.press("tab")
        chips = app.screen.query_one("#inbox-item")
        assert chips.has_focus and chips.current_link.kind == "actor"
        await pilot.press("enter")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "DetailScreen" and len(app.screen_stack) == 3
        await pilot.press("escape")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "InboxScreen"
        await pilot.press("a")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "AcceptForm"
        assert app.screen.query_one("#accept-title").value == "L'ANCT relance les hubs dans le Morbihan"
        assert app.screen.query_one("#accept-departement").value == "56"
        await pilot.click("#accept-ok")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "InboxScreen"
        assert [i["title"] for i in inbox.items(app.store.db.conn)] == ["Le pixel art à Lyon"]
        events = [e for e in app.data.events if e.title == "L'ANCT relance les hubs dans le Morbihan"]
        assert len(events) == 1 and events[0].departement == "56" and "anct" in events[0].actors
