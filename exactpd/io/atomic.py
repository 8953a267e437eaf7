"""Atomic file writes: a reader (or a crash) sees the old file or the new one, never half of one.

Every writer of :mod:`exactpd.io` writes through :func:`atomic_write`: the
content goes to a temporary file in the destination's own folder (so the final
rename never crosses file systems), is flushed and synced to disk, and then
replaces the destination in one ``os.replace``.  An existing file is replaced
whole, keeping its permission bits; until the rename it is untouched, so a run
killed while writing (or a full disk) leaves the previous file as it was and no
temporary file behind (it is removed on any error; only a SIGKILL between
creating and renaming it can leave a ``.<name>.*.tmp`` file, which is never
read).  The folder itself is synced after the rename where the system allows.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import IO, Iterator

__all__ = ["atomic_write"]


@contextlib.contextmanager
def atomic_write(path, mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO]:
    """Open a temporary file that replaces ``path`` when the ``with`` block ends without an error.

    Parameters
    ----------
    path : str or path-like
        The destination; its folder must exist (the temporary file is made there).
    mode : {"w", "wb"}
        Text or binary.
    encoding : str, optional
        For text mode (default UTF-8).

    Yields
    ------
    file object
        Write the whole content to it; on an exception the destination is left
        as it was and the temporary file removed.

    Raises
    ------
    ValueError
        ``mode`` is neither ``"w"`` nor ``"wb"``.
    OSError
        The temporary file cannot be made or written (the destination is untouched).

    Examples
    --------
    >>> import os, tempfile
    >>> target = os.path.join(tempfile.mkdtemp(), "out.txt")
    >>> with atomic_write(target) as fh:
    ...     _ = fh.write("new content")
    >>> open(target).read()
    'new content'
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"atomic_write: mode must be 'w' or 'wb', got {mode!r}")
    target = Path(path)
    folder = target.parent
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, mode, encoding=None if mode == "wb" else encoding) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, _permissions(target))
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_folder(folder)


def _permissions(target: Path) -> int:
    """The existing file's permission bits, or those a new file gets under the umask."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
