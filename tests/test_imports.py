"""The domain library never loads the UI: every landscape module imports without textual or tui."""

import pkgutil
import subprocess
import sys

import landscape


def test_landscape_modules_do_not_import_the_ui():
    modules = sorted(m.name for m in pkgutil.walk_packages(landscape.__path__, "landscape.")
                     if not m.name.endswith("__main__"))
    assert "landscape.cli" in modules and "landscape.store" in modules
    code = ("import importlib, sys\n"
            f"for name in {modules!r}: importlib.import_module(name)\n"
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'tui'))\n"
            "print(','.join(bad))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
