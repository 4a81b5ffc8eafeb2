"""Import hygiene: the domain library never loads the UI; what must start fast loads nothing heavy."""

import pkgutil
import subprocess
import sys

import pytest

import landscape


def test_landscape_modules_do_not_import_the_ui():
    modules = sorted(m.name for m in pkgutil.walk_packages(landscape.__path__, "landscape.")
                     if not m.name.endswith("__main__"))
    assert "landscape.cli" in modules and "landscape.store.database" in modules
    code = ("import importlib, sys\n"
            f"for name in {modules!r}: importlib.import_module(name)\n"
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'tui'))\n"
            "print(','.join(bad))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


HEAVY = ("pydantic", "sqlite_utils", "networkx", "httpx", "numpy")


def test_starting_the_dashboard_imports_nothing_heavy_before_its_first_frame(tiny_db):
    """`landscape` alone must draw its first frame fast: the CLI group, the dashboard command, the app and the
    home screen's summary load without the models, the store or the network stack (they load after)."""
    code = ("import sys\n"
            "from tui.command import main\n"
            "from landscape.settings import load_settings\n"
            "from landscape.store.summary import read_summary\n"
            "import tui.app\n"
            "assert main.get_command(None, 'tui') is not None\n"
            f"read_summary({str(tiny_db)!r}, load_settings().focal_actor)\n"
            f"print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


@pytest.mark.parametrize("args", [("stats",), ("list", "actors"), ("show", "alpha"), ("show", "64"),
                                  ("show", "Gironde"), ("departement", "64"), ("departements",),
                                  ("search", "alpha")])
def test_the_fast_commands_import_nothing_heavy(tiny_db, args):
    """What must answer in a blink reads with the standard library's sqlite3: no models, no store."""
    code = ("import atexit, sys\n"
            f"atexit.register(lambda: print('HEAVY:' + ','.join(sorted(m for m in sys.modules "
            f"if m.split('.')[0] in {HEAVY!r})), file=sys.stderr))\n"
            f"sys.argv = ['landscape', '--db', {str(tiny_db)!r}, *{args!r}]\n"
            "from landscape.cli import run\n"
            "run()\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines()[-1] == "HEAVY:"
