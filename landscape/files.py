"""Writing files so that a failure never leaves a partial file behind."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import LandscapeError


def write_atomic(path: Path, content: bytes) -> None:
    """Write `content` to `path` through a temporary file in the same folder, then rename it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_file(path: Path, content: bytes, *, what: str = "") -> None:
    """`write_atomic`, a failure told as a one-line `LandscapeError` (``what``: what the file is)."""
    try:
        write_atomic(Path(path), content)
    except OSError as exc:
        raise LandscapeError(f"{path}: cannot write{' ' + what if what else ''} ({exc.strerror or exc})") from None
