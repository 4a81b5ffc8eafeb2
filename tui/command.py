"""The ``landscape`` console script: the library's CLI plus ``landscape tui`` (and ``landscape`` alone).

The domain library never imports the UI, so the UI adds its command to the library's group here, in
the program's entry point. Kept light on purpose: it starts the dashboard without importing the store
or the models; the dashboard loads them after its first frame.
"""

from __future__ import annotations

from landscape.cli import main
from landscape.cli import run as run_cli
from landscape.cli.common import AppContext, pass_app


@main.command()
@pass_app
def tui(app: AppContext) -> None:
    """Open the terminal dashboard."""
    from landscape.i18n import get_lang
    from tui.app import run_app

    from landscape.store.summary import open_readonly

    # Errors about the database print as one line before the screen opens. The first run builds the
    # default database from the bundled datasets; a file an older landscape made is upgraded first.
    app.read_fast(open_readonly).close()
    run_app(app.db_path, lang=get_lang())  # the language the CLI chose: --lang, else the setting, else the locale


def run() -> None:
    """Entry point of the ``landscape`` command (see `landscape.cli.run` for error handling)."""
    run_cli(prog_name="landscape")
