"""What the dashboard's Pilot tests share: an app on a test database, and waiting without sleeps."""

from __future__ import annotations

from landscape.settings import Settings
from tui.app import create_app
from tui.widgets.link_list import LinkList


def make_app(db, focal: str = "alpha"):
    """The dashboard on `db`, with a fixed focal actor and a short search debounce."""
    return create_app(db, settings=Settings(focal_actor=focal), debounce=0.01)


async def settle(app, pilot) -> None:
    """Let workers finish and their results land on screen (no sleeps)."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def option_texts(link_list: LinkList) -> list[str]:
    """The plain text of every line of a LinkList."""
    return [str(getattr(o.prompt, "plain", o.prompt)) for o in link_list.options]
