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
    from textual.worker import WorkerCancelled

    await pilot.pause()
    for _ in range(50):
        try:
            await app.workers.wait_for_complete()
        except WorkerCancelled:
            continue  # a newer exclusive worker replaced the one awaited (a slow machine): wait for it
        await pilot.pause()
        if not any(worker.is_running for worker in app.workers):
            break  # nor did a finished worker's result start another (the map loaded starts its warm-up)


def option_texts(link_list: LinkList) -> list[str]:
    """The plain text of every line of a LinkList."""
    return [str(getattr(o.prompt, "plain", o.prompt)) for o in link_list.options]


def burst(app, *keys: str) -> None:
    """Send keys the way a fast typist or a paste does: all queued at once, no waiting between them.

    `pilot.press` waits for the app to go idle after each key, which hides races; this does not.
    Each key is a key name ("slash", "escape", "enter") or one character ("a", "ô", " ").
    """
    from textual import events
    from textual.keys import _character_to_key

    for key in keys:
        char = {"slash": "/", "space": " "}.get(key, key if len(key) == 1 else None)
        name = _character_to_key(key) if len(key) == 1 and not key.isalnum() else key
        event = events.Key(name, char)
        event.set_sender(app)
        app._driver.send_message(event)


def help_lines(app, width: int = 76) -> list[str]:
    """The help screen's text as drawn at `width` cells (its keys and wrapped descriptions)."""
    import io

    from rich.console import Console

    console = Console(width=width, file=io.StringIO(), color_system=None)
    return ["".join(seg.text for seg in line).rstrip()
            for line in console.render_lines(app.screen.body, console.options, pad=False)]
