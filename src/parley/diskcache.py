"""Tables that are slow to build (the seed event lexicon, the places gazetteer) pickled on disk, so
that each new process, a Dask worker above all, loads them in a fraction of the build time.

An entry is named by what it holds and keyed by a digest of everything it was built from (data
files and the code that reads them), so a changed input builds a new entry and never reads a
stale one; only the newest few entries of each table are kept. The folder is
$PARLEY_CACHE_DIR/tables (`off` turns caching off), else ~/.cache/parley/tables; a folder that
cannot be written, or an entry that cannot be read, only costs the build again. Entries are
pickles: like any cache of code objects, the folder must be writable by its user alone.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
#: Part of every key: a new Python (pickle protocol, dataclass layout) makes new entries.
_RUNTIME = f"py{sys.version_info[0]}.{sys.version_info[1]}/pickle{pickle.HIGHEST_PROTOCOL}"


def cache_dir() -> Path | None:
    """The folder for cached tables ($PARLEY_CACHE_DIR, else ~/.cache/parley), None when turned off."""
    root = os.environ.get("PARLEY_CACHE_DIR", "").strip()
    if root.lower() in ("off", "0", "none", "false"):
        return None
    return (Path(root) if root else Path.home() / ".cache" / "parley") / "tables"


def digest(parts: Iterable[bytes | str | Path]) -> str:
    """A short key over byte strings, strings and files' contents (a missing file counts as absent)."""
    h = hashlib.sha256(_RUNTIME.encode())
    for part in parts:
        if isinstance(part, Path):
            try:
                h.update(b"file:" + hashlib.sha256(part.read_bytes()).digest())
            except OSError:
                h.update(b"missing:" + str(part).encode())
        else:
            h.update(b"str:" + (part if isinstance(part, bytes) else part.encode()))
    return h.hexdigest()[:24]


def cached(name: str, key: str, build: Callable[[], T]) -> T:
    """The table `name` for `key`: read from the cache folder when there, else built and stored."""
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / f"{name}-{key}.pickle"
    try:
        with open(path, "rb") as handle:
            data = handle.read()
        return _loads(data)
    except FileNotFoundError:
        pass
    except Exception:  # noqa: BLE001  (a truncated or foreign file: build again and replace it)
        pass
    value = build()
    _store(path, value)
    _prune(folder, name)
    return value


#: Entries kept per table name (several keys live side by side: seed on and off, users' files).
KEEP = 4


def _prune(folder: Path, name: str, keep: int = KEEP) -> None:
    """Remove all but the `keep` newest entries of table `name`, so edited sources do not pile up."""
    try:
        entries = sorted(folder.glob(f"{name}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[keep:]:
            old.unlink(missing_ok=True)
    except OSError:  # another process removed one first, or the folder is gone: nothing to do
        return


def _loads(data: bytes) -> Any:
    """Unpickle with the garbage collector paused: the many small objects of a table otherwise
    set off collection after collection, which costs more than the unpickling itself."""
    paused = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(data)
    finally:
        if paused:
            gc.enable()


def _store(path: Path, value: Any) -> None:
    """Write `value` to `path` atomically (a temporary file renamed), or give up quietly."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except Exception:  # noqa: BLE001  (read-only home, full disk: the table is still built)
        return
