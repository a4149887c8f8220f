"""Atomic file writes: a reader sees the old file or the new one, never half of one.

In: a target path and a function that writes bytes to a file object. Out: the target replaced by
a rename of a fully written, fsynced temporary file beside it (permissions as for a new file);
the temporaries a killed writer left are removed by the next write of the same file.
"""
from __future__ import annotations

import contextlib
import fcntl
import glob
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def remove_stale_temporaries(path: str | os.PathLike) -> list[Path]:
    """Remove the temporaries a killed writer of ``path`` left beside it (``.NAME.*.tmp``); one
    that a live writer holds (locked) is kept. Returns those removed."""
    path = Path(path)
    removed = []
    for tmp in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        try:
            fd = os.open(tmp, os.O_RDONLY)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue  # being written
        finally:
            os.close(fd)  # releases the lock, if taken
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
            removed.append(tmp)
    return removed


def atomic_write(path: str | os.PathLike, write: Callable) -> Path:
    """Call ``write(binary_file)`` on a temp file next to ``path``, fsync, then rename over it.

    If ``write`` fails, the temp file is removed and an existing ``path`` is left untouched. The
    temp file is locked while it is written; temporaries of ``path`` that no writer holds (left
    by a killed process) are removed first.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    fcntl.flock(fd, fcntl.LOCK_EX)  # held until the file is closed, renamed or not
    try:
        with os.fdopen(fd, "wb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return path


class FileSet:
    """Files replaced together: each written (by :meth:`write`) to a temporary beside its target,
    all renamed into place when the ``with`` block ends, or, if it fails, all removed, leaving
    every target as it was (a full disk cannot leave some files new and others old)."""

    def __init__(self):
        self._staged: list[tuple[Path, Path, int]] = []  # (temporary, target, locked fd)

    def write(self, target: str | os.PathLike, writer: Callable[[Path], object]) -> Path:
        """``writer(path)`` writes the file that is to become ``target``; returns ``target``."""
        target = Path(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(target)
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        os.close(fd)
        tmp = Path(name)
        try:
            writer(tmp)
            fd = os.open(tmp, os.O_RDONLY)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            raise
        fcntl.flock(fd, fcntl.LOCK_EX)  # not stale: kept until renamed
        self._staged.append((tmp, target, fd))
        return target

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *_) -> None:
        try:
            for tmp, target, _fd in self._staged:
                if exc_type is None:
                    os.replace(tmp, target)
                else:
                    with contextlib.suppress(FileNotFoundError):
                        tmp.unlink()
        finally:
            for _tmp, _target, fd in self._staged:
                os.close(fd)
            self._staged = []
