"""Writing files: atomically, never over the database or a special file, keeping an existing file's mode.

Every file landscape writes (exports, briefs, import reports, settings, the dashboard's exports) goes
through `write_atomic`:

- the content goes to a temporary file in the target's folder, is flushed and fsynced, then renamed
  over the target, so a failure or a kill never leaves a partial file (the temporary file is removed);
- a symbolic link is written through: its target is replaced, the link stays;
- an existing target keeps its permission bits (a new file gets the usual ``0666 & ~umask``);
- the target is refused when it is not a regular file (a device, a fifo, a folder), when it is the
  database or one of its ``-wal``/``-shm``/``-journal`` files, or when it holds an SQLite database.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from landscape.errors import LandscapeError
from landscape.i18n import _

SQLITE_MAGIC = b"SQLite format 3\x00"
SIDECARS = ("", "-wal", "-shm", "-journal")
_protected: set[str] = set()


def protect(database: str | Path) -> None:
    """Refuse, from now on in this process, to write over `database` or its sidecar files."""
    _protected.update(_real(Path(f"{database}{suffix}")) for suffix in SIDECARS)


def unprotect_all() -> None:
    """Forget every `protect` (each CLI run starts afresh)."""
    _protected.clear()


def _real(path: Path) -> str:
    return os.path.realpath(os.path.abspath(os.path.expanduser(path)))


def check_target(path: Path, databases: Iterable[str | Path] = ()) -> tuple[Path, int | None]:
    """Where writing `path` really goes (symlinks followed) and the mode to keep, or `LandscapeError`."""
    target = Path(_real(path))
    refused = set(_protected)
    for database in databases:
        refused.update(_real(Path(f"{database}{suffix}")) for suffix in SIDECARS)
    if str(target) in refused:
        raise LandscapeError(_("{path}: refused: that is the database (or one of its files); choose another file")
                             .format(path=path))
    try:
        info = os.stat(target)
    except OSError:  # no such file, or a folder on the way that is not one: the write says which
        return target, None
    if not stat.S_ISREG(info.st_mode):
        kind = _("a folder") if stat.S_ISDIR(info.st_mode) else _("not a regular file (a device, a fifo or a socket)")
        raise LandscapeError(_("{path}: refused: {kind}; choose a file name").format(path=path, kind=kind))
    if any(os.path.exists(p) and os.path.samefile(p, target) for p in refused):  # a hard link to the database
        raise LandscapeError(_("{path}: refused: that is the database (or one of its files); choose another file")
                             .format(path=path))
    try:
        with open(target, "rb") as fh:
            if fh.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC:
                raise LandscapeError(_("{path}: refused: it holds an SQLite database; choose another file").format(
                    path=path))
    except OSError:
        pass  # unreadable but writable: the rename decides
    return target, stat.S_IMODE(info.st_mode)


def write_atomic(path: Path, content: bytes, *, databases: Iterable[str | Path] = ()) -> Path:
    """Write `content` to `path` (see the module's rules); return the file actually written.

    `databases`: more databases to refuse, besides those `protect` registered.

    Raises `LandscapeError` for a refused target, `OSError` when the system refuses the write.
    """
    target, mode = check_target(Path(path), databases)
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True)
    while True:
        tmp = folder / f".{target.name}.{os.urandom(6).hex()}.tmp"
        try:
            # 0o666 through O_CREAT applies the umask, as for any new file (mkstemp would give 0600).
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
            break
        except FileExistsError:
            continue
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
            fh.flush()
            if mode is not None:
                os.fchmod(fh.fileno(), mode)
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _sync_folder(folder)
    return target


def _sync_folder(folder: Path) -> None:
    """Make the rename durable (not every system lets a folder be opened: then it is skipped)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_file(path: Path, content: bytes, *, what: str = "", databases: Iterable[str | Path] = ()) -> Path:
    """`write_atomic`, a failure told as a one-line `LandscapeError` (``what``: what the file is, marked with `N_`)."""
    try:
        return write_atomic(Path(path), content, databases=databases)
    except OSError as exc:
        error = exc.strerror or exc
        if what:
            raise LandscapeError(_("{path}: cannot write {what} ({error})").format(path=path, what=_(what),
                                                                                   error=error)) from None
        raise LandscapeError(_("{path}: cannot write ({error})").format(path=path, error=error)) from None
