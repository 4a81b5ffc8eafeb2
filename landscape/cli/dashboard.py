"""``landscape tui`` (and ``landscape`` alone): open the terminal dashboard.

Kept light on purpose: this module is imported with the command group, before any other, and starts
the dashboard without importing the store or the models; the dashboard loads them after its first frame.
"""

from __future__ import annotations

from ..errors import LandscapeError
from . import main
from .common import AppContext, pass_app


@main.command()
@pass_app
def tui(app: AppContext) -> None:
    """Open the terminal dashboard."""
    try:
        from tui.app import run_app
    except ImportError as exc:  # the package ships tui/; this only fails in a broken install
        raise LandscapeError(f"the terminal dashboard cannot start: {exc}") from None
    # Errors about the database print as one line before the screen opens.
    if app.db_path.exists():
        from ..summary import open_readonly

        open_readonly(app.db_path).close()  # a landscape database this version can read
    else:
        app.store  # the first run builds the default database from the bundled datasets
    run_app(app.db_path)
